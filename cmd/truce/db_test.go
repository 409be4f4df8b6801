package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/demo"
)

// boundariesFixture is a boundaries file in the format `make build`
// writes: a country, two of its districts (one under a second spelling)
// and a line, which seeding leaves out.
const boundariesFixture = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Azerbaijan","kind":"country","country":"AZE","code":"AZE","aliases":["Azərbaycan","Republic of Azerbaijan"]},"geometry":{"type":"Polygon","coordinates":[[[44.7,38.3],[50.6,38.3],[50.6,41.9],[44.7,41.9],[44.7,38.3]]]}},
{"type":"Feature","properties":{"name":"Agdam","kind":"admin1","country":"AZE","code":"AZ-AGM","gn_code":"AZ.03","aliases":["Ağdam","Aghdam"]},"geometry":{"type":"Polygon","coordinates":[[[46.6,39.9],[47.3,39.9],[47.3,40.2],[46.6,40.2],[46.6,39.9]]]}},
{"type":"Feature","properties":{"name":"Kalbajar","kind":"admin1","country":"AZE","code":"AZ-KAL","gn_code":"AZ.26","aliases":["Kəlbəcər"]},"geometry":{"type":"Polygon","coordinates":[[[45.6,39.8],[46.6,39.8],[46.6,40.4],[45.6,40.4],[45.6,39.8]]]}},
{"type":"Feature","properties":{"name":"Line of contact","kind":"line"},"geometry":{"type":"LineString","coordinates":[[46.5,39.4],[47.1,40.2]]}}
]}
`

func writeBoundaries(t testing.TB, dir string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(boundariesFixture))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "boundaries.geojson.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func testEnv(vars map[string]string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] }}, &out, &errb
}

// TestOpenStoreSeeds checks that a new record is seeded from the
// boundaries file by every name, that an existing one is not seeded again,
// and that the demo reuses the seeded districts instead of adding
// look-alikes.
func TestOpenStoreSeeds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	env, _, errb := testEnv(map[string]string{"TRUCE_BOUNDARIES": writeBoundaries(t, dir), "TRUCE_DB": db})
	s, err := openStore(ctx, env, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errb.String(), "seeded 3 territories") {
		t.Errorf("stderr = %q", errb.String())
	}
	tests := []struct{ name, want string }{
		{"Azərbaycan", "Azerbaijan"}, {"AZE", "Azerbaijan"},
		{"Ağdam", "Agdam"}, {"aghdam", "Agdam"}, {"AZ.03", "Agdam"}, {"AZ-AGM", "Agdam"},
		{"Kəlbəcər", "Kalbajar"},
	}
	for _, tt := range tests {
		tr, err := s.FindTerritory(ctx, tt.name)
		if err != nil || tr.Name != tt.want {
			t.Errorf("FindTerritory(%q) = %v, %v; want %s", tt.name, tr, err, tt.want)
		}
	}
	if _, err := s.FindTerritory(ctx, "Line of contact"); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Errorf("line seeded as a territory: %v", err)
	}
	if err := demo.Build(ctx, s); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Aghdam", "Kalbajar"} {
		ts, err := s.Territories(ctx, truce.TerritoryFilter{Kinds: []truce.TerritoryKind{truce.TerritoryAdmin1}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, tr := range ts {
			for _, a := range append([]string{tr.Name}, tr.Aliases...) {
				if strings.EqualFold(a, name) {
					n++
					break
				}
			}
		}
		if n != 1 {
			t.Errorf("%d admin1 territories called %s after the demo, want 1", n, name)
		}
	}
	s.Close()

	// opened again: not seeded again
	errb.Reset()
	s, err = openStore(ctx, env, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if errb.Len() != 0 {
		t.Errorf("second open wrote %q", errb.String())
	}
}

// TestOpenStoreBadBoundaries checks that a broken boundaries file fails the
// open and leaves no half-seeded record behind.
func TestOpenStoreBadBoundaries(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.geojson.gz")
	os.WriteFile(bad, []byte("not gzip"), 0o644)
	db := filepath.Join(dir, "t.db")
	env, _, _ := testEnv(map[string]string{"TRUCE_BOUNDARIES": bad})
	if s, err := openStore(context.Background(), env, db); err == nil {
		s.Close()
		t.Fatal("openStore with a broken boundaries file: no error")
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("record left behind: %v", err)
	}
}

// BenchmarkControlCommand runs `truce control --at` on the demo record in
// process: opening the record, the snapshot and the table.
func BenchmarkControlCommand(b *testing.B) {
	ctx := context.Background()
	db := filepath.Join(b.TempDir(), "demo.db")
	env, out, _ := testEnv(map[string]string{})
	if code := run(ctx, env, []string{"demo", "--db", db}); code != 0 {
		b.Fatalf("demo: exit %d", code)
	}
	for b.Loop() {
		out.Reset()
		if code := run(ctx, env, []string{"control", "--db", db, "--at", "2020-11-22"}); code != 0 {
			b.Fatalf("control: exit %d", code)
		}
	}
	b.ReportMetric(float64(strings.Count(out.String(), "\n")-1), "rows")
}

// BenchmarkSeedBoundaries seeds a new record from the fixture.
func BenchmarkSeedBoundaries(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	env, _, _ := testEnv(map[string]string{"TRUCE_BOUNDARIES": writeBoundaries(b, dir)})
	i := 0
	for b.Loop() {
		i++
		s, err := openStore(ctx, env, filepath.Join(dir, "t"+itoa(int64(i))+".db"))
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
