package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/demo"
	"github.com/truce-monitor/truce/ingest"
)

type demoFlags struct {
	db         string
	force      bool
	noIncoming bool
}

var demoOpts demoFlags

func init() {
	register(&command{
		Name:    "demo",
		Summary: "build the Nagorno-Karabakh 2020 demonstration record",
		Usage:   "[--db PATH] [--force] [--no-incoming]",
		Help: `Builds the demonstration case into the record: the 2020 Nagorno-Karabakh
war and the handover of the Aghdam, Kalbajar and Lachin districts under
the trilateral statement of 10 November 2020. It loads the districts,
Nagorno-Karabakh and the Lachin corridor, the parties, the control of
territory since the 1990s war, the statement with its obligations, a
dozen sourced events from September to December 2020 and the amendment
that moved the Kalbajar deadline. Three reports from December 2020 then go
through the extractor, so that the review queue holds candidate events,
right and wrong, for an analyst to accept or reject (truce review list);
--no-incoming leaves them out.

An existing record is left alone unless --force is given: then it is
deleted and built again from empty.

Then try:
  truce obligations --at 2020-12-02
  truce control --at 2020-11-22
  truce diff --from 2020-09-26 --to 2020-12-02`,
		Flags: func(fs *flag.FlagSet) {
			o := &demoOpts
			*o = demoFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.BoolVar(&o.force, "force", false, "delete an existing record and build the demo from empty")
			fs.BoolVar(&o.noIncoming, "no-incoming", false, "build only the reviewed case: leave the incoming reports out of the review queue")
		},
		Run: runDemo,
	})
}

func runDemo(ctx context.Context, env *Env, args []string) error {
	o := demoOpts
	if err := noArgs(args); err != nil {
		return err
	}
	path := env.dbPath(o.db)
	_, err := os.Stat(env.abs(path))
	switch {
	case err == nil && !o.force:
		return fmt.Errorf("record %s exists: the demo builds a record from empty; give --force to delete it and build the demo, or --db a new path", path)
	case err == nil:
		if err := removeDB(env.abs(path)); err != nil {
			return fmt.Errorf("delete record %s: %w", path, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("record %s: %w", path, err)
	}
	start := time.Now()
	s, err := openStore(ctx, env, path)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := demo.Build(ctx, s); err != nil {
		return err
	}
	var queued ingest.Summary
	if !o.noIncoming {
		if queued, err = demoIncoming(ctx, env, s); err != nil {
			return err
		}
	}
	_, total, err := s.Events(ctx, truce.EventFilter{Limit: 1, Review: []truce.ReviewState{truce.ReviewAccepted}})
	if err != nil {
		return err
	}
	as, err := s.Agreements(ctx)
	if err != nil {
		return err
	}
	ts, err := s.Territories(ctx, truce.TerritoryFilter{})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "demo record %s: %d territories, %d events, %d agreement(s)\n", path, len(ts), total, len(as))
	if !o.noIncoming {
		fmt.Fprintf(env.Stdout, "review queue: %d candidate events from %d incoming reports\n", queued.EventsCreated, queued.Read)
	}
	fmt.Fprintf(env.Stderr, "truce demo: built in %s\n", time.Since(start).Round(10*time.Millisecond))
	fmt.Fprint(env.Stdout, "try: truce obligations --at 2020-12-02; truce control --at 2020-11-22; truce diff --from 2020-09-26 --to 2020-12-02\n")
	return nil
}

// demoIncoming runs the case's incoming reports through the extractor,
// leaving every event it finds a candidate in the review queue.
func demoIncoming(ctx context.Context, env *Env, s truce.Store) (ingest.Summary, error) {
	reports, err := demo.Incoming()
	if err != nil {
		return ingest.Summary{}, err
	}
	x, err := newExtractor(env, "", "", 0)
	if err != nil {
		return ingest.Summary{}, err
	}
	in, err := ingest.New(s, x, ingest.Options{Accept: ingest.AcceptReview})
	if err != nil {
		return ingest.Summary{}, err
	}
	sum, err := in.Ingest(ctx, reports...)
	if err != nil {
		return sum, fmt.Errorf("demo: incoming reports: %w", err)
	}
	if sum.Failed > 0 {
		return sum, fmt.Errorf("demo: incoming report %s: %s", sum.Failures[0].Name, sum.Failures[0].Reason)
	}
	return sum, nil
}
