package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/postgres/pgtest"
	"github.com/truce-monitor/truce/storetest"
)

// benchConfig is the record the read benchmarks query: synth.Default's
// 10,000 territories with 100,000 events (a tenth of the SQLite
// benchmarks', to keep the build short on a shared server), or
// TRUCE_BENCH_EVENTS events.
func benchConfig() synth.Config {
	cfg := synth.Default
	cfg.Events = 100_000
	if v := os.Getenv("TRUCE_BENCH_EVENTS"); v != "" {
		fmt.Sscan(v, &cfg.Events)
	}
	return cfg
}

// benchRecord is the synthetic record shared by the read benchmarks of one
// run, built once in a throwaway database dropped at the end of the run.
var benchRecord struct {
	once    sync.Once
	db      *postgres.DB
	stats   synth.Stats
	seconds float64
	err     error
}

// cleanups run when the test binary exits (TestMain): the benchmark
// database outlives the benchmark that built it.
var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}

// benchDB returns the shared synthetic record, building it first.
func benchDB(b *testing.B) (*postgres.DB, synth.Config) {
	b.Helper()
	cfg := benchConfig()
	r := &benchRecord
	r.once.Do(func() {
		if r.err = pgtest.Reachable(); r.err != nil {
			return
		}
		dsn, drop, err := pgtest.CreateDatabase()
		if r.err = err; err != nil {
			return
		}
		cleanups = append(cleanups, func() {
			if err := drop(); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		})
		ctx := context.Background()
		if r.db, r.err = postgres.Open(ctx, dsn); r.err != nil {
			return
		}
		cleanups = append([]func(){func() { r.db.Close() }}, cleanups...)
		start := time.Now()
		r.stats, r.err = synth.BuildStats(ctx, r.db, cfg)
		r.seconds = time.Since(start).Seconds()
		b.Logf("built %d territories, %d events in %.1fs", r.stats.Territories, r.stats.Events, r.seconds)
	})
	if err := pgtest.Reachable(); err != nil {
		b.Skipf("no PostgreSQL server at %s (set TRUCE_TEST_POSTGRES): %v", postgres.Redact(pgtest.DSN()), err)
	}
	if r.err != nil {
		b.Fatal(r.err)
	}
	return r.db, cfg
}

// BenchmarkCreateEvents measures the bulk path (COPY): batches of 10,000
// events into a database holding a small grid of territories.
func BenchmarkCreateEvents(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	defer db.Close()
	cfg := synth.Config{Territories: 100, Events: 0, TransferEvery: -1}
	if err := synth.Build(ctx, db, cfg); err != nil {
		b.Fatal(err)
	}
	const batch = 10_000
	rng := rand.New(rand.NewPCG(1, 2))
	mk := func() []*truce.Event { return storetest.BulkEvents(rng, cfg, batch) }
	var n int
	var elapsed time.Duration
	for b.Loop() {
		es := mk()
		start := time.Now()
		if err := db.CreateEvents(ctx, es); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		n += len(es)
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(n), "ns/event")
}

// BenchmarkEventsBBox queries the synthetic record for the events in a box
// of 3×3 territories, first page of 100 with the total.
func BenchmarkEventsBBox(b *testing.B) {
	db, cfg := benchDB(b)
	ctx := context.Background()
	cols := cfg.Columns()
	rng := rand.New(rand.NewPCG(3, 4))
	var rows, total int
	for b.Loop() {
		i := rng.IntN(cfg.Territories - 3*cols - 3)
		lo, hi := cfg.CellBox(i), cfg.CellBox(i+2*cols+2)
		box := truce.BBox{MinLon: lo.MinLon, MinLat: lo.MinLat, MaxLon: hi.MaxLon, MaxLat: hi.MaxLat}
		es, n, err := db.Events(ctx, truce.EventFilter{BBox: &box, Limit: 100})
		if err != nil {
			b.Fatal(err)
		}
		rows += len(es)
		total += n
	}
	b.ReportMetric(float64(total)/float64(b.N), "matches/op")
	b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
}

// BenchmarkControlEntries reads the control history of 100 random
// territories up to a day, as the timeline does to compute control at T.
func BenchmarkControlEntries(b *testing.B) {
	db, cfg := benchDB(b)
	ctx := context.Background()
	all, err := db.Territories(ctx, truce.TerritoryFilter{Limit: 1})
	if err != nil || len(all) == 0 {
		b.Fatalf("territories: %v", err)
	}
	first := all[0].ID
	rng := rand.New(rand.NewPCG(5, 6))
	var entries int
	for b.Loop() {
		ids := make([]int64, 100)
		for i := range ids {
			ids[i] = first + int64(rng.IntN(cfg.Territories))
		}
		cs, err := db.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: ids, Until: cfg.From.AddDays(rng.IntN(2900))})
		if err != nil {
			b.Fatal(err)
		}
		entries += len(cs)
	}
	b.ReportMetric(float64(entries)/float64(b.N), "entries/op")
}

// BenchmarkControlEntriesAll reads every control entry of the record: the
// whole-map snapshot.
func BenchmarkControlEntriesAll(b *testing.B) {
	db, _ := benchDB(b)
	ctx := context.Background()
	var entries int
	for b.Loop() {
		cs, err := db.ControlEntries(ctx, truce.ControlFilter{})
		if err != nil {
			b.Fatal(err)
		}
		entries = len(cs)
	}
	b.ReportMetric(float64(entries), "entries/op")
}

// BenchmarkEventsText runs a full-text search with a date window, first
// page of 50 with the total.
func BenchmarkEventsText(b *testing.B) {
	db, cfg := benchDB(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 12))
	words := []string{"drones depot", "convoy checkpoint", "landmine", "looted"}
	var total int
	for b.Loop() {
		from := cfg.From.AddDays(rng.IntN(2500))
		_, n, err := db.Events(ctx, truce.EventFilter{Text: words[rng.IntN(len(words))], From: from, To: from.AddDays(90), Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		total += n
	}
	b.ReportMetric(float64(total)/float64(b.N), "matches/op")
}
