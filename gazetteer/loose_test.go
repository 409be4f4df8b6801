package gazetteer

import (
	"math"
	"strings"
	"testing"
)

// TestScanLoose: a spelling the index lacks is found by its skeleton
// where a place is expected, in the country the text is about, and
// nowhere else.
func TestScanLoose(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text    string
		mention string // "" when none is wanted
		absent  string // a name that must not be a mention
		country string
		name    string // the place's own name, folded prefix
	}{
		{"Ukrainian forces fired mortars near Tryokhizbenka, Luhansk.", "Tryokhizbenka", "", "UKR", "Trokhizbenka"},
		{"Shelling was reported near Svitlodarsk in Donetsk, Ukraine.", "Svitlodarsk", "", "UKR", "Svetlodarsk"},
		{"Looters took crops in Tal Tamer in al-Hasakeh, Syria.", "Tal Tamer", "", "SYR", "Tall Tamr"},
		{"Crops were looted in rural Tal Tamer in al-Hasakeh, Syria.", "Tal Tamer", "", "SYR", "Tall Tamr"},
		// Not where a place is expected: no loose match.
		{"Tryokhizbenka was calm, Ukrainian officials said.", "", "Tryokhizbenka", "", ""},
		// Places of another country only: the loose match is dropped.
		{"Fighters gathered near Tryokhizbenka, officials in Damascus said.", "", "Tryokhizbenka", "", ""},
		// No other place at all: after "near", a name with one reading
		// stands, unless it was matched loosely.
		{"Monitors observed explosions near Kominternove.", "Kominternove", "", "UKR", "Pikuzy"},
		{"Monitors observed explosions near Svitlodarsk.", "", "Svitlodarsk", "", ""},
	}
	for _, tt := range tests {
		var got *Mention
		ms := g.Scan(tt.text)
		for i := range ms {
			if ms[i].Text == tt.mention || tt.mention == "" && ms[i].Text == tt.absent {
				got = &ms[i]
			}
		}
		switch {
		case tt.mention == "" && got != nil:
			t.Errorf("Scan(%q): loose mention %q, want none", tt.text, got.Text)
		case tt.mention != "" && got == nil:
			t.Errorf("Scan(%q): no mention %q in %q", tt.text, tt.mention, mentionTexts(ms))
		case tt.mention != "":
			rs := g.Resolve(ms, Context{})
			for _, r := range rs {
				if r.Text == tt.mention && (r.Place.Country != tt.country || r.Place.Name != tt.name) {
					t.Errorf("Scan(%q): %q resolved to %s (%s), want %s (%s)", tt.text, r.Text, r.Place.Name, r.Place.Country, tt.name, tt.country)
				}
			}
		}
	}
}

// TestScanLooseCandidates: a short skeleton is shared by many names; the
// place meant is still among the candidates.
func TestScanLooseCandidates(t *testing.T) {
	g := testGazetteer(t)
	for _, m := range g.Scan("A gunman killed a fighter near Shadadah in southern Al-Hasakeh countryside.") {
		if m.Text != "Shadadah" {
			continue
		}
		for _, c := range m.Candidates {
			if c.Country == "SYR" && strings.Contains(c.ASCIIName, "Shaddadah") {
				return
			}
		}
		t.Fatalf("Shadadah: %d candidates, none Ash Shaddadah in Syria", len(m.Candidates))
	}
	t.Fatal("no mention Shadadah")
}

func TestLookupLoose(t *testing.T) {
	g := testGazetteer(t)
	ps := g.Lookup("Svitlodarsk")
	if len(ps) == 0 || ps[0].Country != "UKR" {
		t.Fatalf("Lookup(Svitlodarsk) = %v, want a Ukrainian town", ps)
	}
	if ps := g.Lookup("Xqzvwk"); len(ps) != 0 {
		t.Errorf("Lookup(Xqzvwk) = %v, want nothing", ps)
	}
}

func TestResolveBigCityAndAlternate(t *testing.T) {
	g := testGazetteer(t)
	// A world city outweighs a namesake town even when the text names
	// other towns of the town's state.
	text := "Police in Cincinnati and Columbus said the London office reopened."
	rs := g.Resolve(g.Scan(text), Context{})
	for _, r := range rs {
		if r.Text == "London" && r.Place.Country != "GBR" {
			t.Errorf("London resolved to %s (%s), want GBR", r.Place.Name, r.Place.Country)
		}
	}
	// Known by another name only, a big city gets no bonus for its size.
	city := Place{Name: "Mexico City", Class: "P", Code: "PPLC", Population: 12000000}
	byName := g.Resolve([]Mention{{Text: "Mexico", Candidates: []Place{city}, flags: []uint8{matchName}}}, Context{})
	byAlt := g.Resolve([]Mention{{Text: "Mexico", Candidates: []Place{city}, flags: []uint8{matchAlternate}}}, Context{})
	if d := byName[0].Score - byAlt[0].Score; city.bigCityBonus() <= 0 || math.Abs(d-city.bigCityBonus()-city.altPenalty()) > 1e-9 {
		t.Errorf("score by name - by alternate name = %.3f, want the big-city bonus %.3f + alternate penalty %.3f", d, city.bigCityBonus(), city.altPenalty())
	}
	// Alternate says whether the chosen place was known by its own name.
	for _, tt := range []struct {
		text, name string
		alternate  bool
	}{
		{"Troops shelled Kharkiv on Monday.", "Kharkiv", false},
		{"Troops shelled Kharkov on Monday.", "Kharkov", true},
	} {
		for _, r := range g.Resolve(g.Scan(tt.text), Context{}) {
			if r.Text == tt.name && r.Alternate != tt.alternate {
				t.Errorf("%q: %s Alternate = %v, want %v", tt.text, tt.name, r.Alternate, tt.alternate)
			}
		}
	}
}

func TestScanArabicArticle(t *testing.T) {
	g := testGazetteer(t)
	got := mentionTexts(g.Scan("Airstrikes hit an Iranian site near Al-Bukamal in Deir ez-Zor and Jisr ash-Shughur."))
	want := "Iranian|Al-Bukamal|Deir ez-Zor|Jisr ash-Shughur"
	if strings.Join(got, "|") != want {
		t.Errorf("mentions %q, want %q", got, want)
	}
}

func TestLookupRunTogether(t *testing.T) {
	g := testGazetteer(t)
	ps := g.Lookup("Mirpurkhas")
	if len(ps) == 0 || ps[0].Country != "PAK" {
		t.Errorf("Lookup(Mirpurkhas) = %v, want Mirpur Khas in Pakistan", ps)
	}
}

func TestResolveOwnNameOverOtherName(t *testing.T) {
	g := testGazetteer(t)
	town := Place{Name: "Aldama", Class: "P", Code: "PPL", Country: "MEX", Population: 20000}
	other := Place{Name: "Colonia Aldama", Class: "P", Code: "PPL", Country: "MEX", Population: 300000}
	big := Place{Name: "Tokyo", Class: "P", Code: "PPLC", Country: "JPN", Population: 9000000}
	for _, tt := range []struct {
		name  string
		cands []Place
		flags []uint8
		want  string
	}{
		{"another town's own name wins", []Place{other, town}, []uint8{matchAlternate, matchName}, "Aldama"},
		{"no own name among the candidates", []Place{other}, []uint8{matchAlternate}, "Colonia Aldama"},
		{"a city of millions keeps its other names", []Place{big, town}, []uint8{matchAlternate, matchName}, "Tokyo"},
	} {
		rs := g.Resolve([]Mention{{Text: "Aldama", Candidates: tt.cands, flags: tt.flags}}, Context{})
		if rs[0].Place.Name != tt.want {
			t.Errorf("%s: resolved to %s, want %s", tt.name, rs[0].Place.Name, tt.want)
		}
	}
}
