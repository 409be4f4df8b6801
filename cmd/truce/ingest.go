package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"

	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/ingest/feed"
	"github.com/truce-monitor/truce/queue"
)

var ingestOpts struct {
	db, accept, index, actors, format string
	queue, subject                    string
	minConf                           float64
	workers, batch                    int
	ack                               bool
}

func init() {
	register(&command{
		Name:    "ingest",
		Summary: "read reports into the record: sources, merged events, amendments",
		Usage:   "[--accept auto|review] [--min-confidence X] [--format table|json] [--db PATH] PATH|URL|-...",
		Help: `Reads reports — files, folders (their .txt, .html and .jsonl files), JSONL
as truce extract --input jsonl reads it, files of URLs, URLs, or - for
standard input — and writes them into the record:

  - each report is stored once as a source (canonical URL, hash of the
    normalised text): ingesting it again changes nothing;
  - a near-duplicate (a wire copy republished with small edits) is linked
    to its original and does not count as another source;
  - the events found are merged with the events other reports gave of the
    same happening (same sub-event type, place, overlapping dates,
    compatible actors) as more evidence; a denial beside a claim marks
    the event disputed;
  - a report that a handover was postponed becomes a candidate amendment
    of the matching agreement obligation.

With --accept auto, events and amendments at or above --min-confidence are
accepted (audited as automatic acceptance) and control of territory and
obligation status follow; with --accept review (the default) they stay
candidates for truce review. A summary ends the run; reports that failed
are listed with the reason and the command exits with status 3.

With --queue nats://HOST:4222 the reports are not ingested here but
published, one message each, to the JetStream work queue (stream
TRUCE_REPORTS, subject truce.reports) for truce worker processes, with
--accept and --min-confidence in each message. A report published again
within two hours is dropped by the server as a duplicate. When the stream
is full the command waits for the workers to make room; the summary counts
reports published, duplicates and failures.

Example:
  truce ingest --accept auto reports/`,
		Flags: func(fs *flag.FlagSet) {
			o := &ingestOpts
			*o = struct {
				db, accept, index, actors, format string
				queue, subject                    string
				minConf                           float64
				workers, batch                    int
				ack                               bool
			}{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.accept, "accept", string(ingest.AcceptReview), "auto: accept confident events and amendments; review: leave them candidates")
			fs.Float64Var(&o.minConf, "min-confidence", ingest.DefaultMinConfidence, "with --accept auto, accept at or above this confidence")
			fs.IntVar(&o.workers, "workers", 0, "extraction workers (0: one per CPU)")
			fs.StringVar(&o.index, "index", "", "the gazetteer index (default $TRUCE_GAZETTEER, else truce-data beside the binary)")
			fs.StringVar(&o.actors, "actors", "", "an actor dictionary whose lines win over the built-in one")
			fs.StringVar(&o.format, "format", formatTable, "summary format: table or json")
			fs.IntVar(&o.batch, "batch", ingestBatch, "reports whose events are written in one transaction")
			fs.StringVar(&o.queue, "queue", "", "publish the reports to this NATS JetStream server (nats://HOST:4222) for truce worker, instead of ingesting them here")
			fs.StringVar(&o.subject, "subject", queue.DefaultSubject, "with --queue, the subject to publish on")
			fs.BoolVar(&o.ack, "ack", false, "print \"stored NAME\" on standard output once a report and its events are committed (reads no batch ahead)")
		},
		Run: runIngest,
	})
}

func runIngest(ctx context.Context, env *Env, args []string) error {
	o := ingestOpts
	acc := ingest.Accept(o.accept)
	if acc != ingest.AcceptAuto && acc != ingest.AcceptReview {
		return usagef("--accept %q: want auto or review", o.accept)
	}
	if o.minConf <= 0 || o.minConf > 1 {
		return usagef("--min-confidence must be above 0 and at most 1")
	}
	if o.workers < 0 {
		return usagef("--workers must not be negative")
	}
	if o.batch < 1 {
		return usagef("--batch must be at least 1")
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if len(args) == 0 {
		return usagef("name the reports to read: files, folders, URLs, or - for standard input")
	}
	if o.queue != "" {
		url, err := queueURL(env, o.queue)
		if err != nil {
			return err
		}
		if o.ack {
			return usagef("--ack and --queue: with --queue, truce worker acknowledges reports")
		}
		return publishReports(ctx, env, url, o.subject, queue.Options{Accept: acc, MinConfidence: o.minConf}, o.format, args)
	}
	x, err := newExtractor(env, o.index, o.actors, 0)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	bar := newProgress(env, "ingesting")
	in, err := ingest.New(s, x, ingest.Options{Accept: acc, MinConfidence: o.minConf, Workers: o.workers, Batch: o.batch, Progress: bar})
	if err != nil {
		return err
	}
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = a
		if a != "-" && !strings.HasPrefix(a, "http://") && !strings.HasPrefix(a, "https://") {
			names[i] = env.abs(a)
		}
	}
	client := &feed.Client{}
	next := ingest.Inputs(ctx, names, env.Stdin, client)
	var sum ingest.Summary
	if o.ack {
		sum, err = ackRun(ctx, env.Stdout, in, o.batch, next)
	} else {
		sum, err = in.Run(ctx, next)
	}
	if bar != nil {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		return err
	}
	if err := writeSummary(env, o.format, sum); err != nil {
		return err
	}
	if sum.Failed > 0 {
		return partialError{failed: sum.Failed, total: sum.Read}
	}
	return nil
}

// ingestBatch is how many reports truce ingest extracts before writing
// their events in one transaction, unless --batch says otherwise.
const ingestBatch = 256

// ackRun ingests the reports next yields, batch by batch, and prints
// "stored NAME" for each report of a batch once Ingester.Run has returned
// for it, that is once the report and its events are committed; reports
// that failed are not acknowledged. It is truce ingest --ack: a program
// feeding truce (or the kill test) learns what it need not send again.
// Each batch is one Run, so the ingester does not read ahead.
func ackRun(ctx context.Context, w io.Writer, in *ingest.Ingester, batch int, next func() (ingest.Report, bool, error)) (ingest.Summary, error) {
	var total ingest.Summary
	for end := false; !end; {
		var names []string
		sub := func() (ingest.Report, bool, error) {
			if end || len(names) == batch {
				return ingest.Report{}, false, nil
			}
			r, ok, err := next()
			if err == nil {
				if ok {
					names = append(names, r.Name)
				} else {
					end = true
				}
			}
			return r, ok, err
		}
		sum, err := in.Run(ctx, sub)
		total.Add(sum)
		if err != nil {
			return total, err
		}
		failed := make(map[string]bool)
		for _, f := range sum.Failures {
			failed[f.Name] = true
		}
		for _, name := range names {
			if !failed[name] {
				if _, err := fmt.Fprintf(w, "stored %s\n", name); err != nil {
					return total, fmt.Errorf("acknowledge %s: %w", name, err)
				}
			}
		}
	}
	return total, nil
}

// newProgress returns a progress callback drawing a bar on stderr when
// stderr is a terminal, else nil.
func newProgress(env *Env, what string) func(int) {
	f, ok := env.Stderr.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("reports"),
		progressbar.OptionThrottle(100_000_000))
	return func(done int) { _ = bar.Set(done) }
}

// writeSummary prints what an ingest did.
func writeSummary(env *Env, format string, sum ingest.Summary) error {
	if format == formatJSON {
		if sum.Failures == nil {
			sum.Failures = []ingest.Failure{}
		}
		return writeJSON(env.Stdout, sum)
	}
	w := env.Stdout
	t := newTable(w)
	t.row("reports read", fmt.Sprint(sum.Read))
	t.row("skipped as duplicates", fmt.Sprint(sum.Duplicates))
	if sum.Resumed > 0 {
		t.row("resumed (stored before without events)", fmt.Sprint(sum.Resumed))
	}
	t.row("near-duplicates linked", fmt.Sprint(sum.NearDuplicates))
	t.row("failed", fmt.Sprint(sum.Failed))
	t.row("events found", fmt.Sprint(sum.EventsFound))
	t.row("events created", fmt.Sprint(sum.EventsCreated))
	t.row("events merged", fmt.Sprint(sum.EventsMerged))
	t.row("events accepted", fmt.Sprint(sum.EventsAccepted))
	t.row("events disputed", fmt.Sprint(sum.Disputed))
	t.row("planned events linked", fmt.Sprint(sum.Linked))
	t.row("amendments found", fmt.Sprint(sum.Amendments))
	t.row("amendments accepted", fmt.Sprint(sum.AmendAccepted))
	if err := t.flush(); err != nil {
		return err
	}
	writeFailures(env.Stderr, sum.Failures)
	return nil
}

func writeFailures(w io.Writer, fs []ingest.Failure) {
	for _, f := range fs {
		fmt.Fprintf(w, "truce ingest: %s: %s\n", f.Name, f.Reason)
	}
}
