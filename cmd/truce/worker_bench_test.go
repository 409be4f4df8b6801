package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/truce-monitor/truce/postgres/pgtest"
)

// wqBinary returns a directory holding this test binary under the name
// truce (truceOnPath for benchmarks).
func wqBinary(tb testing.TB) string {
	tb.Helper()
	exe, err := exec.LookPath("truce-bin")
	if err != nil {
		tb.Fatalf("truce-bin not on PATH (TestMain sets it up): %v", err)
	}
	dir := tb.TempDir()
	if err := os.Link(exe, filepath.Join(dir, "truce")); err != nil {
		data, err := os.ReadFile(exe)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "truce"), data, 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchmarkScale measures distributed ingestion end to end: reports
// written for the test are published with truce ingest --queue while 1, 2
// or 4 truce worker processes, or one with --parallel 2 (started and idle
// before the clock starts)
// ingest them into a fresh PostgreSQL record; the clock stops when the
// stream is drained and every report acknowledged, that is stored. It
// reports reports/s end to end and the publishing rate alone.
// TRUCE_BENCH_REPORTS sets the number of reports (default 2,000); set
// TRUCE_GAZETTEER to extract with the gazetteer as in production (make
// bench-scale does).
func BenchmarkScale(b *testing.B) {
	natsURL, js := wqNATS(b)
	n := 2000
	if v := os.Getenv("TRUCE_BENCH_REPORTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("TRUCE_BENCH_REPORTS=%q: want a positive number", v)
		}
	}
	if os.Getenv("TRUCE_GAZETTEER") == "" {
		if idx, err := filepath.Abs("../../bin/truce-data/gazetteer.idx"); err == nil {
			if _, err := os.Stat(idx); err == nil {
				b.Setenv("TRUCE_GAZETTEER", idx) // the index make build leaves
			}
		}
	}
	bin := wqBinary(b)
	reports := wqReports(b, b.TempDir(), n)
	for _, tc := range []struct{ workers, parallel int }{{1, 1}, {1, 2}, {2, 1}, {4, 1}} {
		workers := tc.workers
		name := fmt.Sprintf("workers=%d", workers)
		if tc.parallel > 1 {
			name += fmt.Sprintf(",parallel=%d", tc.parallel)
		}
		b.Run(name, func(b *testing.B) {
			var total, publish time.Duration
			for range b.N {
				b.StopTimer()
				dsn := pgtest.TempDatabase(b)
				c := wqSubject(b, js)
				truceRun(b, bin, "migrate", "--db", dsn)
				var procs []*wqProc
				for range workers {
					p := startWorker(b, bin, natsURL, c.Subject, dsn, "--log-level", "info", "--parallel", fmt.Sprint(tc.parallel))
					p.waitFor(b, "worker started", time.Minute)
					procs = append(procs, p)
				}
				b.StartTimer()
				start := time.Now()
				truceRun(b, bin, "ingest", "--queue", natsURL, "--subject", c.Subject, "--accept", "auto", reports)
				publish += time.Since(start)
				waitDrained(b, js, c, 30*time.Minute)
				total += time.Since(start)
				b.StopTimer()
				for _, p := range procs {
					if _, err := p.stop(b); err != nil {
						b.Errorf("worker on SIGTERM: %v\n%s", err, p.log())
					}
				}
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "reports/s")
			b.ReportMetric(float64(n*b.N)/publish.Seconds(), "published/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}
