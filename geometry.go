package truce

import (
	"encoding/json"
	"math"
)

// GeometryBBox checks that raw is a GeoJSON Polygon or MultiPolygon with
// closed rings of at least four positions on the globe, and returns its
// bounding box [minLon, minLat, maxLon, maxLat]. Errors are EINVALID.
func GeometryBBox(raw json.RawMessage) ([4]float64, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return [4]float64{}, Errorf(EINVALID, "bad GeoJSON geometry: %v", err)
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return [4]float64{}, Errorf(EINVALID, "bad Polygon coordinates: %v", err)
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return [4]float64{}, Errorf(EINVALID, "bad MultiPolygon coordinates: %v", err)
		}
	case "":
		return [4]float64{}, Errorf(EINVALID, "geometry has no GeoJSON type")
	default:
		return [4]float64{}, Errorf(EINVALID, "geometry is a %s: want Polygon or MultiPolygon", g.Type)
	}
	if len(polys) == 0 {
		return [4]float64{}, Errorf(EINVALID, "geometry has no polygons")
	}
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for i, p := range polys {
		if len(p) == 0 {
			return [4]float64{}, Errorf(EINVALID, "polygon %d has no rings", i)
		}
		for j, r := range p {
			if len(r) < 4 {
				return [4]float64{}, Errorf(EINVALID, "polygon %d ring %d has %d positions: want at least 4", i, j, len(r))
			}
			for k, pt := range r {
				if len(pt) < 2 {
					return [4]float64{}, Errorf(EINVALID, "polygon %d ring %d position %d has %d numbers: want longitude and latitude", i, j, k, len(pt))
				}
				lon, lat := pt[0], pt[1]
				if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
					return [4]float64{}, Errorf(EINVALID, "polygon %d ring %d: position [%v, %v] is off the globe", i, j, lon, lat)
				}
				b[0], b[1] = min(b[0], lon), min(b[1], lat)
				b[2], b[3] = max(b[2], lon), max(b[3], lat)
			}
			first, last := r[0], r[len(r)-1]
			if first[0] != last[0] || first[1] != last[1] {
				return [4]float64{}, Errorf(EINVALID, "polygon %d ring %d is not closed", i, j)
			}
		}
	}
	return b, nil
}
