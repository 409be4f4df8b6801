package timeline_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/demo"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/sqlite"
	"github.com/truce-monitor/truce/timeline"
)

func openSQLite(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSynthRecord checks snapshots and diffs on a small synthetic record in
// SQLite against a brute-force reading of the entries: the assessed
// controller on a day is the one of the last assessed entry on or before
// it.
func TestSynthRecord(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	cfg := synth.Config{Territories: 40, Events: 3000, TransferEvery: 20, Batch: 1000}
	if err := synth.Build(ctx, db, cfg); err != nil {
		t.Fatal(err)
	}
	all, err := db.ControlEntries(ctx, truce.ControlFilter{})
	if err != nil {
		t.Fatal(err)
	}
	controllerAt := func(day truce.Date) map[int64]string {
		m := map[int64]string{}
		for _, e := range all { // ordered by territory, day, id
			if e.Status == truce.Assessed && e.At <= day {
				m[e.TerritoryID] = e.Controller.Name
			}
		}
		return m
	}
	days := []truce.Date{synth.Default.From.AddDays(-400), synth.Default.From, truce.MustDate("2018-03-01"),
		truce.MustDate("2020-07-15"), truce.MustDate("2023-12-31")}
	for _, day := range days {
		snap, err := timeline.ControlAt(ctx, db, day, timeline.Query{NoEvidence: true})
		if err != nil {
			t.Fatal(err)
		}
		want := controllerAt(day)
		if len(snap.Territories) != len(want) {
			t.Errorf("%s: %d territories, want %d", day, len(snap.Territories), len(want))
		}
		for _, c := range snap.Territories {
			if c.Controller == nil || c.Controller.Name != want[c.TerritoryID] || c.Status != truce.Assessed {
				t.Errorf("%s %s: %+v, want %s", day, c.Territory, c.Controller, want[c.TerritoryID])
			}
		}
	}
	for i := 1; i < len(days); i++ {
		changes, err := timeline.Diff(ctx, db, days[i-1], days[i])
		if err != nil {
			t.Fatal(err)
		}
		before, after := controllerAt(days[i-1]), controllerAt(days[i])
		want := 0
		for id, c := range after {
			if before[id] != c {
				want++
			}
		}
		if len(changes) != want {
			t.Errorf("Diff(%s, %s): %d changes, want %d", days[i-1], days[i], len(changes), want)
		}
		for _, c := range changes {
			if c.To == nil || after[c.TerritoryID] != c.To.Name || len(c.Evidence) == 0 {
				t.Errorf("Diff(%s, %s): %+v", days[i-1], days[i], c)
			}
		}
	}
}

// TestDemoCase runs the timeline over the demo case in SQLite: the
// handovers of November 2020 and the Kalbajar extension.
func TestDemoCase(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	if err := demo.Build(ctx, db); err != nil {
		t.Fatal(err)
	}
	snap, err := timeline.ControlAt(ctx, db, truce.MustDate("2020-11-22"), timeline.Query{Territories: []string{"Ağdam", "Kəlbəcər"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range snap.Territories {
		if c.Controller != nil {
			got[c.Territory] = c.Controller.Country
		}
	}
	if got["Aghdam"] != "AZE" || got["Kalbajar"] == "AZE" {
		t.Errorf("control on 22 Nov 2020: %v", got)
	}
	tests := []struct {
		at   string
		want map[string]truce.ObligationState
	}{
		{"2020-11-16", map[string]truce.ObligationState{"aghdam": truce.Pending, "kalbajar": truce.Pending, "lachin": truce.Pending}},
		{"2020-11-22", map[string]truce.ObligationState{"aghdam": truce.Met, "kalbajar": truce.Pending, "lachin": truce.Pending}},
		{"2020-12-02", map[string]truce.ObligationState{"aghdam": truce.Met, "kalbajar": truce.Met, "lachin": truce.Met}},
	}
	for _, tt := range tests {
		board, err := timeline.Obligations(ctx, db, "trilateral-2020-11-10", truce.MustDate(tt.at))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range board.Obligations {
			if want, ok := tt.want[r.ID]; ok && r.Status != want {
				t.Errorf("%s: %s is %s (due %s, met %s), want %s", tt.at, r.ID, r.Status, r.Due, r.MetOn, want)
			}
			if r.ID == "kalbajar" && tt.at == "2020-12-02" && (r.Due.String() != "2020-11-25" || r.MetOn.String() != "2020-11-25" || len(r.Evidence) == 0) {
				t.Errorf("kalbajar on %s: due %s met %s evidence %d", tt.at, r.Due, r.MetOn, len(r.Evidence))
			}
		}
	}
}
