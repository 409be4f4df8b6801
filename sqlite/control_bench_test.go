package sqlite_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/truce-monitor/truce"
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
