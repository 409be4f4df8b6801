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
)

type demoFlags struct {
	db    string
	force bool
}

var demoOpts demoFlags

func init() {
	register(&command{
		Name:    "demo",
		Summary: "build the Nagorno-Karabakh 2020 demonstration record",
		Usage:   "[--db PATH] [--force]",
		Help: `Builds the demonstration case into the record: the 2020 Nagorno-Karabakh
war and the handover of the Aghdam, Kalbajar and Lachin districts under
the trilateral statement of 10 November 2020. It loads the districts,
Nagorno-Karabakh and the Lachin corridor, the parties, the control of
territory since the 1990s war, the statement with its obligations, a
dozen sourced events from September to December 2020 and the amendment
that moved the Kalbajar deadline.

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
	_, total, err := s.Events(ctx, truce.EventFilter{Limit: 1})
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
	fmt.Fprintf(env.Stderr, "truce demo: built in %s\n", time.Since(start).Round(10*time.Millisecond))
	fmt.Fprint(env.Stdout, "try: truce obligations --at 2020-12-02; truce control --at 2020-11-22; truce diff --from 2020-09-26 --to 2020-12-02\n")
	return nil
}
