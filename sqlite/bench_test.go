package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/sqlite"
	"github.com/truce-monitor/truce/storetest"
)

// benchConfig is the record the benchmarks query: synth.Default (10,000
// territories, 1,000,000 events) unless TRUCE_BENCH_EVENTS asks for fewer.
func benchConfig() synth.Config {
	cfg := synth.Default
	if v := os.Getenv("TRUCE_BENCH_EVENTS"); v != "" {
		fmt.Sscan(v, &cfg.Events)
	}
	return cfg
}

// benchDir is where the cached record lives: $TRUCE_BENCH_DIR, else
// bin/bench at the module root, else the temporary directory.
func benchDir() string {
	if d := os.Getenv("TRUCE_BENCH_DIR"); d != "" {
		return d
	}
	if wd, err := os.Getwd(); err == nil {
		if _, err := os.Stat(filepath.Join(wd, "..", "go.mod")); err == nil {
			return filepath.Join(wd, "..", "bin", "bench")
		}
	}
	return filepath.Join(os.TempDir(), "truce-bench")
}

// buildInfo is stored beside the cached record.
type buildInfo struct {
	Config  synth.Config
	Stats   synth.Stats
	Seconds float64
}

// benchDB opens the cached synthetic record, building it first when it is
// missing. It returns the build figures.
func benchDB(b *testing.B) (*sqlite.DB, buildInfo) {
	b.Helper()
	cfg := benchConfig()
	dir := benchDir()
	name := fmt.Sprintf("synth-%dt-%de-s%d", cfg.Territories, cfg.Events, cfg.Seed)
	path := filepath.Join(dir, name+".db")
	infoPath := filepath.Join(dir, name+".json")
	ctx := context.Background()
	var info buildInfo
	if raw, err := os.ReadFile(infoPath); err == nil && json.Unmarshal(raw, &info) == nil {
		if _, err := os.Stat(path); err == nil {
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			return db, info
		}
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
	b.Logf("building %s (once; cached for later runs)", path)
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	st, err := synth.BuildStats(ctx, db, cfg)
	if err != nil {
		db.Close()
		b.Fatal(err)
	}
	info = buildInfo{Config: cfg, Stats: st, Seconds: time.Since(start).Seconds()}
	raw, _ := json.Marshal(info)
	if err := os.WriteFile(infoPath, raw, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d territories, %d events in %.1fs", st.Territories, st.Events, info.Seconds)
	return db, info
}

// BenchmarkCreateEvents measures the bulk path: batches of 10,000 events
// into a database holding a small grid of territories.
func BenchmarkCreateEvents(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bulk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cfg := synth.Config{Territories: 100, Events: 0, TransferEvery: -1}
	if err := synth.Build(ctx, db, cfg); err != nil {
		b.Fatal(err)
	}
	const batch = 10_000
	rng := rand.New(rand.NewPCG(1, 2))
	mk := func() []*truce.Event { return storetest.BulkEvents(rng, cfg, batch) }
	var n int
	var elapsed, cpu time.Duration
	for b.Loop() {
		es := mk()
		start, cpu0 := time.Now(), cpuTime()
		if err := db.CreateEvents(ctx, es); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		n += len(es)
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(n), "ns/event")
	// CPU time per event (all threads, GC included): the figure to trust
	// when other processes share the machine.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu_ns/event")
}

// BenchmarkEventsBBox queries the cached record for the events in a box of
// 3×3 territories, first page of 100 with the total.
func BenchmarkEventsBBox(b *testing.B) {
	db, info := benchDB(b)
	defer db.Close()
	ctx := context.Background()
	cfg := info.Config
	cols := cfg.Columns()
	rng := rand.New(rand.NewPCG(3, 4))
	var rows, total int
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	alloc0 := ms.TotalAlloc
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
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(total)/float64(b.N), "matches/op")
	b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
	b.ReportMetric(float64(ms.TotalAlloc-alloc0)/float64(b.N)/1024, "KiB/op")
	b.ReportMetric(info.Seconds, "build_s")
	b.ReportMetric(float64(info.Stats.Events)/info.Seconds, "build_events/s")
}

// BenchmarkControlEntries reads the control history of 100 random
// territories up to a day, as the timeline does to compute control at T.
func BenchmarkControlEntries(b *testing.B) {
	db, info := benchDB(b)
	defer db.Close()
	ctx := context.Background()
	cfg := info.Config
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

// BenchmarkControlEntriesAll reads every control entry of the record.
func BenchmarkControlEntriesAll(b *testing.B) {
	db, _ := benchDB(b)
	defer db.Close()
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

// BenchmarkFindTerritory looks territories of the cached record up by
// folded name, alias-free code and a miss, as the extractor resolves place
// mentions.
func BenchmarkFindTerritory(b *testing.B) {
	db, info := benchDB(b)
	defer db.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 8))
	var misses int
	for b.Loop() {
		i := rng.IntN(info.Config.Territories)
		var q string
		switch rng.IntN(3) {
		case 0:
			q = synth.TerritoryName(i)
		case 1:
			q = fmt.Sprintf("SYNTHETIC DİSTRİCT %05d", i)
		default:
			q = fmt.Sprintf("Nowhere %d", i)
		}
		if _, err := db.FindTerritory(ctx, q); err != nil {
			if truce.ErrorCode(err) != truce.ENOTFOUND {
				b.Fatal(err)
			}
			misses++
		}
	}
	b.ReportMetric(float64(misses)/float64(b.N), "misses/op")
}

// BenchmarkEvent reads one event with its evidence by id.
func BenchmarkEvent(b *testing.B) {
	db, info := benchDB(b)
	defer db.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(9, 10))
	for b.Loop() {
		if _, err := db.Event(ctx, 1+int64(rng.IntN(info.Stats.Events))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEventsText runs a full-text search with a date window over the
// cached record, first page of 50 with the total.
func BenchmarkEventsText(b *testing.B) {
	db, info := benchDB(b)
	defer db.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 12))
	words := []string{"drones depot", "convoy checkpoint", "landmine", "looted"}
	var total int
	for b.Loop() {
		from := info.Config.From.AddDays(rng.IntN(2500))
		_, n, err := db.Events(ctx, truce.EventFilter{Text: words[rng.IntN(len(words))], From: from, To: from.AddDays(90), Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		total += n
	}
	b.ReportMetric(float64(total)/float64(b.N), "matches/op")
}
