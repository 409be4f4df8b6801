package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/truce-monitor/truce/postgres/pgtest"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/sqlite"
)

// killReports are short reports of the 2020 handovers around
// Nagorno-Karabakh, written for these tests; killReport numbers them so
// that each is a distinct source.
var killReports = []string{
	`Aghdam handed over to Azerbaijan

AGHDAM, Nov 20 (Truce Wire) - Units of the Azerbaijani army entered the Aghdam district on Friday, taking it over from Armenian forces under the truce signed on 10 November.

Russian peacekeepers watched the handover from posts along the road.`,
	`Kalbajar returned after a delay

KALBAJAR, Nov 25 (Truce Wire) - Azerbaijani troops moved into the Kalbajar district on Wednesday, ten days later than first agreed, after Armenian forces withdrew.

Residents who left in the days before burned some of their houses.`,
	`Lachin district changes hands

LACHIN, Dec 1 (Truce Wire) - The Azerbaijani army took control of the Lachin district on Tuesday, the last of the three districts due under the November truce.

The Lachin corridor itself stays under Russian peacekeepers.`,
	`Shelling reported near Hadrut

HADRUT, Oct 15 (Truce Wire) - Artillery of the Armenian forces shelled Azerbaijani positions near Hadrut on Thursday, the Azerbaijani defence ministry said.

Armenian officials denied that their forces had fired.`,
}

// killReport writes report i of the kill tests into dir and returns its
// marker, a phrase found in its stored text.
func killReport(t testing.TB, dir string, i int) string {
	t.Helper()
	marker := fmt.Sprintf("monitoring note K%04d", i)
	text := killReports[i%len(killReports)] + "\n\nThis report carries " + marker + " for the record.\n"
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%04d.txt", i)), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return marker
}

// longTests says whether the long fault loops run (TRUCE_LONG_TESTS=1).
func longTests() bool { return os.Getenv("TRUCE_LONG_TESTS") == "1" }

// truceCmd returns the test binary as the truce program, with an
// environment of its own.
func truceCmd(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "truce"), args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TRUCE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TRUCE_USER=killtest")
	return cmd
}

var markerRE = regexp.MustCompile(`monitoring note K(\d{4})`)

// killStore is a kind of record the kill loops run on: newRecord returns
// a new, empty record (a SQLite path or a PostgreSQL URL) named after
// label.
type killStore struct {
	name      string
	newRecord func(t *testing.T, dir, label string) string
}

// killStores are the stores of the kill loops: SQLite, and PostgreSQL on a
// throwaway database per record (skipped without a server).
var killStores = []killStore{
	{"sqlite", func(t *testing.T, dir, label string) string { return filepath.Join(dir, label+".db") }},
	{"postgres", func(t *testing.T, dir, label string) string { return pgtest.TempDatabase(t) }},
}

// recordMissing reports whether the record db was never created: a SQLite
// file a killed child did not get to create. A PostgreSQL database always
// exists (the test creates it); its schema is made by the first open.
func recordMissing(db string) bool {
	if postgres.IsURL(db) {
		return false
	}
	_, err := os.Stat(db)
	return os.IsNotExist(err)
}

// checkRecord checks the record db after a kill and opens it: a SQLite
// file must pass PRAGMA integrity_check and the foreign key check; a
// PostgreSQL record must open (which completes an interrupted migration)
// and pass postgres.Check (amcheck on every B-tree index and heap, every
// foreign key, audit completeness, event-derived control entries). The
// caller closes the store.
func checkRecord(t *testing.T, db string) truce.Store {
	t.Helper()
	ctx := context.Background()
	if postgres.IsURL(db) {
		s, err := postgres.Open(ctx, db)
		if err != nil {
			t.Fatalf("reopen after kill: %v", err)
		}
		r, err := postgres.Check(ctx, db)
		if err != nil {
			s.Close()
			t.Fatalf("check after kill: %v", err)
		}
		if err := r.Err(); err != nil {
			s.Close()
			t.Fatalf("record after kill: %v", err)
		}
		if !r.Amcheck {
			t.Logf("amcheck is not available on the server: indexes and heaps not verified")
		}
		return s
	}
	if err := sqlite.CheckFile(ctx, db); err != nil {
		t.Fatalf("record after kill: %v", err)
	}
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	return s
}

// storedMarkers checks and opens the record db, and returns how many times
// each report marker is stored as a source and the number of events.
func storedMarkers(t *testing.T, db string) (map[string]int, int) {
	t.Helper()
	ctx := context.Background()
	s := checkRecord(t, db)
	defer s.Close()
	srcs, err := s.Sources(ctx, truce.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[string]int)
	for _, s := range srcs {
		if m := markerRE.FindString(s.Text); m != "" {
			got[m]++
		}
	}
	_, total, err := s.Events(ctx, truce.EventFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return got, total
}

// TestKillIngest SIGKILLs truce ingest --accept auto at random moments
// while it writes a folder of reports: after each kill the record opens,
// passes the integrity check, and holds every report the child
// acknowledged; re-running the ingest then stores the rest, each once,
// and gives the events a run without kills gives.
//
// It runs on SQLite and on PostgreSQL (a throwaway database per record).
func TestKillIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("kill loop: not in -short")
	}
	for _, ks := range killStores {
		t.Run(ks.name, func(t *testing.T) { testKillIngest(t, ks) })
	}
}

func testKillIngest(t *testing.T, ks killStore) {
	iters, n := 3, 24
	if longTests() {
		iters, n = 30, 96
	}
	bin := truceOnPath(t)
	dir := t.TempDir()
	reports := filepath.Join(dir, "reports")
	if err := os.Mkdir(reports, 0o755); err != nil {
		t.Fatal(err)
	}
	markers := make(map[string]string) // file name → marker
	for i := range n {
		markers[filepath.Join(reports, fmt.Sprintf("r%04d.txt", i))] = killReport(t, reports, i)
	}

	// A run without kills: how long it takes and the events it gives.
	clean := ks.newRecord(t, dir, "clean")
	start := time.Now()
	if out, err := truceCmd(t, bin, "ingest", "--accept", "auto", "--db", clean, reports).CombinedOutput(); err != nil {
		t.Fatalf("ingest without kill: %v\n%s", err, out)
	}
	full := time.Since(start)
	_, wantEvents := storedMarkers(t, clean)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for it := range iters {
		db := ks.newRecord(t, dir, fmt.Sprintf("kill%d", it))
		acked := make(map[string]bool)
		cmd := truceCmd(t, bin, "ingest", "--accept", "auto", "--ack", "--batch", "3", "--workers", "1", "--db", db, reports)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a random number of acknowledgements and a random
		// moment more, or, for none, at a random moment of the run.
		kill := func() { cmd.Process.Signal(syscall.SIGKILL) }
		after := rng.IntN(n)
		jitter := time.Duration(rng.Int64N(int64(10 * time.Millisecond)))
		if after == 0 {
			jitter = time.Duration(rng.Int64N(int64(full)))
			time.AfterFunc(jitter, kill)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "stored "); ok {
				acked[name] = true
				if len(acked) == after {
					time.AfterFunc(jitter, kill)
				}
			}
		}
		err = cmd.Wait()
		t.Logf("iteration %d: kill after %d acknowledgements and %v: %d acknowledged, exit %v", it, after, jitter.Round(time.Microsecond), len(acked), err)
		if err != nil && !strings.Contains(err.Error(), "killed") {
			t.Fatalf("ingest: %v\n%s", err, stderr.String())
		}
		if recordMissing(db) && len(acked) == 0 {
			continue // killed before it created the record
		}
		got, _ := storedMarkers(t, db)
		for name := range acked {
			if got[markers[name]] == 0 {
				t.Errorf("iteration %d: %s was acknowledged as stored but is not in the record", it, filepath.Base(name))
			}
		}

		// The rest, without kills.
		if out, err := truceCmd(t, bin, "ingest", "--accept", "auto", "--db", db, reports).CombinedOutput(); err != nil {
			t.Fatalf("ingest after kill: %v\n%s", err, out)
		}
		got, gotEvents := storedMarkers(t, db)
		for name, m := range markers {
			if got[m] != 1 {
				t.Errorf("iteration %d: after the last run, %s is stored %d times, want once", it, filepath.Base(name), got[m])
			}
		}
		if gotEvents != wantEvents {
			t.Errorf("iteration %d: after a kill and a last run the record holds %d events; a run without kills gives %d", it, gotEvents, wantEvents)
		}
	}
}

// TestKillServe SIGKILLs truce serve at random moments while clients
// review events concurrently: after each kill the record opens, passes the
// integrity check, and every review the server answered 200 to is there
// (the event's version is at least the one the answer gave).
//
// It runs on SQLite and on PostgreSQL (a throwaway database).
func TestKillServe(t *testing.T) {
	if testing.Short() {
		t.Skip("kill loop: not in -short")
	}
	for _, ks := range killStores {
		t.Run(ks.name, func(t *testing.T) { testKillServe(t, ks) })
	}
}

func testKillServe(t *testing.T, ks killStore) {
	iters := 3
	if longTests() {
		iters = 30
	}
	bin := truceOnPath(t)
	dir := t.TempDir()
	reports := filepath.Join(dir, "reports")
	if err := os.Mkdir(reports, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range len(killReports) {
		killReport(t, reports, i)
	}
	db := ks.newRecord(t, dir, "serve")
	if out, err := truceCmd(t, bin, "ingest", "--db", db, reports).CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	ids := eventIDs(t, db)
	if len(ids) == 0 {
		t.Fatal("ingest stored no events to review")
	}
	states := []truce.ReviewState{truce.ReviewAccepted, truce.ReviewRejected, truce.ReviewCandidate}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	acked := make(map[int64]int) // event id → highest version answered
	for it := range iters {
		cmd := truceCmd(t, bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		base, err := serveURL(out)
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("serve: %v\n%s", err, stderr.String())
		}
		go io.Copy(io.Discard, out)

		var mu sync.Mutex
		stop := make(chan struct{})
		// first is closed at the iteration's first answered review: the
		// kill comes a random moment after it, so that no iteration kills
		// a server that has not written yet (PostgreSQL connections take
		// a while on a busy machine).
		first := make(chan struct{})
		var firstOnce sync.Once
		var wg sync.WaitGroup
		client := &http.Client{Timeout: 5 * time.Second}
		for w := range 4 {
			wg.Go(func() {
				for k := 0; ; k++ {
					select {
					case <-stop:
						return
					default:
					}
					id := ids[(w+k)%len(ids)]
					body, _ := json.Marshal(map[string]any{"state": states[k%len(states)], "note": fmt.Sprintf("kill %d/%d/%d", it, w, k)})
					resp, err := client.Post(fmt.Sprintf("%s/api/events/%d/review", base, id), "application/json", bytes.NewReader(body))
					if err != nil {
						return // the server is gone
					}
					var e struct{ Version int }
					ok := resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&e) == nil
					resp.Body.Close()
					if ok {
						mu.Lock()
						acked[id] = max(acked[id], e.Version)
						mu.Unlock()
						firstOnce.Do(func() { close(first) })
					}
				}
			})
		}
		select {
		case <-first:
		case <-time.After(20 * time.Second):
			t.Errorf("iteration %d: no review was answered in 20 s", it)
		}
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		close(stop)
		wg.Wait()

		got := eventVersions(t, db)
		n := 0
		for id, v := range acked {
			n++
			if got[id] < v {
				t.Errorf("iteration %d: event %d answered version %d but the record holds version %d", it, id, v, got[id])
			}
		}
		t.Logf("iteration %d: %d events reviewed, versions up to %v", it, n, acked)
	}
}

// serveURL reads truce serve's first line for the address it listens on.
func serveURL(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	if !sc.Scan() {
		return "", fmt.Errorf("no address line: %v", sc.Err())
	}
	m := regexp.MustCompile(`http://[^/ ]+`).FindString(sc.Text())
	if m == "" {
		return "", fmt.Errorf("no address in %q", sc.Text())
	}
	return m, nil
}

func eventIDs(t *testing.T, path string) []int64 {
	t.Helper()
	var ids []int64
	for id := range eventVersions(t, path) {
		ids = append(ids, id)
	}
	return ids
}

// eventVersions checks and opens the record db and returns each event's
// version.
func eventVersions(t *testing.T, db string) map[int64]int {
	t.Helper()
	ctx := context.Background()
	s := checkRecord(t, db)
	defer s.Close()
	evs, _, err := s.Events(ctx, truce.EventFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	v := make(map[int64]int)
	for _, e := range evs {
		v[e.ID] = e.Version
	}
	return v
}
