package gazetteer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	testOnce sync.Once
	testG    *Gazetteer
	testDir  string
	testErr  error
)

// testGazetteer returns the index for the tests: $TRUCE_GAZETTEER if set,
// else one built once from ../node_modules into a temporary folder, else
// Default; it skips the test when none is available.
func testGazetteer(tb testing.TB) *Gazetteer {
	tb.Helper()
	testOnce.Do(func() {
		if os.Getenv("TRUCE_GAZETTEER") == "" {
			if _, err := os.Stat(filepath.Join("..", "node_modules", citiesFile)); err == nil {
				testDir, testErr = os.MkdirTemp("", "gazetteer-test-")
				if testErr != nil {
					return
				}
				if testErr = Build(BuildOptions{NPMDir: filepath.Join("..", "node_modules"), OutDir: testDir}); testErr != nil {
					return
				}
				testG, testErr = Open(filepath.Join(testDir, IndexFile))
				return
			}
		}
		testG, testErr = Default()
		if testErr == nil {
			if p, err := DefaultBoundaries(); err == nil {
				testDir = filepath.Dir(p)
			}
		}
	})
	if testErr == ErrNotFound {
		tb.Skip("no gazetteer: ../node_modules is missing and no index was built (run `make build`)")
	}
	if testErr != nil {
		tb.Fatal(testErr)
	}
	return testG
}

func TestMain(m *testing.M) {
	code := m.Run()
	if testDir != "" && strings.Contains(testDir, "gazetteer-test-") {
		os.RemoveAll(testDir)
	}
	os.Exit(code)
}

func TestLookup(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name        string
		wantCountry string
		wantID      int64   // GeoNames id among the candidates, 0 to skip
		wantTopID   int64   // GeoNames id of the first candidate, 0 to skip
		lat, lon    float64 // first candidate within 60 km, unless 0
	}{
		{"Kəlbəcər", "AZE", 586268, 0, 40.10, 46.04},
		{"Karvachar", "AZE", 586268, 0, 40.10, 46.04},
		{"Kelbajar", "AZE", 586268, 0, 40.10, 46.04},
		{"Stepanakert", "AZE", 146970, 0, 39.82, 46.75},
		{"Khankendi", "AZE", 146970, 0, 39.82, 46.75},
		{"Shushi", "AZE", 147105, 147105, 39.76, 46.75},
		{"Kyiv", "UKR", 703448, 703448, 50.45, 30.52},
		{"Kiev", "UKR", 703448, 703448, 50.45, 30.52},
		{"KHARKIV", "UKR", 706483, 706483, 49.99, 36.23},
		{"Tripoli", "LBY", 2210247, 2210247, 32.89, 13.19},
		{"Georgia", "GEO", 0, 0, 0, 0},
		{"Nagorno-Karabakh", "AZE", 0, 0, 39.8, 46.6},
		{"Kalbajar district", "AZE", 586047, 586047, 40.10, 46.17},
		{"Kharkiv region", "UKR", 0, 0, 49.5, 36.5},
		{"Crimea", "UKR", 0, 0, 45.3, 34.4}, // de jure, as ISO 3166-2 and GeoNames have it
		{"Qamishli", "SYR", 173377, 173377, 37.05, 41.23},
		{"Mediterranean", "", 0, 0, 35, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := g.Lookup(tt.name)
			if len(ps) == 0 {
				t.Fatalf("Lookup(%q) found nothing", tt.name)
			}
			if ps[0].Country != tt.wantCountry {
				t.Errorf("Lookup(%q)[0] = %s in %s, want country %s", tt.name, ps[0].Name, ps[0].Country, tt.wantCountry)
			}
			if tt.wantTopID != 0 && ps[0].ID != tt.wantTopID {
				t.Errorf("Lookup(%q)[0] = %d %s, want %d", tt.name, ps[0].ID, ps[0].Name, tt.wantTopID)
			}
			if tt.wantID != 0 {
				found := false
				for _, p := range ps {
					found = found || p.ID == tt.wantID
				}
				if !found {
					t.Errorf("Lookup(%q) lacks %d", tt.name, tt.wantID)
				}
			}
			if tt.lat != 0 {
				if d := distanceKm(ps[0].Lat, ps[0].Lon, tt.lat, tt.lon); d > 60 {
					t.Errorf("Lookup(%q)[0] %s at %.2f,%.2f is %.0f km from %.2f,%.2f", tt.name, ps[0].Name, ps[0].Lat, ps[0].Lon, d, tt.lat, tt.lon)
				}
			}
		})
	}
	if ps := g.Lookup("Xyzzyplugh"); len(ps) != 0 {
		t.Errorf("Lookup(nonsense) = %v", ps)
	}
	if ps := g.Lookup(""); len(ps) != 0 {
		t.Errorf("Lookup(\"\") = %d places", len(ps))
	}
}

func TestLookupAliasName(t *testing.T) {
	g := testGazetteer(t)
	// The alias file gives Kalbajar its English name and the district the
	// town's spellings.
	var town, district bool
	for _, p := range g.Lookup("Kalbajar") {
		if p.ID == 586268 && p.Name == "Kalbajar" && p.Admin1 != "" {
			town = true
		}
		if p.Kind() == KindAdmin1 && p.Admin1Key() == "AZ.26" {
			district = true
		}
	}
	if !town || !district {
		t.Errorf("Lookup(Kalbajar): town with English name %v, district AZ.26 %v", town, district)
	}
	// Natural Earth labels the Laçın district "Lankaran"; the corrected
	// feature must not keep that name.
	for _, p := range g.Lookup("Lankaran") {
		if p.Admin1Key() == "AZ.28" {
			t.Errorf("Lookup(Lankaran) gives the Lachin district %+v", p)
		}
	}
	if p, ok := g.Admin1("AZ.28"); !ok || p.Name != "Lachin" {
		t.Errorf("Admin1(AZ.28) = %+v, %v; want Lachin", p, ok)
	}
}

func TestCountry(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct{ in, want string }{
		{"Azerbaijani", "AZE"}, {"Armenian", "ARM"}, {"Russian", "RUS"}, {"Ukrainian", "UKR"},
		{"Syrian", "SYR"}, {"Afghan", "AFG"}, {"Yemeni", "YEM"}, {"Israeli", "ISR"}, {"Palestinian", "PSE"},
		{"Turkish", "TUR"}, {"Iranian", "IRN"}, {"Iraqi", "IRQ"}, {"Nigerian", "NGA"}, {"Malian", "MLI"},
		{"Somali", "SOM"}, {"Sudanese", "SDN"}, {"Burmese", "MMR"}, {"Burma", "MMR"}, {"Myanmar", "MMR"},
		{"Indian", "IND"}, {"Pakistani", "PAK"}, {"U.S.", "USA"}, {"United States", "USA"}, {"Syrians", "SYR"},
		{"Côte d’Ivoire", "CIV"}, {"AZE", "AZE"}, {"Ukraine", "UKR"}, {"Georgia", "GEO"}, {"Congolese", "COD"},
	}
	for _, tt := range tests {
		c, ok := g.Country(tt.in)
		if !ok || c.ISO3 != tt.want {
			t.Errorf("Country(%q) = %+v, %v; want %s", tt.in, c, ok, tt.want)
		}
	}
	for _, bad := range []string{"Kyiv", "", "Monday", "Xyz", "arm"} {
		if c, ok := g.Country(bad); ok {
			t.Errorf("Country(%q) = %+v, want none", bad, c)
		}
	}
	c, ok := g.CountryByISO("az")
	if !ok || c.ISO3 != "AZE" || c.Name != "Azerbaijan" {
		t.Errorf("CountryByISO(az) = %+v, %v", c, ok)
	}
	if _, ok := g.CountryByISO("ZZZ"); ok {
		t.Error("CountryByISO(ZZZ) found a country")
	}
}

func mentionTexts(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

func TestScan(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text string
		want []string
	}{
		{"KYIV, Ukraine (AP) — Russian forces shelled Kharkiv on Monday, the regional governor said.",
			[]string{"KYIV", "Ukraine", "Russian", "Kharkiv"}},
		{"Azerbaijani troops entered the Kalbajar district on Wednesday after Armenian residents left for Yerevan.",
			[]string{"Azerbaijani", "Kalbajar", "Armenian", "Yerevan"}},
		{"President Lincoln said in March that hope was in the air.", nil},
		{"Officials in Bosnia and Herzegovina and in the U.S. disagreed.", []string{"Bosnia and Herzegovina", "U.S"}},
		{"Russia's defence ministry said Stepanakert was calm.", []string{"Russia", "Stepanakert"}},
		{"Reuters reported from Tripoli, Lebanon, that Police said nothing.", []string{"Tripoli", "Lebanon"}},
		{"", nil},
		{"lowercase paris and london are not mentions", nil},
		// A village known only by an alternate spelling counts when the
		// text names its country.
		{"Shelling hit Kamianka, the Ukrainian military said.", []string{"Kamianka", "Ukrainian"}},
		{"Shelling hit Kamianka, the Azerbaijani military said.", []string{"Azerbaijani"}},
	}
	for _, tt := range tests {
		got := mentionTexts(g.Scan(tt.text))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Scan(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	text := "Heavy fighting near Shusha; Stepanakert was shelled."
	for _, m := range g.Scan(text) {
		if text[m.Start:m.End] != m.Text || len(m.Candidates) == 0 {
			t.Errorf("mention %+v: bad offsets or no candidates", m)
		}
	}
	ms := g.Scan("Shelling in the Kalbajar region and Syrian mercenaries.")
	if len(ms) != 2 || ms[0].Qualifier != "region" || !ms[1].Demonym || ms[0].Demonym {
		t.Errorf("qualifier/demonym: %+v", ms)
	}
}

func resolveOne(g *Gazetteer, text, name string, c Context) (Place, error) {
	for _, r := range g.Resolve(g.Scan(text), c) {
		if r.Text == name {
			return r.Place, nil
		}
	}
	return Place{}, fmt.Errorf("%q not found in %q", name, text)
}

func TestResolve(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text, name  string
		ctx         Context
		wantCountry string
		wantKind    Kind
	}{
		{"Clashes in Tripoli left three dead, Libyan officials said.", "Tripoli", Context{}, "LBY", KindCity},
		// "Korea" alone is South Korea; "SA" South Africa
		{"Exports from Korea rose after Seoul cut tariffs.", "Korea", Context{}, "KOR", KindCountry},
		{"Platinum miners near Rustenburg went on strike, SA police said.", "SA", Context{}, "ZAF", KindCountry},
		{"Clashes in Tripoli left three dead, Lebanese officials said.", "Tripoli", Context{}, "LBN", KindCity},
		{"Protests spread from Beirut to Tripoli and Sidon.", "Tripoli", Context{}, "LBN", KindCity},
		{"Clashes in Tripoli left three dead.", "Tripoli", Context{Country: "LBN"}, "LBN", KindCity},
		{"Reporting from Tripoli, Lebanon.", "Tripoli", Context{}, "LBN", KindCity},
		{"Russian tanks crossed into Georgia near Gori and Tskhinvali.", "Georgia", Context{}, "GEO", KindCountry},
		{"Voters in Atlanta and Savannah, Georgia, went to the polls.", "Georgia", Context{}, "USA", KindAdmin1},
		{"Storms hit Georgia; Atlanta and Macon lost power.", "Georgia", Context{}, "USA", KindAdmin1},
		{"Azerbaijani forces took over the Kalbajar district from Armenian troops.", "Kalbajar", Context{}, "AZE", KindAdmin1},
		{"The convoy reached Kalbajar town.", "Kalbajar", Context{}, "AZE", KindCity},
		{"Fighting was reported around Paris, Texas.", "Paris", Context{}, "USA", KindCity},
		{"Fighting was reported around Paris.", "Paris", Context{}, "FRA", KindCity},
	}
	for _, tt := range tests {
		p, err := resolveOne(g, tt.text, tt.name, tt.ctx)
		if err != nil {
			t.Error(err)
			continue
		}
		if p.Country != tt.wantCountry || p.Kind() != tt.wantKind {
			t.Errorf("%q: %s = %s (%s, %s), want %s %s", tt.text, tt.name, p.Name, p.Country, p.Kind(), tt.wantCountry, tt.wantKind)
		}
	}
	if rs := g.Resolve(nil, Context{}); len(rs) != 0 {
		t.Errorf("Resolve(nil) = %v", rs)
	}
	rs := g.Resolve([]Mention{{Text: "Nowhere"}}, Context{})
	if len(rs) != 1 || rs[0].Place.Name != "" {
		t.Errorf("Resolve(no candidates) = %+v", rs)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.idx")
	os.WriteFile(bad, []byte("not an index"), 0o644)
	if _, err := Open(bad); err == nil || !strings.Contains(err.Error(), "bad magic") {
		t.Errorf("Open(garbage) = %v", err)
	}
	trunc := filepath.Join(dir, "trunc.idx")
	os.WriteFile(trunc, []byte(magic+"\xff\xff\x00\x00"), 0o644)
	if _, err := Open(trunc); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("Open(truncated) = %v", err)
	}
	if _, err := Open(filepath.Join(dir, "missing.idx")); err == nil {
		t.Error("Open(missing) succeeded")
	}
}

func TestBoundariesTerritories(t *testing.T) {
	testGazetteer(t)
	if testDir == "" {
		t.Skip("no boundaries file")
	}
	ts, err := BoundariesTerritories(filepath.Join(testDir, BoundariesFile))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	names := map[string]bool{}
	var kalbajar, nk bool
	for _, tr := range ts {
		kinds[string(tr.Kind)]++
		if names[tr.Name] {
			t.Errorf("territory name %q twice", tr.Name)
		}
		names[tr.Name] = true
		if tr.Code == "AZ-KAL" {
			kalbajar = true
			if tr.Country != "AZE" || tr.BBox == nil || len(tr.Geometry) == 0 {
				t.Errorf("Kalbajar district: %+v", tr)
			}
			has := false
			for _, a := range tr.Aliases {
				has = has || a == "Karvachar"
			}
			if !has {
				t.Errorf("Kalbajar district aliases %v lack Karvachar", tr.Aliases)
			}
		}
		if tr.Kind == "region" && tr.Name == "Nagorno-Karabakh" && tr.Code == "NKAO" && tr.Country == "AZE" {
			nk = true
		}
		if tr.Kind == "" || tr.Name == "" || len(tr.Geometry) == 0 {
			t.Errorf("incomplete territory %q kind %q", tr.Name, tr.Kind)
		}
	}
	if kinds["country"] < 200 || kinds["admin1"] < 4000 || !kalbajar || !nk {
		t.Errorf("territories: %v, Kalbajar %v, Nagorno-Karabakh %v", kinds, kalbajar, nk)
	}
}

func TestMentionAt(t *testing.T) {
	g := testGazetteer(t)
	text := "Shelling hit Kherson City, Syria's Idlib, and the Kalbajar district; Zzyzx Road was closed."
	tests := []struct {
		name        string
		wantCountry string // of the first candidate; "" for none
		wantQual    string
	}{
		{"Kherson City", "UKR", ""},
		{"Idlib", "SYR", ""},
		{"Kalbajar", "AZE", "district"},
		{"Zzyzx Road", "", ""},
	}
	for _, tt := range tests {
		i := strings.Index(text, tt.name)
		m := g.MentionAt(text, i, i+len(tt.name))
		got := ""
		if len(m.Candidates) > 0 {
			got = m.Candidates[0].Country
		}
		if m.Text != tt.name || got != tt.wantCountry || m.Qualifier != tt.wantQual {
			t.Errorf("MentionAt(%q) = %q, country %q, qualifier %q; want %q %q", tt.name, m.Text, got, m.Qualifier, tt.wantCountry, tt.wantQual)
		}
	}
	for _, bad := range [][2]int{{-1, 3}, {5, 2}, {0, len(text) + 1}} {
		if m := g.MentionAt(text, bad[0], bad[1]); m.Text != "" || len(m.Candidates) != 0 {
			t.Errorf("MentionAt(%v) = %+v, want empty", bad, m)
		}
	}
}

func TestScanPeople(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text string
		want []string
	}{
		{"John Kelly met officials. Kelly said the talks in Geneva went well.", []string{"Geneva"}},
		{"The Washington Post reported that Moscow said no.", []string{"Moscow"}},
		{"Paul visited Jordan and Lebanon.", []string{"Jordan", "Lebanon"}},
		// contractions are no abbreviations ("Ill." for Illinois)
		{"“I’ll ask Ohio first,” the governor said. We'll see.", []string{"Ohio"}},
	}
	for _, tt := range tests {
		got := mentionTexts(g.Scan(tt.text))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Scan(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		opts BuildOptions
		want string
	}{
		{"no npm", BuildOptions{OutDir: t.TempDir()}, "no npm folder"},
		{"no out", BuildOptions{NPMDir: t.TempDir()}, "no output folder"},
		{"empty npm", BuildOptions{NPMDir: t.TempDir(), OutDir: t.TempDir()}, "no such file"},
	}
	for _, tt := range tests {
		err := Build(tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Build = %v, want error with %q", tt.name, err, tt.want)
		}
	}
}

// TestSeedArticle reads the project's canonical example from the shared
// folder beside the project, when it is there.
func TestSeedArticle(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "seed", "kalbajar-handover-2020-11-25.txt"))
	if err != nil {
		t.Skipf("seed article not found (it lives in the shared folder beside the project): %v", err)
	}
	g := testGazetteer(t)
	rs := g.Resolve(g.Scan(string(data)), Context{})
	found := map[string]Place{}
	for _, r := range rs {
		found[r.Text] = r.Place
		switch r.Place.Country {
		case "AZE", "ARM", "RUS", "":
		default:
			t.Errorf("%q at %d resolved to %s in %s", r.Text, r.Start, r.Place.Name, r.Place.Country)
		}
	}
	for _, name := range []string{"Kalbajar", "Aghdam", "Nagorno-Karabakh", "Azerbaijani", "Armenia"} {
		p, ok := found[name]
		if !ok {
			t.Errorf("%q not found; found %v", name, mentionTexts(g.Scan(string(data))))
			continue
		}
		if p.Country != "AZE" && p.Country != "ARM" {
			t.Errorf("%q resolved to %s (%s)", name, p.Name, p.Country)
		}
	}
}

func TestConcurrent(t *testing.T) {
	g := testGazetteer(t)
	data, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := len(g.Resolve(g.Scan(string(data)), Context{Country: "AZE"}))
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if got := len(g.Resolve(g.Scan(string(data)), Context{Country: "AZE"})); got != want {
					errs <- fmt.Sprintf("got %d mentions, want %d", got, want)
					return
				}
				g.Lookup("Kalbajar")
				g.Country("Armenian")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestSameName(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{{"COLUMBUS", "Columbus", true}, {"Columbus", "Columbus", true}, {"Columbus", "Columbia", false}} {
		if got := sameName(tt.a, tt.b); got != tt.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
