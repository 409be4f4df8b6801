package extract

import "testing"

func TestRescuePlaces(t *testing.T) {
	g := testGazetteer(t)
	x, err := New(g)
	if err != nil {
		t.Fatal(err)
	}
	none := func(s, e int) bool { return false }
	tests := []struct {
		text, want, country string
		facility            bool
	}{
		{"Pro-blockade activists set fire to a bus in Natore on Monday.", "Natore", "BGD", false},
		{"Residents of Madurai Corporation protested against the delay in water supply.", "Madurai", "IND", true},
		{"Students of Dhaka University formed a human chain.", "Dhaka", "BGD", true},
		{"Congress workers demanded the sacking of Union Minister Giriraj Singh.", "", "", false},
		{"Activists burnt the effigy of Union minister Giriraj Singh.", "", "", false},
		{"Members of Bharatiya Kisan Union blocked the highway.", "", "", false},
		{"An IED went off by the roadside in Safi Tehsil.", "", "", false},
	}
	for _, tt := range tests {
		ps := x.rescuePlaces(tokenize(tt.text, 0, nil), none, nil)
		switch {
		case tt.want == "" && len(ps) > 0:
			t.Errorf("%q: rescued %q, want none", tt.text, ps[0].place.Name)
		case tt.want != "" && len(ps) == 0:
			t.Errorf("%q: none rescued, want %q", tt.text, tt.want)
		case tt.want != "" && (ps[0].place.Name != tt.want || ps[0].place.Country != tt.country || ps[0].facility != tt.facility):
			t.Errorf("%q: rescued %q (%s, facility %v), want %q (%s, facility %v)", tt.text, ps[0].place.Name, ps[0].place.Country, ps[0].facility, tt.want, tt.country, tt.facility)
		}
	}
}
