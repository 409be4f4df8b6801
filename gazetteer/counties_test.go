package gazetteer

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestResolveCounties(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text, name string
		wantA1     string // admin1 key of the county
		wantKind   Kind
	}{
		// no context: the county with the most people
		{"Wildfires forced thousands to leave their homes in Orange County on Tuesday.", "Orange County", "US.CA", KindAdmin2},
		// the state named next
		{"Deputies in Orange County, Florida, arrested two men after a chase.", "Orange County", "US.FL", KindAdmin2},
		{"A tornado touched down in Henry County, Tennessee, late on Sunday.", "Henry County", "US.TN", KindAdmin2},
		{"Floodwaters closed roads across Black Hawk County after the Cedar River rose.", "Black Hawk County", "US.IA", KindAdmin2},
		// the state named elsewhere in the text
		{"Iowa officials said the river crested in Black Hawk County and Waterloo.", "Black Hawk County", "US.IA", KindAdmin2},
		// a town of the county or of its state named nearby
		{"Inmates were moved from the prison in Huntsville to a jail elsewhere in Walker County.", "Huntsville", "US.TX", KindCity},
		// a town inside a county named in the text, and the county
		{"Volunteers in Paris and across Henry County restored the old school.", "Paris", "US.TN", KindCity},
		{"Volunteers in Paris and across Henry County restored the old school.", "Henry County", "US.TN", KindAdmin2},
		{"Flood crews from London and Laurel County cleared the roads.", "London", "US.KY", KindCity},
		{"The council in Lebanon asked Boone County for a new road.", "Lebanon", "US.IN", KindCity},
		// a state holding the county stays the state
		{"Deputies in Orange County, Florida, arrested two men after a chase.", "Florida", "US.FL", KindAdmin1},
		{"Deputies in Orange county, Florida, arrested two men.", "Florida", "US.FL", KindAdmin1},
		// the county word in lower case
		{"Deputies in Orange county, Florida, arrested two men.", "Orange", "US.FL", KindAdmin2},
		// parishes of Louisiana
		{"Levees held in Jefferson Parish as the hurricane passed New Orleans.", "Jefferson Parish", "US.LA", KindAdmin2},
		// a town keeps its name without a county word
		{"Protesters marched through Orange, Texas, on Saturday.", "Orange", "US.TX", KindCity},
	}
	for _, tt := range tests {
		p, err := resolveOne(g, tt.text, tt.name, Context{})
		if err != nil {
			t.Error(err)
			continue
		}
		if p.Admin1Key() != tt.wantA1 || p.Kind() != tt.wantKind {
			t.Errorf("%q: %s = %s (%s, %s), want %s %s", tt.text, tt.name, p.Name, p.Admin1Key(), p.Kind(), tt.wantA1, tt.wantKind)
		}
	}
	// A county's centroid lies inside it: Orange County, California,
	// around Santa Ana and Irvine.
	ps := g.Lookup("Orange County")
	if len(ps) < 5 {
		t.Fatalf("Lookup(Orange County) = %d places, want the counties of several states", len(ps))
	}
	if p := ps[0]; p.Admin1Key() != "US.CA" || p.Admin2Code != "059" || p.Population < 1000000 ||
		DistanceKm(p.Lat, p.Lon, 33.70, -117.76) > 30 {
		t.Errorf("Lookup(Orange County)[0] = %+v, want Orange County, California (059, its places' population) near 33.70,-117.76", p)
	}
	for _, p := range g.Lookup("Orange") {
		if p.Kind() == KindAdmin2 {
			t.Errorf("Lookup(Orange) holds %s, %s: a county needs its county word", p.Name, p.Admin1)
		}
	}
}

func TestCountySpellings(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"St. Croix", []string{"Saint Croix"}},
		{"Ste. Genevieve", []string{"Sainte Genevieve"}},
		{"De Soto", []string{"DeSoto"}},
		{"La Salle", []string{"LaSalle"}},
		{"St. John the Baptist", []string{"Saint John the Baptist"}},
		{"Orange", nil},
		{"La Paz Norte", nil},
	}
	for _, tt := range tests {
		if got := countySpellings(tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("countySpellings(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	g := testGazetteer(t)
	for _, n := range []string{"Saint Croix County", "DeSoto Parish", "St. Croix County"} {
		if ps := g.Lookup(n); len(ps) == 0 || ps[0].Kind() != KindAdmin2 {
			t.Errorf("Lookup(%q) = %d places, want a county first", n, len(ps))
		}
	}
}

func TestTopologyRings(t *testing.T) {
	// Two unit squares sharing the arc x=1 (arc 0, read reversed by the
	// second square); quantised with scale 0.5 and delta-encoded.
	const topo = `{"type":"Topology","transform":{"scale":[0.5,0.5],"translate":[10,20]},
	 "objects":{"counties":{"geometries":[
	  {"type":"Polygon","id":"01001","arcs":[[0,1]],"properties":{"name":"West"}},
	  {"type":"MultiPolygon","id":1003,"arcs":[[[-1,2]]],"properties":{"name":"East"}},
	  {"type":"Polygon","id":"01005","arcs":[[7]],"properties":{"name":"Broken"}}]}},
	 "arcs":[[[2,0],[0,2]],[[2,2],[-2,0],[0,-2],[2,0]],[[2,0],[2,0],[0,2],[-2,0]]]}`
	var tp topology
	if err := json.Unmarshal([]byte(topo), &tp); err != nil {
		t.Fatal(err)
	}
	arcs, err := tp.decodeArcs()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		fips             string
		lon, lat         float64
		wantErr, wantNil bool
	}{
		{fips: "01001", lon: 10.5, lat: 20.5},
		{fips: "01003", lon: 11.5, lat: 20.5},
		{fips: "01005", wantErr: true},
	}
	geoms := tp.Objects["counties"].Geometries
	for i, tt := range tests {
		if got := geoms[i].fips(5); got != tt.fips {
			t.Errorf("geometry %d: fips = %q, want %q", i, got, tt.fips)
		}
		g, err := geoms[i].geometry(arcs)
		if tt.wantErr {
			if err == nil {
				t.Errorf("%s: no error for a missing arc", tt.fips)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.fips, err)
			continue
		}
		c, ok := labelPoint(g)
		if !ok || math.Abs(c[0]-tt.lon) > 1e-9 || math.Abs(c[1]-tt.lat) > 1e-9 {
			t.Errorf("%s: centre = %v, want %v,%v", tt.fips, c, tt.lon, tt.lat)
		}
	}
}

func TestReadCountiesErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"missing", "", "no such file"},
		{"broken", `{"objects":`, "counties-10m.json"},
		{"no states", `{"objects":{"counties":{"geometries":[]}},"arcs":[]}`, "states matched"},
		{"bad arc", `{"objects":{},"arcs":[[[1]]]}`, "arc 0"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		if tt.content != "" {
			path := filepath.Join(dir, countiesFile)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b := &builder{opts: BuildOptions{NPMDir: dir}, byISO2: map[string]int{"US": 0}, countries: []countryRow{{iso2: "US"}},
			names: map[int32][]string{}, keys: map[string][]uint32{}, admin2: map[string]int32{}}
		err := b.readCounties()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: readCounties = %v, want error with %q", tt.name, err, tt.want)
		}
	}
}

func TestMentionAtLongerNames(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name     string
		wantKind Kind   // of the first candidate; "" for none
		wantName string // of the first candidate
	}{
		{"Dubai World Cup", KindCity, "Dubai"},
		{"Liverpool Academy", KindCity, "Liverpool"},
		{"Plymouth Co.", KindAdmin2, "Plymouth County"},
		{"Montgomery County History Center", KindAdmin2, "Montgomery County"},
		// a street or a township may lie anywhere near a town of that name
		{"Hampton Avenue", "", ""},
		{"Madison Twp.", "", ""},
		// a generic first word and a small town begin no name
		{"Northern Trust", "", ""},
		// an institution named after the country, area or region it
		// serves
		{"European Parliament", KindRegion, "Europe"},
		{"Kenyan Parliament", KindCountry, "Kenya"},
		// natural features, towns and embassies are not the area's
		{"Gulf of Carpentaria", "", ""},
		{"Swiss Cottage", "", ""},
		{"French Embassy", "", ""},
		{"US Coast Guard", KindCountry, "United States"},
		{"Bank of Canada", KindCountry, "Canada"},
		{"University of Manitoba", KindAdmin1, "Manitoba"},
		{"Heathrow Terminal Five", KindRegion, "Heathrow Airport"},
	}
	for _, tt := range tests {
		const before = "They met at "
		text := before + tt.name + " on Monday."
		m := g.MentionAt(text, len(before), len(before)+len(tt.name))
		switch {
		case tt.wantKind == "" && len(m.Candidates) > 0:
			t.Errorf("MentionAt(%q) = %s (%s), want no candidates", tt.name, m.Candidates[0].Name, m.Candidates[0].Kind())
		case tt.wantKind != "" && (len(m.Candidates) == 0 || m.Candidates[0].Kind() != tt.wantKind || m.Candidates[0].Name != tt.wantName):
			t.Errorf("MentionAt(%q) = %d candidates, want %s %s first", tt.name, len(m.Candidates), tt.wantKind, tt.wantName)
		}
	}
}

func TestAreaPopulationInside(t *testing.T) {
	g := testGazetteer(t)
	// English counties have no GeoNames admin1 code: they weigh the
	// places inside their boundary.
	var norfolk *Place
	for _, p := range g.Lookup("Norfolk") {
		if p.Kind() == KindAdmin1 && p.Country == "GBR" {
			norfolk = &p
			break
		}
	}
	if norfolk == nil || norfolk.Population < 100000 {
		t.Fatalf("Lookup(Norfolk) English county = %+v, want one with its places' population", norfolk)
	}
	p, err := resolveOne(g, "The touring cars race at Snetterton in Norfolk, then at Brands Hatch in Kent and at Thruxton in Hampshire.", "Norfolk", Context{})
	if err != nil || p.Country != "GBR" {
		t.Errorf("Norfolk among English counties = %s (%s, %s), %v; want the English county", p.Name, p.Country, p.Kind(), err)
	}
}
