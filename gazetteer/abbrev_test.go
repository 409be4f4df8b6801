package gazetteer

import (
	"strings"
	"testing"
)

func TestScanAbbrev(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text, name string
		want       string // place name; "" for no mention of name
	}{
		{"Police in Wichita, Kan., said two officers were hurt.", "Kan.", "Kansas"},
		{"Police in Wichita, Kan., said two officers were hurt.", "Wichita", "Wichita"},
		{"Deputies in Orange County, Fla., arrested two men.", "Orange County", "Orange County"},
		{"A wildfire near Kelowna, B.C., forced hundreds from their homes.", "B.C.", "British Columbia"},
		{"The B.C. government declared a state of emergency.", "B.C.", "British Columbia"},
		{"Flooding closed roads in Binghamton, N.Y., on Friday.", "N.Y.", "New York"},
		{"Mines near Charleston, W.Va., closed.", "W.Va.", "West Virginia"},
		// no abbreviation without a place and a comma before it
		{"Talks with Kan. Officials said nothing more.", "Kan.", ""},
		// a year, not a province
		{"The temple was built in 500 B.C. and restored later.", "B.C.", ""},
	}
	for _, tt := range tests {
		var got *Resolved
		rs := g.Resolve(g.Scan(tt.text), Context{})
		for i := range rs {
			if rs[i].Text == tt.name {
				got = &rs[i]
			}
		}
		switch {
		case tt.want == "" && got != nil:
			t.Errorf("%q: %s found as %s", tt.text, tt.name, got.Place.Name)
		case tt.want != "" && got == nil:
			t.Errorf("%q: %s not found", tt.text, tt.name)
		case tt.want != "" && got.Place.Name != tt.want:
			t.Errorf("%q: %s = %s (%s), want %s", tt.text, tt.name, got.Place.Name, got.Place.Admin1Key(), tt.want)
		}
	}
	// County and state: the abbreviation places the county.
	p, err := resolveOne(g, "Deputies in Orange County, Fla., arrested two men.", "Orange County", Context{})
	if err != nil || p.Admin1Key() != "US.FL" {
		t.Errorf("Orange County, Fla. = %+v (%v), want the county in Florida", p, err)
	}
	for _, tt := range []struct{ name, want string }{{"Kan.", "Kansas"}, {"B.C.", "British Columbia"}, {"Kan", ""}} {
		text := "near " + tt.name + " today"
		m := g.MentionAt(text, 5, 5+len(tt.name))
		got := ""
		for _, c := range m.Candidates {
			if c.Kind() == KindAdmin1 && strings.EqualFold(c.Name, tt.want) {
				got = c.Name
			}
		}
		if got != tt.want {
			t.Errorf("MentionAt(%q) candidates = %d, want %q among them: %q", tt.name, len(m.Candidates), tt.want, got)
		}
	}
}
