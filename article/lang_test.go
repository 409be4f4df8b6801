package article

import "testing"

func TestLanguageShort(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		// short English headlines whatever their proper names
		{"Russia says 3 sailors detained despite latest truce", "en"},
		{"Georgia says 4 policemen killed despite recent ceasefire", "en"},
		{"Mali says 6 soldiers killed despite latest truce", "en"},
		{"Ukraine says 2 civilians killed despite latest ceasefire", "en"}, // whatlanggo: French, reliably
		{"Gunmen kill mayor of Iguala", "en"},
		{"Shelling resumes near Avdiivka", "en"},
		// short texts in other languages stay refused
		{"Le gouvernement annonce un nouveau cessez-le-feu dans la région", "fr"},
		// a shared function word alone tells nothing
		{"Les combats ont repris à Donetsk, a déclaré le ministre de la défense", "fr"},
	}
	for _, tt := range tests {
		if got := language("", tt.text); got != tt.want {
			t.Errorf("language(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
