package extract

import (
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
)

// resolvedAt builds the resolved mention of name in text with its readings,
// best first.
func resolvedAt(text, name string, cands ...gazetteer.Place) gazetteer.Resolved {
	i := strings.Index(text, name)
	return gazetteer.Resolved{Mention: gazetteer.Mention{Start: i, End: i + len(name), Text: name, Candidates: cands}, Place: cands[0]}
}

func TestSentencePlacesHomeCountry(t *testing.T) {
	delhi := gazetteer.Place{Name: "Delhi", Class: "P", Code: "PPLA", Country: "IND", Admin1Code: "07", Population: 10927986}
	grants := gazetteer.Place{Name: "Grants", Class: "P", Code: "PPLA2", Country: "USA", Population: 9000}
	jantarMD := gazetteer.Place{Name: "Jantar", Class: "P", Code: "PPL", Country: "MDA", Population: 800}
	karnataka := gazetteer.Place{Name: "Karnataka", Class: "A", Code: "ADM1", Country: "IND", Admin1Code: "19"}
	hassanIN := gazetteer.Place{Name: "Hassan", Class: "P", Code: "PPL", Country: "IND", Admin1Code: "19", Population: 133000}
	hassanIQ := gazetteer.Place{Name: "Hassan", Class: "P", Code: "PPL", Country: "IRQ", Population: 20000}
	pulwama := gazetteer.Place{Name: "Pulwama", Class: "P", Code: "PPL", Country: "IND", Population: 20000}
	taiba := gazetteer.Place{Name: "Taiba", Class: "P", Code: "PPLA4", Country: "CHN"}
	kunming := gazetteer.Place{Name: "Kunming", Class: "P", Code: "PPLA", Country: "CHN", Population: 3000000}
	tests := []struct {
		name, text string
		ms         func(text string) []gazetteer.Resolved
		want       string
	}{
		{"a namesake village abroad is a misreading in a report about Delhi",
			"Students of Delhi protested outside the University Grants Commission.",
			func(x string) []gazetteer.Resolved {
				return []gazetteer.Resolved{resolvedAt(x, "Delhi", delhi), resolvedAt(x, "Grants", grants)}
			}, "Delhi"},
		{"a landmark read as a village abroad",
			"Farmers marched to Jantar Mantar in Delhi against the ordinance.",
			func(x string) []gazetteer.Resolved {
				return []gazetteer.Resolved{resolvedAt(x, "Jantar", jantarMD), resolvedAt(x, "Delhi", delhi)}
			}, "Delhi"},
		{"a state named: the reading of a town inside the country",
			"Farmers of the Karnataka Rajya Raitha Sangha protested in Hassan.",
			func(x string) []gazetteer.Resolved {
				return []gazetteer.Resolved{resolvedAt(x, "Karnataka", karnataka), resolvedAt(x, "Hassan", hassanIQ, hassanIN)}
			}, "Karnataka|Hassan/IND"},
		{"only small towns, all in one country: they vouch for it",
			"Police killed a militant in Dogripora village of Pulwama district, near Taiba road.",
			func(x string) []gazetteer.Resolved {
				return []gazetteer.Resolved{resolvedAt(x, "Pulwama", pulwama), resolvedAt(x, "Taiba", taiba)}
			}, "Pulwama"},
		{"a metropolis abroad stays: talks are held there",
			"Delegates from Delhi met rebel envoys in Kunming.",
			func(x string) []gazetteer.Resolved {
				return []gazetteer.Resolved{resolvedAt(x, "Delhi", delhi), resolvedAt(x, "Kunming", kunming)}
			}, "Delhi|Kunming/CHN"},
		{"the group's name is no place",
			"Police killed a Lashkar-e-Taiba commander in Pulwama.",
			func(x string) []gazetteer.Resolved {
				return []gazetteer.Resolved{resolvedAt(x, "Taiba", taiba), resolvedAt(x, "Pulwama", pulwama)}
			}, "Pulwama"},
		{"no well-known place and towns in two countries: nothing dropped",
			"Clashes were reported near Taiba, in Hassan and in Pulwama.",
			func(x string) []gazetteer.Resolved {
				return []gazetteer.Resolved{resolvedAt(x, "Taiba", taiba), resolvedAt(x, "Hassan", hassanIQ), resolvedAt(x, "Pulwama", pulwama)}
			}, "Taiba|Hassan|Pulwama"},
	}
	none := func(s, e int) bool { return false }
	for _, tt := range tests {
		var got []string
		for _, p := range sentencePlaces(tt.ms(tt.text), tokenize(tt.text, 0, nil), none, nil) {
			n := p.place.Name
			if strings.Contains(tt.want, "/") && p.kind == gazetteer.KindCity && n != "Delhi" && n != "Pulwama" {
				n += "/" + p.place.Country
			}
			got = append(got, n)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%s: places %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestIzafaName(t *testing.T) {
	tests := []struct {
		word string
		off  int
		want bool
	}{
		{"Lashkar-e-Taiba", 10, true},
		{"Tehreek-e-Insaf", 10, true},
		{"Hizb-ul-Mujahideen", 8, true},
		{"Dhaka-Aricha", 6, false}, // a road between two towns
		{"Taiba", 0, false},
	}
	for _, tt := range tests {
		w := tokenize(tt.word, 0, nil)[0]
		if got := izafaName(w, tt.off); got != tt.want {
			t.Errorf("izafaName(%q, %d) = %v, want %v", tt.word, tt.off, got, tt.want)
		}
	}
}

func TestLocationOfAreaSeat(t *testing.T) {
	g := testGazetteer(t)
	x, err := New(g)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ area, country, seat string }{
		{"Bihar", "IND", "Patna"}, // the seat's name differs from the state's
		{"Sindh", "PAK", "Karachi"},
		{"Dhaka", "BGD", "Dhaka"}, // a division whose seat is the national capital
		{"Donetsk", "UKR", "Donetsk"},
	}
	for _, tt := range tests {
		var area gazetteer.Place
		for _, p := range g.Lookup(tt.area) {
			if p.Kind() == gazetteer.KindAdmin1 && p.Country == tt.country {
				area = p
				break
			}
		}
		if area.Name == "" {
			t.Errorf("%s: no admin1 area in %s", tt.area, tt.country)
			continue
		}
		var seat gazetteer.Place
		for _, p := range g.Lookup(tt.seat) {
			if p.Kind() == gazetteer.KindCity && p.Country == tt.country {
				seat = p
				break
			}
		}
		l := x.locationOf(placeRef{place: area, kind: gazetteer.KindAdmin1, text: tt.area}, nil)
		if d := gazetteer.DistanceKm(l.Lat, l.Lon, seat.Lat, seat.Lon); d > 5 {
			t.Errorf("%s: located %.0f km from %s (%.3f,%.3f)", tt.area, d, tt.seat, l.Lat, l.Lon)
		}
	}
}

func TestLocatesUnknown(t *testing.T) {
	tests := []struct {
		text, area string
		want       bool
	}{
		{"Azerbaijani forces fired on positions near Baghanis, Tavush.", "tavush", true},
		{"Nine militants were killed in Chora district, Urozgan.", "urozgan", true},
		{"A bomb went off at Somdal village of Ukhrul.", "ukhrul", true},
		{"Homeguards went on strike across Bihar.", "bihar", false},
		{"Protests were held in parts of Sindh.", "sindh", false},
		{"Sindh, Punjab and Balochistan saw protests.", "punjab", false}, // a list opened by the sentence
	}
	for _, tt := range tests {
		toks := tokenize(tt.text, 0, nil)
		i := 0
		for i < len(toks) && toks[i].text != tt.area {
			i++
		}
		if got := locatesUnknown(toks, i); got != tt.want {
			t.Errorf("%q: locatesUnknown = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestPickPlacePossessiveAndReference(t *testing.T) {
	assam := gazetteer.Place{Name: "Assam", Class: "A", Code: "ADM1", Country: "IND", Admin1Code: "03"}
	kokrajhar := gazetteer.Place{Name: "Kokrajhar", Class: "P", Code: "PPL", Country: "IND", Admin1Code: "03"}
	jharkhand := gazetteer.Place{Name: "Jharkhand", Class: "A", Code: "ADM1", Country: "IND", Admin1Code: "38"}
	latehar := gazetteer.Place{Name: "Latehar", Class: "P", Code: "PPL", Country: "IND", Admin1Code: "38"}
	ranchi := gazetteer.Place{Name: "Ranchi", Class: "P", Code: "PPLA", Country: "IND", Admin1Code: "38"}
	tests := []struct {
		text, trigger string
		places        []struct {
			word  string
			p     gazetteer.Place
			qual  string
			words int
		}
		want string
	}{
		{"A militant was killed in Assam's Kokrajhar district on Saturday.", "killed", []struct {
			word  string
			p     gazetteer.Place
			qual  string
			words int
		}{{"assam", assam, "", 1}, {"kokrajhar", kokrajhar, "district", 1}}, "Kokrajhar"},
		{"Maoists derailed a train in Jharkhand's Latehar district, 125km north of Ranchi.", "derailed", []struct {
			word  string
			p     gazetteer.Place
			qual  string
			words int
		}{{"jharkhand", jharkhand, "", 1}, {"latehar", latehar, "district", 1}, {"ranchi", ranchi, "", 1}}, "Latehar"},
		{"Maoists derailed a train in a forest 20 kilometres west of Ranchi.", "derailed", []struct {
			word  string
			p     gazetteer.Place
			qual  string
			words int
		}{{"ranchi", ranchi, "", 1}}, "Ranchi"}, // no other place: the reference point is all there is
		{"Protesters marched in Assam on Monday.", "marched", []struct {
			word  string
			p     gazetteer.Place
			qual  string
			words int
		}{{"assam", assam, "", 1}}, "Assam"},
	}
	for _, tt := range tests {
		toks := tokenize(tt.text, 0, nil)
		var ps []placeRef
		trig := -1
		for i, tk := range toks {
			if tk.text == tt.trigger {
				trig = i
			}
			for _, pl := range tt.places {
				if tk.text == pl.word {
					ps = append(ps, placeRef{start: i, end: i + pl.words, place: pl.p, kind: pl.p.Kind(), qualifier: pl.qual, text: pl.p.Name, cands: []gazetteer.Place{pl.p}})
				}
			}
		}
		p, ok := pickPlace(toks, ps, trig, trig+1)
		if !ok || p.place.Name != tt.want {
			t.Errorf("%q: picked %q, want %q", tt.text, p.place.Name, tt.want)
		}
	}
}

func TestNearReading(t *testing.T) {
	agarakLori := gazetteer.Place{Name: "Agarak", Class: "P", Code: "PPL", Country: "ARM", Lat: 41.01, Lon: 44.47}
	agarakSyunik := gazetteer.Place{Name: "Agarak", Class: "P", Code: "PPL", Country: "ARM", Lat: 39.21, Lon: 46.55}
	meghri := gazetteer.Place{Name: "Meghri", Class: "P", Code: "PPL", Country: "ARM", Lat: 38.90, Lon: 46.25}
	chittagong := gazetteer.Place{Name: "Chittagong", Class: "P", Code: "PPLA", Country: "BGD", Lat: 22.34, Lon: 91.83}
	dinajpur := gazetteer.Place{Name: "Dinajpur", Class: "P", Code: "PPL", Country: "BGD", Lat: 25.63, Lon: 88.64}
	tests := []struct {
		name        string
		town        placeRef
		other       gazetteer.Place
		want        gazetteer.Place
		wantOutside bool
	}{
		{"the reading near the town named next", placeRef{place: agarakLori, cands: []gazetteer.Place{agarakLori, agarakSyunik}}, meghri, agarakSyunik, false},
		{"items of a list stay as read", placeRef{place: chittagong, cands: []gazetteer.Place{chittagong}}, dinajpur, chittagong, false},
	}
	for _, tt := range tests {
		p := tt.town
		nearReading(&p, tt.other)
		if p.place != tt.want || p.outside != tt.wantOutside {
			t.Errorf("%s: %v (outside %v), want %v", tt.name, p.place, p.outside, tt.want)
		}
	}
	for _, tt := range []struct {
		word string
		off  int
		want bool
	}{{"Shahrak-e-Turkmania", 7, true}, {"Dhaka-Aricha", 5, false}, {"Shahrak", 7, false}} {
		if got := izafaHead(tokenize(tt.word, 0, nil)[0], tt.off); got != tt.want {
			t.Errorf("izafaHead(%q, %d) = %v, want %v", tt.word, tt.off, got, tt.want)
		}
	}
}

func TestSentencePlacesHeadquartersAndTownPossessive(t *testing.T) {
	sadar := gazetteer.Place{Name: "Sadar", Class: "P", Code: "PPLA4", Country: "IDN"}
	lakshmipur := gazetteer.Place{Name: "Lakshmipur", Class: "P", Code: "PPL", Country: "BGD", Population: 61703}
	none := func(s, e int) bool { return false }
	text := "Picketers torched a land office in Sadar upazila in Lakshmipur early Wednesday."
	ms := []gazetteer.Resolved{resolvedAt(text, "Sadar", sadar), resolvedAt(text, "Lakshmipur", lakshmipur)}
	var got []string
	for _, p := range sentencePlaces(ms, tokenize(text, 0, nil), none, nil) {
		got = append(got, p.place.Name)
	}
	if strings.Join(got, "|") != "Lakshmipur" {
		t.Errorf("%q: places %q, want Lakshmipur", text, got)
	}

	yala := gazetteer.Place{Name: "Yala", Class: "P", Code: "PPLA", Country: "THA", Admin1Code: "70"}
	betong := gazetteer.Place{Name: "Betong", Class: "P", Code: "PPLA2", Country: "THA", Admin1Code: "70"}
	text = "Five police officers were wounded by a roadside bomb in Yala's Betong district."
	toks := tokenize(text, 0, nil)
	ps := []placeRef{refAt(t, toks, "Yala", yala), refAt(t, toks, "Betong", betong)}
	ps[1].qualifier = "district"
	trig := 4 // "wounded"
	if p, ok := pickPlace(toks, ps, trig, trig+1); !ok || p.place.Name != "Betong" {
		t.Errorf("%q: picked %q, want Betong", text, p.place.Name)
	}
}

func TestLocationOfDistrictSeatPrecision(t *testing.T) {
	x := &Extractor{}
	parbatipur := gazetteer.Place{Name: "Parbatipur", Class: "P", Code: "PPL", Country: "BGD"}
	tests := []struct {
		text, word, qualifier string
		want                  truce.GeoPrecision
	}{
		{"A bomb exploded at a market in Parbatipur upazila on Monday.", "parbatipur", "", truce.GeoNear},
		{"A bomb exploded in Parbatipur district on Monday.", "parbatipur", "district", truce.GeoNear},
		{"A bomb exploded in Parbatipur on Monday.", "parbatipur", "", truce.GeoExact},
		{"A bomb exploded in Parbatipur province on Monday.", "parbatipur", "province", truce.GeoRegional},
	}
	for _, tt := range tests {
		toks := tokenize(tt.text, 0, nil)
		p := refAt(t, toks, tt.word, parbatipur)
		p.qualifier = tt.qualifier
		if got := x.locationOf(p, toks).Precision; got != tt.want {
			t.Errorf("%q: precision %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestOrgNamePart(t *testing.T) {
	tests := []struct {
		text, word string
		want       bool
	}{
		{"The 14-Party Alliance organised a rally in Panchagarh.", "alliance", true},
		{"Protesters marched to the Supreme Court.", "supreme", true},
		{"Activists burnt an effigy of the Union Minister.", "union", true},
		{"A shooting was reported in Union County on Monday.", "union", false},
		{"Gunmen opened fire in Alliance, Ohio.", "alliance", false},
		{"Union workers went on strike.", "union", false}, // the sentence's first word
	}
	for _, tt := range tests {
		toks := tokenize(tt.text, 0, nil)
		i := 0
		for i < len(toks) && toks[i].text != tt.word {
			i++
		}
		if got := orgNamePart(toks, i, i+1); got != tt.want {
			t.Errorf("%q: orgNamePart(%s) = %v, want %v", tt.text, tt.word, got, tt.want)
		}
	}
}

func TestDistrictNamedAfterItsSeat(t *testing.T) {
	sirwah := gazetteer.Place{Name: "Sirwah", Class: "P", Code: "PPL", Country: "YEM", Admin1Code: "14", Lat: 15.45, Lon: 45.02}
	marib := gazetteer.Place{Name: "Marib", Class: "P", Code: "PPLA", Country: "YEM", Admin1Code: "14", Lat: 15.46, Lon: 45.32}
	siliguri := gazetteer.Place{Name: "Siliguri", Class: "P", Code: "PPL", Country: "IND", Admin1Code: "28", Lat: 26.71, Lon: 88.43}
	darjeeling := gazetteer.Place{Name: "Darjeeling", Class: "P", Code: "PPL", Country: "IND", Admin1Code: "28", Lat: 27.04, Lon: 88.27}
	tests := []struct {
		text, trigger string
		refs          func(toks []token) []placeRef
		want          string
	}{
		{"Coalition air raids were reported on Sirwah district west of Marib city.", "raids",
			func(toks []token) []placeRef {
				s := refAt(t, toks, "Sirwah", sirwah)
				s.qualifier = "district"
				return []placeRef{s, refAt(t, toks, "Marib", marib)}
			}, "Sirwah"},
		{"Residents staged a protest in Ward No. 10 of Siliguri town (Darjeeling district, West Bengal).", "protest",
			func(toks []token) []placeRef {
				d := refAt(t, toks, "Darjeeling", darjeeling)
				d.qualifier = "district"
				return []placeRef{refAt(t, toks, "Siliguri", siliguri), d}
			}, "Siliguri"},
	}
	for _, tt := range tests {
		toks := tokenize(tt.text, 0, nil)
		ps := tt.refs(toks)
		townProvince(ps, toks, nil)
		trig := 0
		for trig < len(toks) && toks[trig].text != tt.trigger {
			trig++
		}
		if p, ok := pickPlace(toks, ps, trig, trig+1); !ok || p.place.Name != tt.want {
			t.Errorf("%q: picked %q, want %q", tt.text, p.place.Name, tt.want)
		}
	}
}
