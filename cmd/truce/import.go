package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/truce-monitor/truce/exchange"
)

var importOpts struct{ db, format string }

// maxRowErrors is how many invalid rows an import lists.
const maxRowErrors = 100

func init() {
	for _, f := range []exchange.Format{exchange.ACLEDCSV, exchange.UCDPCSV, exchange.JSONL} {
		register(&command{
			Name:    "import " + string(f),
			Summary: "bring the events of a " + string(f) + " file into the record",
			Usage:   "FILE [--format table|json] [--db PATH]",
			Help: `Checks every row first: a file with an invalid row (a bad date, coordinates
off the globe, an unknown sub-event type, a change of control of a
territory not in the record, more cells than the header) stores nothing,
and each bad row is listed by line; a row larger than 4 MiB refuses the
whole file. A valid file is stored in one transaction, audited as an import; its
rows become accepted events (unless the file's review column says
otherwise), with sources standing for the file's outlets. The file is
read twice, checked then stored 2,000 rows at a time, so memory stays
small whatever its size; an import interrupted, or a file changed
between the two readings, stores no event (the sources, stored first,
stay), and the file can be imported again. See
docs/ingest.md for the column mapping (UCDP: type_of_violence 1 and 2 are
Armed clash, 3 is Attack).`,
			Flags: func(fs *flag.FlagSet) {
				importOpts.db, importOpts.format = "", ""
				fs.StringVar(&importOpts.db, "db", "", dbFlagUsage())
				fs.StringVar(&importOpts.format, "format", formatTable, "output format: table or json")
			},
			Run: func(ctx context.Context, env *Env, args []string) error { return runImport(ctx, env, args, f) },
		})
	}
}

func runImport(ctx context.Context, env *Env, args []string, f exchange.Format) error {
	o := importOpts
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("want one file to import")
	}
	file, err := os.Open(env.abs(args[0]))
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer file.Close()
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := exchange.Import(ctx, s, file, exchange.ImportOptions{Format: f, Name: filepath.Base(args[0])})
	var ve *exchange.ValidationError
	if errors.As(err, &ve) {
		n := max(ve.Invalid, len(ve.Rows))
		for i, r := range ve.Rows {
			if i == maxRowErrors {
				break
			}
			fmt.Fprintf(env.Stderr, "%s: %s\n", args[0], r)
		}
		if n > maxRowErrors {
			fmt.Fprintf(env.Stderr, "%s: … and %d more invalid rows\n", args[0], n-maxRowErrors)
		}
		return fmt.Errorf("%s: %d invalid rows, nothing stored", args[0], n)
	}
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeJSON(env.Stdout, res)
	}
	fmt.Fprintf(env.Stdout, "imported %d events (ids %d-%d) from %s, %d new sources\n", res.Events, res.FirstID, res.LastID, args[0], res.Sources)
	return nil
}
