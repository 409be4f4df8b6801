package synth_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/sqlite"
)

func build(t *testing.T, cfg synth.Config) (*sqlite.DB, synth.Stats) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "synth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st, err := synth.BuildStats(context.Background(), db, cfg)
	if err != nil {
		t.Fatalf("BuildStats: %v", err)
	}
	return db, st
}

func TestBuild(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		cfg  synth.Config
	}{
		{"square grid", synth.Config{Territories: 16, Events: 1000, Batch: 300, TransferEvery: 10}},
		{"ragged grid", synth.Config{Territories: 7, Events: 250, Seed: 9, Batch: 1000}},
		{"no transfers", synth.Config{Territories: 4, Events: 100, TransferEvery: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, st := build(t, tt.cfg)
			if st.Territories != tt.cfg.Territories || st.Events != tt.cfg.Events {
				t.Errorf("stats %+v", st)
			}
			es, n, err := db.Events(ctx, truce.EventFilter{})
			if err != nil || n != tt.cfg.Events {
				t.Fatalf("Events: %d, %v; want %d", n, err, tt.cfg.Events)
			}
			bounds := tt.cfg.Bounds()
			for _, e := range es {
				if !bounds.Contains(e.Location.Lat, e.Location.Lon) || e.Date < synth.Default.From || e.Date > synth.Default.To {
					t.Fatalf("event %d outside the grid or period: %+v", e.ID, e)
				}
			}
			cs, err := db.ControlEntries(ctx, truce.ControlFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var fromEvents int
			for _, c := range cs {
				if c.EventID != 0 {
					fromEvents++
				}
			}
			if fromEvents != st.Transfers || len(cs)-fromEvents != st.ControlEntries {
				t.Errorf("control entries: %d from events, %d manual; stats %+v", fromEvents, len(cs)-fromEvents, st)
			}
			if tt.cfg.TransferEvery < 0 && st.Transfers != 0 {
				t.Errorf("transfers with TransferEvery < 0: %d", st.Transfers)
			}
			ts, err := db.Territories(ctx, truce.TerritoryFilter{BBox: &truce.BBox{
				MinLon: tt.cfg.CellBox(0).MinLon + 0.01, MinLat: tt.cfg.CellBox(0).MinLat + 0.01,
				MaxLon: tt.cfg.CellBox(0).MinLon + 0.02, MaxLat: tt.cfg.CellBox(0).MinLat + 0.02}})
			if err != nil || len(ts) != 1 || ts[0].Name != synth.TerritoryName(0) {
				t.Errorf("territory in cell 0: %v, %v", ts, err)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	cfg := synth.Config{Territories: 9, Events: 400, Seed: 42}
	a, _ := build(t, cfg)
	b, _ := build(t, cfg)
	c, _ := build(t, synth.Config{Territories: 9, Events: 400, Seed: 43})
	ea, _, _ := a.Events(ctx, truce.EventFilter{})
	eb, _, _ := b.Events(ctx, truce.EventFilter{})
	ec, _, _ := c.Events(ctx, truce.EventFilter{})
	same := func(x, y []*truce.Event) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].Date != y[i].Date || x[i].Location != y[i].Location || x[i].SubType != y[i].SubType ||
				x[i].Actor1.Name != y[i].Actor1.Name || x[i].Review != y[i].Review {
				return false
			}
		}
		return true
	}
	if !same(ea, eb) {
		t.Error("the same config built different records")
	}
	if same(ea, ec) {
		t.Error("different seeds built the same record")
	}
}

func TestBadConfig(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "bad.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bad := []synth.Config{
		{Territories: -1},
		{Events: -5},
		{From: truce.MustDate("2020-01-02"), To: truce.MustDate("2020-01-01")},
	}
	for _, cfg := range bad {
		if err := synth.Build(context.Background(), db, cfg); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("Build(%+v): %v, want EINVALID", cfg, err)
		}
	}
}
