package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/gazetteer"
)

// geoGazetteer opens the gazetteer for the geoparsing tests, or skips.
func geoGazetteer(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	g, err := gazetteer.Default()
	if err != nil {
		t.Skipf("no gazetteer index (run `make build`): %v", err)
	}
	return g
}

func TestGeoparseSmall(t *testing.T) {
	g := geoGazetteer(t)
	// A gold set in the LGL format, written for this test; offsets are in
	// characters, as in the real sets ("Kəlbəcər" has multi-byte letters).
	xml := `<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text>Troops entered Kəlbəcər on Wednesday. Residents left for Yerevan, Armenia, and Zzyzxville.</text>
<toponyms>
<toponym><start>15</start><end>23</end><phrase>Kəlbəcər</phrase><gaztag geonameid="586268"><lat>40.10984</lat><lon>46.04446</lon></gaztag></toponym>
<toponym><start>57</start><end>64</end><phrase>Yerevan</phrase><gaztag geonameid="616052"><lat>40.18111</lat><lon>44.51361</lon></gaztag></toponym>
<toponym><start>66</start><end>73</end><phrase>Armenia</phrase><gaztag geonameid="174982"><lat>40.25</lat><lon>45</lon></gaztag></toponym>
<toponym><start>79</start><end>89</end><phrase>Zzyzxville</phrase><gaztag><lat>-33.9</lat><lon>151.2</lon></gaztag></toponym>
</toponyms></article></articles>`
	path := filepath.Join(t.TempDir(), "small.xml")
	if err := os.WriteFile(path, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Geoparse(context.Background(), g, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Corpora[0]
	tests := []struct {
		name      string
		got, want int
	}{
		{"docs", c.Docs, 1},
		{"gold", c.Gold, 4},
		{"tp", c.TP, 3},
		{"predicted", c.Predicted, 3},
		{"acc161 hits", c.Acc161.Hit, 3},
		{"acc161 total", c.Acc161.Total, 4},
		{"known total", c.Acc161Known.Total, 3},
		{"no candidates", c.NoCandidates, 1},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d (report %+v)", tt.name, tt.got, tt.want, c)
		}
	}
	if fs := rep.Figures(); len(fs) != 5 || fs[0].Name != "small acc@161km" || fs[0].Value != 0.75 {
		t.Errorf("Figures = %+v", fs)
	}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil || !strings.Contains(b.String(), "small") {
		t.Errorf("WriteTable: %v\n%s", err, b.String())
	}
}

func TestGeoparseErrors(t *testing.T) {
	g := geoGazetteer(t)
	dir := t.TempDir()
	if _, err := Geoparse(context.Background(), g, dir, Options{}); err == nil {
		t.Error("empty folder: no error")
	}
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte("<articles><article><text>x</text"), 0o644)
	if _, err := Geoparse(context.Background(), g, bad, Options{}); err == nil {
		t.Error("broken XML: no error")
	}
	if _, err := Geoparse(context.Background(), nil, bad, Options{}); err == nil {
		t.Error("nil gazetteer: no error")
	}
}

// TestGeoparseReal scores the gold sets in ../../shared/eval/geoparsing.
func TestGeoparseReal(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "eval", "geoparsing")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("geoparsing gold sets not found at %s (they live in the shared folder beside the project)", dir)
	}
	if testing.Short() {
		t.Skip("long: scores every gold set")
	}
	g := geoGazetteer(t)
	if os.Getenv("TRUCE_GEOPARSE_DEBUG") != "" {
		geoparseDebug = os.Stderr
		defer func() { geoparseDebug = nil }()
	}
	rep, err := Geoparse(context.Background(), g, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteTable(&b)
	t.Log("\n" + b.String())
	// floors of accuracy@161 km, a little under what was measured
	// 2026-11-28 with institutions read by their area, landmarks and
	// contractions left out of Scan: GWN 0.902, LGL 0.853, TR-News
	// 0.880 (an index built before those changes gives GWN 0.890)
	floors := map[string]float64{"GWN": 0.885, "lgl": 0.84, "TR-News": 0.865}
	for _, c := range rep.Corpora {
		if c.Acc161.Total == 0 || c.Gold == 0 {
			t.Errorf("%s: nothing scored", c.Name)
		}
		if f, ok := floors[c.Name]; ok && c.Acc161.Rate() < f {
			t.Errorf("%s acc@161km = %s, want ≥ %.2f", c.Name, c.Acc161, f)
		}
	}
}
