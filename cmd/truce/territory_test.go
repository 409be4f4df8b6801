package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

func TestReadTerritories(t *testing.T) {
	const square = `{"type":"Polygon","coordinates":[[[46.6,40.1],[46.7,40.1],[46.7,40.2],[46.6,40.2],[46.6,40.1]]]}`
	tests := []struct {
		name    string
		input   string
		want    truce.Territory // Name, Kind, Country, GeoNameID, Aliases checked
		parent  string
		wantErr string
	}{
		{name: "feature with alias text",
			input: `{"type":"Feature","properties":{"name":"Talish","aliases":"Tonashen| Talış |"},"geometry":` + square + `}`,
			want:  truce.Territory{Name: "Talish", Kind: truce.TerritoryLocality, Country: "AZE", Aliases: []string{"Tonashen", "Talış"}}},
		{name: "collection with alias list, numeric geonameid, parent",
			input:  `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Hadrut","kind":"admin2","country":"aze","geonameid":148105,"aliases":["Hadrut district"],"parent":"Khojavend"},"geometry":` + square + `}]}`,
			want:   truce.Territory{Name: "Hadrut", Kind: truce.TerritoryAdmin2, Country: "AZE", GeoNameID: 148105, Aliases: []string{"Hadrut district"}},
			parent: "Khojavend"},
		{name: "not geojson", input: `[1,2]`, wantErr: "not GeoJSON"},
		{name: "geometry alone", input: square, wantErr: `GeoJSON type "Polygon": want Feature or FeatureCollection`},
		{name: "empty collection", input: `{"type":"FeatureCollection","features":[]}`, wantErr: "no features"},
		{name: "bad country and geonameid",
			input:   `{"type":"Feature","properties":{"name":"X","country":"Azerbaijan","geonameid":"abc"},"geometry":` + square + `}`,
			wantErr: "feature 1: country \"AZERBAIJAN\": want an ISO 3166-1 alpha-3 code\nfeature 1: geonameid \"abc\" is not a number"},
		{name: "null geometry",
			input:   `{"type":"Feature","properties":{"name":"X"},"geometry":null}`,
			wantErr: "feature 1: no geometry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, parents, err := readTerritories([]byte(tt.input), truce.TerritoryLocality, "AZE")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ts) != 1 {
				t.Fatalf("%d territories, want 1", len(ts))
			}
			got := ts[0]
			if got.Name != tt.want.Name || got.Kind != tt.want.Kind || got.Country != tt.want.Country ||
				got.GeoNameID != tt.want.GeoNameID || !slices.Equal(got.Aliases, tt.want.Aliases) || len(got.Geometry) == 0 {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if parents[0] != tt.parent {
				t.Errorf("parent %q, want %q", parents[0], tt.parent)
			}
		})
	}
}
