package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
)

type agreementImportFlags struct{ db, format string }

var agreementImportOpts agreementImportFlags

type agreementListFlags struct{ db, format string }

var agreementListOpts agreementListFlags

type agreementShowFlags struct{ db, format string }

var agreementShowOpts agreementShowFlags

func init() {
	register(&command{
		Name:    "agreement import",
		Summary: "check an agreement file and store it",
		Usage:   "FILE.yaml [--format table|json] [--db PATH]",
		Help: `Reads an agreement file (docs/agreements.md), checks it against the record
— parties, beneficiaries and territories must be known by some name, dates
must exist and be in order — and stores it with its obligations and
amendments, replacing an agreement with the same id. Prints what was
stored.

Every problem is listed with its file and line, and then nothing is
stored (exit status 1).`,
		Flags: func(fs *flag.FlagSet) {
			o := &agreementImportOpts
			*o = agreementImportFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runAgreementImport,
	})
	register(&command{
		Name:    "agreement list",
		Summary: "list the agreements of the record",
		Usage:   "[--format table|json] [--db PATH]",
		Help:    `Lists agreements by signing day, with their parties and number of obligations.`,
		Flags: func(fs *flag.FlagSet) {
			o := &agreementListOpts
			*o = agreementListFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runAgreementList,
	})
	register(&command{
		Name:    "agreement show",
		Summary: "one agreement with its obligations and amendments",
		Usage:   "ID [--format table|json] [--db PATH]",
		Help: `Shows an agreement as stored: its parties, dates, obligations and the
amendments that moved their due dates. For the obligations' status on a
day, use truce obligations.`,
		Flags: func(fs *flag.FlagSet) {
			o := &agreementShowOpts
			*o = agreementShowFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runAgreementShow,
	})
}

func runAgreementImport(ctx context.Context, env *Env, args []string) error {
	o := agreementImportOpts
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("want one agreement file")
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := importAgreement(ctx, s, env.abs(args[0]), args[0])
	if ps := agreement.AsProblems(err); ps != nil {
		noun := "problems"
		if len(ps) == 1 {
			noun = "problem"
		}
		return fmt.Errorf("%d %s, nothing stored:\n%w", len(ps), noun, err)
	}
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeJSON(env.Stdout, a)
	}
	fmt.Fprintf(env.Stdout, "stored agreement %s with %d obligations\n\n", a.ID, len(a.Obligations))
	return showAgreement(env.Stdout, a)
}

func runAgreementList(ctx context.Context, env *Env, args []string) error {
	o := agreementListOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	as, err := s.Agreements(ctx)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		if as == nil {
			as = []*truce.Agreement{}
		}
		return writeJSON(env.Stdout, as)
	}
	if len(as) == 0 {
		fmt.Fprintln(env.Stdout, "no agreements (add one with truce agreement import FILE)")
		return nil
	}
	t := newTable(env.Stdout, "ID", "SIGNED", "PARTIES", "OBLIGATIONS", "TITLE")
	for _, a := range as {
		n := len(a.Obligations)
		if n == 0 {
			// Agreements may list without their obligations: read it whole.
			if full, err := s.Agreement(ctx, a.ID); err == nil {
				n = len(full.Obligations)
			}
		}
		t.row(a.ID, a.Signed.String(), strings.Join(a.Parties, ", "), fmt.Sprint(n), clip(a.Title, 50))
	}
	return t.flush()
}

func runAgreementShow(ctx context.Context, env *Env, args []string) error {
	o := agreementShowOpts
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("want one agreement id")
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := s.Agreement(ctx, args[0])
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeJSON(env.Stdout, a)
	}
	return showAgreement(env.Stdout, a)
}

// showAgreement writes an agreement, its obligations and amendments.
func showAgreement(w io.Writer, a *truce.Agreement) error {
	t := newTable(w)
	t.row("agreement", a.ID)
	t.row("title", a.Title)
	t.row("signed", a.Signed.String())
	t.row("effective", a.Effective.String())
	t.row("parties", strings.Join(a.Parties, ", "))
	t.row("broker", a.Broker)
	t.row("source", a.Source)
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = newTable(w, "OBLIGATION", "PARTY", "ACTION", "TERRITORY", "TO", "DUE")
	var amendments []truce.Amendment
	for _, ob := range a.Obligations {
		t.row(ob.ID, ob.Party, string(ob.Action), ob.Territory, ob.To, ob.Due.String())
		amendments = append(amendments, ob.Amendments...)
	}
	if err := t.flush(); err != nil {
		return err
	}
	if len(amendments) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	t = newTable(w, "AMENDMENT", "OBLIGATION", "NEW DUE", "AGREED ON", "REVIEW", "EVENT", "SOURCE")
	for _, am := range amendments {
		ev := ""
		if am.EventID != 0 {
			ev = itoa(am.EventID)
		}
		t.row(itoa(am.ID), am.ObligationID, am.NewDue.String(), am.AgreedOn.String(), string(am.Review), ev, clip(am.Source, 50))
	}
	return t.flush()
}

// importAgreement is agreement.Import of the file at path, naming it name
// in messages.
func importAgreement(ctx context.Context, s truce.Store, path, name string) (*truce.Agreement, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path as the user wrote it is in the message
		}
		return nil, fmt.Errorf("agreement: open %s: %w", name, err)
	}
	defer f.Close()
	d, err := agreement.ParseDocument(f, name)
	if err != nil {
		return nil, err
	}
	return d.Store(ctx, s)
}
