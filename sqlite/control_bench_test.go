package sqlite_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/sqlite"
)

// BenchmarkControlEntriesMap reads every entry up to a random day, as a
// whole-map snapshot does: "cold" from the file (the cache emptied before
// each read, so each read loads every entry), "warm" from the entries kept
// in memory by the read before.
func BenchmarkControlEntriesMap(b *testing.B) {
	db, info := benchDB(b)
	defer db.Close()
	ctx := context.Background()
	cfg := info.Config
	span := int(cfg.To - cfg.From)
	for _, bc := range []struct {
		name string
		cold bool
	}{{"cold", true}, {"warm", false}} {
		b.Run(bc.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 4))
			b.ReportAllocs()
			var entries int
			for b.Loop() {
				if bc.cold {
					sqlite.DropControlCache(db)
				}
				cs, err := db.ControlEntries(ctx, truce.ControlFilter{Until: cfg.From.AddDays(rng.IntN(span))})
				if err != nil {
					b.Fatal(err)
				}
				entries += len(cs)
			}
			b.ReportMetric(float64(entries)/float64(b.N), "entries/op")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}

// BenchmarkControlEntriesAfterAdd reads the whole map after each entry
// added, as a served map does while events are accepted, on a small
// synthetic record built for it (2,000 territories, no events): "added"
// reads only the new entry after the first load, "cold" loads every entry
// (the cache emptied), for comparison. The writes are not timed.
func BenchmarkControlEntriesAfterAdd(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "truce.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cfg := synth.Config{Territories: 2_000, Events: 0}
	if _, err := synth.BuildStats(ctx, db, cfg); err != nil {
		b.Fatal(err)
	}
	ts, err := db.Territories(ctx, truce.TerritoryFilter{Limit: 1})
	if err != nil || len(ts) == 0 {
		b.Fatalf("territories: %v", err)
	}
	first := ts[0].ID
	for _, bc := range []struct {
		name string
		cold bool
	}{{"added", false}, {"cold", true}} {
		b.Run(bc.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(7, 8))
			b.ReportAllocs()
			var entries int
			for b.Loop() {
				b.StopTimer()
				c := &truce.ControlEntry{TerritoryID: first + int64(rng.IntN(cfg.Territories)),
					At: truce.MustDate("2024-01-01").AddDays(rng.IntN(365)), Controller: synth.Actors[rng.IntN(2)]}
				if err := db.AddControlEntry(ctx, c); err != nil {
					b.Fatal(err)
				}
				if bc.cold {
					sqlite.DropControlCache(db)
				}
				b.StartTimer()
				cs, err := db.ControlEntries(ctx, truce.ControlFilter{})
				if err != nil {
					b.Fatal(err)
				}
				entries = len(cs)
			}
			b.ReportMetric(float64(entries), "entries/op")
		})
	}
}
