package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/truce-monitor/truce/eval"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/gazetteer"
)

// evalOpts are the flags of truce eval; Flags resets them on each run.
var evalOpts evalFlags

// evalFlags are the flags of truce eval.
type evalFlags struct {
	format, baseline       string
	limit, sample, workers int
	quiet                  bool
}

func init() {
	register(&command{
		Name:    "eval",
		Summary: "measure extraction against an annotated data set",
		Usage:   "acled|case2021|ucdp|negatives|geoparse PATH [--format table|json] [--limit N] [--sample N] [--workers N] [--baseline FILE] [--quiet]",
		Help: `Runs the extractor over an annotated set read from PATH and prints how
well its events match the annotation. The sets are not part of truce
(their licences allow internal evaluation only); PATH points at a copy.

  acled     ACLED coder notes, JSON Lines (a file or a folder of *.jsonl):
            sub-event type micro/macro F1 over ACLED's 25 types with a
            per-type table and the top confusions, event type accuracy,
            location within 25 km, date exact, actor1 country, fatalities.
  case2021  CASE 2021 task 2 snippets (the .tsv or its task folder):
            sub-event F1 without and with the 5 distractor classes.
  ucdp      UCDP GED events (a .csv or a folder): place within 25/50 km,
            date within the event's range, fatalities within low–high,
            extracted from the events' source headlines.
  negatives reports without events (sports, markets; *.txt files, an
            optional first line YYYY-MM-DD is the publication date): every
            event found is a false alarm. eval/testdata/negatives has some.
  geoparse  place-name mentions with coordinates (GeoWebNews, LGL,
            TR-News XML): the gazetteer's toponym scan and resolution.

With --baseline FILE, a report saved earlier with --format json, the table
is followed by each figure then and now with its change: run it before and
after changing the extractor.

Example:
  truce eval acled ../shared/eval/acled --sample 2000 --format json > before.json
  truce eval acled ../shared/eval/acled --sample 2000 --baseline before.json
  truce eval acled ../shared/eval/acled/acled_focus_UKR_SYR_AZE_ARM_2020.jsonl --limit 500`,
		Flags: func(fs *flag.FlagSet) {
			o := &evalOpts
			*o = evalFlags{}
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
			fs.IntVar(&o.limit, "limit", 0, "score only the first N rows (0: all)")
			fs.IntVar(&o.sample, "sample", 0, "score N rows spread evenly over the set (0: all; not geoparse)")
			fs.IntVar(&o.workers, "workers", 0, "extraction workers (0: one per CPU)")
			fs.BoolVar(&o.quiet, "quiet", false, "no progress bar on stderr")
			fs.StringVar(&o.baseline, "baseline", "", "a JSON report of an earlier run (--format json) to compare with")
		},
		Run: runEval,
	})
}

// report is what every scorer returns.
type report interface {
	WriteTable(w io.Writer) error
}

func runEval(ctx context.Context, env *Env, args []string) error {
	o := evalOpts
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if len(args) != 2 {
		return usagef("want KIND and PATH, got %d arguments", len(args))
	}
	if o.limit < 0 || o.sample < 0 || o.workers < 0 {
		return usagef("--limit, --sample and --workers must not be negative")
	}
	kind, path := args[0], args[1]
	var score func(context.Context, eval.Extractor, string, eval.Options) (report, error)
	switch kind {
	case "acled":
		score = func(ctx context.Context, x eval.Extractor, p string, opts eval.Options) (report, error) {
			return eval.ACLED(ctx, x, p, opts)
		}
	case "case2021", "case":
		score = func(ctx context.Context, x eval.Extractor, p string, opts eval.Options) (report, error) {
			return eval.Case(ctx, x, p, opts)
		}
	case "ucdp":
		score = func(ctx context.Context, x eval.Extractor, p string, opts eval.Options) (report, error) {
			return eval.UCDP(ctx, x, p, opts)
		}
	case "negatives":
		score = func(ctx context.Context, x eval.Extractor, p string, opts eval.Options) (report, error) {
			return eval.Negatives(ctx, x, p, opts)
		}
	case "geoparse":
		// the gazetteer alone, no extractor
	default:
		return usagef("unknown kind %q: want acled, case2021, ucdp, negatives or geoparse", kind)
	}
	var base eval.Figured
	if o.baseline != "" {
		if o.format == formatJSON {
			return usagef("--baseline compares tables: drop --format json")
		}
		switch kind {
		case "acled":
			base = &eval.ACLEDReport{}
		case "case2021", "case":
			base = &eval.CaseReport{}
		case "ucdp":
			base = &eval.UCDPReport{}
		case "negatives":
			base = &eval.NegativesReport{}
		default:
			return usagef("--baseline does not work with %s", kind)
		}
		if err := eval.ReadReport(o.baseline, base); err != nil {
			return err
		}
	}
	opts := eval.Options{Limit: o.limit, Sample: o.sample, Workers: o.workers}
	if !o.quiet {
		var (
			mu  sync.Mutex
			bar *progressbar.ProgressBar
		)
		opts.Progress = func(_, total int) {
			mu.Lock()
			defer mu.Unlock()
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(env.Stderr),
					progressbar.OptionSetDescription("eval "+kind), progressbar.OptionShowCount(),
					progressbar.OptionShowIts(), progressbar.OptionThrottle(200*time.Millisecond),
					progressbar.OptionClearOnFinish())
			}
			if bar != nil {
				_ = bar.Add(1)
			}
		}
	}
	var rep report
	var err error
	if kind == "geoparse" {
		g, gerr := gazetteer.Default()
		if gerr != nil {
			return fmt.Errorf("load the gazetteer (run make build, or set TRUCE_GAZETTEER to a gazetteer.idx): %w", gerr)
		}
		rep, err = eval.Geoparse(ctx, g, path, opts)
	} else {
		x, xerr := newEvalExtractor()
		if xerr != nil {
			return xerr
		}
		if g, _ := gazetteer.Default(); g != nil && kind == "acled" {
			opts.Places = g // how far location can go with this gazetteer
		}
		rep, err = score(ctx, x, path, opts)
	}
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeJSON(env.Stdout, rep)
	}
	if err := rep.WriteTable(env.Stdout); err != nil {
		return err
	}
	if cur, ok := rep.(eval.Figured); ok && base != nil {
		return eval.WriteComparison(env.Stdout, base, cur)
	}
	return nil
}

// newEvalExtractor returns truce's extractor with the gazetteer, as the
// scorers call it.
func newEvalExtractor() (eval.Extractor, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, fmt.Errorf("load the gazetteer (run make build, or set TRUCE_GAZETTEER to a gazetteer.idx): %w", err)
	}
	x, err := extract.New(g)
	if err != nil {
		return nil, fmt.Errorf("new extractor: %w", err)
	}
	return eval.FromExtract(x), nil
}
