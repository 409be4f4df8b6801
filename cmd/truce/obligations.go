package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/truce-monitor/truce/timeline"
)

type obligationsFlags struct{ db, agreement, at, format string }

var obligationsOpts obligationsFlags

type diffFlags struct{ db, from, to, format string }

var diffOpts diffFlags

func init() {
	register(&command{
		Name:    "obligations",
		Summary: "status of agreements' obligations on a day",
		Usage:   "--at DATE [--agreement ID] [--format table|json] [--db PATH]",
		Help: `Shows each obligation of the agreement --agreement (or of every agreement
signed on or before --at) with its status on that day, computed from the
control of territory in the record: pending (not met, not yet due), met
(on or before its due date), met_late, or overdue. A due date moved by an
accepted amendment agreed on or before --at is marked with * and the
original date is listed below the table.

Example:
  truce obligations --agreement trilateral-2020-11-10 --at 2020-12-02`,
		Flags: func(fs *flag.FlagSet) {
			o := &obligationsOpts
			*o = obligationsFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.agreement, "agreement", "", "the agreement's id (default: every agreement)")
			fs.StringVar(&o.at, "at", "", "the day, YYYY-MM-DD (required)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runObligations,
	})
	register(&command{
		Name:    "diff",
		Summary: "territories whose controller changed between two days",
		Usage:   "--from DATE --to DATE [--format table|json] [--db PATH]",
		Help: `Lists the territories whose assessed controller on --to differs from the
one on --from, with the day the new controller took over and the evidence.
Only the net change counts: a territory lost and regained in between is
not listed.

Example:
  truce diff --from 2020-09-26 --to 2020-12-02`,
		Flags: func(fs *flag.FlagSet) {
			o := &diffOpts
			*o = diffFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.from, "from", "", "the first day, YYYY-MM-DD (required)")
			fs.StringVar(&o.to, "to", "", "the second day, YYYY-MM-DD (required)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runDiff,
	})
}

func runObligations(ctx context.Context, env *Env, args []string) error {
	o := obligationsOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	at, err := dateFlag("at", o.at, true)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	board, err := timeline.Obligations(ctx, s, o.agreement, at)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeJSON(env.Stdout, board)
	}
	if len(board.Obligations) == 0 {
		if o.agreement != "" {
			fmt.Fprintf(env.Stdout, "agreement %s has no obligations in force on %s\n", o.agreement, at)
		} else {
			fmt.Fprintf(env.Stdout, "no agreements signed on or before %s\n", at)
		}
		return nil
	}
	t := newTable(env.Stdout, "AGREEMENT", "OBLIGATION", "PARTY", "ACTION", "TERRITORY", "TO", "DUE", "STATUS", "MET ON")
	var notes []string
	for _, r := range board.Obligations {
		due := r.Due.String()
		if r.OriginalDue != r.Due {
			due += "*"
			for _, a := range r.Amendments {
				notes = append(notes, fmt.Sprintf("* %s: due %s, moved to %s by an amendment agreed on %s",
					r.ID, r.OriginalDue, a.NewDue, a.AgreedOn))
			}
		}
		t.row(r.Agreement, r.ID, r.Party, string(r.Action), r.Territory, r.To, due, string(r.Status), r.MetOn.String())
	}
	if err := t.flush(); err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(env.Stdout, n)
	}
	return nil
}

func runDiff(ctx context.Context, env *Env, args []string) error {
	o := diffOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	from, err := dateFlag("from", o.from, true)
	if err != nil {
		return err
	}
	to, err := dateFlag("to", o.to, true)
	if err != nil {
		return err
	}
	if from > to {
		return usagef("--from %s is after --to %s", from, to)
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	changes, err := timeline.Diff(ctx, s, from, to)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		if changes == nil {
			changes = []timeline.Change{}
		}
		return writeJSON(env.Stdout, struct {
			From    string            `json:"from"`
			To      string            `json:"to"`
			Changes []timeline.Change `json:"changes"`
		}{from.String(), to.String(), changes})
	}
	if len(changes) == 0 {
		fmt.Fprintf(env.Stdout, "no change of control between %s and %s\n", from, to)
		return nil
	}
	t := newTable(env.Stdout, "TERRITORY", "FROM", "TO", "SINCE", "BASIS")
	for _, c := range changes {
		from, to := actorName(c.From), actorName(c.To)
		if c.From == nil {
			from = "(no record)"
		}
		if c.To == nil {
			to = "(no record)"
		}
		t.row(c.Territory, from, to, c.Since.String(), basis(c.Evidence))
	}
	return t.flush()
}
