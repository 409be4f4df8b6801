package canon

import "testing"

func TestURL(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "https://news.example.org/2020/11/25/kalbajar", want: "https://news.example.org/2020/11/25/kalbajar"},
		{in: "HTTPS://News.Example.ORG:443/a?utm_source=rss&utm_medium=feed#top", want: "https://news.example.org/a"},
		{in: "http://example.org:80", want: "http://example.org/"},
		{in: "http://example.org:8080/x", want: "http://example.org:8080/x"},
		{in: "https://example.org/a?b=2&a=1&fbclid=xyz&gclid=1", want: "https://example.org/a?a=1&b=2"},
		{in: "https://example.org/a?", want: "https://example.org/a"},
		{in: "https://user:pw@example.org/a", want: "https://example.org/a"},
		{in: "  https://example.org/a?id=7&UTM_Campaign=x  ", want: "https://example.org/a?id=7"},
		{in: "ftp://example.org/a", bad: true},
		{in: "/relative/path", bad: true},
		{in: "https://", bad: true},
		{in: "http://[::1", bad: true},
	}
	for _, tt := range tests {
		got, err := URL(tt.in)
		switch {
		case tt.bad && err == nil:
			t.Errorf("URL(%q) = %q, want an error", tt.in, got)
		case !tt.bad && err != nil:
			t.Errorf("URL(%q): %v", tt.in, err)
		case !tt.bad && got != tt.want:
			t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHash(t *testing.T) {
	a := Hash("Azerbaijani troops entered Kəlbəcər on Wednesday.")
	tests := []struct {
		text string
		same bool
	}{
		{"Azerbaijani troops entered Kəlbəcər on Wednesday.", true},
		{"  AZERBAIJANI troops entered Kelbecer — on Wednesday!\n", true},
		{"Azerbaijani troops entered Kalbajar on Wednesday.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Hash(tt.text) == a; got != tt.same {
			t.Errorf("Hash(%q) same = %v, want %v", tt.text, got, tt.same)
		}
	}
	if len(a) != 64 {
		t.Errorf("hash %q is no hex SHA-256", a)
	}
}

func BenchmarkURL(b *testing.B) {
	for b.Loop() {
		URL("https://News.Example.org/world/2020/11/25/kalbajar?utm_source=rss&id=7&fbclid=abc#comments")
	}
}
