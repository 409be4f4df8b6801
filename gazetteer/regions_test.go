package gazetteer

import "testing"

func TestResolveMacroRegions(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text, name string
		wantKind   Kind
		lat, lon   float64 // within 800 km
	}{
		{"Heavy rain soaked the West Coast as storms moved inland.", "West Coast", KindRegion, 40, -122},
		{"Snow closed airports across the Midwest on Monday.", "Midwest", KindRegion, 41.5, -90},
		{"Smugglers crossed the Sinai toward the Gaza border.", "Sinai", KindRegion, 29.5, 33.8},
		{"Gunmen attacked a checkpoint in North Sinai on Friday.", "North Sinai", KindAdmin1, 30.9, 33.5},
		{"Russian troops remained in South Ossetia after the 2008 war.", "South Ossetia", KindRegion, 42.3, 44},
		// landmarks news names by themselves
		{"Flights out of Heathrow were cancelled as fog settled over the city.", "Heathrow", KindRegion, 51.47, -0.45},
		{"The musical moved to Broadway after a sold-out run in Chicago.", "Broadway", KindRegion, 40.76, -73.98},
		{"The president signed the order in the Oval Office on Friday.", "Oval Office", KindRegion, 38.9, -77.04},
		{"The 1941 attack on Pearl Harbor brought the United States into the war.", "Pearl Harbor", KindRegion, 21.35, -157.97},
		{"Protesters filled Tahrir Square again on Friday.", "Tahrir Square", KindRegion, 30.04, 31.24},
	}
	for _, tt := range tests {
		p, err := resolveOne(g, tt.text, tt.name, Context{})
		if err != nil {
			t.Error(err)
			continue
		}
		if p.Kind() != tt.wantKind || DistanceKm(p.Lat, p.Lon, tt.lat, tt.lon) > 800 {
			t.Errorf("%q: %s = %s (%s at %.1f,%.1f), want a %s near %.1f,%.1f", tt.text, tt.name, p.Name, p.Kind(), p.Lat, p.Lon, tt.wantKind, tt.lat, tt.lon)
		}
	}
}
