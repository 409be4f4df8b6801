package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/ingest"
)

// Worker defaults.
const (
	DefaultBatch     = 32
	DefaultFetchWait = 2 * time.Second
)

// Job is one fetched report and the options it came with.
type Job struct {
	Report  ingest.Report
	Options Options
}

// Handler writes a batch of reports into the record.
//
// Handle returns one reason per job: "" when the report is committed
// (stored now, or found stored before), else why it can never be
// ingested (bad input; it is dead-lettered). A non-nil error means the
// batch failed for a reason that may pass (the store is down): none of its
// reports is acknowledged and all are delivered again later. Handle must
// be idempotent: a report handled twice is stored once.
type Handler interface {
	Handle(ctx context.Context, jobs []Job) ([]string, error)
}

// IngestHandler is the Handler that extracts and writes reports through
// ingest.Ingester, one per set of options. It is not safe for concurrent
// use (one per worker).
type IngestHandler struct {
	Store     truce.Store
	Extractor *extract.Extractor
	Workers   int // extraction goroutines (0: one per CPU)

	ingesters map[Options]*ingest.Ingester
	sum       ingest.Summary
}

// Summary returns the counts of every batch handled so far.
func (h *IngestHandler) Summary() ingest.Summary { return h.sum }

// Handle implements Handler: the jobs of each set of options are one
// Ingester.Run, which returns once their sources and events are
// committed.
func (h *IngestHandler) Handle(ctx context.Context, jobs []Job) ([]string, error) {
	reasons := make([]string, len(jobs))
	groups := make(map[Options][]int)
	var order []Options
	for i, j := range jobs {
		if _, ok := groups[j.Options]; !ok {
			order = append(order, j.Options)
		}
		groups[j.Options] = append(groups[j.Options], i)
	}
	for _, o := range order {
		idx := groups[o]
		in, err := h.ingester(o, len(idx))
		if err != nil {
			for _, i := range idx {
				reasons[i] = err.Error()
			}
			continue
		}
		// Names unique within the batch map failures back to their job.
		byName := make(map[string]int, len(idx))
		reports := make([]ingest.Report, len(idx))
		for k, i := range idx {
			r := jobs[i].Report
			r.Name = fmt.Sprintf("#%d %s", k, r.Name)
			byName[r.Name] = i
			reports[k] = r
		}
		sum, err := in.Ingest(ctx, reports...)
		h.sum.Add(sum)
		if err != nil {
			// The ingester's memory of what it stored may now be wrong
			// (a source committed, its events not): start afresh, so that
			// the redelivered reports are read as a new run would.
			h.ingesters = nil
			return nil, err
		}
		for _, f := range sum.Failures {
			if i, ok := byName[f.Name]; ok {
				reasons[i] = f.Reason
			}
		}
	}
	h.sum.Failures = nil // reasons go to the dead-letter stream, not memory
	return reasons, nil
}

// ingester returns the Ingester for options o. A kept one is refreshed:
// other workers have written since its last batch, and its merge window
// must see their events.
func (h *IngestHandler) ingester(o Options, batch int) (*ingest.Ingester, error) {
	if in, ok := h.ingesters[o]; ok {
		in.Refresh()
		return in, nil
	}
	in, err := ingest.New(h.Store, h.Extractor, ingest.Options{Accept: o.Accept, MinConfidence: o.MinConfidence, Workers: h.Workers, Batch: max(batch, DefaultBatch)})
	if err != nil {
		return nil, fmt.Errorf("ingest options: %w", err)
	}
	if h.ingesters == nil {
		h.ingesters = make(map[Options]*ingest.Ingester)
	}
	h.ingesters[o] = in
	return in, nil
}

// Pool is a Handler that hands each call to a free handler of its own,
// so that a Worker with Parallel > 1 can use handlers that are not safe
// for concurrent use, such as IngestHandler: one per loop.
type Pool struct{ free chan Handler }

// NewPool returns a Pool of hs.
func NewPool(hs ...Handler) *Pool {
	p := &Pool{free: make(chan Handler, len(hs))}
	for _, h := range hs {
		p.free <- h
	}
	return p
}

// Handle implements Handler on a free handler of the pool.
func (p *Pool) Handle(ctx context.Context, jobs []Job) ([]string, error) {
	h := <-p.free
	defer func() { p.free <- h }()
	return h.Handle(ctx, jobs)
}

// Worker pulls reports from the shared durable consumer and hands them to
// its Handler, batch by batch, acknowledging each report only after the
// Handler says it is committed.
type Worker struct {
	JS      jetstream.JetStream
	Config  Config
	Handler Handler
	// Batch is how many reports one fetch asks for (DefaultBatch).
	Batch int
	// FetchWait is how long a fetch waits for reports (DefaultFetchWait);
	// it bounds how long a stop request waits when the stream is idle.
	FetchWait time.Duration
	// Parallel is how many fetch-and-write loops run at once (1): while
	// one loop waits for its transaction, another extracts. With more
	// than one, Handler must be safe for concurrent use (see Pool).
	Parallel int
	Log      *slog.Logger // nil: slog.Default()

	mu    sync.Mutex
	stats WorkerStats
}

// WorkerStats counts what a worker did.
type WorkerStats struct {
	Fetched     int `json:"fetched"`     // messages received
	Acked       int `json:"acked"`       // acknowledged after their write committed
	Redelivered int `json:"redelivered"` // received more than once (a worker died or failed before acknowledging)
	Naked       int `json:"naked"`       // given back for a later retry after a failed write
	Dead        int `json:"dead"`        // sent to the dead-letter stream
	Batches     int `json:"batches"`
}

// Stats returns the counts so far.
func (w *Worker) Stats() WorkerStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

// count updates the stats.
func (w *Worker) count(f func(s *WorkerStats)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f(&w.stats)
}

// Consumer creates or updates the durable consumer every worker shares:
// explicit acknowledgement, AckWait, MaxAckPending. Its MaxDeliver is
// unlimited: the worker dead-letters a report after Config.MaxDeliver
// deliveries itself, so that no report ever stays stuck in the stream.
func Consumer(ctx context.Context, js jetstream.JetStream, c Config) (jetstream.Consumer, error) {
	c = c.Defaults()
	if err := c.validate(); err != nil {
		return nil, err
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, c.Stream, jetstream.ConsumerConfig{
		Durable:       c.Consumer,
		Description:   "truce workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: c.MaxAckPend,
		FilterSubject: c.Subject,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: consumer %s on %s: %w", c.Consumer, c.Stream, err)
	}
	return cons, nil
}

// Run sets up the streams and the consumer, then fetches and handles
// batches until ctx ends. A stop (ctx ending) lets the batch in hand
// finish and be acknowledged; Run then returns nil.
func (w *Worker) Run(ctx context.Context) error {
	c := w.Config.Defaults()
	if w.Handler == nil {
		return errors.New("queue: worker without a handler")
	}
	batch := w.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	wait := w.FetchWait
	if wait <= 0 {
		wait = DefaultFetchWait
	}
	log := w.Log
	if log == nil {
		log = slog.Default()
	}
	if _, err := Setup(ctx, w.JS, c); err != nil {
		return err
	}
	cons, err := Consumer(ctx, w.JS, c)
	if err != nil {
		return err
	}
	parallel := max(w.Parallel, 1)
	log.Info("worker started", "stream", c.Stream, "consumer", c.Consumer, "batch", batch, "parallel", parallel,
		"ack_wait", c.AckWait, "max_deliver", c.MaxDeliver)
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx, log, c, cons, batch, wait)
		}()
	}
	wg.Wait()
	st := w.Stats()
	log.Info("worker stopped", "fetched", st.Fetched, "acked", st.Acked, "redelivered", st.Redelivered,
		"naked", st.Naked, "dead", st.Dead, "batches", st.Batches)
	return nil
}

// loop fetches and handles batches until ctx ends.
func (w *Worker) loop(ctx context.Context, log *slog.Logger, c Config, cons jetstream.Consumer, batch int, wait time.Duration) {
	work := context.WithoutCancel(ctx) // a started batch finishes even on stop
	delay := 100 * time.Millisecond
	for ctx.Err() == nil {
		// What is there now, at once; when nothing is, wait up to
		// FetchWait for a batch.
		mb, err := cons.FetchNoWait(batch)
		if err == nil {
			msgs := collect(mb)
			if len(msgs) > 0 {
				delay = 100 * time.Millisecond
				w.process(work, log, c, msgs)
				continue
			}
			mb, err = cons.Fetch(batch, jetstream.FetchMaxWait(wait))
		}
		if err != nil {
			log.Warn("fetch failed", "err", err, "retry_in", delay)
			sleep(ctx, delay)
			delay = min(2*delay, 10*time.Second)
			continue
		}
		msgs := collect(mb)
		if err := mb.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) {
			log.Warn("fetch ended early", "err", err, "messages", len(msgs))
			if len(msgs) == 0 {
				sleep(ctx, delay)
				delay = min(2*delay, 10*time.Second)
			}
		}
		if len(msgs) == 0 {
			continue
		}
		delay = 100 * time.Millisecond
		w.process(work, log, c, msgs)
	}
}

// collect reads the messages of a fetch.
func collect(mb jetstream.MessageBatch) []jetstream.Msg {
	var msgs []jetstream.Msg
	for m := range mb.Messages() {
		msgs = append(msgs, m)
	}
	return msgs
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// fetched is a message with its delivery count.
type fetched struct {
	msg       jetstream.Msg
	seq       uint64
	delivered int
	job       Job
}

// process handles one fetched batch. Reports delivered for the first
// time are handled together; redelivered ones one at a time, so that a
// report that breaks its batch's write is found out and dead-lettered
// alone after MaxDeliver instead of taking its batch along.
//
// Until every message of the batch is settled, the server is told every
// AckWait/3 that the worker is still on them (InProgress; a message
// settled already ignores it), so that none is handed to another worker
// while it waits its turn here.
func (w *Worker) process(ctx context.Context, log *slog.Logger, c Config, msgs []jetstream.Msg) {
	w.count(func(s *WorkerStats) { s.Batches++; s.Fetched += len(msgs) })
	log.Debug("batch fetched", "messages", len(msgs))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(max(c.AckWait/3, 200*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				for _, m := range msgs {
					_ = m.InProgress()
				}
			}
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
	}()
	var fresh []fetched
	var again [][]fetched
	for _, m := range msgs {
		f := fetched{msg: m, delivered: 1}
		if md, err := m.Metadata(); err == nil {
			f.delivered = int(md.NumDelivered)
			f.seq = md.Sequence.Stream
		}
		if f.delivered > 1 {
			w.count(func(s *WorkerStats) { s.Redelivered++ })
		}
		if f.delivered > c.MaxDeliver {
			w.dead(ctx, log, c, f, fmt.Sprintf("delivered %d times without being stored", f.delivered-1))
			continue
		}
		r, o, err := Decode(m.Headers(), m.Data())
		if err != nil {
			w.dead(ctx, log, c, f, err.Error())
			continue
		}
		if r.Name == "" {
			r.Name = c.Stream + ":" + strconv.FormatUint(f.seq, 10)
		}
		f.job = Job{Report: r, Options: o}
		if f.delivered > 1 {
			again = append(again, []fetched{f})
		} else {
			fresh = append(fresh, f)
		}
	}
	for _, group := range append([][]fetched{fresh}, again...) {
		if len(group) > 0 {
			w.handle(ctx, log, c, group)
		}
	}
}

// handle runs the Handler on a group and acknowledges, retries or
// dead-letters each message by the result.
func (w *Worker) handle(ctx context.Context, log *slog.Logger, c Config, group []fetched) {
	jobs := make([]Job, len(group))
	for i, f := range group {
		jobs[i] = f.job
	}
	start := time.Now()
	reasons, err := w.Handler.Handle(ctx, jobs)
	if err == nil && len(reasons) != len(jobs) {
		err = fmt.Errorf("queue: handler gave %d results for %d reports", len(reasons), len(jobs))
	}
	if err != nil {
		log.Error("batch failed; reports will be delivered again", "reports", len(group), "err", err)
		for _, f := range group {
			if f.delivered >= c.MaxDeliver {
				w.dead(ctx, log, c, f, fmt.Sprintf("failed %d times; last: %v", f.delivered, err))
				continue
			}
			w.nak(log, f)
		}
		return
	}
	acked := 0
	for i, f := range group {
		if reasons[i] != "" {
			w.dead(ctx, log, c, f, reasons[i])
			continue
		}
		if err := f.msg.Ack(); err != nil {
			// The report is stored; a lost ack means one more delivery,
			// which stores nothing new.
			log.Warn("ack failed", "report", f.job.Report.Name, "err", err)
			continue
		}
		acked++
	}
	w.count(func(s *WorkerStats) { s.Acked += acked })
	log.Info("batch stored", "reports", len(group), "acked", acked, "took", time.Since(start).Round(time.Millisecond))
}

// nakDelay is how long a report that failed its n-th delivery waits.
func nakDelay(n int) time.Duration {
	d := time.Second << min(max(n-1, 0), 5)
	return min(d, 30*time.Second)
}

// nak gives a message back for redelivery after a backoff.
func (w *Worker) nak(log *slog.Logger, f fetched) {
	if err := f.msg.NakWithDelay(nakDelay(f.delivered)); err != nil {
		log.Warn("nak failed; the report comes back after the ack wait", "report", f.job.Report.Name, "err", err)
	}
	w.count(func(s *WorkerStats) { s.Naked++ })
}

// dead publishes a message to the dead-letter subject with reason, then
// acknowledges it. When the dead letter cannot be published, the message is
// given back instead, so that it is never lost.
func (w *Worker) dead(ctx context.Context, log *slog.Logger, c Config, f fetched, reason string) {
	m := nats.NewMsg(c.DeadSubject)
	m.Data = f.msg.Data()
	for k, vs := range f.msg.Headers() {
		for _, v := range vs {
			m.Header.Add(k, v)
		}
	}
	id := m.Header.Get(jetstream.MsgIDHeader)
	if id == "" {
		id = c.Stream + "-" + strconv.FormatUint(f.seq, 10)
	}
	m.Header.Set(jetstream.MsgIDHeader, id+"-dead")
	m.Header.Set(HeaderDeadReason, oneLine(reason))
	m.Header.Set(HeaderDeadDeliveries, strconv.Itoa(f.delivered))
	m.Header.Set(HeaderDeadStreamSeq, strconv.FormatUint(f.seq, 10))
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := w.JS.PublishMsg(pctx, m); err != nil {
		log.Error("dead letter not published; report given back", "report", f.msg.Headers().Get(HeaderName), "reason", reason, "err", err)
		w.nak(log, f)
		return
	}
	// Acknowledged, not terminated: on a work-queue stream an ack
	// removes the message, which a term does not on every server version
	// (2.9 keeps it); the report lives on in the dead-letter stream.
	if err := f.msg.Ack(); err != nil {
		log.Warn("ack of a dead-lettered report failed; it comes back and is dead-lettered again (same message id)", "err", err)
	}
	w.count(func(s *WorkerStats) { s.Dead++ })
	log.Warn("report dead-lettered", "report", f.msg.Headers().Get(HeaderName), "seq", f.seq, "deliveries", f.delivered, "reason", reason)
}
