package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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

// villagesGeoJSON is a FeatureCollection of n made-up villages, each a
// ring of 64 positions about 2 km across, on a grid over the
// Karabakh lowlands.
func villagesGeoJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		lon, lat := 46.0+float64(i%100)*0.02, 39.5+float64(i/100)*0.02
		var ring []string
		for k := range 64 {
			a := 2 * math.Pi * float64(k) / 64
			ring = append(ring, fmt.Sprintf("[%.6f,%.6f]", lon+0.008*math.Cos(a), lat+0.008*math.Sin(a)))
		}
		ring = append(ring, ring[0])
		fmt.Fprintf(&b, `{"type":"Feature","properties":{"name":"Village %d","aliases":["Village-%d"],"country":"AZE"},`+
			`"geometry":{"type":"Polygon","coordinates":[[%s]]}}`, i, i, strings.Join(ring, ","))
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// BenchmarkTerritoryAdd runs truce territory add on a GeoJSON file of
// $TRUCE_BENCH_FEATURES made-up villages (default 2,000) into a new
// SQLite record: read, check, one transaction.
func BenchmarkTerritoryAdd(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_FEATURES")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "villages.geojson"), villagesGeoJSON(n), 0o644); err != nil {
		b.Fatal(err)
	}
	env := func(out *bytes.Buffer) *Env {
		return &Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: out, Dir: dir, Getenv: func(string) string { return "" }}
	}
	var elapsed time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		db := fmt.Sprintf("r%d.db", i)
		var out bytes.Buffer
		if code := run(context.Background(), env(&out), []string{"territory", "list", "--db", db}); code != 0 {
			b.Fatalf("territory list: exit %d: %s", code, out.String())
		}
		b.StartTimer()
		start := time.Now()
		if code := run(context.Background(), env(&out), []string{"territory", "add", "--db", db, "villages.geojson"}); code != 0 {
			b.Fatalf("territory add: exit %d: %s", code, out.String())
		}
		elapsed += time.Since(start)
		if !strings.Contains(out.String(), fmt.Sprintf("stored %d territories", n)) {
			b.Fatalf("territory add: %s", out.String())
		}
	}
	b.ReportMetric(float64(n*i)/elapsed.Seconds(), "features/s")
}
