package gazetteer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/truce-monitor/truce/fold"
)

// countiesFile is the US Census counties TopoJSON of npm us-atlas (ISC).
const countiesFile = "us-atlas/counties-10m.json"

// topology is the part of a TopoJSON file readCounties needs.
type topology struct {
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Geometries []topoGeometry `json:"geometries"`
	} `json:"objects"`
	Arcs [][][]float64 `json:"arcs"`
}

type topoGeometry struct {
	Type       string          `json:"type"`
	ID         any             `json:"id"`
	Arcs       json.RawMessage `json:"arcs"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

// fips returns the geometry's FIPS code, zero-padded to width digits.
func (g topoGeometry) fips(width int) string {
	switch v := g.ID.(type) {
	case string:
		return v
	case float64:
		return fmt.Sprintf("%0*d", width, int64(v))
	}
	return ""
}

// decodeArcs turns the quantised, delta-encoded arcs of t into absolute
// longitude/latitude points.
func (t *topology) decodeArcs() ([][]orb.Point, error) {
	out := make([][]orb.Point, len(t.Arcs))
	for i, arc := range t.Arcs {
		pts := make([]orb.Point, 0, len(arc))
		var x, y float64
		for _, p := range arc {
			if len(p) < 2 {
				return nil, fmt.Errorf("arc %d: position with %d coordinates", i, len(p))
			}
			if t.Transform == nil {
				pts = append(pts, orb.Point{p[0], p[1]})
				continue
			}
			x += p[0]
			y += p[1]
			pts = append(pts, orb.Point{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]})
		}
		out[i] = pts
	}
	return out, nil
}

// ring joins arcs (a negative index ~i is arc i reversed) into a ring.
func ring(arcs [][]orb.Point, idx []int) (orb.Ring, error) {
	var r orb.Ring
	for n, a := range idx {
		rev := a < 0
		if rev {
			a = ^a
		}
		if a >= len(arcs) {
			return nil, fmt.Errorf("arc %d of %d", a, len(arcs))
		}
		pts := arcs[a]
		for k := range pts {
			j := k
			if rev {
				j = len(pts) - 1 - k
			}
			if n > 0 && k == 0 {
				continue // shared with the end of the previous arc
			}
			r = append(r, pts[j])
		}
	}
	return r, nil
}

// geometry builds the polygon or multipolygon of g.
func (g topoGeometry) geometry(arcs [][]orb.Point) (orb.Geometry, error) {
	polygon := func(rings [][]int) (orb.Polygon, error) {
		var p orb.Polygon
		for _, idx := range rings {
			r, err := ring(arcs, idx)
			if err != nil {
				return nil, err
			}
			p = append(p, r)
		}
		return p, nil
	}
	switch g.Type {
	case "Polygon":
		var rings [][]int
		if err := json.Unmarshal(g.Arcs, &rings); err != nil {
			return nil, err
		}
		return polygon(rings)
	case "MultiPolygon":
		var polys [][][]int
		if err := json.Unmarshal(g.Arcs, &polys); err != nil {
			return nil, err
		}
		var mp orb.MultiPolygon
		for _, rings := range polys {
			p, err := polygon(rings)
			if err != nil {
				return nil, err
			}
			mp = append(mp, p)
		}
		return mp, nil
	}
	return nil, nil
}

// countyWord is the word US usage puts after a county's name, by state
// FIPS code: Louisiana has parishes, Alaska boroughs.
func countyWord(state string) string {
	switch state {
	case "22":
		return "Parish"
	case "02":
		return "Borough"
	}
	return "County"
}

// readCounties adds the counties of the United States (admin-2 areas) from
// us-atlas: "Orange County" in California, Florida, New York and five
// other states, each placed at the centroid of its largest polygon, in its
// state (the admin1 area of the same name), weighing as much as the
// cities500 places inside it (summed by sumPopulations). Independent
// cities (FIPS county codes from 500: Baltimore, Richmond, St. Louis) are
// cities500 places already; the District of Columbia and the territories
// are left out.
func (b *builder) readCounties() error {
	path := filepath.Join(b.opts.NPMDir, countiesFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	arcs, err := t.decodeArcs()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	ci, ok := b.byISO2["US"]
	if !ok {
		return fmt.Errorf("no United States in countries.tsv")
	}
	// State FIPS → the admin1 place of the same name.
	byName := map[string]int32{}
	for i, p := range b.places {
		if b.country[i] == ci && p.Code == "ADM1" && p.Admin1Code != "" {
			for _, n := range b.names[int32(i)] {
				byName[fold.Key(n)] = int32(i)
			}
		}
	}
	states := map[string]int32{}
	for _, s := range t.Objects["states"].Geometries {
		if i, ok := byName[fold.Key(s.Properties.Name)]; ok {
			states[s.fips(2)] = i
		}
	}
	if len(states) < 50 {
		return fmt.Errorf("%s: %d states matched to admin1 areas, want 50", path, len(states))
	}
	for _, c := range t.Objects["counties"].Geometries {
		id := c.fips(5)
		name := strings.TrimSpace(c.Properties.Name)
		if len(id) != 5 || name == "" {
			continue
		}
		st, code := id[:2], id[2:]
		a1, ok := states[st]
		if !ok || code >= "500" {
			continue
		}
		geom, err := c.geometry(arcs)
		if err != nil {
			return fmt.Errorf("%s: county %s: %w", path, id, err)
		}
		lp, ok := labelPoint(geom)
		if !ok {
			continue
		}
		full := name + " " + countyWord(st)
		i := b.addPlace(Place{Name: full, ASCIIName: asciiName(full), Lat: lp[1], Lon: lp[0],
			Admin1Code: b.places[a1].Admin1Code, Admin2Code: code, Class: "A", Code: "ADM2"}, ci)
		b.addName(full, i, matchName)
		for _, v := range countySpellings(name) {
			b.addName(v+" "+countyWord(st), i, matchAlias)
		}
		b.admin2["US."+b.places[a1].Admin1Code+"."+code] = i
	}
	return nil
}

// countySpellings gives the other ways news writes a county's name:
// "Saint Croix" for "St. Croix", "Sainte Genevieve" for "Ste. Genevieve",
// "DeSoto" and "LaSalle" for "De Soto" and "La Salle".
func countySpellings(name string) []string {
	var out []string
	for _, r := range [][2]string{{"St. ", "Saint "}, {"Ste. ", "Sainte "}} {
		if rest, ok := strings.CutPrefix(name, r[0]); ok {
			out = append(out, r[1]+rest)
		}
	}
	for _, p := range []string{"De ", "La ", "Le ", "Du "} {
		if rest, ok := strings.CutPrefix(name, p); ok && !strings.Contains(rest, " ") {
			out = append(out, strings.TrimSpace(p)+rest)
		}
	}
	return out
}
