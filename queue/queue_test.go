package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/sqlite"
)

// testURL is the NATS server the tests use: TRUCE_TEST_NATS or the
// default.
func testURL() string {
	if v := os.Getenv("TRUCE_TEST_NATS"); v != "" {
		return v
	}
	return "nats://127.0.0.1:4222"
}

// testQueue connects to the test server and returns a Config with a
// stream, subjects and consumer of the test's own, deleted when it ends.
// Without a reachable server the test is skipped.
func testQueue(t testing.TB) (jetstream.JetStream, Config) {
	t.Helper()
	nc, err := nats.Connect(testURL(), nats.Timeout(2*time.Second))
	if err != nil {
		t.Skipf("no NATS server at %s (set TRUCE_TEST_NATS): %v", testURL(), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(ctx); err != nil {
		nc.Close()
		t.Skipf("NATS at %s has no JetStream: %v", testURL(), err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	tag := hex.EncodeToString(b)
	c := Config{
		Stream: "TEST_REPORTS_" + tag, Subject: "test." + tag + ".reports",
		DeadStream: "TEST_DEAD_" + tag, Consumer: "test-workers",
		AckWait: 2 * time.Second, MaxDeliver: 3,
	}
	t.Cleanup(func() {
		ctx := context.Background()
		for _, s := range []string{c.Stream, c.DeadStream} {
			if err := js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
				t.Errorf("delete stream %s: %v", s, err)
			}
		}
		nc.Close()
	})
	return js, c
}

// quiet is a logger that drops everything.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// reportsOf yields reports with the given texts, named r0, r1, ….
func reportsOf(texts ...string) func() (ingest.Report, bool, error) {
	i := 0
	return func() (ingest.Report, bool, error) {
		if i == len(texts) {
			return ingest.Report{}, false, nil
		}
		i++
		return ingest.Report{Name: fmt.Sprintf("r%d", i-1), Data: []byte(texts[i-1])}, true, nil
	}
}

// texts returns n distinct short reports.
func texts(n int) []string {
	places := []string{"Aghdam", "Kalbajar", "Lachin", "Shusha", "Fuzuli", "Jabrayil"}
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s, Nov %d (Test Wire) - Observers counted %d trucks leaving %s on the road west.", strings.ToUpper(places[i%len(places)]), 1+i%28, 10+i, places[i%len(places)])
	}
	return out
}

func TestEncodeDecode(t *testing.T) {
	pub := time.Date(2020, 11, 25, 0, 0, 0, 0, time.UTC)
	r := ingest.Report{Name: "a\nb.txt", URL: "https://example.org/x", Outlet: "Example", ContentType: "text/plain", Published: pub, Data: []byte("text")}
	m := Encode("s", r, Options{Accept: ingest.AcceptAuto, MinConfidence: 0.8})
	got, o, err := Decode(m.Header, m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "a b.txt" || got.URL != r.URL || got.Outlet != r.Outlet || got.ContentType != r.ContentType || !got.Published.Equal(pub) || string(got.Data) != "text" {
		t.Errorf("decoded %+v, want %+v (name on one line)", got, r)
	}
	if o.Accept != ingest.AcceptAuto || o.MinConfidence != 0.8 {
		t.Errorf("options %+v", o)
	}
	if m.Header.Get(jetstream.MsgIDHeader) != MsgID(r) {
		t.Errorf("message id %q, want MsgID", m.Header.Get(jetstream.MsgIDHeader))
	}
	r2 := r
	r2.Name = "other name"
	if MsgID(r2) != MsgID(r) {
		t.Error("the message id depends on the report's name; the same report from two paths must deduplicate")
	}
	r2.Data = []byte("text!")
	if MsgID(r2) == MsgID(r) {
		t.Error("two different reports share a message id")
	}

	bad := []struct {
		name, key, value string
		body             string
	}{
		{"accept", HeaderAccept, "always", "x"},
		{"confidence word", HeaderMinConfidence, "high", "x"},
		{"confidence above 1", HeaderMinConfidence, "1.5", "x"},
		{"published", HeaderPublished, "25/11/2020", "x"},
		{"empty body", HeaderAccept, "auto", ""},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			h := nats.Header{}
			h.Set(tc.key, tc.value)
			if _, _, err := Decode(h, []byte(tc.body)); !errors.Is(err, ErrBadMessage) {
				t.Errorf("Decode: %v, want ErrBadMessage", err)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Config
	}{
		{"wildcard subject", Config{Subject: "truce.>"}},
		{"dead equals subject", Config{Subject: "a.b", DeadSubject: "a.b"}},
		{"short ack wait", Config{AckWait: time.Millisecond}},
		{"negative max deliver", Config{MaxDeliver: -2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.c.Defaults().validate(); err == nil {
				t.Errorf("%+v accepted", tc.c)
			}
		})
	}
	if err := (Config{}).Defaults().validate(); err != nil {
		t.Errorf("defaults rejected: %v", err)
	}
}

func TestSetupIdempotent(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	for range 2 {
		if _, err := Setup(ctx, js, c); err != nil {
			t.Fatal(err)
		}
	}
	s, err := js.Stream(ctx, c.Stream)
	if err != nil {
		t.Fatal(err)
	}
	if s.CachedInfo().Config.Retention != jetstream.WorkQueuePolicy || s.CachedInfo().Config.Discard != jetstream.DiscardNew {
		t.Errorf("stream config %+v: want work queue, discard new", s.CachedInfo().Config)
	}
	if _, err := js.Stream(ctx, c.DeadStream); err != nil {
		t.Errorf("dead-letter stream: %v", err)
	}
}

func TestPublishDeduplicates(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	s, err := Setup(ctx, js, c)
	if err != nil {
		t.Fatal(err)
	}
	p := &Publisher{JS: js, Config: c, Log: quiet, InFlight: 2}
	ts := texts(5)
	sum, err := p.Run(ctx, reportsOf(ts...))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 5 || sum.Published != 5 || sum.Duplicates != 0 || sum.Failed != 0 {
		t.Errorf("first run %+v, want 5 read and published", sum)
	}
	// The same reports again, and one new: only the new one is stored.
	sum, err = p.Run(ctx, reportsOf(append(ts, "FUZULI, Nov 9 (Test Wire) - A new report.")...))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Published != 1 || sum.Duplicates != 5 {
		t.Errorf("second run %+v, want 1 published and 5 duplicates", sum)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 6 {
		t.Errorf("stream holds %d messages, want 6", info.State.Msgs)
	}
}

func TestPublishReadFailures(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	if _, err := Setup(ctx, js, c); err != nil {
		t.Fatal(err)
	}
	i := 0
	next := func() (ingest.Report, bool, error) {
		i++
		switch i {
		case 1:
			return ingest.Report{Name: "good", Data: []byte("LACHIN, Dec 1 - Troops entered.")}, true, nil
		case 2:
			return ingest.Report{Name: "missing.txt"}, true, errors.New("open missing.txt: no such file")
		}
		return ingest.Report{}, false, nil
	}
	sum, err := (&Publisher{JS: js, Config: c, Log: quiet}).Run(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Published != 1 || sum.Failed != 1 || len(sum.Failures) != 1 || sum.Failures[0].Name != "missing.txt" {
		t.Errorf("summary %+v, want one published and missing.txt failed", sum)
	}
}

// recorder is a Handler that records what it saw and fails as told.
type recorder struct {
	mu       sync.Mutex
	seen     map[string]int // report name → times handled
	failOnce map[string]bool
	always   map[string]bool   // fail the batch every time
	bad      map[string]string // permanent reason
	stored   map[string]bool
	slow     time.Duration // how long a call handling a report seen before takes
}

func newRecorder() *recorder {
	return &recorder{seen: map[string]int{}, failOnce: map[string]bool{}, always: map[string]bool{}, bad: map[string]string{}, stored: map[string]bool{}}
}

func (h *recorder) Handle(ctx context.Context, jobs []Job) ([]string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, j := range jobs {
		if h.seen[j.Report.Name] > 0 {
			time.Sleep(h.slow)
			break
		}
	}
	reasons := make([]string, len(jobs))
	for _, j := range jobs {
		h.seen[j.Report.Name]++
	}
	for _, j := range jobs {
		n := j.Report.Name
		if h.always[n] {
			return nil, fmt.Errorf("store unavailable for %s", n)
		}
		if h.failOnce[n] && h.seen[n] == 1 {
			return nil, errors.New("store unavailable")
		}
	}
	for i, j := range jobs {
		if r, ok := h.bad[j.Report.Name]; ok {
			reasons[i] = r
			continue
		}
		h.stored[j.Report.Name] = true
	}
	return reasons, nil
}

func (h *recorder) times(name string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.seen[name]
}

// runWorker runs a worker until the stream is empty (or the timeout), then
// stops it and returns its stats.
func runWorker(t *testing.T, js jetstream.JetStream, c Config, h Handler, timeout time.Duration) WorkerStats {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &Worker{JS: js, Config: c, Handler: h, Batch: 4, FetchWait: 200 * time.Millisecond, Log: quiet}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	waitEmpty(t, js, c.Stream, timeout)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("worker: %v", err)
	}
	return w.Stats()
}

// waitEmpty waits until stream holds no message.
func waitEmpty(t *testing.T, js jetstream.JetStream, stream string, timeout time.Duration) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	for {
		s, err := js.Stream(ctx, stream)
		if err != nil {
			t.Fatal(err)
		}
		if s.CachedInfo().State.Msgs == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("stream %s still holds %d messages after %v", stream, s.CachedInfo().State.Msgs, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// deadLetters returns the reason header of each dead letter by report name.
func deadLetters(t *testing.T, js jetstream.JetStream, c Config) map[string]string {
	t.Helper()
	ctx := context.Background()
	c = c.Defaults()
	cons, err := js.OrderedConsumer(ctx, c.DeadStream, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := js.Stream(ctx, c.DeadStream)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	n := int(s.CachedInfo().State.Msgs)
	if n == 0 {
		return out
	}
	mb, err := cons.Fetch(n, jetstream.FetchMaxWait(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for m := range mb.Messages() {
		out[m.Headers().Get(HeaderName)] = m.Headers().Get(HeaderDeadReason)
		if m.Subject() != c.DeadSubject || len(m.Data()) == 0 {
			t.Errorf("dead letter on %s with %d bytes, want %s with the report", m.Subject(), len(m.Data()), c.DeadSubject)
		}
	}
	return out
}

func TestWorkerAcksAfterCommit(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	if _, err := Setup(ctx, js, c); err != nil {
		t.Fatal(err)
	}
	ts := texts(10)
	if _, err := (&Publisher{JS: js, Config: c, Log: quiet}).Run(ctx, reportsOf(ts...)); err != nil {
		t.Fatal(err)
	}
	h := newRecorder()
	h.failOnce["r3"] = true // its batch fails once: all of it comes back
	st := runWorker(t, js, c, h, 30*time.Second)
	for i := range ts {
		name := fmt.Sprintf("r%d", i)
		if !h.stored[name] {
			t.Errorf("%s never stored", name)
		}
	}
	if h.times("r3") != 2 {
		t.Errorf("r3 handled %d times, want 2 (failed, then stored)", h.times("r3"))
	}
	if st.Acked != len(ts) || st.Naked == 0 || st.Redelivered == 0 || st.Dead != 0 {
		t.Errorf("stats %+v: want %d acked, some naked and redelivered, none dead", st, len(ts))
	}
}

func TestDeadLetter(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	c.MaxDeliver = 2
	if _, err := Setup(ctx, js, c); err != nil {
		t.Fatal(err)
	}
	ts := texts(6)
	if _, err := (&Publisher{JS: js, Config: c, Log: quiet}).Run(ctx, reportsOf(ts...)); err != nil {
		t.Fatal(err)
	}
	// A message that is not a report at all.
	m := nats.NewMsg(c.Subject)
	m.Header.Set(HeaderName, "garbled")
	m.Header.Set(HeaderAccept, "sometimes")
	m.Data = []byte("x")
	if _, err := js.PublishMsg(ctx, m); err != nil {
		t.Fatal(err)
	}
	h := newRecorder()
	h.bad["r1"] = "report is not in English"
	h.always["r4"] = true
	st := runWorker(t, js, c, h, 30*time.Second)
	dead := deadLetters(t, js, c)
	want := map[string]string{
		"r1":      "report is not in English",
		"r4":      "failed 2 times",
		"garbled": "bad report message",
	}
	for name, reason := range want {
		if !strings.Contains(dead[name], reason) {
			t.Errorf("dead letter of %s: reason %q, want it to contain %q", name, dead[name], reason)
		}
	}
	if len(dead) != len(want) {
		t.Errorf("dead letters %v, want those of %d reports", dead, len(want))
	}
	for _, name := range []string{"r0", "r2", "r3", "r5"} {
		if !h.stored[name] {
			t.Errorf("%s, in a batch with a failing report, was not stored", name)
		}
	}
	if h.times("r4") != 2 {
		t.Errorf("r4 handled %d times, want MaxDeliver = 2", h.times("r4"))
	}
	if st.Dead != 3 {
		t.Errorf("stats %+v: want 3 dead", st)
	}
}

func TestPublishBackPressure(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	c.MaxMsgs = 3
	if _, err := Setup(ctx, js, c); err != nil {
		t.Fatal(err)
	}
	h := newRecorder()
	ts := texts(12)
	type result struct {
		sum PublishSummary
		err error
	}
	res := make(chan result, 1)
	go func() {
		sum, err := (&Publisher{JS: js, Config: c, Log: quiet, InFlight: 4, MaxWait: 20 * time.Second}).Run(ctx, reportsOf(ts...))
		res <- result{sum, err}
	}()
	// No worker yet: the stream fills up and the publisher waits.
	time.Sleep(500 * time.Millisecond)
	s, err := js.Stream(ctx, c.Stream)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.CachedInfo().State.Msgs; n != 3 {
		t.Errorf("stream holds %d messages while full, want its MaxMsgs 3", n)
	}
	wctx, cancel := context.WithCancel(ctx)
	w := &Worker{JS: js, Config: c, Handler: h, Batch: 2, FetchWait: 100 * time.Millisecond, Log: quiet}
	done := make(chan error, 1)
	go func() { done <- w.Run(wctx) }()
	r := <-res
	waitEmpty(t, js, c.Stream, 20*time.Second)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if r.err != nil {
		t.Fatalf("publish: %v", r.err)
	}
	if r.sum.Published != len(ts) || r.sum.Retries == 0 || r.sum.Failed != 0 {
		t.Errorf("publish summary %+v: want all %d published after retries", r.sum, len(ts))
	}
	for i := range ts {
		if !h.stored[fmt.Sprintf("r%d", i)] {
			t.Errorf("r%d not stored", i)
		}
	}
}

func TestPublishGivesUp(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	c.MaxMsgs = 1
	if _, err := Setup(ctx, js, c); err != nil {
		t.Fatal(err)
	}
	sum, err := (&Publisher{JS: js, Config: c, Log: quiet, MaxWait: 300 * time.Millisecond}).Run(ctx, reportsOf(texts(3)...))
	if err == nil || !strings.Contains(err.Error(), "gave up") {
		t.Fatalf("publish into a full stream without workers: %v, want a clear give-up error", err)
	}
	if sum.Published != 1 {
		t.Errorf("summary %+v: want the one that fit", sum)
	}
}

func TestIngestHandlerIdempotent(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	x, err := extract.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &IngestHandler{Store: db, Extractor: x, Workers: 1}
	jobs := []Job{
		{Report: ingest.Report{Name: "a", Data: []byte("KALBAJAR, Nov 25 (Test Wire) - Azerbaijani troops entered the Kalbajar district on Wednesday after Armenian forces withdrew.")}},
		{Report: ingest.Report{Name: "b", Data: []byte{0, 1, 2, 3, 0xff, 0xfe, 0}}},
		{Report: ingest.Report{Name: "c", Data: []byte("LACHIN, Dec 1 (Test Wire) - The Azerbaijani army took control of the Lachin district on Tuesday.")}, Options: Options{Accept: ingest.AcceptAuto}},
	}
	for round := range 2 {
		reasons, err := h.Handle(ctx, jobs)
		if err != nil {
			t.Fatal(err)
		}
		if reasons[0] != "" || reasons[2] != "" || !strings.Contains(reasons[1], "binary") {
			t.Errorf("round %d: reasons %q, want only b failed as binary", round, reasons)
		}
	}
	sum := h.Summary()
	if sum.Duplicates != 2 {
		t.Errorf("summary %+v: want the second round's two reports skipped as duplicates", sum)
	}
	srcs, err := db.Sources(ctx, truce.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 {
		t.Errorf("%d sources stored, want 2", len(srcs))
	}
}

func TestDefaultsNameStreamsAfterSubject(t *testing.T) {
	for _, tc := range []struct {
		subject, stream, dead, deadSubject string
	}{
		{"", DefaultStream, DefaultDeadStream, "truce.reports.dead"},
		{"truce.reports.eu-west", "TRUCE_REPORTS_EU-WEST", "TRUCE_REPORTS_EU-WEST_DEAD", "truce.reports.eu-west.dead"},
		{"Kalbajar.Reports", "KALBAJAR_REPORTS", "KALBAJAR_REPORTS_DEAD", "Kalbajar.Reports.dead"},
	} {
		c := Config{Subject: tc.subject}.Defaults()
		if c.Stream != tc.stream || c.DeadStream != tc.dead || c.DeadSubject != tc.deadSubject {
			t.Errorf("subject %q: streams %s, %s, dead subject %s; want %s, %s, %s", tc.subject, c.Stream, c.DeadStream, c.DeadSubject, tc.stream, tc.dead, tc.deadSubject)
		}
	}
}

func TestWorkerParallel(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	if _, err := Setup(ctx, js, c); err != nil {
		t.Fatal(err)
	}
	ts := texts(40)
	if _, err := (&Publisher{JS: js, Config: c, Log: quiet}).Run(ctx, reportsOf(ts...)); err != nil {
		t.Fatal(err)
	}
	hs := []*recorder{newRecorder(), newRecorder(), newRecorder()}
	wctx, cancel := context.WithCancel(ctx)
	w := &Worker{JS: js, Config: c, Handler: NewPool(hs[0], hs[1], hs[2]), Batch: 2, Parallel: 3, FetchWait: 100 * time.Millisecond, Log: quiet}
	done := make(chan error, 1)
	go func() { done <- w.Run(wctx) }()
	waitEmpty(t, js, c.Stream, 30*time.Second)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	used := 0
	for i := range ts {
		name := fmt.Sprintf("r%d", i)
		n := 0
		for _, h := range hs {
			n += h.times(name)
		}
		if n != 1 {
			t.Errorf("%s handled %d times, want once", name, n)
		}
	}
	for _, h := range hs {
		if len(h.stored) > 0 {
			used++
		}
	}
	if used < 2 {
		t.Errorf("%d of 3 handlers used, want the loops to share the work", used)
	}
	if st := w.Stats(); st.Acked != len(ts) {
		t.Errorf("stats %+v, want %d acked", st, len(ts))
	}
}

func TestPublishTooLarge(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	if _, err := Setup(ctx, js, c); err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("Troops were seen near Aghdam. ", 1<<17) // ~3.9 MB, above the default 1 MB payload
	sum, err := (&Publisher{JS: js, Config: c, Log: quiet, MaxWait: 5 * time.Second}).Run(ctx, reportsOf("AGHDAM, Nov 20 - A short report.", huge, "LACHIN, Dec 1 - Another short one."))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Published != 2 || sum.Failed != 1 || len(sum.Failures) != 1 || sum.Failures[0].Name != "r1" || !strings.Contains(sum.Failures[0].Reason, "maximum message size") {
		t.Errorf("summary %+v: want the large report failed with its reason, the others published", sum)
	}
}

// TestWorkerHoldsWaitingReports: reports that come back after a failed
// batch are written one at a time; while the first ones are written (each
// slower than AckWait), the others wait in the worker and must not be
// handed out again meanwhile.
func TestWorkerHoldsWaitingReports(t *testing.T) {
	js, c := testQueue(t)
	ctx := context.Background()
	c.AckWait = time.Second
	if _, err := Setup(ctx, js, c); err != nil {
		t.Fatal(err)
	}
	ts := texts(4)
	if _, err := (&Publisher{JS: js, Config: c, Log: quiet}).Run(ctx, reportsOf(ts...)); err != nil {
		t.Fatal(err)
	}
	h := newRecorder()
	h.failOnce["r0"] = true // the first batch fails: all four come back
	h.slow = 1500 * time.Millisecond
	w := &Worker{JS: js, Config: c, Handler: h, Batch: 4, FetchWait: 200 * time.Millisecond, Log: quiet}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(wctx) }()
	waitEmpty(t, js, c.Stream, 60*time.Second)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i := range ts {
		name := fmt.Sprintf("r%d", i)
		if n := h.times(name); n != 2 {
			t.Errorf("%s handled %d times, want 2 (the failed batch, then alone)", name, n)
		}
	}
}
