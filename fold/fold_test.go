package fold

import "testing"

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Kəlbəcər", "kelbecer"},
		{"KELBƏCƏR", "kelbecer"},
		{"Şuşa", "susa"},
		{"Laçın", "lacin"},
		{"Kʻarvachaṙ", "karvachar"},
		{"  Nagorno-Karabakh ", "nagorno karabakh"},
		{"Côte d’Ivoire", "cote divoire"},
		{"Ağdam", "agdam"},
		{"İmişli", "imisli"},
		{"", ""},
		{"--", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		Key("Kəlbəcər rayonu, Azərbaycan")
	}
}
