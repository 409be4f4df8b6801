package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/exchange"
)

var exportOpts struct {
	db, format, from, to, bbox, review, out string
}

func init() {
	register(&command{
		Name:    "export",
		Summary: "write events as ACLED-style CSV, GeoJSON or JSON Lines",
		Usage:   "--format acled-csv|geojson|jsonl [--from DATE] [--to DATE] [--bbox MINLON,MINLAT,MAXLON,MAXLAT] [--review accepted|candidate|all] [--out FILE] [--db PATH]",
		Help: `Writes the events of the record, oldest first. acled-csv has ACLED's
column names where they apply (event_id_cnty, event_date, ... timestamp)
followed by truce's own (status, confidence, sources, the change of
control, review, the evidence as JSON, ...); geojson is a FeatureCollection
of points with the same properties; jsonl is one event per line as the
JSON API gives it. Files written by export import again with truce import
without loss. Only accepted events are exported unless --review says
otherwise.

In acled-csv, a text cell that starts with =, +, -, @ or an apostrophe
gets a leading apostrophe, so that spreadsheets show it as text rather
than run it as a formula; truce import takes the apostrophe off again.

Example:
  truce export --format acled-csv --from 2020-11-01 --out karabakh.csv`,
		Flags: func(fs *flag.FlagSet) {
			o := &exportOpts
			*o = struct{ db, format, from, to, bbox, review, out string }{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.format, "format", string(exchange.ACLEDCSV), "acled-csv, geojson or jsonl")
			fs.StringVar(&o.from, "from", "", "events on or after this day, YYYY-MM-DD")
			fs.StringVar(&o.to, "to", "", "events on or before this day, YYYY-MM-DD")
			fs.StringVar(&o.bbox, "bbox", "", "events inside minlon,minlat,maxlon,maxlat")
			fs.StringVar(&o.review, "review", "accepted", "accepted, candidate or all")
			fs.StringVar(&o.out, "out", "", "write to this file (default standard output)")
		},
		Run: runExport,
	})
}

func runExport(ctx context.Context, env *Env, args []string) error {
	o := exportOpts
	if err := noArgs(args); err != nil {
		return err
	}
	f := exchange.Format(o.format)
	if f != exchange.ACLEDCSV && f != exchange.GeoJSON && f != exchange.JSONL {
		return usagef("--format %q: want acled-csv, geojson or jsonl", o.format)
	}
	var filter truce.EventFilter
	var err error
	if filter.From, err = dateFlag("from", o.from, false); err != nil {
		return err
	}
	if filter.To, err = dateFlag("to", o.to, false); err != nil {
		return err
	}
	if !filter.From.IsZero() && !filter.To.IsZero() && filter.From > filter.To {
		return usagef("--from %s is after --to %s", filter.From, filter.To)
	}
	if o.bbox != "" {
		if filter.BBox, err = exchange.ParseBBox(o.bbox); err != nil {
			return usagef("--%s", truce.ErrorMessage(err))
		}
	}
	switch o.review {
	case "accepted", "candidate":
		filter.Review = []truce.ReviewState{truce.ReviewState(o.review)}
	case "all":
	default:
		return usagef("--review %q: want accepted, candidate or all", o.review)
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	var w io.Writer = env.Stdout
	var tmp *os.File
	if o.out != "" {
		path := env.abs(o.out)
		if tmp, err = os.CreateTemp(filepath.Dir(path), ".truce-export-*"); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		w = tmp
	}
	n, err := exchange.Export(ctx, s, w, exchange.ExportOptions{Format: f, Filter: filter})
	if err != nil {
		return err
	}
	if tmp != nil {
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("export: %s: %w", o.out, err)
		}
		if err := os.Rename(tmp.Name(), env.abs(o.out)); err != nil {
			return fmt.Errorf("export: %s: %w", o.out, err)
		}
		fmt.Fprintf(env.Stderr, "truce export: %d events written to %s\n", n, o.out)
	}
	return nil
}
