package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/article"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/gazetteer"
)

var extractOpts struct {
	published, format, input, index, actors string
	workers                                 int
	minConf                                 float64
}

const formatJSONL = "jsonl"

func init() {
	register(&command{
		Name:    "extract",
		Summary: "extract candidate events from news reports",
		Usage:   "[--published YYYY-MM-DD] [--format json|jsonl|table] [--input jsonl] [--workers N] FILE...|-",
		Help: `Reads news reports (plain text or HTML files, or - for standard input) and
prints the events each reports: ACLED event and sub-event type, date with
precision, status (occurred, planned, disputed), actors, location, casualty
figures, change of control, the party claiming it and the sentence that says
it. The output format is documented in docs/extract.md.

--published gives the reports' publication date, against which "Wednesday"
and "last week" are resolved (default: the date the report gives, else today).

With --input jsonl each input line is {"id","text","published"?,"url"?} and
each output line {"id","article","events"} (with "error" when the line
failed), in input order, extracted on --workers goroutines.

A report that cannot be read (empty, binary, too large, badly encoded, not
English) gets a message on standard error; the rest are processed and the
command exits with status 3.`,
		Flags: func(fs *flag.FlagSet) {
			o := &extractOpts
			*o = struct {
				published, format, input, index, actors string
				workers                                 int
				minConf                                 float64
			}{}
			fs.StringVar(&o.published, "published", "", "publication date of the reports (YYYY-MM-DD)")
			fs.StringVar(&o.format, "format", formatJSON, "output format: json, jsonl or table")
			fs.StringVar(&o.input, "input", "", `input format: "" (reports) or jsonl`)
			fs.IntVar(&o.workers, "workers", 0, "extraction workers for --input jsonl (0: one per CPU)")
			fs.StringVar(&o.index, "index", "", "the gazetteer index (default $TRUCE_GAZETTEER, else truce-data beside the binary)")
			fs.StringVar(&o.actors, "actors", "", "an actor dictionary whose lines win over the built-in one (format of extract/data/actors.tsv)")
			fs.Float64Var(&o.minConf, "min-confidence", 0, "leave out events below this confidence")
		},
		Run: runExtract,
	})
}

func runExtract(ctx context.Context, env *Env, args []string) error {
	o := extractOpts
	switch o.format {
	case formatJSON, formatJSONL, formatTable:
	default:
		return usagef("unknown --format %q: want json, jsonl or table", o.format)
	}
	if o.input != "" && o.input != "jsonl" {
		return usagef("unknown --input %q: want jsonl", o.input)
	}
	if o.workers < 0 {
		return usagef("--workers must not be negative")
	}
	if o.minConf < 0 || o.minConf > 1 {
		return usagef("--min-confidence must be between 0 and 1")
	}
	pub, err := dateFlag("published", o.published, false)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return usagef("name the reports to read, or - for standard input")
	}
	x, err := newExtractor(env, o.index, o.actors, o.minConf)
	if err != nil {
		return err
	}

	if o.input == "jsonl" {
		failed, total := 0, 0
		for _, name := range args {
			r, closeFn, err := openInput(env, name)
			if err != nil {
				return err
			}
			st, err := x.Stream(ctx, r, env.Stdout, o.workers)
			closeFn()
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			failed += st.Failed
			total += st.Lines
		}
		if failed > 0 {
			return partialError{failed: failed, total: total}
		}
		return nil
	}

	var results []*extract.Result
	failed := 0
	var tab *table
	if o.format == formatTable {
		tab = newTable(env.Stdout, "REPORT", "DATE", "P", "SUB-EVENT TYPE", "STATUS", "LOCATION", "ACTOR 1", "ACTOR 2", "KILLED", "CLAIMED BY", "CONF")
	}
	for _, name := range args {
		res, err := extractFile(env, x, name, pub)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			fmt.Fprintf(env.Stderr, "truce extract: %s: %s\n", name, describeReadError(err))
			continue
		}
		switch o.format {
		case formatJSON:
			results = append(results, res)
		case formatJSONL:
			line := extract.StreamOutput{ID: []byte(strconv.Quote(name)), Article: &res.Article, Events: res.Events}
			if err := writeJSONLine(env.Stdout, line); err != nil {
				return err
			}
		case formatTable:
			for _, e := range res.Events {
				loc, killed, a2 := "", "", ""
				if e.Location != nil {
					loc = e.Location.Name
				}
				if e.Fatalities != nil {
					killed = strconv.Itoa(e.Fatalities.Low)
				}
				if e.Actor2 != nil {
					a2 = e.Actor2.Name
				}
				tab.row(clip(name, 24), e.Date.String(), strconv.Itoa(int(e.DatePrecision)), string(e.SubType), string(e.Status),
					clip(loc, 20), clip(e.Actor1.Name, 28), clip(a2, 28), killed, clip(e.ClaimedBy, 28), strconv.FormatFloat(e.Confidence, 'f', 2, 64))
			}
		}
	}
	switch o.format {
	case formatJSON:
		var v any = results
		if len(args) == 1 && len(results) == 1 {
			v = results[0]
		}
		if len(results) > 0 {
			if err := writeJSON(env.Stdout, v); err != nil {
				return err
			}
		}
	case formatTable:
		if err := tab.flush(); err != nil {
			return err
		}
	}
	if failed > 0 {
		return partialError{failed: failed, total: len(args)}
	}
	return nil
}

// newExtractor opens the gazetteer and builds the extractor; without a
// gazetteer it warns and locates events by country only.
func newExtractor(env *Env, index, actors string, minConf float64) (*extract.Extractor, error) {
	opts := []extract.Option{extract.WithMinConfidence(minConf)}
	if actors != "" {
		opts = append(opts, extract.WithActorsFile(env.abs(actors)))
	}
	g, err := openGazetteer(env, index)
	switch {
	case errors.Is(err, gazetteer.ErrNotFound) && index == "":
		fmt.Fprintln(env.Stderr, "truce extract: no gazetteer index (run `make build`); locating events by country only")
		return extract.New(nil, opts...)
	case err != nil:
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	return extract.New(g, opts...)
}

// openInput opens a file, or standard input for "-".
func openInput(env *Env, name string) (io.Reader, func(), error) {
	if name == "-" {
		return env.Stdin, func() {}, nil
	}
	f, err := os.Open(env.abs(name))
	if err != nil {
		return nil, nil, fmt.Errorf("open input: %w", err)
	}
	return f, func() { f.Close() }, nil
}

// extractFile reads one report and extracts its events.
func extractFile(env *Env, x *extract.Extractor, name string, pub truce.Date) (*extract.Result, error) {
	r, closeFn, err := openInput(env, name)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	data, err := io.ReadAll(io.LimitReader(r, article.DefaultMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	opts := article.Options{Published: pub.Time()}
	if strings.HasSuffix(name, ".txt") {
		opts.ContentType = "text/plain"
	}
	return x.ExtractBytes(data, opts)
}

// describeReadError turns an extraction error into a message for users.
func describeReadError(err error) string {
	if r, ok := article.Reason(err); ok {
		return r
	}
	return err.Error()
}

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}
