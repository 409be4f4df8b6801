package http

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/demo"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/sqlite"
)

// demoStore opens a temporary SQLite database holding the demo record.
func demoStore(tb testing.TB) truce.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "demo.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := demo.Build(ctx, st); err != nil {
		tb.Fatal(err)
	}
	return st
}

// synthStore opens the cached 1,000,000-event synthetic record that the
// sqlite benchmarks build (bin/bench/synth-10000t-1000000e-s1.db, or under
// $TRUCE_BENCH_DIR). When it is missing it is built only with
// TRUCE_LOAD_SYNTH=1 (it takes a while); otherwise the caller skips.
func synthStore(tb testing.TB) (truce.Store, synth.Config) {
	tb.Helper()
	cfg := synth.Default
	dir := os.Getenv("TRUCE_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join("..", "bin", "bench")
	}
	path := filepath.Join(dir, fmt.Sprintf("synth-%dt-%de-s%d.db", cfg.Territories, cfg.Events, cfg.Seed))
	_, statErr := os.Stat(path)
	if statErr != nil && os.Getenv("TRUCE_LOAD_SYNTH") != "1" {
		tb.Skipf("no synthetic record at %s: run the sqlite benchmarks or set TRUCE_LOAD_SYNTH=1 to build it", path)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if statErr != nil {
		start := time.Now()
		if err := synth.Build(ctx, st, cfg); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("built %s in %s", path, time.Since(start).Round(time.Second))
	}
	return st, cfg
}

// benchGet measures one GET through the handler, without the network.
func benchGet(b *testing.B, h http.Handler, target string) {
	b.Helper()
	req := httptest.NewRequest("GET", target, nil)
	var bytes int64
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body.String())
		}
		bytes = int64(rec.Body.Len())
	}
	b.ReportMetric(float64(bytes), "resp-bytes")
}

func BenchmarkControlSnapshot(b *testing.B) {
	h := NewServer(demoStore(b)).Handler()
	for _, target := range []string{
		"/api/control?at=2020-11-22",
		"/api/control?at=2020-11-22&territory=Kalbajar",
		"/api/control.geojson?at=2020-11-22",
		"/api/control/history",
	} {
		b.Run(target, func(b *testing.B) { benchGet(b, h, target) })
	}
}

func BenchmarkEventsBBox(b *testing.B) {
	h := NewServer(demoStore(b)).Handler()
	for _, target := range []string{
		"/api/events?bbox=46,39.5,47.5,40.5&limit=100",
		"/api/events.geojson?bbox=46,39.5,47.5,40.5",
		"/api/histogram?from=2020-09-01&to=2020-12-31&type=Battles", // cached after the first call
	} {
		b.Run(target, func(b *testing.B) { benchGet(b, h, target) })
	}
}

// BenchmarkSynthEventsBBox is BenchmarkEventsBBox on the 1,000,000-event
// synthetic record (skipped when the record is not built).
func BenchmarkSynthEventsBBox(b *testing.B) {
	st, cfg := synthStore(b)
	h := NewServer(st).Handler()
	box := cfg.CellBox(cfg.Territories / 2)
	for _, target := range []string{
		fmt.Sprintf("/api/events?bbox=%g,%g,%g,%g&limit=100", box.MinLon, box.MinLat, box.MaxLon+0.5, box.MaxLat+0.5),
		fmt.Sprintf("/api/events.geojson?bbox=%g,%g,%g,%g&from=2020-01-01&to=2020-12-31", box.MinLon, box.MinLat, box.MaxLon+0.5, box.MaxLat+0.5),
		"/api/control?at=2020-06-01&territory=" + url.QueryEscape(territoryName(b, st)),
	} {
		b.Run(target, func(b *testing.B) { benchGet(b, h, target) })
	}
}

// BenchmarkSynthOpen measures what the web map fetches when it opens
// (web/src/main.js: meta, control history, the events GeoJSON the map
// draws and the histogram of the whole period) on the 1,000,000-event
// synthetic record, each on a new server so that nothing is cached (skipped
// when the record is not built).
func BenchmarkSynthOpen(b *testing.B) {
	st, cfg := synthStore(b)
	for _, target := range []string{
		"/api/meta",
		"/api/control/history",
		"/api/events.geojson?review=accepted,candidate",
		// what the map fetches on a large record: the events of the
		// days around the one shown (see loadEvents in web/src/main.js)
		fmt.Sprintf("/api/events.geojson?review=accepted,candidate&from=%s&to=%s", cfg.To.AddDays(-60), cfg.To),
		fmt.Sprintf("/api/histogram?from=%s&to=%s", cfg.From, cfg.To),
	} {
		b.Run(target, func(b *testing.B) {
			req := httptest.NewRequest("GET", target, nil)
			var bytes int64
			for b.Loop() {
				h := NewServer(st).Handler()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body.String())
				}
				bytes = int64(rec.Body.Len())
			}
			b.ReportMetric(float64(bytes), "resp-bytes")
		})
	}
}

func territoryName(tb testing.TB, st truce.Store) string {
	ts, err := st.Territories(context.Background(), truce.TerritoryFilter{Limit: 1})
	if err != nil || len(ts) == 0 {
		tb.Fatalf("no territory in the record: %v", err)
	}
	return ts[0].Name
}

// LoadResult is what a load run measured.
type LoadResult struct {
	Requests, Errors int
	Elapsed          time.Duration
	P50, P99, Max    time.Duration
}

// load sends requests to base from clients concurrent clients, cycling
// through targets, until total requests are sent or limit has passed.
func load(base string, targets []string, clients, total int, limit time.Duration) LoadResult {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	deadline := time.Now().Add(limit)
	var next, errs atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(total) || time.Now().After(deadline) {
					return
				}
				t0 := time.Now()
				resp, err := client.Get(base + targets[int(i)%len(targets)])
				if err != nil {
					errs.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs.Add(1)
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := LoadResult{Requests: len(all), Errors: int(errs.Load()), Elapsed: time.Since(start)}
	if len(all) > 0 {
		r.P50, r.P99, r.Max = all[len(all)/2], all[len(all)*99/100], all[len(all)-1]
	}
	return r
}

// demoTargets is the mix of requests a map user sends.
var demoTargets = []string{
	"/api/control?at=2020-11-22",
	"/api/control.geojson?at=2020-11-26",
	"/api/events?from=2020-11-01&to=2020-11-30&limit=50",
	"/api/events.geojson?bbox=44,38.5,48,41.5",
	"/api/events/3",
	"/api/diff?from=2020-11-19&to=2020-11-26",
	"/api/obligations?at=2020-11-22",
	"/api/histogram",
	"/api/meta",
}

// TestLoad runs 100 concurrent clients against a loopback server on the
// demo record, bounded to 1,000 requests or 15 seconds, and reports
// p50/p99 latency. It fails on any error response and when p99 exceeds
// five seconds (the machine is shared: the bound catches pathologies, not
// slowness; BenchmarkLoad reports the figures).
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	srv := httptest.NewServer(NewServer(demoStore(t)).Handler())
	defer srv.Close()
	r := load(srv.URL, demoTargets, 100, 1000, 15*time.Second)
	t.Logf("demo record, 100 clients: %d requests in %s (%.0f req/s), p50 %s, p99 %s, max %s, %d errors",
		r.Requests, r.Elapsed.Round(time.Millisecond), float64(r.Requests)/r.Elapsed.Seconds(), r.P50, r.P99, r.Max, r.Errors)
	if r.Errors > 0 {
		t.Errorf("%d requests failed", r.Errors)
	}
	if r.Requests == 0 || r.P99 > 5*time.Second {
		t.Errorf("p99 %s over 5s (or no request finished)", r.P99)
	}
}

// BenchmarkLoad reports p50/p99 latency at 100 concurrent clients on the
// demo record and, when it is built, the 1,000,000-event synthetic record.
func BenchmarkLoad(b *testing.B) {
	b.Run("demo", func(b *testing.B) {
		srv := httptest.NewServer(NewServer(demoStore(b)).Handler())
		defer srv.Close()
		benchLoad(b, srv.URL, demoTargets)
	})
	b.Run("synth-1M", func(b *testing.B) {
		st, cfg := synthStore(b)
		srv := httptest.NewServer(NewServer(st).Handler())
		defer srv.Close()
		var targets []string
		for i := range 20 {
			box := cfg.CellBox(i * cfg.Territories / 20)
			targets = append(targets,
				fmt.Sprintf("/api/events?bbox=%g,%g,%g,%g&limit=100", box.MinLon, box.MinLat, box.MaxLon+0.2, box.MaxLat+0.2),
				fmt.Sprintf("/api/events/%d", 1+i*40_000),
			)
		}
		targets = append(targets, "/api/control?at=2020-06-01&territory="+url.QueryEscape(territoryName(b, st)))
		benchLoad(b, srv.URL, targets)
	})
}

func benchLoad(b *testing.B, base string, targets []string) {
	var r LoadResult
	for b.Loop() {
		r = load(base, targets, 100, 2000, 20*time.Second)
		if r.Errors > 0 {
			b.Fatalf("%d of %d requests failed", r.Errors, r.Requests)
		}
	}
	b.ReportMetric(float64(r.P50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(r.P99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(r.Requests)/r.Elapsed.Seconds(), "req/s")
}
