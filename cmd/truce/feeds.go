package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"time"

	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/ingest/feed"
)

var feedsOpts struct {
	db, accept, format string
	minConf            float64
}

// feedClient is the client feeds poll fetches with; tests shorten its
// pause between requests to one host.
var feedClient = func() *feed.Client { return &feed.Client{} }

// feedsPath is the subscriptions file of the record at dbPath: a JSON file
// beside it, named after it.
func (env *Env) feedsPath(dbFlag string) string {
	return env.abs(env.dbPath(dbFlag)) + ".feeds.json"
}

func init() {
	dbOnly := func(fs *flag.FlagSet) {
		feedsOpts.db = ""
		fs.StringVar(&feedsOpts.db, "db", "", dbFlagUsage())
	}
	register(&command{
		Name:    "feeds add",
		Summary: "subscribe to an RSS or Atom feed",
		Usage:   "URL [--db PATH]",
		Help: `Subscriptions are kept in a JSON file beside the record (truce.db →
truce.db.feeds.json), with what the last poll learned: the feed's ETag and
Last-Modified for conditional requests, when it was polled, the last error.`,
		Flags: dbOnly,
		Run:   runFeedsAdd,
	})
	register(&command{
		Name:    "feeds remove",
		Summary: "unsubscribe from a feed",
		Usage:   "URL [--db PATH]",
		Flags:   dbOnly,
		Run:     runFeedsRemove,
	})
	register(&command{
		Name:    "feeds list",
		Summary: "the subscribed feeds and their last poll",
		Usage:   "[--format table|json] [--db PATH]",
		Flags: func(fs *flag.FlagSet) {
			dbOnly(fs)
			feedsOpts.format = ""
			fs.StringVar(&feedsOpts.format, "format", formatTable, "output format: table or json")
		},
		Run: runFeedsList,
	})
	register(&command{
		Name:    "feeds poll",
		Summary: "fetch the subscribed feeds and ingest their new items",
		Usage:   "[--accept auto|review] [--min-confidence X] [--format table|json] [--db PATH]",
		Help: `Fetches each feed politely — a conditional GET with the ETag and
Last-Modified of the last poll (an unchanged feed answers 304 and nothing is
read), one request at a time per host, timeouts, at most 5 redirects, a
5 MiB cap — and ingests its items as truce ingest does: items already in
the record are skipped, short items are read from their link. A feed that
fails is reported and the others are polled; the command then exits with
status 3.`,
		Flags: func(fs *flag.FlagSet) {
			o := &feedsOpts
			o.db, o.accept, o.format, o.minConf = "", "", "", 0
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.accept, "accept", string(ingest.AcceptReview), "auto: accept confident events and amendments; review: leave them candidates")
			fs.Float64Var(&o.minConf, "min-confidence", ingest.DefaultMinConfidence, "with --accept auto, accept at or above this confidence")
			fs.StringVar(&o.format, "format", formatTable, "summary format: table or json")
		},
		Run: runFeedsPoll,
	})
}

func feedURLArg(args []string) (string, error) {
	if len(args) != 1 {
		return "", usagef("want one feed URL")
	}
	u, err := url.Parse(args[0])
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", usagef("%q is no http or https URL", args[0])
	}
	return args[0], nil
}

func runFeedsAdd(_ context.Context, env *Env, args []string) error {
	u, err := feedURLArg(args)
	if err != nil {
		return err
	}
	l, err := feed.Load(env.feedsPath(feedsOpts.db))
	if err != nil {
		return err
	}
	if !l.Add(u) {
		fmt.Fprintf(env.Stdout, "already subscribed to %s\n", u)
		return nil
	}
	if err := l.Save(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "subscribed to %s (%d feeds)\n", u, len(l.Feeds))
	return nil
}

func runFeedsRemove(_ context.Context, env *Env, args []string) error {
	if len(args) != 1 {
		return usagef("want one feed URL")
	}
	l, err := feed.Load(env.feedsPath(feedsOpts.db))
	if err != nil {
		return err
	}
	if !l.Remove(args[0]) {
		return fmt.Errorf("not subscribed to %s", args[0])
	}
	if err := l.Save(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "unsubscribed from %s (%d feeds)\n", args[0], len(l.Feeds))
	return nil
}

func runFeedsList(_ context.Context, env *Env, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(feedsOpts.format); err != nil {
		return err
	}
	l, err := feed.Load(env.feedsPath(feedsOpts.db))
	if err != nil {
		return err
	}
	if feedsOpts.format == formatJSON {
		if l.Feeds == nil {
			l.Feeds = []*feed.Feed{}
		}
		return writeJSON(env.Stdout, l.Feeds)
	}
	if len(l.Feeds) == 0 {
		fmt.Fprintln(env.Stdout, "no feeds: subscribe with truce feeds add URL")
		return nil
	}
	t := newTable(env.Stdout, "URL", "TITLE", "LAST POLLED", "ITEMS", "LAST ERROR")
	for _, f := range l.Feeds {
		polled := ""
		if !f.LastPolled.IsZero() {
			polled = f.LastPolled.UTC().Format(time.DateTime)
		}
		t.row(f.URL, clip(f.Title, 40), polled, fmt.Sprint(f.Items), clip(f.LastError, 60))
	}
	return t.flush()
}

func runFeedsPoll(ctx context.Context, env *Env, args []string) error {
	o := feedsOpts
	if err := noArgs(args); err != nil {
		return err
	}
	acc := ingest.Accept(o.accept)
	if acc != ingest.AcceptAuto && acc != ingest.AcceptReview {
		return usagef("--accept %q: want auto or review", o.accept)
	}
	if o.minConf <= 0 || o.minConf > 1 {
		return usagef("--min-confidence must be above 0 and at most 1")
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	l, err := feed.Load(env.feedsPath(o.db))
	if err != nil {
		return err
	}
	if len(l.Feeds) == 0 {
		return fmt.Errorf("no feeds to poll: subscribe with truce feeds add URL")
	}
	x, err := newExtractor(env, "", "", 0)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	in, err := ingest.New(s, x, ingest.Options{Accept: acc, MinConfidence: o.minConf})
	if err != nil {
		return err
	}
	client := feedClient()
	var total ingest.Summary
	failed := 0
	for _, f := range l.Feeds {
		reports, err := client.Poll(ctx, f)
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(env.Stderr, "truce feeds poll: %s: %v\n", f.URL, err)
		case reports == nil:
			fmt.Fprintf(env.Stderr, "truce feeds poll: %s: not modified\n", f.URL)
		default:
			sum, err := in.Ingest(ctx, reports...)
			if err != nil {
				return err
			}
			total.Add(sum)
			fmt.Fprintf(env.Stderr, "truce feeds poll: %s: %d items, %d new\n", f.URL, len(reports), sum.Read-sum.Duplicates-sum.Failed)
		}
		if err := l.Save(); err != nil {
			return err
		}
	}
	if err := writeSummary(env, o.format, total); err != nil {
		return err
	}
	if failed > 0 || total.Failed > 0 {
		return partialError{failed: failed + total.Failed, total: len(l.Feeds) + total.Read}
	}
	return nil
}
