package gazetteer

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"github.com/truce-monitor/truce"
)

// Attribution credits the sources of the index and the boundaries; show
// it wherever their data is shown.
const Attribution = "Contains data from GeoNames (geonames.org), CC BY 4.0, and Natural Earth (public domain)"

// geometryJSON is a GeoJSON geometry as read and written here.
type geometryJSON struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// parseGeometry reads a GeoJSON Polygon, MultiPolygon or LineString; other
// types and null give nil.
func parseGeometry(raw json.RawMessage) (orb.Geometry, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var g geometryJSON
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("geometry: %w", err)
	}
	switch g.Type {
	case "Polygon":
		var p orb.Polygon
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, fmt.Errorf("polygon: %w", err)
		}
		return p, nil
	case "MultiPolygon":
		var mp orb.MultiPolygon
		if err := json.Unmarshal(g.Coordinates, &mp); err != nil {
			return nil, fmt.Errorf("multipolygon: %w", err)
		}
		return mp, nil
	case "LineString":
		var ls orb.LineString
		if err := json.Unmarshal(g.Coordinates, &ls); err != nil {
			return nil, fmt.Errorf("linestring: %w", err)
		}
		return ls, nil
	}
	return nil, nil
}

// marshalGeometry writes g as GeoJSON.
func marshalGeometry(g orb.Geometry) (json.RawMessage, error) {
	var coords any
	switch g := g.(type) {
	case orb.Polygon:
		coords = g
	case orb.MultiPolygon:
		coords = g
	case orb.LineString:
		coords = g
	default:
		return nil, fmt.Errorf("unsupported geometry %T", g)
	}
	c, err := json.Marshal(coords)
	if err != nil {
		return nil, err
	}
	return json.Marshal(geometryJSON{Type: g.GeoJSONType(), Coordinates: c})
}

// simplifyGeometry simplifies g with Douglas–Peucker at tol degrees,
// rounds coordinates to 1e-4 degree and drops rings that collapse.
func simplifyGeometry(g orb.Geometry, tol float64) orb.Geometry {
	g = simplify.DouglasPeucker(tol).Simplify(orb.Clone(g))
	g = orb.Round(g, 1e4)
	cleanPoly := func(p orb.Polygon) orb.Polygon {
		out := p[:0]
		for i, r := range p {
			if len(r) < 4 {
				if i == 0 {
					return nil
				}
				continue
			}
			out = append(out, r)
		}
		return out
	}
	switch t := g.(type) {
	case orb.Polygon:
		if p := cleanPoly(t); p != nil {
			return p
		}
		return nil
	case orb.MultiPolygon:
		out := t[:0]
		for _, p := range t {
			if p = cleanPoly(p); p != nil {
				out = append(out, p)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return g
}

// boundaryProps are the properties of a boundary feature.
type boundaryProps struct {
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`              // country, admin1, region, line
	Country   string   `json:"country,omitempty"` // ISO3
	Code      string   `json:"code,omitempty"`    // ISO 3166-2 for admin1, ISO3 for countries
	GNCode    string   `json:"gn_code,omitempty"` // GeoNames admin1 key "AZ.26"
	GeoNameID int64    `json:"geonameid,omitempty"`
	Aliases   []string `json:"aliases,omitempty"`
	ValidFrom string   `json:"valid_from,omitempty"`
	ValidTo   string   `json:"valid_to,omitempty"`
	Note      string   `json:"note,omitempty"`
}

type boundaryFeature struct {
	Type       string          `json:"type"`
	Properties boundaryProps   `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

// writeBoundaries writes the simplified boundary features, gzipped
// GeoJSON, one feature a line; it returns the compressed size.
func (b *builder) writeBoundaries(path string) (int64, error) {
	// Names must be unique: an admin1 name used in several countries
	// takes its country's name.
	count := map[string]int{}
	inCountry := map[string]int{} // name and country
	for _, s := range b.shapes {
		if s.place >= 0 {
			count[b.places[s.place].Name]++
			inCountry[b.places[s.place].Name+"\x00"+fmt.Sprint(b.country[s.place])]++
		}
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	bw.WriteString("{\"type\":\"FeatureCollection\",\"attribution\":\"" + Attribution + "\",\"features\":[\n")
	used := map[string]bool{}
	first := true
	for _, s := range b.shapes {
		tol := b.opts.Tolerance
		if s.kind == "country" {
			tol *= 2
		}
		g := simplifyGeometry(s.geom, tol)
		if g == nil {
			continue
		}
		props := boundaryProps{Kind: s.kind, Code: s.code}
		if s.place >= 0 {
			p := b.places[s.place]
			props.Name = p.Name
			if c := b.country[s.place]; c >= 0 {
				props.Country = b.countries[c].iso3
				if s.kind == "admin1" && p.Admin1Code != "" {
					props.GNCode = b.countries[c].iso2 + "." + p.Admin1Code
				}
				if count[p.Name] > 1 && s.kind != "country" {
					// "Shusha District" and "Shusha Municipality" in
					// one country, "Central, Ghana" and "Central,
					// Kenya" in two.
					typ, _ := s.props["type"].(string)
					if inCountry[p.Name+"\x00"+fmt.Sprint(c)] > 1 && typ != "" {
						props.Name = p.Name + " " + typ
					} else {
						props.Name = p.Name + ", " + b.countries[c].name
					}
				}
			}
			props.GeoNameID = p.ID
			props.Aliases = b.names[s.place]
		}
		if v, ok := s.props["name"].(string); ok && props.Name == "" {
			props.Name = v
		}
		if v, ok := s.props["country"].(string); ok && props.Country == "" {
			props.Country = v
		}
		props.ValidFrom, _ = s.props["valid_from"].(string)
		props.ValidTo, _ = s.props["valid_to"].(string)
		props.Note, _ = s.props["note"].(string)
		for base, n := props.Name, 2; used[props.Name]; n++ {
			props.Name = fmt.Sprintf("%s (%d)", base, n)
		}
		used[props.Name] = true
		gj, err := marshalGeometry(g)
		if err != nil {
			return 0, err
		}
		line, err := json.Marshal(boundaryFeature{Type: "Feature", Properties: props, Geometry: gj})
		if err != nil {
			return 0, err
		}
		if !first {
			bw.WriteString(",\n")
		}
		first = false
		bw.Write(line)
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	return st.Size(), os.Rename(tmp, path)
}

// Boundary is one feature of the boundaries file.
type Boundary struct {
	Name      string
	Kind      string // country, admin1, region, line
	Country   string // ISO3
	Code      string // ISO 3166-2 (admin1), ISO3 (country)
	GNCode    string // GeoNames admin1 key "AZ.26"
	GeoNameID int64
	Aliases   []string
	ValidFrom string // for historic features, "1994-05-12"
	ValidTo   string
	Geometry  json.RawMessage // GeoJSON
}

// ReadBoundaries calls fn for every feature of the boundaries file at
// path (written by Build), streaming; it stops at fn's first error.
func ReadBoundaries(path string, fn func(Boundary) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("gazetteer: boundaries: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("gazetteer: boundaries %s: %w", path, err)
	}
	dec := json.NewDecoder(zr)
	// Walk to the features array.
	for {
		t, err := dec.Token()
		if err != nil {
			return fmt.Errorf("gazetteer: boundaries %s: %w", path, err)
		}
		if k, ok := t.(string); ok && k == "features" {
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return fmt.Errorf("gazetteer: boundaries %s: features is no array", path)
			}
			break
		}
	}
	n := 0
	for dec.More() {
		var bf boundaryFeature
		if err := dec.Decode(&bf); err != nil {
			return fmt.Errorf("gazetteer: boundaries %s: feature %d: %w", path, n, err)
		}
		n++
		p := bf.Properties
		err := fn(Boundary{Name: p.Name, Kind: p.Kind, Country: p.Country, Code: p.Code, GNCode: p.GNCode, GeoNameID: p.GeoNameID,
			Aliases: p.Aliases, ValidFrom: p.ValidFrom, ValidTo: p.ValidTo, Geometry: bf.Geometry})
		if err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("gazetteer: boundaries %s: %w", path, err)
	}
	return nil
}

// BoundariesTerritories reads the boundaries file as territories with
// which to seed a new database: every country and admin1 area, by every
// name the gazetteer knows for it, and the Karabakh regions (the former
// autonomous oblast, code NKAO, and the 1994–2020 de facto controlled
// area, code de_facto_control). The line of contact is left out.
func BoundariesTerritories(path string) ([]truce.Territory, error) {
	var ts []truce.Territory
	err := ReadBoundaries(path, func(bd Boundary) error {
		var kind truce.TerritoryKind
		switch bd.Kind {
		case "country":
			kind = truce.TerritoryCountry
		case "admin1":
			kind = truce.TerritoryAdmin1
		case "region":
			kind = truce.TerritoryRegion
		default:
			return nil
		}
		code := bd.Code
		if kind == truce.TerritoryAdmin1 && code == "" {
			code = bd.GNCode
		}
		var aliases []string
		for _, a := range bd.Aliases {
			if a != bd.Name && !strings.EqualFold(a, bd.Name) {
				aliases = append(aliases, a)
			}
		}
		if bd.GNCode != "" && bd.GNCode != code {
			aliases = append(aliases, bd.GNCode)
		}
		t := truce.Territory{Name: bd.Name, Kind: kind, Country: bd.Country, Code: code, GeoNameID: bd.GeoNameID,
			Aliases: aliases, Geometry: bd.Geometry}
		if bb, ok := geometryBBox(bd.Geometry); ok {
			t.BBox = &bb
		}
		ts = append(ts, t)
		return nil
	})
	return ts, err
}

// geometryBBox returns [minLon, minLat, maxLon, maxLat] of a GeoJSON
// polygon or multipolygon.
func geometryBBox(raw json.RawMessage) ([4]float64, bool) {
	g, err := parseGeometry(raw)
	if err != nil || g == nil {
		return [4]float64{}, false
	}
	bd := g.Bound()
	if math.IsInf(bd.Min[0], 0) {
		return [4]float64{}, false
	}
	return [4]float64{bd.Min[0], bd.Min[1], bd.Max[0], bd.Max[1]}, true
}
