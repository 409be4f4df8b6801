package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

type territoryAddFlags struct{ db, kind, country string }

var territoryAddOpts territoryAddFlags

type territoryListFlags struct {
	db, kind, country, format string
}

var territoryListOpts territoryListFlags

func init() {
	register(&command{
		Name:    "territory add",
		Summary: "add or update territories from a GeoJSON file",
		Usage:   "FILE.geojson [--kind KIND] [--country ISO3] [--db PATH]",
		Help: `Adds the features of a GeoJSON Feature or FeatureCollection as territories
whose control can be tracked: a front-line village, a corridor, a district
finer than the boundaries file has. Each feature needs a Polygon or
MultiPolygon geometry and a "name" property; optional properties are
"kind" (country, admin1, admin2, region, corridor, locality; default
--kind), "country" (ISO 3166-1 alpha-3; default --country), "code",
"geonameid", "parent" (the name of a territory in the record) and
"aliases" (a list, or names separated by "|"). A feature whose name is
already a territory updates it.

Every feature is checked before anything is stored, the file is stored in
one transaction, and one bad feature stores nothing: positions on the globe, rings that are closed, enclose an
area and do not cross themselves (touching at a position is allowed), at
most 250,000 positions per feature, names and aliases of one line of at
most 500 bytes, and parents that do not make a territory its own
ancestor. Files over 64 MiB are refused.`,
		Flags: func(fs *flag.FlagSet) {
			o := &territoryAddOpts
			*o = territoryAddFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.kind, "kind", string(truce.TerritoryLocality), "kind of features that have no \"kind\" property")
			fs.StringVar(&o.country, "country", "", "country of features that have no \"country\" property")
		},
		Run: runTerritoryAdd,
	})
	register(&command{
		Name:    "territory list",
		Summary: "list the territories of the record",
		Usage:   "[--kind KIND] [--country ISO3] [--format table|json] [--db PATH]",
		Help:    `Lists territories by name, with their kind, country, code and aliases.`,
		Flags: func(fs *flag.FlagSet) {
			o := &territoryListOpts
			*o = territoryListFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.kind, "kind", "", "only territories of this kind")
			fs.StringVar(&o.country, "country", "", "only territories of this country (ISO 3166-1 alpha-3)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runTerritoryList,
	})
}

var territoryKinds = []truce.TerritoryKind{truce.TerritoryCountry, truce.TerritoryAdmin1, truce.TerritoryAdmin2,
	truce.TerritoryRegion, truce.TerritoryCorridor, truce.TerritoryLocality}

func validKind(k truce.TerritoryKind) bool {
	for _, v := range territoryKinds {
		if k == v {
			return true
		}
	}
	return false
}

// geoFeature is a GeoJSON feature as territory add reads it.
type geoFeature struct {
	Type       string                     `json:"type"`
	Properties map[string]json.RawMessage `json:"properties"`
	Geometry   json.RawMessage            `json:"geometry"`
}

// readTerritories reads and checks the territories of a GeoJSON file. It
// returns every problem found, one per line, each naming its feature.
func readTerritories(data []byte, defKind truce.TerritoryKind, defCountry string) ([]*truce.Territory, map[int]string, error) {
	var head struct {
		Type     string       `json:"type"`
		Features []geoFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, nil, fmt.Errorf("not GeoJSON: %w", err)
	}
	var fs []geoFeature
	switch head.Type {
	case "FeatureCollection":
		fs = head.Features
	case "Feature":
		var f geoFeature
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, nil, fmt.Errorf("not GeoJSON: %w", err)
		}
		fs = []geoFeature{f}
	default:
		return nil, nil, fmt.Errorf("GeoJSON type %q: want Feature or FeatureCollection", head.Type)
	}
	if len(fs) == 0 {
		return nil, nil, errors.New("no features")
	}
	var problems []string
	bad := func(i int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("feature %d: %s", i+1, fmt.Sprintf(format, args...)))
	}
	parents := map[int]string{}
	var out []*truce.Territory
	for i, f := range fs {
		t := &truce.Territory{Kind: defKind, Country: defCountry}
		str := func(key string) string {
			var s string
			if raw, ok := f.Properties[key]; ok && json.Unmarshal(raw, &s) != nil {
				var n json.Number
				if json.Unmarshal(raw, &n) == nil {
					return n.String()
				}
				bad(i, "property %q is not text", key)
			}
			return strings.TrimSpace(s)
		}
		t.Name = str("name")
		if t.Name == "" {
			bad(i, `no "name" property`)
		} else if err := checkName("name", t.Name); err != nil {
			bad(i, "%v", err)
		}
		if k := str("kind"); k != "" {
			t.Kind = truce.TerritoryKind(k)
		}
		if !validKind(t.Kind) {
			bad(i, "kind %q: want one of country, admin1, admin2, region, corridor, locality", t.Kind)
		}
		if c := str("country"); c != "" {
			t.Country = strings.ToUpper(c)
		}
		if t.Country != "" && len(t.Country) != 3 {
			bad(i, "country %q: want an ISO 3166-1 alpha-3 code", t.Country)
		}
		t.Code = str("code")
		if g := str("geonameid"); g != "" {
			id, err := strconv.ParseInt(g, 10, 64)
			if err != nil {
				bad(i, "geonameid %q is not a number", g)
			}
			t.GeoNameID = id
		}
		if raw, ok := f.Properties["aliases"]; ok {
			var list []string
			if err := json.Unmarshal(raw, &list); err != nil {
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					bad(i, `"aliases" is neither a list nor text`)
				}
				list = strings.Split(s, "|")
			}
			for _, a := range list {
				if a = strings.TrimSpace(a); a != "" {
					if err := checkName("alias", a); err != nil {
						bad(i, "%v", err)
					}
					t.Aliases = append(t.Aliases, a)
				}
			}
		}
		if p := str("parent"); p != "" {
			parents[len(out)] = p
		}
		if len(bytes.TrimSpace(f.Geometry)) == 0 || string(f.Geometry) == "null" {
			bad(i, "no geometry")
		} else if _, err := sqlite.CheckGeometry(f.Geometry); err != nil {
			bad(i, "%s", truce.ErrorMessage(err))
		} else if err := checkShape(f.Geometry); err != nil {
			bad(i, "%v", err)
		} else {
			t.Geometry = f.Geometry
		}
		out = append(out, t)
	}
	if len(problems) > 0 {
		return nil, nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, parents, nil
}

func runTerritoryAdd(ctx context.Context, env *Env, args []string) error {
	o := territoryAddOpts
	if len(args) != 1 {
		return usagef("want one GeoJSON file")
	}
	if !validKind(truce.TerritoryKind(o.kind)) {
		return usagef("--kind %q: want one of country, admin1, admin2, region, corridor, locality", o.kind)
	}
	f, err := os.Open(env.abs(args[0]))
	if err != nil {
		return fmt.Errorf("read %s: %w", args[0], err)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxGeoJSONBytes+1))
	f.Close()
	if err != nil {
		return fmt.Errorf("read %s: %w", args[0], err)
	}
	if len(data) > maxGeoJSONBytes {
		return fmt.Errorf("%s: nothing stored: file larger than %d MiB (split it, or simplify its geometries)", args[0], maxGeoJSONBytes>>20)
	}
	ts, parents, err := readTerritories(data, truce.TerritoryKind(o.kind), strings.ToUpper(o.country))
	if err != nil {
		return fmt.Errorf("%s: nothing stored:\n%w", args[0], err)
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	for i, name := range parents {
		p, err := s.FindTerritory(ctx, name)
		if err != nil {
			return fmt.Errorf("%s: nothing stored: territory %q: parent %q: %w", args[0], ts[i].Name, name, err)
		}
		ts[i].ParentID = p.ID
	}
	if err := checkParents(ctx, s, ts); err != nil {
		return fmt.Errorf("%s: nothing stored: %w", args[0], err)
	}
	// One transaction for the file: 5,000 features take a fraction of the
	// time of one transaction each, and a failure stores none of them.
	if bp, ok := s.(territoryBulkPutter); ok {
		if err := bp.PutTerritories(ctx, ts); err != nil {
			return fmt.Errorf("%s: nothing stored: %w", args[0], err)
		}
	} else {
		for _, tr := range ts {
			if err := s.PutTerritory(ctx, tr); err != nil {
				return fmt.Errorf("%s: territory %q: %w", args[0], tr.Name, err)
			}
		}
	}
	t := newTable(env.Stdout, "ID", "NAME", "KIND", "COUNTRY", "ALIASES")
	for _, tr := range ts {
		t.row(itoa(tr.ID), tr.Name, string(tr.Kind), tr.Country, strings.Join(tr.Aliases, ", "))
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "stored %d territories\n", len(ts))
	return nil
}

func runTerritoryList(ctx context.Context, env *Env, args []string) error {
	o := territoryListOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	f := truce.TerritoryFilter{Country: strings.ToUpper(o.country)}
	if o.kind != "" {
		k := truce.TerritoryKind(o.kind)
		if !validKind(k) {
			return usagef("--kind %q: want one of country, admin1, admin2, region, corridor, locality", o.kind)
		}
		f.Kinds = []truce.TerritoryKind{k}
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	ts, err := s.Territories(ctx, f)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		if ts == nil {
			ts = []*truce.Territory{}
		}
		return writeJSON(env.Stdout, ts)
	}
	if len(ts) == 0 {
		fmt.Fprintln(env.Stdout, "no territories (a new record is seeded from the boundaries file of `make build`; add finer ones with truce territory add)")
		return nil
	}
	t := newTable(env.Stdout, "ID", "NAME", "KIND", "COUNTRY", "CODE", "ALIASES")
	for _, tr := range ts {
		t.row(itoa(tr.ID), tr.Name, string(tr.Kind), tr.Country, tr.Code, clip(strings.Join(tr.Aliases, ", "), 60))
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d territories\n", len(ts))
	return nil
}

// maxGeoJSONBytes caps the file territory add reads.
const maxGeoJSONBytes = 64 << 20

// maxPositions caps the positions of one territory's geometry: the
// largest boundary truce ships (Canada) has 25,586.
const maxPositions = 250000

// checkShape checks what GeometryBBox leaves out: the size of the
// geometry, and that each ring encloses an area and does not cross
// itself. Positions repeated one after the other, and rings that touch
// themselves at a position, are allowed.
func checkShape(raw json.RawMessage) error {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return fmt.Errorf("bad GeoJSON geometry: %w", err)
	}
	var polys [][][][]float64
	if g.Type == "Polygon" {
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return fmt.Errorf("bad Polygon coordinates: %w", err)
		}
		polys = [][][][]float64{p}
	} else if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
		return fmt.Errorf("bad MultiPolygon coordinates: %w", err)
	}
	n := 0
	for _, p := range polys {
		for _, r := range p {
			n += len(r)
		}
	}
	if n > maxPositions {
		return fmt.Errorf("geometry has %d positions: at most %d (simplify it first)", n, maxPositions)
	}
	for i, p := range polys {
		for j, r := range p {
			pts := make([][2]float64, 0, len(r))
			for _, pt := range r {
				q := [2]float64{pt[0], pt[1]}
				if len(pts) == 0 || pts[len(pts)-1] != q {
					pts = append(pts, q)
				}
			}
			if len(pts) < 4 {
				return fmt.Errorf("polygon %d ring %d encloses no area", i, j)
			}
			if at, ok := selfCrossing(pts); ok {
				return fmt.Errorf("polygon %d ring %d crosses itself at [%v, %v]", i, j, at[0], at[1])
			}
			if ringArea(pts) == 0 {
				return fmt.Errorf("polygon %d ring %d encloses no area", i, j)
			}
		}
	}
	return nil
}

// ringArea is twice the signed area of a closed ring (shoelace formula).
func ringArea(pts [][2]float64) float64 {
	a := 0.0
	for k := 0; k+1 < len(pts); k++ {
		a += pts[k][0]*pts[k+1][1] - pts[k+1][0]*pts[k][1]
	}
	return a
}

// selfCrossing reports whether two segments of the closed ring pts that
// are not neighbours cross, and where. Segments are bucketed in a grid of
// about one cell per segment, so a ring of n positions takes about n
// tests unless many long segments pile up in the same cells.
func selfCrossing(pts [][2]float64) ([2]float64, bool) {
	n := len(pts) - 1 // segments; pts[n] == pts[0]
	minX, minY, maxX, maxY := pts[0][0], pts[0][1], pts[0][0], pts[0][1]
	for _, p := range pts {
		minX, minY, maxX, maxY = min(minX, p[0]), min(minY, p[1]), max(maxX, p[0]), max(maxY, p[1])
	}
	g := int(math.Ceil(math.Sqrt(float64(n))))
	cw, ch := (maxX-minX)/float64(g), (maxY-minY)/float64(g)
	cell := func(v, lo, w float64) int {
		if w == 0 {
			return 0
		}
		return min(g-1, max(0, int((v-lo)/w)))
	}
	grid := make(map[int][]int)
	for k := range n {
		a, b := pts[k], pts[k+1]
		x0, x1 := cell(min(a[0], b[0]), minX, cw), cell(max(a[0], b[0]), minX, cw)
		y0, y1 := cell(min(a[1], b[1]), minY, ch), cell(max(a[1], b[1]), minY, ch)
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				grid[x*g+y] = append(grid[x*g+y], k)
			}
		}
	}
	for _, segs := range grid {
		for u := 0; u < len(segs); u++ {
			for v := u + 1; v < len(segs); v++ {
				i, j := segs[u], segs[v]
				if j == i+1 || i == j+1 || (min(i, j) == 0 && max(i, j) == n-1) {
					continue // neighbours share a position
				}
				if at, ok := segmentsCross(pts[i], pts[i+1], pts[j], pts[j+1]); ok {
					return at, true
				}
			}
		}
	}
	return [2]float64{}, false
}

// segmentsCross reports whether segments ab and cd cross, each passing
// from one side of the other to the other side, and where. Segments that
// only touch (a ring pinched at a position, common in simplified
// boundaries) do not count.
func segmentsCross(a, b, c, d [2]float64) ([2]float64, bool) {
	orient := func(p, q, r [2]float64) float64 {
		return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0])
	}
	d1, d2, d3, d4 := orient(c, d, a), orient(c, d, b), orient(a, b, c), orient(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		t := d1 / (d1 - d2)
		return [2]float64{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, true
	}
	return [2]float64{}, false
}

// checkParents refuses parents that would make a territory its own
// ancestor, before anything is stored. ts are the territories of one
// file with their parents resolved; a territory whose name is in the
// record is an update, and its new parent counts.
func checkParents(ctx context.Context, s truce.Store, ts []*truce.Territory) error {
	all, err := s.Territories(ctx, truce.TerritoryFilter{})
	if err != nil {
		return fmt.Errorf("read territories: %w", err)
	}
	parent := make(map[int64]int64, len(all))
	name := make(map[int64]string, len(all))
	byName := make(map[string]int64, len(all))
	for _, t := range all {
		parent[t.ID], name[t.ID], byName[t.Name] = t.ParentID, t.Name, t.ID
	}
	for _, t := range ts {
		if id, ok := byName[t.Name]; ok {
			parent[id] = t.ParentID
		}
	}
	for _, t := range ts {
		id, ok := byName[t.Name]
		if !ok || t.ParentID == 0 {
			continue // a new territory is no one's parent yet
		}
		chain := []string{t.Name}
		for cur := t.ParentID; cur != 0; cur = parent[cur] {
			chain = append(chain, name[cur])
			if cur == id {
				if len(chain) == 2 {
					return fmt.Errorf("territory %q cannot be its own parent", t.Name)
				}
				return fmt.Errorf("territory %q: parent %q would make a cycle: %s", t.Name, chain[1], strings.Join(chain, " → "))
			}
			if len(chain) > len(all)+1 {
				return fmt.Errorf("territory %q: the record's parents of %q form a cycle", t.Name, chain[1])
			}
		}
	}
	return nil
}
