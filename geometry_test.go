package truce_test

import (
	"encoding/json"
	"testing"

	"github.com/truce-monitor/truce"
)

func TestGeometryBBox(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want [4]float64
		err  string
	}{
		{"polygon", `{"type":"Polygon","coordinates":[[[46,40],[46.5,40],[46.5,40.3],[46,40]]]}`, [4]float64{46, 40, 46.5, 40.3}, ""},
		{"multipolygon", `{"type":"MultiPolygon","coordinates":[[[[46,40],[46.5,40],[46.5,40.3],[46,40]]],[[[45,39],[45.2,39],[45.2,39.1],[45,39]]]]}`, [4]float64{45, 39, 46.5, 40.3}, ""},
		{"not json", `{"type":`, [4]float64{}, "bad GeoJSON geometry"},
		{"no type", `{"coordinates":[]}`, [4]float64{}, "no GeoJSON type"},
		{"point", `{"type":"Point","coordinates":[46,40]}`, [4]float64{}, "want Polygon or MultiPolygon"},
		{"bad polygon coords", `{"type":"Polygon","coordinates":[1,2]}`, [4]float64{}, "bad Polygon coordinates"},
		{"bad multipolygon coords", `{"type":"MultiPolygon","coordinates":"x"}`, [4]float64{}, "bad MultiPolygon coordinates"},
		{"no polygons", `{"type":"MultiPolygon","coordinates":[]}`, [4]float64{}, "no polygons"},
		{"no rings", `{"type":"Polygon","coordinates":[]}`, [4]float64{}, "has no rings"},
		{"short ring", `{"type":"Polygon","coordinates":[[[46,40],[46.5,40],[46,40]]]}`, [4]float64{}, "want at least 4"},
		{"short position", `{"type":"Polygon","coordinates":[[[46],[46.5,40],[46.5,40.3],[46,40]]]}`, [4]float64{}, "want longitude and latitude"},
		{"off globe", `{"type":"Polygon","coordinates":[[[46,40],[190,40],[46.5,40.3],[46,40]]]}`, [4]float64{}, "off the globe"},
		{"open ring", `{"type":"Polygon","coordinates":[[[46,40],[46.5,40],[46.5,40.3],[46,40.1]]]}`, [4]float64{}, "not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := truce.GeometryBBox(json.RawMessage(tt.raw))
			checkErr(t, err, tt.err)
			if got != tt.want {
				t.Errorf("bbox = %v, want %v", got, tt.want)
			}
		})
	}
}

func BenchmarkGeometryBBox(b *testing.B) {
	raw := json.RawMessage(`{"type":"MultiPolygon","coordinates":[[[[46,40],[46.5,40],[46.5,40.3],[46.2,40.4],[46,40]]],[[[45,39],[45.2,39],[45.2,39.1],[45,39]]]]}`)
	for b.Loop() {
		if _, err := truce.GeometryBBox(raw); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(raw)), "bytes/geometry")
}
