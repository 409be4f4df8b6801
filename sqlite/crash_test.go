package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

const crashEnv = "TRUCE_CRASH_HELPER_DB"

// TestCrashHelper is the child of TestCrash: it writes events, one
// transaction each (every tenth a bulk import of five), and prints the id
// of each committed event, until it is killed.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("runs only as the child of TestCrash")
	}
	ctx := truce.WithUser(context.Background(), "crash-writer")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println("open error:", err)
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		mk := func() *truce.Event {
			return &truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-10-01").AddDays(i % 40),
				Location: truce.Location{Name: "Hadrut", Lat: 39.52, Lon: 47.03, Country: "AZE"},
				Actor1:   truce.Actor{Name: "Military Forces of Azerbaijan (2003-)"}, Actor2: &truce.Actor{Name: "Artsakh Defence Army"},
				Notes:    fmt.Sprintf("clash %d near Hadrut", i),
				Evidence: []truce.Evidence{{Text: "fighting was reported around Hadrut", End: 36}, {Text: "both sides reported losses", End: 26}}}
		}
		var ids []int64
		if i%10 == 9 {
			es := []*truce.Event{mk(), mk(), mk(), mk(), mk()}
			if err := db.CreateEvents(ctx, es); err != nil {
				fmt.Println("write error:", err)
				os.Exit(2)
			}
			for _, e := range es {
				ids = append(ids, e.ID)
			}
		} else {
			e := mk()
			if err := db.CreateEvent(ctx, e); err != nil {
				fmt.Println("write error:", err)
				os.Exit(2)
			}
			ids = append(ids, e.ID)
		}
		for _, id := range ids {
			fmt.Fprintf(out, "committed %d\n", id)
		}
		out.Flush()
	}
}

// TestCrash kills a writer with SIGKILL at random moments and checks that
// the database is intact and holds every event the writer saw committed,
// each with its evidence, text index row and audit entry. It loops 3 times
// with -short, 10 times otherwise, or $TRUCE_CRASH_LOOPS times.
func TestCrash(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("child")
	}
	loops := 10
	if testing.Short() {
		loops = 3
	}
	if v, err := strconv.Atoi(os.Getenv("TRUCE_CRASH_LOOPS")); err == nil {
		loops = v
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	seen := map[int64]bool{}
	for loop := range loops {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the first commit, then let it write a random while.
		first := true
		deadline := time.After(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		var committed []int64
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				var id int64
				if _, err := fmt.Sscanf(l, "committed %d", &id); err != nil {
					t.Fatalf("child said %q", l)
				}
				committed = append(committed, id)
				if first {
					first = false
				}
			case <-deadline:
				if first {
					deadline = time.After(50 * time.Millisecond)
					continue
				}
				_ = cmd.Process.Signal(syscall.SIGKILL)
				for l := range lines {
					var id int64
					if _, err := fmt.Sscanf(l, "committed %d", &id); err == nil {
						committed = append(committed, id)
					}
				}
				break read
			}
		}
		_ = cmd.Wait()
		for _, id := range committed {
			seen[id] = true
		}
		checkAfterCrash(t, path, seen)
		t.Logf("loop %d: child committed %d events before SIGKILL; %d in all", loop, len(committed), len(seen))
	}
}

func checkAfterCrash(t *testing.T, path string, committed map[int64]bool) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatalf("after crash: %v", err)
	}
	es, n, err := db.Events(ctx, truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[int64]*truce.Event{}
	for _, e := range es {
		stored[e.ID] = e
	}
	for id := range committed {
		if stored[id] == nil {
			t.Errorf("event %d was reported committed but is missing", id)
		}
	}
	audited := map[int64]bool{}
	as, err := db.Audit(ctx, truce.AuditFilter{Entity: "event"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		var first, last int64
		if _, err := fmt.Sscanf(a.EntityID, "%d-%d", &first, &last); err == nil {
			for id := first; id <= last; id++ {
				audited[id] = true
			}
		} else if id, err := strconv.ParseInt(a.EntityID, 10, 64); err == nil {
			audited[id] = true
		}
	}
	for _, e := range es {
		if len(e.Evidence) != 2 {
			t.Errorf("event %d has %d pieces of evidence, want 2", e.ID, len(e.Evidence))
		}
		if !audited[e.ID] {
			t.Errorf("event %d has no audit entry", e.ID)
		}
	}
	// Every event is in the text index, and nothing else is.
	hits, m, err := db.Events(ctx, truce.EventFilter{Text: "hadrut"})
	if err != nil || m != n || len(hits) != n {
		t.Errorf("text index: %d of %d events found, %v", m, n, err)
	}
	if n < len(committed) || strings.Contains(fmt.Sprint(err), "malformed") {
		t.Errorf("%d events stored, %d committed", n, len(committed))
	}
}
