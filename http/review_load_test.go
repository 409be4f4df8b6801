package http

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce/postgres/pgtest"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/sqlite"
)

// The review load test: analysts, each with a token of their own, work
// through the review queue of one record at the same time, the way the
// web UI does — list the queue (GET /api/review), open an event (GET
// /api/events/{id}), accept or reject it with the version they read (POST
// /api/events/{id}/review). Two analysts who pick the same event conflict:
// the second gets 409 and the conflict is counted, not an error.
//
// The record is a synthetic one (internal/synth) whose review queue holds
// about reviewQueue candidate events, built once per run on SQLite and on
// a throwaway PostgreSQL database.
//
// Settings (environment):
//
//	TRUCE_REVIEW_ANALYSTS  concurrent analysts (default 20)
//	TRUCE_REVIEW_DURATION  how long each store is loaded (default 20s)
//	TRUCE_REVIEW_EVENTS    events of the record (default 80000: ~20,000 candidates)
//	TRUCE_REVIEW_THINK     pause of an analyst between two decisions (default 0)
//	TRUCE_REVIEW_STORES    stores to load, comma-separated (default sqlite,postgres)
//	TRUCE_TEST_POSTGRES    the PostgreSQL server (default 127.0.0.1:5432, trust)

// reviewSettings are the settings of one review load run.
type reviewSettings struct {
	analysts int
	duration time.Duration
	events   int
	think    time.Duration
	stores   []string
}

// reviewSettingsFromEnv reads the settings; bad values are errors.
func reviewSettingsFromEnv() (reviewSettings, error) {
	s := reviewSettings{analysts: 20, duration: 20 * time.Second, events: 80_000, stores: []string{"sqlite", "postgres"}}
	if v := os.Getenv("TRUCE_REVIEW_ANALYSTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return s, fmt.Errorf("TRUCE_REVIEW_ANALYSTS=%q: want 1 to 1000", v)
		}
		s.analysts = n
	}
	if v := os.Getenv("TRUCE_REVIEW_EVENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 100 || n > 10_000_000 {
			return s, fmt.Errorf("TRUCE_REVIEW_EVENTS=%q: want 100 to 10000000", v)
		}
		s.events = n
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"TRUCE_REVIEW_DURATION", &s.duration}, {"TRUCE_REVIEW_THINK", &s.think}} {
		if v := os.Getenv(d.name); v != "" {
			x, err := time.ParseDuration(v)
			if err != nil || x < 0 {
				return s, fmt.Errorf("%s=%q: want a duration such as 20s", d.name, v)
			}
			*d.dst = x
		}
	}
	if v := os.Getenv("TRUCE_REVIEW_STORES"); v != "" {
		s.stores = nil
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "sqlite" && x != "postgres" {
				return s, fmt.Errorf("TRUCE_REVIEW_STORES=%q: want sqlite, postgres or both", v)
			}
			s.stores = append(s.stores, strings.TrimSpace(x))
		}
	}
	if s.duration == 0 {
		return s, fmt.Errorf("TRUCE_REVIEW_DURATION must be positive")
	}
	return s, nil
}

// reviewRecord is the synthetic record of the load test for n events.
func reviewRecord(n int) synth.Config {
	return synth.Config{Territories: 1000, Events: n, Seed: 7, Batch: 10_000}
}

// reviewEndpoints are the steps of the analysts' loop, in order.
var reviewEndpoints = []string{"GET /api/review", "GET /api/events/{id}", "POST /api/events/{id}/review"}

// reviewResult is what one load run measured.
type reviewResult struct {
	Store     string
	Analysts  int
	Elapsed   time.Duration
	Latency   map[string][]time.Duration // by endpoint, sorted
	Decisions int                        // reviews answered 200
	Conflicts int                        // reviews answered 409
	Errors    int                        // anything else, and transport errors
	FirstErr  string
	Queue     int // candidates before the run
	Audited   int // review entries the audit log gained
}

// Requests is the number of requests answered (any status).
func (r reviewResult) Requests() int {
	n := 0
	for _, l := range r.Latency {
		n += len(l)
	}
	return n
}

// pct returns the p-th percentile (0–100) of sorted latencies.
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)) * p / 100)
	return sorted[min(i, len(sorted)-1)]
}

// Table writes the result as the table the bench target prints.
func (r reviewResult) Table(w io.Writer) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	fmt.Fprintf(w, "review load, %s: %d analysts for %s on a queue of %d candidates: %d requests (%.0f req/s), %d decisions (%.0f/s), %d conflicts, %d errors, %d review audit entries\n",
		r.Store, r.Analysts, r.Elapsed.Round(time.Millisecond), r.Queue, r.Requests(), float64(r.Requests())/r.Elapsed.Seconds(),
		r.Decisions, float64(r.Decisions)/r.Elapsed.Seconds(), r.Conflicts, r.Errors, r.Audited)
	fmt.Fprintf(w, "  %-30s %8s %8s %8s %8s %8s\n", "endpoint", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms")
	for _, ep := range reviewEndpoints {
		l := r.Latency[ep]
		fmt.Fprintf(w, "  %-30s %8d %8s %8s %8s %8s\n", ep, len(l), ms(pct(l, 50)), ms(pct(l, 95)), ms(pct(l, 99)), ms(pct(l, 100)))
	}
	if r.FirstErr != "" {
		fmt.Fprintf(w, "  first error: %s\n", r.FirstErr)
	}
}

// reviewStore builds the load test's record on the named store and
// returns it with a token for each of n analysts. The store is closed
// (and a PostgreSQL database dropped) when tb ends.
func reviewStore(tb testing.TB, kind string, set reviewSettings) (truce.Store, []string) {
	tb.Helper()
	ctx := context.Background()
	var st truce.Store
	switch kind {
	case "sqlite":
		db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "review.db"))
		if err != nil {
			tb.Fatal(err)
		}
		st = db
	case "postgres":
		db, err := postgres.Open(ctx, pgtest.TempDatabase(tb))
		if err != nil {
			tb.Fatal(err)
		}
		st = db
	default:
		tb.Fatalf("unknown store %q", kind)
	}
	tb.Cleanup(func() { st.Close() })
	start := time.Now()
	if err := synth.Build(ctx, st, reviewRecord(set.events)); err != nil {
		tb.Fatalf("%s: build record: %v", kind, err)
	}
	tb.Logf("%s: built a record of %d events in %s", kind, set.events, time.Since(start).Round(time.Millisecond))
	us, ok := st.(truce.UserStore)
	if !ok {
		tb.Fatalf("%s keeps no users", kind)
	}
	tokens := make([]string, set.analysts)
	for i := range tokens {
		name := fmt.Sprintf("analyst%02d", i)
		if err := us.CreateUser(ctx, &truce.User{Name: name, Role: truce.RoleAnalyst}); err != nil {
			tb.Fatal(err)
		}
		secret, hash, err := auth.NewToken()
		if err != nil {
			tb.Fatal(err)
		}
		if err := us.CreateToken(ctx, &truce.Token{User: name, Role: truce.RoleAnalyst, Hash: hash}); err != nil {
			tb.Fatal(err)
		}
		tokens[i] = secret
	}
	return st, tokens
}

// reviewLoad runs the analysts' loop against a server on st for the
// settings' duration and returns what it measured, after checking the
// audit log against the decisions answered.
func reviewLoad(tb testing.TB, kind string, st truce.Store, tokens []string, set reviewSettings) reviewResult {
	tb.Helper()
	ctx := context.Background()
	us := st.(truce.UserStore)
	srv := httptest.NewServer(NewServer(st, WithAuth(&auth.Authenticator{Store: us})).Handler())
	defer srv.Close()
	_, queue, err := st.Events(ctx, truce.EventFilter{Review: []truce.ReviewState{truce.ReviewCandidate}, Limit: 1})
	if err != nil {
		tb.Fatal(err)
	}
	before, err := st.Audit(ctx, truce.AuditFilter{Entity: "event"})
	if err != nil {
		tb.Fatal(err)
	}
	tr := &http.Transport{MaxIdleConns: len(tokens), MaxIdleConnsPerHost: len(tokens)}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	res := reviewResult{Store: kind, Analysts: len(tokens), Queue: queue, Latency: map[string][]time.Duration{}}
	var mu sync.Mutex
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		res.Errors++
		if res.FirstErr == "" {
			res.FirstErr = fmt.Sprintf(format, args...)
		}
	}
	deadline := time.Now().Add(set.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for a, token := range tokens {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(a), 11))
			lat := map[string][]time.Duration{}
			decisions, conflicts := 0, 0
			// call sends one request and decodes a 200 answer into out; it
			// returns the status, or 0 after a transport error.
			call := func(ep, method, path string, body []byte, out any) int {
				req, err := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
				if err != nil {
					fail("%s: %v", ep, err)
					return 0
				}
				req.Header.Set("Authorization", "Bearer "+token)
				if body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					fail("%s: %v", ep, err)
					return 0
				}
				data, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				lat[ep] = append(lat[ep], time.Since(t0))
				if err != nil {
					fail("%s: read: %v", ep, err)
					return 0
				}
				if resp.StatusCode == http.StatusOK && out != nil {
					if err := json.Unmarshal(data, out); err != nil {
						fail("%s: %v", ep, err)
						return 0
					}
				}
				return resp.StatusCode
			}
			for time.Now().Before(deadline) {
				var page EventPage
				if code := call(reviewEndpoints[0], "GET", "/api/review?limit=50", nil, &page); code != http.StatusOK {
					if code != 0 {
						fail("GET /api/review: status %d", code)
					}
					continue
				}
				if len(page.Events) == 0 {
					break // the queue is empty
				}
				id := page.Events[rng.IntN(len(page.Events))].ID
				var d struct {
					Event struct {
						Version int `json:"version"`
					} `json:"event"`
				}
				if code := call(reviewEndpoints[1], "GET", fmt.Sprintf("/api/events/%d", id), nil, &d); code != http.StatusOK {
					if code != 0 {
						fail("GET /api/events/%d: status %d", id, code)
					}
					continue
				}
				e := d.Event
				if e.Version < 1 {
					fail("GET /api/events/%d: no version in the answer", id)
					continue
				}
				state := truce.ReviewAccepted
				if rng.IntN(10) < 3 {
					state = truce.ReviewRejected
				}
				body, _ := json.Marshal(map[string]any{"state": state, "version": e.Version, "note": "checked by " + fmt.Sprint(a)})
				switch code := call(reviewEndpoints[2], "POST", fmt.Sprintf("/api/events/%d/review", id), body, nil); code {
				case http.StatusOK:
					decisions++
				case http.StatusConflict:
					conflicts++
				case 0:
				default:
					fail("POST /api/events/%d/review: status %d", id, code)
				}
				if set.think > 0 {
					time.Sleep(set.think)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for ep, l := range lat {
				res.Latency[ep] = append(res.Latency[ep], l...)
			}
			res.Decisions += decisions
			res.Conflicts += conflicts
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	for _, l := range res.Latency {
		slices.Sort(l)
	}
	after, err := st.Audit(ctx, truce.AuditFilter{Entity: "event"})
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range after[len(before):] {
		if e.Action == "review" {
			res.Audited++
		}
	}
	return res
}

// TestReviewLoad runs the review load test on SQLite and PostgreSQL and
// prints the figures (scripts/bench-review.sh). It runs only with
// TRUCE_REVIEW_LOAD=1: it builds two records and loads each for 20
// seconds. It fails on error responses and when the audit log does not
// hold exactly one review entry per decision answered; latencies are
// reported, not asserted (the machine is shared).
func TestReviewLoad(t *testing.T) {
	if os.Getenv("TRUCE_REVIEW_LOAD") != "1" {
		t.Skip("review load test: set TRUCE_REVIEW_LOAD=1 (scripts/bench-review.sh)")
	}
	set, err := reviewSettingsFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range set.stores {
		t.Run(kind, func(t *testing.T) {
			st, tokens := reviewStore(t, kind, set)
			r := reviewLoad(t, kind, st, tokens, set)
			var b strings.Builder
			r.Table(&b)
			fmt.Print(b.String())
			checkReviewResult(t, r)
		})
	}
}

// TestReviewLoadShort is the review load test in miniature, always on:
// 4 analysts for one second on a record of 2,000 events, on each store
// available.
func TestReviewLoadShort(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	set := reviewSettings{analysts: 4, duration: time.Second, events: 2000}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			st, tokens := reviewStore(t, kind, set)
			r := reviewLoad(t, kind, st, tokens, set)
			var b strings.Builder
			r.Table(&b)
			t.Log(b.String())
			checkReviewResult(t, r)
		})
	}
}

// checkReviewResult fails t on errors, on a run that decided nothing, and
// when the audit log does not hold one review entry per decision.
func checkReviewResult(t *testing.T, r reviewResult) {
	t.Helper()
	if r.Errors > 0 {
		t.Errorf("%s: %d errors; first: %s", r.Store, r.Errors, r.FirstErr)
	}
	if r.Decisions == 0 {
		t.Errorf("%s: no decision was stored", r.Store)
	}
	if r.Audited != r.Decisions {
		t.Errorf("%s: %d decisions answered 200 but %d review entries audited", r.Store, r.Decisions, r.Audited)
	}
}

// BenchmarkReviewLoad reports the review load test's figures as benchmark
// metrics: requests/s, decisions/s, conflicts and the p99 of each
// endpoint, per store (settings as for TestReviewLoad).
func BenchmarkReviewLoad(b *testing.B) {
	set, err := reviewSettingsFromEnv()
	if err != nil {
		b.Fatal(err)
	}
	for _, kind := range set.stores {
		b.Run(kind, func(b *testing.B) {
			st, tokens := reviewStore(b, kind, set)
			var r reviewResult
			for b.Loop() {
				r = reviewLoad(b, kind, st, tokens, set)
				if r.Errors > 0 {
					b.Fatalf("%d errors; first: %s", r.Errors, r.FirstErr)
				}
			}
			b.ReportMetric(float64(r.Requests())/r.Elapsed.Seconds(), "req/s")
			b.ReportMetric(float64(r.Decisions)/r.Elapsed.Seconds(), "decisions/s")
			b.ReportMetric(float64(r.Conflicts), "conflicts")
			for i, ep := range reviewEndpoints {
				b.ReportMetric(float64(pct(r.Latency[ep], 99).Microseconds())/1000, []string{"page", "event", "review"}[i]+"-p99-ms")
			}
		})
	}
}
