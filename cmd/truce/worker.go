package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/ingest/feed"
	"github.com/truce-monitor/truce/queue"
)

var workerOpts struct {
	queue, subject, consumer, db, index, actors, logLevel, logFormat string
	batch, maxDeliver, workers, maxAckPending, parallel              int
	ackWait                                                          time.Duration
}

func init() {
	register(&command{
		Name:    "worker",
		Summary: "ingest reports from the NATS JetStream queue into the record",
		Usage:   "--queue nats://HOST:4222 [--db postgres://…|FILE] [--batch N] [--parallel N] [--max-deliver N] [--ack-wait D]",
		Help: `Pulls the reports truce ingest --queue published from the JetStream work
queue (stream TRUCE_REPORTS, subject truce.reports), extracts, merges and
writes them into the record exactly as truce ingest does, and
acknowledges each report only after its write committed. Run any number of
workers, on any machines, against one PostgreSQL record: they share one
durable consumer, so each report goes to one worker at a time. With
--parallel N one worker keeps N batches in progress, each in its own
transaction, so that extraction goes on while a batch waits for the
record (like N workers, in one process).

A worker that dies mid-batch loses nothing: its reports are delivered
again after --ack-wait, and a report ingested twice is stored once. A write
that fails (the record is down) gives the batch back with a growing delay;
a report that cannot be ingested (not a report, not English, binary) or
that failed --max-deliver times goes to the dead-letter subject
truce.reports.dead (stream TRUCE_REPORTS_DEAD) with the reason in its
Truce-Dead-Reason header.

SIGINT or SIGTERM stops the worker: the batch in hand is finished and
acknowledged, then it exits with status 0. Logs go to standard error.

Example:
  truce worker --queue nats://queue.example.org:4222 --db "$TRUCE_DB"`,
		Flags: func(fs *flag.FlagSet) {
			o := &workerOpts
			*o = struct {
				queue, subject, consumer, db, index, actors, logLevel, logFormat string
				batch, maxDeliver, workers, maxAckPending, parallel              int
				ackWait                                                          time.Duration
			}{}
			fs.StringVar(&o.queue, "queue", "", "the NATS server: nats://HOST:4222 (default $TRUCE_QUEUE)")
			fs.StringVar(&o.subject, "subject", queue.DefaultSubject, "the subject reports are published on")
			fs.StringVar(&o.consumer, "consumer", queue.DefaultConsumer, "the durable consumer the workers share")
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.IntVar(&o.batch, "batch", queue.DefaultBatch, "reports fetched and written in one transaction")
			fs.IntVar(&o.maxDeliver, "max-deliver", queue.DefaultMaxDeliver, "deliveries of a failing report before it is dead-lettered")
			fs.DurationVar(&o.ackWait, "ack-wait", queue.DefaultAckWait, "how long a fetched report is held before it is delivered again")
			fs.IntVar(&o.maxAckPending, "max-ack-pending", queue.DefaultMaxAckPend, "reports fetched and not acknowledged, all workers together")
			fs.IntVar(&o.workers, "workers", 0, "extraction goroutines per batch (0: one per CPU)")
			fs.IntVar(&o.parallel, "parallel", 1, "batches in progress at once, each with its own transaction: while one waits for the record, another extracts")
			fs.StringVar(&o.index, "index", "", "the gazetteer index (default $TRUCE_GAZETTEER, else truce-data beside the binary)")
			fs.StringVar(&o.actors, "actors", "", "an actor dictionary whose lines win over the built-in one")
			fs.StringVar(&o.logLevel, "log-level", "info", "debug, info, warn or error")
			fs.StringVar(&o.logFormat, "log-format", "text", "text or json")
		},
		Run: runWorker,
	})
}

// queueURL returns the --queue value, else $TRUCE_QUEUE, checked.
func queueURL(env *Env, flagValue string) (string, error) {
	u := flagValue
	if u == "" {
		u = env.Getenv("TRUCE_QUEUE")
	}
	if u == "" {
		return "", usagef("name the NATS server with --queue nats://HOST:4222 (or TRUCE_QUEUE)")
	}
	for _, one := range strings.Split(u, ",") {
		if !strings.HasPrefix(one, "nats://") && !strings.HasPrefix(one, "tls://") {
			return "", usagef("--queue %q: want nats://HOST:PORT or tls://HOST:PORT", one)
		}
	}
	return u, nil
}

// newLogger returns the worker's logger on w.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("--log-level %q: want debug, info, warn or error", level)
	}
	o := &slog.HandlerOptions{Level: l}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, o)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, o)), nil
	}
	return nil, usagef("--log-format %q: want text or json", format)
}

func runWorker(ctx context.Context, env *Env, args []string) error {
	o := workerOpts
	if len(args) > 0 {
		return usagef("truce worker takes no arguments; it reads reports from the queue")
	}
	url, err := queueURL(env, o.queue)
	if err != nil {
		return err
	}
	switch {
	case o.batch < 1:
		return usagef("--batch must be at least 1")
	case o.maxDeliver < 1:
		return usagef("--max-deliver must be at least 1")
	case o.ackWait < time.Second:
		return usagef("--ack-wait must be at least 1s")
	case o.workers < 0:
		return usagef("--workers must not be negative")
	case o.parallel < 1 || o.parallel > 64:
		return usagef("--parallel must be between 1 and 64")
	case o.maxAckPending < o.batch*o.parallel:
		return usagef("--max-ack-pending must be at least --batch × --parallel")
	}
	log, err := newLogger(env.Stderr, o.logLevel, o.logFormat)
	if err != nil {
		return err
	}
	// The worker stops on its own signals too, so that it stops gracefully
	// however it is started.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	x, err := newExtractor(env, o.index, o.actors, 0)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	nc, js, err := queue.Connect(url, "truce worker")
	if err != nil {
		return err
	}
	defer nc.Close()
	hs := make([]*queue.IngestHandler, o.parallel)
	pool := make([]queue.Handler, o.parallel)
	for i := range hs {
		hs[i] = &queue.IngestHandler{Store: s, Extractor: x, Workers: o.workers}
		pool[i] = hs[i]
	}
	w := &queue.Worker{
		JS: js,
		Config: queue.Config{Subject: o.subject, Consumer: o.consumer, AckWait: o.ackWait,
			MaxDeliver: o.maxDeliver, MaxAckPend: o.maxAckPending},
		Handler: queue.NewPool(pool...), Parallel: o.parallel, Batch: o.batch, Log: log,
	}
	err = w.Run(ctx)
	var sum ingest.Summary
	for _, h := range hs {
		sum.Add(h.Summary())
	}
	log.Info("ingested", "reports", sum.Read, "duplicates", sum.Duplicates, "resumed", sum.Resumed,
		"failed", sum.Failed, "events_created", sum.EventsCreated, "events_merged", sum.EventsMerged)
	if err != nil {
		return err
	}
	return nc.Drain()
}

// publishReports is truce ingest --queue: it publishes the reports named
// by args to the queue instead of ingesting them, and prints a summary.
func publishReports(ctx context.Context, env *Env, url, subject string, opts queue.Options, format string, args []string) error {
	nc, js, err := queue.Connect(url, "truce ingest", jetstream.WithPublishAsyncMaxPending(4*queue.DefaultInFlight))
	if err != nil {
		return err
	}
	defer nc.Close()
	c := queue.Config{Subject: subject}
	if _, err := queue.Setup(ctx, js, c); err != nil {
		return err
	}
	log, _ := newLogger(env.Stderr, "info", "text")
	p := &queue.Publisher{JS: js, Config: c, Options: opts, Log: log}
	next := ingest.Inputs(ctx, inputNames(env, args), env.Stdin, &feed.Client{})
	sum, err := p.Run(ctx, next)
	if err != nil {
		fmt.Fprintf(env.Stderr, "truce ingest: stopped after %d published: %v\n", sum.Published, err)
		return err
	}
	if err := nc.Drain(); err != nil {
		return fmt.Errorf("queue: close connection: %w", err)
	}
	if format == formatJSON {
		if sum.Failures == nil {
			sum.Failures = []ingest.Failure{}
		}
		if err := writeJSON(env.Stdout, sum); err != nil {
			return err
		}
	} else {
		t := newTable(env.Stdout)
		t.row("reports read", fmt.Sprint(sum.Read))
		t.row("published", fmt.Sprint(sum.Published))
		t.row("duplicates (queued before)", fmt.Sprint(sum.Duplicates))
		t.row("failed", fmt.Sprint(sum.Failed))
		t.row("retries (stream full)", fmt.Sprint(sum.Retries))
		if err := t.flush(); err != nil {
			return err
		}
		writeFailures(env.Stderr, sum.Failures)
	}
	if sum.Failed > 0 {
		return partialError{failed: sum.Failed, total: sum.Read}
	}
	return nil
}

// inputNames resolves the input arguments of truce ingest: paths against
// env.Dir, URLs and "-" as they are.
func inputNames(env *Env, args []string) []string {
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = a
		if a != "-" && !strings.HasPrefix(a, "http://") && !strings.HasPrefix(a, "https://") {
			names[i] = env.abs(a)
		}
	}
	return names
}
