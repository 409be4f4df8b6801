package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"github.com/truce-monitor/truce"
)

var reviewListOpts struct {
	db, format string
	limit      int
}

var reviewShowOpts struct{ db, format string }

var reviewDecideOpts struct {
	db, note string
	version  int
}

var reviewEditOpts struct {
	db, subtype, date, place, actor1, actor2 string
	version                                  int
}

var reviewAmendOpts struct{ db, format string }

func init() {
	register(&command{
		Name:    "review list",
		Summary: "candidate events awaiting review, most confident first",
		Usage:   "[--limit N] [--format table|json] [--db PATH]",
		Flags: func(fs *flag.FlagSet) {
			o := &reviewListOpts
			o.db, o.format, o.limit = "", "", 0
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.IntVar(&o.limit, "limit", 50, "at most this many candidates (0: no limit)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runReviewList,
	})
	register(&command{
		Name:    "review show",
		Summary: "one candidate event with its evidence",
		Usage:   "ID [--format table|json] [--db PATH]",
		Flags: func(fs *flag.FlagSet) {
			o := &reviewShowOpts
			o.db, o.format = "", ""
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: func(ctx context.Context, env *Env, args []string) error {
			eventShowOpts = eventShowFlags{db: reviewShowOpts.db, format: reviewShowOpts.format}
			return runEventShow(ctx, env, args)
		},
	})
	for _, d := range []struct {
		name  string
		state truce.ReviewState
	}{{"accept", truce.ReviewAccepted}, {"reject", truce.ReviewRejected}} {
		register(&command{
			Name:    "review " + d.name,
			Summary: d.name + " a candidate event (audited, with your note)",
			Usage:   "ID [--note TEXT] [--version N] [--db PATH]",
			Help: `Sets the event's review state. --version is the version you reviewed
(truce review show): when someone changed the event since, the command
fails with a conflict and changes nothing. The note is kept in the audit
log under $TRUCE_USER (else $USER).`,
			Flags: func(fs *flag.FlagSet) {
				o := &reviewDecideOpts
				o.db, o.note, o.version = "", "", 0
				fs.StringVar(&o.db, "db", "", dbFlagUsage())
				fs.StringVar(&o.note, "note", "", "why: kept in the audit log")
				fs.IntVar(&o.version, "version", 0, "the version you reviewed (0: do not check)")
			},
			Run: func(ctx context.Context, env *Env, args []string) error {
				return runReviewDecide(ctx, env, args, d.state)
			},
		})
	}
	register(&command{
		Name:    "review edit",
		Summary: "correct a candidate event: sub-event type, date, place, actors",
		Usage:   "ID [--subtype TYPE] [--date DATE] [--place NAME] [--actor1 NAME] [--actor2 NAME] [--version N] [--db PATH]",
		Help: `Changes the fields given and keeps the others. --place takes a territory
of the record by any of its names: the event is placed at the centre of
its bounding box with regional precision. --actor2 "" removes the second
actor. --version guards against overwriting someone else's edit (the
command fails with a conflict when the event changed since that version).
The change is audited with the event before and after.`,
		Flags: func(fs *flag.FlagSet) {
			o := &reviewEditOpts
			*o = struct {
				db, subtype, date, place, actor1, actor2 string
				version                                  int
			}{actor2: "\x00"}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.subtype, "subtype", "", "ACLED sub-event type")
			fs.StringVar(&o.date, "date", "", "the day, YYYY-MM-DD")
			fs.StringVar(&o.place, "place", "", "a territory of the record")
			fs.StringVar(&o.actor1, "actor1", "", "actor 1 (an actor of the record, by name or alias)")
			fs.StringVar(&o.actor2, "actor2", "\x00", `actor 2 ("" for none)`)
			fs.IntVar(&o.version, "version", 0, "the version you edited (0: the stored one)")
		},
		Run: runReviewEdit,
	})
	register(&command{
		Name:    "review amendments",
		Summary: "candidate amendments of obligations found in reports",
		Usage:   "[--format table|json] [--db PATH]",
		Flags: func(fs *flag.FlagSet) {
			o := &reviewAmendOpts
			o.db, o.format = "", ""
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runReviewAmendments,
	})
	register(&command{
		Name:    "review amendment",
		Summary: "accept or reject a candidate amendment",
		Usage:   "accept|reject ID [--db PATH]",
		Help: `Accepting an amendment moves its obligation's due date from the day it was
agreed on; rejecting it leaves the due date as it was. Audited.`,
		Flags: func(fs *flag.FlagSet) {
			reviewAmendOpts.db = ""
			fs.StringVar(&reviewAmendOpts.db, "db", "", dbFlagUsage())
		},
		Run: runReviewAmendment,
	})
}

func runReviewList(ctx context.Context, env *Env, args []string) error {
	o := reviewListOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if o.limit < 0 {
		return usagef("--limit must not be negative")
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	es, total, err := s.Events(ctx, truce.EventFilter{Review: []truce.ReviewState{truce.ReviewCandidate}, Order: "-confidence", Limit: o.limit})
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeEventPage(env, total, es)
	}
	if total == 0 {
		fmt.Fprintln(env.Stdout, "no candidates to review")
		return nil
	}
	t := newTable(env.Stdout, "ID", "CONFIDENCE", "DATE", "SUB-EVENT TYPE", "LOCATION", "ACTOR 1", "ACTOR 2", "STATUS", "SOURCES", "VERSION")
	for _, e := range es {
		t.row(itoa(e.ID), strconv.FormatFloat(e.Confidence, 'f', 2, 64), eventDate(e), string(e.SubType), e.Location.Name,
			e.Actor1.Name, actorName(e.Actor2), string(e.Status), strconv.Itoa(e.Sources), strconv.Itoa(e.Version))
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d of %d candidates\n", len(es), total)
	return nil
}

func runReviewDecide(ctx context.Context, env *Env, args []string, state truce.ReviewState) error {
	o := reviewDecideOpts
	id, err := idArg(args, "event")
	if err != nil {
		return err
	}
	if o.version < 0 {
		return usagef("--version must not be negative")
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := s.ReviewEvent(ctx, id, state, o.note, o.version)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "event %d is %s (version %d)\n", e.ID, e.Review, e.Version)
	return nil
}

func runReviewEdit(ctx context.Context, env *Env, args []string) error {
	o := reviewEditOpts
	id, err := idArg(args, "event")
	if err != nil {
		return err
	}
	if o.version < 0 {
		return usagef("--version must not be negative")
	}
	var st truce.SubEventType
	if o.subtype != "" {
		_, subs, err := eventTypes([]string{o.subtype})
		if err != nil || len(subs) == 0 {
			return usagef("--subtype %q is no ACLED sub-event type", o.subtype)
		}
		st = subs[0]
	}
	day, err := dateFlag("date", o.date, false)
	if err != nil {
		return err
	}
	if st == "" && day.IsZero() && o.place == "" && o.actor1 == "" && o.actor2 == "\x00" {
		return usagef("nothing to change: give --subtype, --date, --place, --actor1 or --actor2")
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := s.Event(ctx, id)
	if err != nil {
		return err
	}
	if o.version != 0 {
		e.Version = o.version
	}
	if st != "" {
		e.SubType, e.Type = st, st.Type()
		if !st.TransfersTerritory() {
			e.Control = nil
		}
	}
	if !day.IsZero() {
		e.Date, e.DateEnd, e.DatePrecision = day, 0, truce.PrecisionDay
	}
	if o.place != "" {
		t, err := s.FindTerritory(ctx, o.place)
		if err != nil {
			return fmt.Errorf("place %q: %w", o.place, err)
		}
		e.Location = truce.Location{Name: t.Name, Country: t.Country, Precision: truce.GeoRegional, GeoNameID: t.GeoNameID}
		if b := t.BBox; b != nil {
			e.Location.Lon, e.Location.Lat = (b[0]+b[2])/2, (b[1]+b[3])/2
		}
	}
	if o.actor1 != "" {
		a, err := s.FindActor(ctx, o.actor1)
		if err != nil {
			return fmt.Errorf("actor1 %q: %w (add it with truce actor add)", o.actor1, err)
		}
		e.Actor1 = a.Ref()
	}
	if o.actor2 != "\x00" {
		e.Actor2 = nil
		if o.actor2 != "" {
			a, err := s.FindActor(ctx, o.actor2)
			if err != nil {
				return fmt.Errorf("actor2 %q: %w (add it with truce actor add)", o.actor2, err)
			}
			r := a.Ref()
			e.Actor2 = &r
		}
	}
	if err := s.UpdateEvent(ctx, e); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "event %d updated (version %d): %s, %s, %s, %s\n", e.ID, e.Version, e.SubType, eventDate(e), e.Location.Name, e.Actor1.Name)
	return nil
}

// candidateAmendment is an amendment awaiting review, for listing.
type candidateAmendment struct {
	truce.Amendment
	Territory string     `json:"territory"`
	Due       truce.Date `json:"original_due"`
}

func runReviewAmendments(ctx context.Context, env *Env, args []string) error {
	o := reviewAmendOpts
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
	list := []candidateAmendment{}
	for _, a := range as {
		full, err := s.Agreement(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, ob := range full.Obligations {
			for _, am := range ob.Amendments {
				if am.Review == truce.ReviewCandidate {
					list = append(list, candidateAmendment{Amendment: am, Territory: ob.Territory, Due: ob.Due})
				}
			}
		}
	}
	if o.format == formatJSON {
		return writeJSON(env.Stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "no candidate amendments")
		return nil
	}
	t := newTable(env.Stdout, "ID", "AGREEMENT", "OBLIGATION", "TERRITORY", "DUE", "NEW DUE", "AGREED ON", "EVENT", "SOURCE")
	for _, c := range list {
		ev := ""
		if c.EventID != 0 {
			ev = itoa(c.EventID)
		}
		t.row(itoa(c.ID), c.AgreementID, c.ObligationID, c.Territory, c.Due.String(), c.NewDue.String(), c.AgreedOn.String(), ev, clip(c.Source, 50))
	}
	return t.flush()
}

func runReviewAmendment(ctx context.Context, env *Env, args []string) error {
	if len(args) != 2 {
		return usagef("want accept or reject and an amendment id")
	}
	var state truce.ReviewState
	switch args[0] {
	case "accept":
		state = truce.ReviewAccepted
	case "reject":
		state = truce.ReviewRejected
	default:
		return usagef("%q: want accept or reject", args[0])
	}
	id, err := idArg(args[1:], "amendment")
	if err != nil {
		return err
	}
	s, err := openStore(ctx, env, reviewAmendOpts.db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.ReviewAmendment(ctx, id, state); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "amendment %d is %s\n", id, state)
	return nil
}
