package timeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/sqlite"
	"github.com/truce-monitor/truce/timeline"
)

// genEntries makes control entries shaped like the synthetic record's:
// n territories, each with a baseline and one or two changes between the
// two synthetic actors, plus a transfer from an event for one in four.
func genEntries(n int) []truce.ControlEntry {
	rng := rand.New(rand.NewPCG(1, 2))
	from := truce.MustDate("2016-01-01")
	var out []truce.ControlEntry
	var id int64
	for t := range n {
		holder := rng.IntN(2)
		at := from.AddDays(-365)
		k := 2 + rng.IntN(2)
		if t%4 == 0 {
			k++
		}
		for range k {
			id++
			out = append(out, truce.ControlEntry{ID: id, TerritoryID: int64(t + 1), Territory: synth.TerritoryName(t),
				At: at, Controller: synth.Actors[holder], Status: truce.Assessed, EventID: id % 7})
			holder = 1 - holder
			at = at.AddDays(1 + rng.IntN(1000))
		}
	}
	return out
}

// BenchmarkPeriods computes the periods of every territory of a 10,000
// territory record and the whole map at one day, without a store.
func BenchmarkPeriods(b *testing.B) {
	entries := genEntries(10_000)
	at := truce.MustDate("2019-06-01")
	var open int
	for b.Loop() {
		open = len(timeline.At(timeline.Periods(entries), at))
	}
	b.ReportMetric(float64(len(entries)), "entries/op")
	b.ReportMetric(float64(open), "territories/op")
}

// BenchmarkStatus computes one obligation's status from its territory's
// entries.
func BenchmarkStatus(b *testing.B) {
	entries := genEntries(1)
	o := truce.Obligation{ID: "x", Party: synth.Actors[0].Name, Action: truce.ActionHandOver, TerritoryID: 1,
		To: synth.Actors[1].Name, Due: truce.MustDate("2018-01-01"),
		Amendments: []truce.Amendment{{NewDue: truce.MustDate("2018-06-01"), AgreedOn: truce.MustDate("2017-12-20")}}}
	a := &truce.Agreement{ID: "a", Signed: truce.MustDate("2015-01-01")}
	at := truce.MustDate("2020-01-01")
	for b.Loop() {
		timeline.Status(o, a, entries, &synth.Actors[1], &synth.Actors[0], at)
	}
}

// The store-backed benchmarks run on the synthetic record of package
// internal/synth (10,000 territories, 1,000,000 events), cached as the
// sqlite benchmarks cache it: in $TRUCE_BENCH_DIR, else bin/bench.
// TRUCE_BENCH_EVENTS asks for a smaller record.

func benchConfig() synth.Config {
	cfg := synth.Default
	if v := os.Getenv("TRUCE_BENCH_EVENTS"); v != "" {
		fmt.Sscan(v, &cfg.Events)
	}
	return cfg
}

func benchDir() string {
	if d := os.Getenv("TRUCE_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "bin", "bench")
}

// benchInfo is the file the sqlite benchmarks write beside the record.
type benchInfo struct {
	Config  synth.Config
	Stats   synth.Stats
	Seconds float64
}

// benchStore opens the cached synthetic record, building it when missing.
func benchStore(b *testing.B) (*sqlite.DB, synth.Config) {
	b.Helper()
	cfg := benchConfig()
	name := fmt.Sprintf("synth-%dt-%de-s%d", cfg.Territories, cfg.Events, cfg.Seed)
	path := filepath.Join(benchDir(), name+".db")
	infoPath := filepath.Join(benchDir(), name+".json")
	ctx := context.Background()
	if _, err := os.Stat(infoPath); err == nil {
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		return db, cfg
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
	raw, _ := json.Marshal(benchInfo{Config: cfg, Stats: st, Seconds: time.Since(start).Seconds()})
	if err := os.WriteFile(infoPath, raw, 0o644); err != nil {
		b.Fatal(err)
	}
	return db, cfg
}

func reportMS(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkControlAtTerritory asks who held one random territory, by
// name, on a random day, with the evidence behind it.
func BenchmarkControlAtTerritory(b *testing.B) {
	db, cfg := benchStore(b)
	defer db.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	span := int(cfg.To - cfg.From)
	b.ReportAllocs()
	for b.Loop() {
		name := synth.TerritoryName(rng.IntN(cfg.Territories))
		snap, err := timeline.ControlAt(ctx, db, cfg.From.AddDays(rng.IntN(span)), timeline.Query{Territories: []string{name}})
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Territories) != 1 || snap.Territories[0].Controller == nil {
			b.Fatalf("snapshot of %s: %+v", name, snap.Territories)
		}
	}
	reportMS(b)
}

// BenchmarkControlAtMap computes the whole-map snapshot on a random day,
// with and without the evidence.
func BenchmarkControlAtMap(b *testing.B) {
	db, cfg := benchStore(b)
	defer db.Close()
	ctx := context.Background()
	span := int(cfg.To - cfg.From)
	for _, q := range []struct {
		name string
		q    timeline.Query
	}{{"evidence", timeline.Query{}}, {"no-evidence", timeline.Query{NoEvidence: true}}} {
		b.Run(q.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 4))
			b.ReportAllocs()
			var n int
			for b.Loop() {
				snap, err := timeline.ControlAt(ctx, db, cfg.From.AddDays(rng.IntN(span)), q.q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(snap.Territories)
			}
			if n != cfg.Territories {
				b.Fatalf("%d territories in the snapshot, want %d", n, cfg.Territories)
			}
			reportMS(b)
		})
	}
	// The store's share: reading every entry up to the day, and the
	// timeline's: periods and the snapshot from entries in memory.
	b.Run("entries-only", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(3, 4))
		b.ReportAllocs()
		var n int
		for b.Loop() {
			es, err := db.ControlEntries(ctx, truce.ControlFilter{Until: cfg.From.AddDays(rng.IntN(span))})
			if err != nil {
				b.Fatal(err)
			}
			n = len(es)
		}
		b.ReportMetric(float64(n), "entries/op")
		reportMS(b)
	})
	b.Run("periods-only", func(b *testing.B) {
		es, err := db.ControlEntries(ctx, truce.ControlFilter{})
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(3, 4))
		b.ReportAllocs()
		for b.Loop() {
			timeline.At(timeline.Periods(es), cfg.From.AddDays(rng.IntN(span)))
		}
		reportMS(b)
	})
}

// BenchmarkObligations computes the board of an agreement with 100
// hand_over obligations on synthetic territories (put into the cached
// record once, replaced on later runs).
func BenchmarkObligations(b *testing.B) {
	db, cfg := benchStore(b)
	defer db.Close()
	ctx := context.Background()
	a := &truce.Agreement{ID: "synthetic-bench", Title: "Synthetic agreement for benchmarks", Signed: cfg.From,
		Parties: []string{synth.Actors[0].Name, synth.Actors[1].Name}}
	for i := range 100 {
		a.Obligations = append(a.Obligations, truce.Obligation{ID: fmt.Sprintf("o%03d", i), Party: synth.Actors[i%2].Name,
			Action: truce.ActionHandOver, Territory: synth.TerritoryName(i * 97 % cfg.Territories),
			To: synth.Actors[1-i%2].Name, Due: cfg.From.AddDays(365 * (1 + i%5))})
	}
	if err := db.PutAgreement(ctx, a); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	span := int(cfg.To - cfg.From)
	b.ReportAllocs()
	states := map[truce.ObligationState]int{}
	for b.Loop() {
		board, err := timeline.Obligations(ctx, db, a.ID, cfg.From.AddDays(rng.IntN(span)))
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range board.Obligations {
			states[r.Status]++
		}
	}
	reportMS(b)
	for _, s := range []truce.ObligationState{truce.Pending, truce.Met, truce.MetLate, truce.Overdue} {
		b.ReportMetric(float64(states[s])/float64(b.N), string(s)+"/op")
	}
}

// BenchmarkDiff compares two random days a month apart over the whole
// synthetic record, with the evidence behind each change.
func BenchmarkDiff(b *testing.B) {
	db, cfg := benchStore(b)
	defer db.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	span := int(cfg.To-cfg.From) - 30
	b.ReportAllocs()
	var changes int
	for b.Loop() {
		from := cfg.From.AddDays(rng.IntN(span))
		cs, err := timeline.Diff(ctx, db, from, from.AddDays(30))
		if err != nil {
			b.Fatal(err)
		}
		changes += len(cs)
	}
	b.ReportMetric(float64(changes)/float64(b.N), "changes/op")
	reportMS(b)
}

// BenchmarkChanges is the in-memory part of Diff on 10,000 territories.
func BenchmarkChanges(b *testing.B) {
	ps := timeline.Periods(genEntries(10_000))
	from, to := truce.MustDate("2017-01-01"), truce.MustDate("2017-02-01")
	var n int
	for b.Loop() {
		n = len(timeline.Changes(ps, from, to))
	}
	b.ReportMetric(float64(n), "changes/op")
}
