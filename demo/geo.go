package demo

import (
	"encoding/json"
	"fmt"
	"math"
)

// earthRadiusKm is the mean radius of the Earth.
const earthRadiusKm = 6371.0

// lonLat is a point as GeoJSON orders it: longitude, then latitude.
type lonLat [2]float64

// strip returns a GeoJSON Polygon of width km along the polyline path: the
// two sides are the path offset by width/2 to the left and right, joined
// with mitred corners, closed by flat ends. It works in a local
// equirectangular plane around the path's mean latitude, which is exact to
// well under one per cent over a few tens of kilometres.
func strip(path []lonLat, widthKm float64) (json.RawMessage, error) {
	if len(path) < 2 {
		return nil, fmt.Errorf("demo: strip needs at least two points, got %d", len(path))
	}
	var lat0 float64
	for _, p := range path {
		lat0 += p[1]
	}
	lat0 /= float64(len(path))
	kx := earthRadiusKm * math.Pi / 180 * math.Cos(lat0*math.Pi/180) // km per degree of longitude
	ky := earthRadiusKm * math.Pi / 180                              // km per degree of latitude
	xy := make([][2]float64, len(path))
	for i, p := range path {
		xy[i] = [2]float64{p[0] * kx, p[1] * ky}
	}
	// unit normal (to the left) of segment i
	normal := func(i int) ([2]float64, error) {
		dx, dy := xy[i+1][0]-xy[i][0], xy[i+1][1]-xy[i][1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			return [2]float64{}, fmt.Errorf("demo: strip: points %d and %d coincide", i, i+1)
		}
		return [2]float64{-dy / l, dx / l}, nil
	}
	half := widthKm / 2
	left := make([]lonLat, len(xy))
	right := make([]lonLat, len(xy))
	for i := range xy {
		var n [2]float64
		switch i {
		case 0:
			a, err := normal(0)
			if err != nil {
				return nil, err
			}
			n = a
		case len(xy) - 1:
			a, err := normal(i - 1)
			if err != nil {
				return nil, err
			}
			n = a
		default:
			a, err := normal(i - 1)
			if err != nil {
				return nil, err
			}
			b, err := normal(i)
			if err != nil {
				return nil, err
			}
			m := [2]float64{a[0] + b[0], a[1] + b[1]}
			ml := math.Hypot(m[0], m[1])
			if ml < 1e-9 {
				return nil, fmt.Errorf("demo: strip: path turns back on itself at point %d", i)
			}
			m = [2]float64{m[0] / ml, m[1] / ml}
			// mitre: stretch so that the offset from each segment is half
			cos := m[0]*a[0] + m[1]*a[1]
			n = [2]float64{m[0] / cos, m[1] / cos}
		}
		left[i] = lonLat{round5((xy[i][0] + n[0]*half) / kx), round5((xy[i][1] + n[1]*half) / ky)}
		right[i] = lonLat{round5((xy[i][0] - n[0]*half) / kx), round5((xy[i][1] - n[1]*half) / ky)}
	}
	ring := make([]lonLat, 0, 2*len(xy)+1)
	ring = append(ring, right...)
	for i := len(left) - 1; i >= 0; i-- {
		ring = append(ring, left[i])
	}
	ring = append(ring, right[0])
	return polygon(ring)
}

// disc returns a GeoJSON Polygon approximating a circle of radius km around
// centre with n vertices.
func disc(centre lonLat, radiusKm float64, n int) (json.RawMessage, error) {
	if n < 3 || radiusKm <= 0 {
		return nil, fmt.Errorf("demo: disc needs 3 or more vertices and a positive radius")
	}
	kx := earthRadiusKm * math.Pi / 180 * math.Cos(centre[1]*math.Pi/180)
	ky := earthRadiusKm * math.Pi / 180
	ring := make([]lonLat, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		ring = append(ring, lonLat{
			round5(centre[0] + radiusKm*math.Cos(a)/kx),
			round5(centre[1] + radiusKm*math.Sin(a)/ky),
		})
	}
	ring = append(ring, ring[0])
	return polygon(ring)
}

func polygon(ring []lonLat) (json.RawMessage, error) {
	b, err := json.Marshal(struct {
		Type        string     `json:"type"`
		Coordinates [][]lonLat `json:"coordinates"`
	}{"Polygon", [][]lonLat{ring}})
	if err != nil {
		return nil, fmt.Errorf("demo: polygon: %w", err)
	}
	return b, nil
}

func round5(v float64) float64 { return math.Round(v*1e5) / 1e5 }

// distanceKm is the great-circle distance between two points (haversine).
func distanceKm(a, b lonLat) float64 {
	φ1, φ2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dφ := φ2 - φ1
	dλ := (b[0] - a[0]) * math.Pi / 180
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(h))
}
