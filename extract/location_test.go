package extract

import (
	"strings"
	"testing"

	"github.com/truce-monitor/truce"

	"github.com/truce-monitor/truce/gazetteer"
)

// refAt builds the placeRef of the word w in toks, with its readings.
func refAt(t *testing.T, toks []token, w string, cands ...gazetteer.Place) placeRef {
	t.Helper()
	for i, tk := range toks {
		if tk.text == strings.ToLower(w) {
			return placeRef{start: i, end: i + 1, place: cands[0], kind: cands[0].Kind(), text: w, cands: cands}
		}
	}
	t.Fatalf("%q not in tokens", w)
	return placeRef{}
}

func TestTownProvince(t *testing.T) {
	// readings as the gazetteer gives them (names shortened)
	piskyM := gazetteer.Place{Name: "Pisky", Class: "P", Code: "PPL", Country: "UKR", Admin1Code: "15"}
	piskyD := gazetteer.Place{Name: "Pisky", Class: "P", Code: "PPL", Country: "UKR", Admin1Code: "05"}
	donetskC := gazetteer.Place{Name: "Donetsk", Class: "P", Code: "PPLA", Country: "UKR", Admin1Code: "05"}
	donetskA := gazetteer.Place{Name: "Donetsk", Class: "A", Code: "ADM1", Country: "UKR", Admin1Code: "05"}
	alBab := gazetteer.Place{Name: "Al Bab", Class: "P", Code: "PPLA2", Country: "SYR", Admin1Code: "09"}
	aleppoC := gazetteer.Place{Name: "Aleppo", Class: "P", Code: "PPLA", Country: "SYR", Admin1Code: "09"}
	aleppoA := gazetteer.Place{Name: "Aleppo", Class: "A", Code: "ADM1", Country: "SYR", Admin1Code: "09"}
	tests := []struct {
		name, text  string
		town, area  string
		townCands   []gazetteer.Place
		areaCands   []gazetteer.Place
		wantPick    string // name and admin1 code of the picked place: "Pisky/05"
		wantKind    gazetteer.Kind
		wantLocator bool
	}{
		{"comma, town only elsewhere", "rebels fired mortars near Pisky, Donetsk.", "Pisky", "Donetsk",
			[]gazetteer.Place{piskyM}, []gazetteer.Place{donetskC, donetskA}, "Donetsk/05", gazetteer.KindAdmin1, true},
		{"comma, town also inside", "rebels fired mortars near Pisky, Donetsk.", "Pisky", "Donetsk",
			[]gazetteer.Place{piskyM, piskyD}, []gazetteer.Place{donetskC, donetskA}, "Pisky/05", gazetteer.KindCity, true},
		{"in, town inside", "civilians in Al Bab in Aleppo protested.", "Al", "Aleppo",
			[]gazetteer.Place{alBab}, []gazetteer.Place{aleppoC, aleppoA}, "Al Bab/09", gazetteer.KindCity, true},
		{"village of", "shelled Sfuhen village in the southern countryside of Aleppo.", "Sfuhen", "Aleppo",
			[]gazetteer.Place{alBab}, []gazetteer.Place{aleppoC, aleppoA}, "Al Bab/09", gazetteer.KindCity, true},
		{"other words between: both places", "clashes near Pisky and fighting in Donetsk.", "Pisky", "Donetsk",
			[]gazetteer.Place{piskyM}, []gazetteer.Place{donetskC, donetskA}, "Donetsk/05", gazetteer.KindCity, false},
		{"area without an admin1 reading", "rebels fired near Pisky, Donetsk.", "Pisky", "Donetsk",
			[]gazetteer.Place{piskyM}, []gazetteer.Place{donetskC}, "Pisky/15", gazetteer.KindCity, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := tokenize(tt.text, 0, nil)
			tr := refAt(t, toks, tt.town, tt.townCands...)
			if tt.town == "Al" { // a two-word name
				tr.end++
			}
			ps := []placeRef{tr, refAt(t, toks, tt.area, tt.areaCands...)}
			townProvince(ps, toks, []string{"UKR", "SYR"})
			if ps[1].locator != tt.wantLocator {
				t.Errorf("locator = %v, want %v", ps[1].locator, tt.wantLocator)
			}
			trig := len(toks) - 2
			p, ok := pickPlace(toks, ps, trig, trig+1)
			if !ok {
				t.Fatal("no place picked")
			}
			if got := p.place.Name + "/" + p.place.Admin1Code; got != tt.wantPick || p.kind != tt.wantKind {
				t.Errorf("picked %s (%s), want %s (%s)", got, p.kind, tt.wantPick, tt.wantKind)
			}
		})
	}
}

func TestTownProvinceOtherCountry(t *testing.T) {
	// "Sharan town in Aleppo": Sharan read as a Russian village, Aleppo
	// as the city; no context country. The area that holds the other
	// reading of the town locates it.
	sharanR := gazetteer.Place{Name: "Sharan", Class: "P", Code: "PPL", Country: "RUS", Admin1Code: "08"}
	sharanS := gazetteer.Place{Name: "Sharan", Class: "P", Code: "PPL", Country: "SYR", Admin1Code: "09"}
	aleppoC := gazetteer.Place{Name: "Aleppo", Class: "P", Code: "PPLA", Country: "SYR", Admin1Code: "09"}
	aleppoA := gazetteer.Place{Name: "Aleppo", Class: "A", Code: "ADM1", Country: "SYR", Admin1Code: "09"}
	toks := tokenize("an IED exploded in Sharan town in Aleppo countryside.", 0, nil)
	ps := []placeRef{refAt(t, toks, "Sharan", sharanR, sharanS), refAt(t, toks, "Aleppo", aleppoC, aleppoA)}
	townProvince(ps, toks, nil)
	if ps[0].place.Country != "SYR" || ps[0].outside || !ps[1].locator {
		t.Errorf("town %s/%s outside %v, area locator %v; want the Syrian reading located by Aleppo", ps[0].place.Name, ps[0].place.Country, ps[0].outside, ps[1].locator)
	}
}

func TestSupportedCountries(t *testing.T) {
	city := func(text, country string) gazetteer.Resolved {
		return gazetteer.Resolved{Mention: gazetteer.Mention{Text: text}, Place: gazetteer.Place{Name: text, Class: "P", Code: "PPL", Country: country}}
	}
	far := func(r gazetteer.Resolved) gazetteer.Resolved { r.Place.Lat, r.Place.Lon = 10, 10; return r }
	area := gazetteer.Resolved{Mention: gazetteer.Mention{Text: "Al-Hasakeh"}, Place: gazetteer.Place{Name: "Al-Hasakah", Class: "A", Code: "ADM1", Country: "SYR"}}
	demonym := gazetteer.Resolved{Mention: gazetteer.Mention{Text: "Russian", Demonym: true}, Place: gazetteer.Place{Name: "Russia", Class: "A", Code: "PCLI", Country: "RUS"}}
	tests := []struct {
		name string
		ms   []gazetteer.Resolved
		want string // supported countries, sorted, "|"-joined
	}{
		{"an admin1 area", []gazetteer.Resolved{demonym, city("Darbasiyah", "SYR"), area}, "SYR"},
		{"two towns", []gazetteer.Resolved{city("Azaz", "SYR"), city("Afrin", "SYR")}, "SYR"},
		{"one town twice", []gazetteer.Resolved{city("Azaz", "SYR"), city("Azaz", "SYR")}, ""},
		{"two towns far apart", []gazetteer.Resolved{city("Shakhta", "KAZ"), far(city("Gagarina", "KAZ"))}, ""},
		{"a demonym only", []gazetteer.Resolved{demonym}, ""},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		got := supportedCountries(tt.ms)
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		if strings.Join(keys, "|") != tt.want {
			t.Errorf("%s: supported %v, want %q", tt.name, keys, tt.want)
		}
	}
}

func TestSentencePlacesAlternateMisreading(t *testing.T) {
	text := "a woman was found dead in Colonia Lomas in Tijuana, Baja California."
	toks := tokenize(text, 0, nil)
	at := func(name string, p gazetteer.Place, alternate bool) gazetteer.Resolved {
		i := strings.Index(text, name)
		return gazetteer.Resolved{Mention: gazetteer.Mention{Start: i, End: i + len(name), Text: name, Candidates: []gazetteer.Place{p}}, Place: p, Alternate: alternate}
	}
	cologne := gazetteer.Place{Name: "Köln", Class: "P", Code: "PPLA2", Country: "DEU", Population: 1000000}
	tijuana := gazetteer.Place{Name: "Tijuana", Class: "P", Code: "PPLA2", Country: "MEX", Admin1Code: "02", Population: 1300000}
	bajaC := gazetteer.Place{Name: "Baja California", Class: "A", Code: "ADM1", Country: "MEX", Admin1Code: "02"}
	none := func(s, e int) bool { return false }
	tests := []struct {
		name      string
		alternate bool
		ctx       []string
		want      string // place names kept, "|"-joined
	}{
		{"alternate name outside the text's country", true, nil, "Tijuana|Baja California"},
		{"alternate name, context country given", true, []string{"MEX"}, "Tijuana|Baja California"},
		{"own name: a big city stays", false, nil, "Köln|Tijuana|Baja California"},
	}
	for _, tt := range tests {
		ms := []gazetteer.Resolved{at("Colonia", cologne, tt.alternate), at("Tijuana", tijuana, false), at("Baja California", bajaC, false)}
		var got []string
		for _, p := range sentencePlaces(ms, toks, none, tt.ctx) {
			got = append(got, p.place.Name)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%s: places %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPlaceBefore(t *testing.T) {
	g := testGazetteer(t)
	x, err := New(g)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, want string // want: "" for none
	}{
		{"On 9 May 2020, in Sao Goncalo, Rio de Janeiro, police raided a community.", "São Gonçalo"},
		{"Rebels fired mortars near Pisky, Donetsk, and later at Avdiivka.", "Avdiivka"},
		{"Police raided a community in Helmand province.", "Helmand"},
		{"Officials in Ukraine said nothing.", ""},
		{"", ""},
	}
	for _, tt := range tests {
		toks := tokenize(tt.text, 0, nil)
		places := g.Resolve(g.Scan(tt.text), gazetteer.Context{})
		got := ""
		if l := x.placeBefore(toks, places, nil); l != nil {
			got = l.Name
		}
		if got != tt.want {
			t.Errorf("placeBefore(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestPickPlaceDistrictAndAreasOf(t *testing.T) {
	ludhiana := gazetteer.Place{Name: "Ludhiana", Class: "P", Code: "PPLA2", Country: "IND", Admin1Code: "23"}
	punjab := gazetteer.Place{Name: "Punjab", Class: "A", Code: "ADM1", Country: "IND", Admin1Code: "23"}
	yerevan := gazetteer.Place{Name: "Yerevan", Class: "P", Code: "PPLC", Country: "ARM", Admin1Code: "11"}
	vardenis := gazetteer.Place{Name: "Vardenis", Class: "P", Code: "PPL", Country: "ARM", Admin1Code: "04"}
	tests := []struct {
		name, text string
		places     []string
		cands      [][]gazetteer.Place
		trigger    string
		want       string
	}{
		{"district (province): the district's town", "the party staged a protest in different areas of Ludhiana district (Punjab) against fuel prices.",
			[]string{"Ludhiana", "Punjab"}, [][]gazetteer.Place{{ludhiana}, {punjab}}, "protest", "Ludhiana"},
		{"residents of: an origin", "residents of Vardenis protested in Yerevan on Monday.",
			[]string{"Vardenis", "Yerevan"}, [][]gazetteer.Place{{vardenis}, {yerevan}}, "protested", "Yerevan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := tokenize(tt.text, 0, nil)
			var ps []placeRef
			for i, n := range tt.places {
				p := refAt(t, toks, n, tt.cands[i]...)
				if i+1 < len(toks) && p.end < len(toks) && toks[p.end].text == "district" {
					p.qualifier = "district"
				}
				ps = append(ps, p)
			}
			townProvince(ps, toks, nil)
			trig := -1
			for i, tk := range toks {
				if tk.text == tt.trigger {
					trig = i
				}
			}
			p, ok := pickPlace(toks, ps, trig, trig+1)
			if !ok || p.place.Name != tt.want {
				t.Errorf("picked %q (ok %v), want %q", p.place.Name, ok, tt.want)
			}
		})
	}
}

func TestAnchorTowns(t *testing.T) {
	saoGoncalo := gazetteer.Place{Name: "São Gonçalo", Class: "P", Code: "PPL", Country: "BRA", Admin1Code: "21"}
	rio := gazetteer.Place{Name: "Rio de Janeiro", Class: "A", Code: "ADM1", Country: "BRA", Admin1Code: "21"}
	jardimPR := gazetteer.Place{Name: "Jardim", Class: "P", Code: "PPL", Country: "BRA", Admin1Code: "18"}
	jardimRJ := gazetteer.Place{Name: "Jardim", Class: "P", Code: "PPL", Country: "BRA", Admin1Code: "21"}
	text := "in Sao Goncalo, Rio de Janeiro, police raided the Jardim Catarina neighborhood."
	tests := []struct {
		name        string
		jardim      []gazetteer.Place
		wantOutside bool
		wantAdmin1  string
	}{
		{"only a reading elsewhere: doubtful", []gazetteer.Place{jardimPR}, true, "18"},
		{"a reading inside the anchor's province: taken", []gazetteer.Place{jardimPR, jardimRJ}, false, "21"},
	}
	for _, tt := range tests {
		toks := tokenize(text, 0, nil)
		sg := refAt(t, toks, "Sao", saoGoncalo)
		sg.end++ // "Sao Goncalo"
		rj := refAt(t, toks, "Rio", rio)
		rj.end += 2 // "Rio de Janeiro"
		ps := []placeRef{sg, rj, refAt(t, toks, "Jardim", tt.jardim...)}
		townProvince(ps, toks, nil)
		anchorTowns(ps)
		if ps[2].outside != tt.wantOutside || ps[2].place.Admin1Code != tt.wantAdmin1 {
			t.Errorf("%s: Jardim outside %v admin1 %s, want %v %s", tt.name, ps[2].outside, ps[2].place.Admin1Code, tt.wantOutside, tt.wantAdmin1)
		}
		if p, ok := pickPlace(toks, ps, 8, 9); tt.wantOutside && (!ok || p.place.Name != "São Gonçalo") {
			t.Errorf("%s: picked %q, want São Gonçalo", tt.name, p.place.Name)
		}
	}
}

func TestTownNearArea(t *testing.T) {
	// "Kelly in the northern countryside of Idleb", Idleb read as the
	// town only: a Kelly in Texas is doubtful, one near Idleb is taken.
	kellyUS := gazetteer.Place{Name: "Kelly", Class: "P", Code: "PPL", Country: "USA", Lat: 29.4, Lon: -98.5}
	kellySY := gazetteer.Place{Name: "Kelly", Class: "P", Code: "PPL", Country: "SYR", Lat: 36.2, Lon: 36.6}
	idlib := gazetteer.Place{Name: "Idlib", Class: "P", Code: "PPLA", Country: "SYR", Lat: 35.93, Lon: 36.63}
	text := "a girl was killed in the outskirts of Kelly in the northern countryside of Idleb."
	for _, tt := range []struct {
		name     string
		cands    []gazetteer.Place
		wantPick string
	}{
		{"far reading only", []gazetteer.Place{kellyUS}, "Idlib"},
		{"a reading near the area", []gazetteer.Place{kellyUS, kellySY}, "Kelly"},
	} {
		toks := tokenize(text, 0, nil)
		ps := []placeRef{refAt(t, toks, "Kelly", tt.cands...), refAt(t, toks, "Idleb", idlib)}
		townProvince(ps, toks, nil)
		p, ok := pickPlace(toks, ps, 3, 4)
		if !ok || p.place.Name != tt.wantPick || p.place.Country != "SYR" {
			t.Errorf("%s: picked %s (%s), want %s in SYR", tt.name, p.place.Name, p.place.Country, tt.wantPick)
		}
	}
}

func TestSentencePlacesForeignActors(t *testing.T) {
	at := func(text, name string, p gazetteer.Place) gazetteer.Resolved {
		i := strings.Index(text, name)
		return gazetteer.Resolved{Mention: gazetteer.Mention{Start: i, End: i + len(name), Text: name, Candidates: []gazetteer.Place{p}}, Place: p}
	}
	tartus := gazetteer.Place{Name: "Tartus", Class: "P", Code: "PPLA", Country: "SYR", Population: 115000}
	nadas := gazetteer.Place{Name: "Nadăș", Class: "P", Code: "PPL", Country: "ROU", Population: 600}
	hasakah := gazetteer.Place{Name: "Al-Hasakah", Class: "A", Code: "ADM1", Country: "SYR"}
	none := func(s, e int) bool { return false }
	tests := []struct {
		name, text string
		ms         func(text string) []gazetteer.Resolved
		ctx        []string
		want       string
	}{
		{"context from foreign forces only: the town stands", "Russian forces arrested managers in Tartous city.",
			func(x string) []gazetteer.Resolved { return []gazetteer.Resolved{at(x, "Tartous", tartus)} }, []string{"RUS"}, "Tartus"},
		{"context confirmed by a place: a village abroad is a misreading", "rebels looted crops in Nadas in al-Hasakeh.",
			func(x string) []gazetteer.Resolved {
				return []gazetteer.Resolved{at(x, "Nadas", nadas), at(x, "Hasakeh", hasakah)}
			}, []string{"SYR"}, "Al-Hasakah"},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range sentencePlaces(tt.ms(tt.text), tokenize(tt.text, 0, nil), none, tt.ctx) {
			got = append(got, p.place.Name)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%s: places %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPickPlaceFacility(t *testing.T) {
	murree := gazetteer.Place{Name: "Murree", Class: "P", Code: "PPL", Country: "PAK", Admin1Code: "04"}
	rawalpindi := gazetteer.Place{Name: "Rawalpindi", Class: "P", Code: "PPLA2", Country: "PAK", Admin1Code: "04"}
	jardim := gazetteer.Place{Name: "Jardim", Class: "P", Code: "PPL", Country: "BRA", Admin1Code: "18"}
	tests := []struct {
		name, text string
		places     []string
		cands      []gazetteer.Place
		trigger    string
		want       string
	}{
		{"a road named after a town", "journalists protested outside the Geo office on Murree road in Rawalpindi city.",
			[]string{"Murree", "Rawalpindi"}, []gazetteer.Place{murree, rawalpindi}, "protested", "Rawalpindi"},
		{"a quarter named like a town, alone: still the place", "a man was killed in Jardim Oasis neighborhood.",
			[]string{"Jardim"}, []gazetteer.Place{jardim}, "killed", "Jardim"},
	}
	for _, tt := range tests {
		text := tt.text
		var ms []gazetteer.Resolved
		for i, n := range tt.places {
			at := strings.Index(text, n)
			ms = append(ms, gazetteer.Resolved{Mention: gazetteer.Mention{Start: at, End: at + len(n), Text: n, Candidates: []gazetteer.Place{tt.cands[i]}}, Place: tt.cands[i]})
		}
		toks := tokenize(text, 0, nil)
		ps := sentencePlaces(ms, toks, func(s, e int) bool { return false }, nil)
		trig := 0
		for i, tk := range toks {
			if tk.text == tt.trigger {
				trig = i
			}
		}
		if p, ok := pickPlace(toks, ps, trig, trig+1); !ok || p.place.Name != tt.want {
			t.Errorf("%s: picked %q, want %q", tt.name, p.place.Name, tt.want)
		}
	}
}

func TestScenesNear(t *testing.T) {
	at := func(name string) Location { return Location{Name: name} }
	d := truce.MustDate
	s := scenes{
		{at("Kalbajar"), d("2020-11-25")},
		{at("Aghdam"), d("2020-11-16")},
		{at("Kalbajar deadline"), d("2020-11-15")},
	}
	tests := []struct {
		date truce.Date
		want string // "" for none
	}{
		{d("2020-11-25"), "Kalbajar"},          // the deadline and last week's handover are too far
		{d("2020-11-17"), "Kalbajar deadline"}, // the latest within a week
		{d("2020-11-09"), "Kalbajar deadline"},
		{d("2020-11-01"), ""},
		{d("2020-12-03"), ""},
	}
	for _, tt := range tests {
		l, ok := s.near(tt.date)
		if tt.want == "" {
			if ok {
				t.Errorf("near(%s) = %q, want none", tt.date, l.Name)
			}
			continue
		}
		if !ok || l.Name != tt.want {
			t.Errorf("near(%s) = %q, %v, want %q", tt.date, l.Name, ok, tt.want)
		}
	}
	if _, ok := scenes(nil).near(d("2020-11-25")); ok {
		t.Error("no scenes gave a place")
	}
}
