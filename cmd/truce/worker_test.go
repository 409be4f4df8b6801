package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/truce-monitor/truce/postgres/pgtest"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/queue"
	"github.com/truce-monitor/truce/sqlite"
)

// wqNATS returns the NATS server of the worker tests (TRUCE_TEST_NATS, by
// default the one CI runs on this machine) and a JetStream context on it,
// or skips the test when there is none.
func wqNATS(t testing.TB) (string, jetstream.JetStream) {
	t.Helper()
	u := os.Getenv("TRUCE_TEST_NATS")
	if u == "" {
		u = "nats://127.0.0.1:4222"
	}
	nc, err := nats.Connect(u, nats.Timeout(2*time.Second))
	if err != nil {
		t.Skipf("no NATS server at %s (set TRUCE_TEST_NATS): %v", u, err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(ctx); err != nil {
		t.Skipf("NATS at %s has no JetStream: %v", u, err)
	}
	return u, js
}

// wqSubject returns a subject of the test's own; its streams are deleted
// when the test ends.
func wqSubject(t testing.TB, js jetstream.JetStream) queue.Config {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	c := queue.Config{Subject: "trucetest." + hex.EncodeToString(b[:]) + ".reports"}.Defaults()
	t.Cleanup(func() {
		for _, s := range []string{c.Stream, c.DeadStream} {
			if err := js.DeleteStream(context.Background(), s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
				t.Errorf("delete stream %s: %v", s, err)
			}
		}
	})
	return c
}

// Templates of the reports the worker tests publish, written for them:
// %[1]s is a place, %[2]s its name in capitals, %[3]d a day of the month.
var wqTemplates = []string{
	"Shelling near %[1]s\n\n%[2]s, Oct %[3]d (Truce Wire) - Artillery of the Armenian forces shelled Azerbaijani positions near %[1]s on Thursday, the Azerbaijani defence ministry said.",
	"Drone strike reported at %[1]s\n\n%[2]s, Oct %[3]d (Truce Wire) - An Azerbaijani drone struck an Armenian military truck outside %[1]s, killing two soldiers, the Armenian defence ministry said.",
	"Troops enter %[1]s\n\n%[2]s, Nov %[3]d (Truce Wire) - Units of the Azerbaijani army entered %[1]s on Friday after Armenian forces withdrew under the November truce.",
	"Protest in %[1]s\n\n%[2]s, Nov %[3]d (Truce Wire) - Several hundred residents protested peacefully in the centre of %[1]s on Sunday against the ceasefire terms.",
	"Clashes around %[1]s\n\n%[2]s, Oct %[3]d (Truce Wire) - Armenian and Azerbaijani forces clashed around %[1]s overnight, both sides said, each blaming the other for the fighting.",
}

var wqPlaces = []string{"Aghdam", "Kalbajar", "Lachin", "Shusha", "Fuzuli", "Jabrayil", "Zangilan", "Qubadli", "Hadrut", "Martuni", "Tartar", "Barda", "Stepanakert", "Goris", "Ganja"}

// wqReports writes n varied reports into a new folder under dir, each
// with a marker phrase (see markerRE), and returns the folder.
func wqReports(t testing.TB, dir string, n int) string {
	t.Helper()
	folder := filepath.Join(dir, "reports")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		place := wqPlaces[(i/len(wqTemplates))%len(wqPlaces)]
		text := fmt.Sprintf(wqTemplates[i%len(wqTemplates)], place, strings.ToUpper(place), 1+i%28) +
			fmt.Sprintf("\n\nThis report carries monitoring note K%04d for the record.\n", i)
		if err := os.WriteFile(filepath.Join(folder, fmt.Sprintf("r%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return folder
}

// wqProc is a truce worker process and the log lines it wrote.
type wqProc struct {
	cmd   *exec.Cmd
	lines chan map[string]any // JSON log lines, closed at EOF
	mu    sync.Mutex
	all   []map[string]any
	done  chan struct{}
}

// startWorker starts truce worker with JSON logs at debug level.
func startWorker(t testing.TB, bin, natsURL, subject, dsn string, extra ...string) *wqProc {
	t.Helper()
	args := append([]string{"worker", "--queue", natsURL, "--subject", subject, "--db", dsn, "--log-format", "json", "--log-level", "debug"}, extra...)
	cmd := exec.Command(filepath.Join(bin, "truce"), args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TRUCE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TRUCE_USER=workertest")
	if g := os.Getenv("TRUCE_GAZETTEER"); g != "" {
		cmd.Env = append(cmd.Env, "TRUCE_GAZETTEER="+g)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &wqProc{cmd: cmd, lines: make(chan map[string]any, 4096), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer close(p.lines)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) != nil {
				m = map[string]any{"msg": "text", "text": sc.Text()}
			}
			p.mu.Lock()
			p.all = append(p.all, m)
			p.mu.Unlock()
			select {
			case p.lines <- m:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	return p
}

// waitFor reads log lines until one has msg, or fails after timeout.
func (p *wqProc) waitFor(t testing.TB, msg string, timeout time.Duration) map[string]any {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m, ok := <-p.lines:
			if !ok {
				t.Fatalf("worker ended before %q:\n%s", msg, p.log())
			}
			if m["msg"] == msg {
				return m
			}
		case <-deadline:
			t.Fatalf("no %q from the worker within %v:\n%s", msg, timeout, p.log())
		}
	}
}

// stop sends SIGTERM and waits; it returns the "worker stopped" line and
// the exit error.
func (p *wqProc) stop(t testing.TB) (map[string]any, error) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	<-p.done
	err := p.cmd.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.all {
		if m["msg"] == "worker stopped" {
			return m, err
		}
	}
	return nil, err
}

// log is the worker's log so far, for failure messages.
func (p *wqProc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for _, m := range p.all[max(0, len(p.all)-30):] {
		j, _ := json.Marshal(m)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// num is a number field of a log line.
func num(m map[string]any, k string) int {
	f, _ := m[k].(float64)
	return int(f)
}

// waitDrained waits until the stream holds no report and the consumer has
// none pending acknowledgement.
func waitDrained(t testing.TB, js jetstream.JetStream, c queue.Config, timeout time.Duration) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	for {
		s, err := js.Stream(ctx, c.Stream)
		if err != nil {
			t.Fatal(err)
		}
		msgs := s.CachedInfo().State.Msgs
		pending := -1
		if cons, err := s.Consumer(ctx, c.Consumer); err == nil {
			pending = cons.CachedInfo().NumAckPending
		}
		if msgs == 0 && pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v the stream holds %d reports, %d pending acknowledgement", timeout, msgs, pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// truceRun runs the truce binary and fails the test on a non-zero exit.
func truceRun(t testing.TB, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "truce"), args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TRUCE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if g := os.Getenv("TRUCE_GAZETTEER"); g != "" {
		cmd.Env = append(cmd.Env, "TRUCE_GAZETTEER="+g)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("truce %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pgEvidence returns, per report marker, the number of sources storing it
// and the evidence rows citing them, and checks the record's consistency:
// no event without evidence, one audit entry per source created.
func pgEvidence(t *testing.T, dsn string) (sources map[string]int, evidence map[string]int) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n, hashes, orphans, audits int
	if err := c.QueryRow(ctx, `SELECT count(*), count(DISTINCT content_hash) FROM sources`).Scan(&n, &hashes); err != nil {
		t.Fatal(err)
	}
	if n != hashes {
		t.Errorf("%d sources but %d distinct content hashes", n, hashes)
	}
	if err := c.QueryRow(ctx, `SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM evidence v WHERE v.event_id = e.id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Errorf("%d events without evidence", orphans)
	}
	if err := c.QueryRow(ctx, `SELECT count(*) FROM audit WHERE entity = 'source' AND action = 'create'`).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if audits != n {
		t.Errorf("%d sources but %d audit entries creating one", n, audits)
	}
	rows, err := c.Query(ctx, `SELECT s.text, (SELECT count(*) FROM evidence v WHERE v.source_id = s.id) FROM sources s`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sources, evidence = map[string]int{}, map[string]int{}
	for rows.Next() {
		var text string
		var ev int
		if err := rows.Scan(&text, &ev); err != nil {
			t.Fatal(err)
		}
		m := markerRE.FindString(text)
		sources[m]++
		evidence[m] += ev
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sources, evidence
}

// pgCount counts the rows of a table.
func pgCount(t *testing.T, dsn, table string) int {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sqliteEvidence is the number of evidence rows citing each report
// marker's source in a SQLite record.
func sqliteEvidence(t *testing.T, path string) map[string]int {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srcs, err := db.Sources(ctx, truce.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	marker := make(map[int64]string)
	for _, s := range srcs {
		marker[s.ID] = markerRE.FindString(s.Text)
	}
	events, _, err := db.Events(ctx, truce.EventFilter{Limit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]int)
	for _, e := range events {
		for _, ev := range e.Evidence {
			out[marker[ev.SourceID]]++
		}
	}
	return out
}

// TestKillWorker is the kill-a-worker test: reports written for it are
// published to a queue of the test's own, two truce worker processes
// ingest them into a throwaway PostgreSQL record, and one is SIGKILLed
// mid-batch after it acknowledged some. Once the stream is drained, the
// record passes postgres.Check, every report is stored exactly once with
// the evidence a single uninterrupted ingest gives it, and the survivor
// received redeliveries and stops with status 0 on SIGTERM.
// TRUCE_KILL_LOOPS=N repeats it N times.
func TestKillWorker(t *testing.T) {
	natsURL, js := wqNATS(t)
	n, loops := 300, 1
	if testing.Short() {
		n = 60
	}
	if v := os.Getenv("TRUCE_KILL_LOOPS"); v != "" {
		var err error
		if loops, err = strconv.Atoi(v); err != nil || loops < 1 {
			t.Fatalf("TRUCE_KILL_LOOPS=%q: want a positive number", v)
		}
	}
	bin := truceOnPath(t)
	dir := t.TempDir()
	reports := wqReports(t, dir, n)

	// The reference: one uninterrupted ingest into SQLite.
	clean := filepath.Join(dir, "clean.db")
	truceRun(t, bin, "ingest", "--accept", "auto", "--db", clean, reports)
	want := sqliteEvidence(t, clean)
	_, wantEvents := storedMarkers(t, clean)

	redelivered := 0
	defer func() {
		if redelivered == 0 && !t.Failed() {
			t.Error("no report was redelivered in any loop: the kill never caught a worker holding reports")
		}
	}()
	for loop := range loops {
		dsn := pgtest.TempDatabase(t)
		c := wqSubject(t, js)
		truceRun(t, bin, "migrate", "--db", dsn)
		out := truceRun(t, bin, "ingest", "--queue", natsURL, "--subject", c.Subject, "--accept", "auto", "--format", "json", reports)
		var pub queue.PublishSummary
		if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &pub); err != nil {
			t.Fatalf("publish summary %q: %v", out, err)
		}
		if pub.Published != n {
			t.Fatalf("published %+v, want %d", pub, n)
		}

		args := []string{"--batch", "8", "--ack-wait", "2s", "--workers", "1", "--parallel", "2"}
		a := startWorker(t, bin, natsURL, c.Subject, dsn, args...)
		b := startWorker(t, bin, natsURL, c.Subject, dsn, args...)
		// Kill a when it has fetched a batch after acknowledging some.
		acked, killAfter := 0, n/8+loop%7
		for acked < killAfter {
			acked += num(a.waitFor(t, "batch stored", 60*time.Second), "acked")
		}
		// At once (even loops), or a moment into the batch's writes (its
		// sources may be committed and its events not).
		a.waitFor(t, "batch fetched", 60*time.Second)
		var jitter time.Duration
		if loop%2 == 1 {
			jitter = time.Duration(mrand.Int64N(int64(40 * time.Millisecond)))
			time.Sleep(jitter)
		}
		if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-a.done
		werr := a.cmd.Wait()
		t.Logf("loop %d: worker a killed %v after fetching a batch, having acknowledged %d reports (%v)", loop, jitter, acked, werr)

		waitDrained(t, js, c, 3*time.Minute)
		stopped, err := b.stop(t)
		if err != nil {
			t.Errorf("worker b on SIGTERM: %v, want exit status 0\n%s", err, b.log())
		}
		if stopped == nil {
			t.Fatalf("worker b logged no \"worker stopped\":\n%s", b.log())
		}
		redelivered += num(stopped, "redelivered")
		if jitter == 0 && num(stopped, "redelivered") == 0 {
			t.Errorf("worker b got no redelivered report after a was killed mid-batch: %v", stopped)
		}
		if num(stopped, "dead") != 0 {
			t.Errorf("worker b dead-lettered reports: %v\n%s", stopped, b.log())
		}
		t.Logf("loop %d: worker b %v", loop, stopped)
		for _, m := range b.all {
			if m["msg"] == "batch failed; reports will be delivered again" {
				t.Logf("loop %d: worker b: a batch failed and was retried: %v", loop, m["err"])
			}
		}

		// postgres.Check: amcheck on indexes and heaps, every foreign key,
		// audit completeness, event-derived control entries.
		checkRecord(t, dsn).Close()
		sources, evidence := pgEvidence(t, dsn)
		// Workers merging concurrently may each create an event for one
		// happening that a single process would have merged; logged, not
		// asserted (see docs/scaling.md).
		t.Logf("loop %d: %d events in PostgreSQL; one uninterrupted SQLite ingest gives %d", loop, pgCount(t, dsn, "events"), wantEvents)
		if len(sources) != n {
			t.Errorf("loop %d: %d distinct reports stored, want %d", loop, len(sources), n)
		}
		for i := range n {
			m := fmt.Sprintf("monitoring note K%04d", i)
			if sources[m] != 1 {
				t.Errorf("loop %d: report %d stored %d times, want once", loop, i, sources[m])
			}
			if evidence[m] != want[m] {
				t.Errorf("loop %d: report %d is cited by %d evidence rows; an uninterrupted ingest gives %d", loop, i, evidence[m], want[m])
			}
		}
	}
}

// TestWorkerUsage checks the worker's command-line errors.
func TestWorkerUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"worker"}, "--queue"},
		{[]string{"worker", "--queue", "http://x:4222"}, "nats://"},
		{[]string{"worker", "--queue", "nats://127.0.0.1:4222", "--batch", "0"}, "--batch"},
		{[]string{"worker", "--queue", "nats://127.0.0.1:4222", "--ack-wait", "10ms"}, "--ack-wait"},
		{[]string{"worker", "--queue", "nats://127.0.0.1:4222", "stray"}, "no arguments"},
		{[]string{"worker", "--queue", "nats://127.0.0.1:4222", "--log-level", "loud"}, "--log-level"},
		{[]string{"ingest", "--queue", "nats://127.0.0.1:4222", "--ack", "x.txt"}, "--ack"},
		{[]string{"ingest", "--queue", "127.0.0.1:4222", "x.txt"}, "nats://"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			env, _, stderr := testEnv(nil)
			inProcess.Lock()
			code := run(context.Background(), env, tc.args)
			inProcess.Unlock()
			if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want %d mentioning %s", code, stderr.String(), exitUsage, tc.want)
			}
		})
	}
}

// TestIngestQueueFailures publishes a folder holding an unreadable file:
// the rest is published, the failure listed, exit status 3.
func TestIngestQueueFailures(t *testing.T) {
	natsURL, js := wqNATS(t)
	c := wqSubject(t, js)
	dir := t.TempDir()
	reports := wqReports(t, dir, 3)
	missing := filepath.Join(dir, "missing.txt")
	env, stdout, stderr := testEnv(nil)
	inProcess.Lock()
	code := run(context.Background(), env, []string{"ingest", "--queue", natsURL, "--subject", c.Subject, reports, missing})
	inProcess.Unlock()
	if code != exitPartial {
		t.Errorf("exit %d, want %d\n%s", code, exitPartial, stderr.String())
	}
	if !strings.Contains(stdout.String(), "published                   3") || !strings.Contains(stderr.String(), "missing.txt") {
		t.Errorf("stdout %q stderr %q: want 3 published and missing.txt listed", stdout.String(), stderr.String())
	}
}

// TestWorkerGracefulStop sends SIGTERM to a worker in the middle of a
// batch: it finishes and acknowledges that batch, exits with status 0, and
// leaves the record holding exactly the reports it acknowledged and the
// stream exactly the others, none held unacknowledged.
func TestWorkerGracefulStop(t *testing.T) {
	natsURL, js := wqNATS(t)
	n := 120
	bin := truceOnPath(t)
	reports := wqReports(t, t.TempDir(), n)
	dsn := pgtest.TempDatabase(t)
	c := wqSubject(t, js)
	truceRun(t, bin, "migrate", "--db", dsn)
	truceRun(t, bin, "ingest", "--queue", natsURL, "--subject", c.Subject, reports)

	w := startWorker(t, bin, natsURL, c.Subject, dsn, "--batch", "8", "--workers", "1")
	w.waitFor(t, "batch stored", time.Minute)
	w.waitFor(t, "batch fetched", time.Minute)
	stopped, err := w.stop(t)
	if err != nil {
		t.Fatalf("worker on SIGTERM mid-batch: %v, want exit status 0\n%s", err, w.log())
	}
	if stopped == nil {
		t.Fatalf("no \"worker stopped\" line:\n%s", w.log())
	}
	acked, fetched := num(stopped, "acked"), num(stopped, "fetched")
	if acked != fetched || acked == 0 || acked == n {
		t.Errorf("stopped after %d fetched and %d acknowledged of %d: want every fetched report acknowledged, mid-stream", fetched, acked, n)
	}
	if got := pgCount(t, dsn, "sources"); got != acked {
		t.Errorf("%d sources stored, want the %d acknowledged", got, acked)
	}
	s, err := js.Stream(context.Background(), c.Stream)
	if err != nil {
		t.Fatal(err)
	}
	if left := int(s.CachedInfo().State.Msgs); left != n-acked {
		t.Errorf("%d reports left in the stream, want %d", left, n-acked)
	}
	cons, err := s.Consumer(context.Background(), c.Consumer)
	if err != nil {
		t.Fatal(err)
	}
	if p := cons.CachedInfo().NumAckPending; p != 0 {
		t.Errorf("%d reports held unacknowledged after a graceful stop", p)
	}
}
