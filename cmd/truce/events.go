package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
)

type eventsFlags struct {
	db, from, to, actor, country, text, format string
	territory                                  string
	types, review                              stringList
	limit, offset                              int
}

var eventsOpts eventsFlags

type eventShowFlags struct{ db, format string }

var eventShowOpts eventShowFlags

func init() {
	register(&command{
		Name:    "events",
		Summary: "list events of the record",
		Usage:   "[--from DATE] [--to DATE] [--type TYPE]... [--review STATE]... [--actor NAME] [--territory NAME] [--limit N] [--format table|json] [--db PATH]",
		Help: `Lists events, oldest first, with the filters given. --type takes an ACLED
event type ("Battles") or sub-event type ("Non-violent transfer of
territory"), case-insensitively; --review takes candidate, accepted or
rejected. Both may be repeated. --territory selects the events located
inside the territory's bounding box (a rectangle: it may take in events
just outside the territory). The last line says how many events match in
all.

Example:
  truce events --from 2020-11-01 --type "Non-violent transfer of territory" --review accepted`,
		Flags: func(fs *flag.FlagSet) {
			o := &eventsOpts
			*o = eventsFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.from, "from", "", "events on or after this day, YYYY-MM-DD")
			fs.StringVar(&o.to, "to", "", "events on or before this day, YYYY-MM-DD")
			fs.Var(&o.types, "type", "ACLED event type or sub-event type (repeatable)")
			fs.Var(&o.review, "review", "review state: candidate, accepted or rejected (repeatable)")
			fs.StringVar(&o.actor, "actor", "", "events with this actor as actor 1 or 2")
			fs.StringVar(&o.country, "country", "", "events located in this country (ISO 3166-1 alpha-3)")
			fs.StringVar(&o.territory, "territory", "", "events inside this territory's bounding box (any of its names)")
			fs.StringVar(&o.text, "text", "", "full-text search over notes and evidence")
			fs.IntVar(&o.limit, "limit", 100, "at most this many events (0: no limit)")
			fs.IntVar(&o.offset, "offset", 0, "skip this many events")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runEvents,
	})
	register(&command{
		Name:    "event show",
		Summary: "one event with its evidence",
		Usage:   "ID [--format table|json] [--db PATH]",
		Help: `Shows an event: what happened, where, when, who, its review state, the
change of control it reports, and each quoted span of evidence with its
source.`,
		Flags: func(fs *flag.FlagSet) {
			o := &eventShowOpts
			*o = eventShowFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runEventShow,
	})
}

// eventTypes sorts the --type values into event types and sub-event types.
func eventTypes(vals []string) ([]truce.EventType, []truce.SubEventType, error) {
	var types []truce.EventType
	var subs []truce.SubEventType
next:
	for _, v := range vals {
		for _, st := range truce.SubEventTypes {
			if strings.EqualFold(v, string(st)) {
				subs = append(subs, st)
				continue next
			}
			if strings.EqualFold(v, string(st.Type())) {
				types = append(types, st.Type())
				continue next
			}
		}
		return nil, nil, usagef("--type %q is no ACLED event type or sub-event type", v)
	}
	return types, subs, nil
}

func runEvents(ctx context.Context, env *Env, args []string) error {
	o := eventsOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	f := truce.EventFilter{Actor: o.actor, Country: o.country, Text: o.text, Limit: o.limit, Offset: o.offset}
	var err error
	if f.From, err = dateFlag("from", o.from, false); err != nil {
		return err
	}
	if f.To, err = dateFlag("to", o.to, false); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.From > f.To {
		return usagef("--from %s is after --to %s", f.From, f.To)
	}
	if f.Types, f.SubTypes, err = eventTypes(o.types); err != nil {
		return err
	}
	for _, r := range o.review {
		st := truce.ReviewState(strings.ToLower(r))
		if !st.Valid() {
			return usagef("--review %q: want candidate, accepted or rejected", r)
		}
		f.Review = append(f.Review, st)
	}
	if o.limit < 0 || o.offset < 0 {
		return usagef("--limit and --offset must not be negative")
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	if o.territory != "" {
		t, err := s.FindTerritory(ctx, o.territory)
		if err != nil {
			return fmt.Errorf("territory %q: %w", o.territory, err)
		}
		if t.BBox == nil {
			return fmt.Errorf("territory %q has no geometry to select events by", t.Name)
		}
		b := t.BBox
		f.BBox = &truce.BBox{MinLon: b[0], MinLat: b[1], MaxLon: b[2], MaxLat: b[3]}
	}
	es, total, err := s.Events(ctx, f)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeEventPage(env, total, es)
	}
	if total == 0 {
		fmt.Fprintln(env.Stdout, "no events match")
		return nil
	}
	t := newTable(env.Stdout, "ID", "DATE", "SUB-EVENT TYPE", "LOCATION", "ACTOR 1", "ACTOR 2", "FATALITIES", "REVIEW")
	for _, e := range es {
		t.row(itoa(e.ID), eventDate(e), string(e.SubType), e.Location.Name, e.Actor1.Name, actorName(e.Actor2),
			rangeText(e.Fatalities), string(e.Review))
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d of %d events\n", len(es), total)
	return nil
}

// eventDate formats an event's date or interval.
func eventDate(e *truce.Event) string {
	if !e.DateEnd.IsZero() && e.DateEnd != e.Date {
		return e.Date.String() + ".." + e.DateEnd.String()
	}
	return e.Date.String()
}

// rangeText formats a count range: "10", "16-21", or "" for none.
func rangeText(r *truce.Range) string {
	switch {
	case r == nil:
		return ""
	case r.Low == r.High:
		return strconv.Itoa(r.Low)
	default:
		return fmt.Sprintf("%d-%d", r.Low, r.High)
	}
}

// idArg parses the one id argument of a show command.
func idArg(args []string, what string) (int64, error) {
	if len(args) != 1 {
		return 0, usagef("want one %s id", what)
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("bad %s id %q: want a positive number", what, args[0])
	}
	return id, nil
}

func runEventShow(ctx context.Context, env *Env, args []string) error {
	o := eventShowOpts
	if err := checkFormat(o.format); err != nil {
		return err
	}
	id, err := idArg(args, "event")
	if err != nil {
		return err
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
	if o.format == formatJSON {
		return writeJSON(env.Stdout, e)
	}
	w := env.Stdout
	t := newTable(w)
	t.row("event", itoa(e.ID))
	t.row("type", string(e.Type)+" / "+string(e.SubType))
	t.row("date", eventDate(e))
	t.row("location", fmt.Sprintf("%s (%.4f, %.4f) %s", e.Location.Name, e.Location.Lat, e.Location.Lon, e.Location.Country))
	t.row("actor 1", e.Actor1.Name)
	t.row("actor 2", actorName(e.Actor2))
	t.row("fatalities", rangeText(e.Fatalities))
	t.row("injured", rangeText(e.Injured))
	t.row("status", string(e.Status))
	t.row("review", fmt.Sprintf("%s (version %d)", e.Review, e.Version))
	t.row("confidence", strconv.FormatFloat(e.Confidence, 'f', 2, 64))
	if c := e.Control; c != nil {
		t.row("control", fmt.Sprintf("%s passes from %s to %s", c.Territory, orUnknown(actorName(c.From)), c.To.Name))
	}
	t.row("notes", e.Notes)
	if err := t.flush(); err != nil {
		return err
	}
	sources := "sources"
	if e.Sources == 1 {
		sources = "source"
	}
	fmt.Fprintf(w, "\nEvidence (%d %s):\n", e.Sources, sources)
	for i, ev := range e.Evidence {
		stance := ""
		if ev.Stance == truce.Denies {
			stance = " [denies]"
		}
		claimed := ""
		if ev.ClaimedBy != "" {
			claimed = " — claimed by " + ev.ClaimedBy
		}
		fmt.Fprintf(w, "%d. %q%s%s\n   %s, bytes %d-%d of source %d %s\n",
			i+1, ev.Text, stance, claimed, orUnknown(ev.Outlet), ev.Start, ev.End, ev.SourceID, ev.URL)
	}
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

type eventReviewFlags struct {
	db, note string
	version  int
}

var eventReviewOpts eventReviewFlags

func init() {
	register(&command{
		Name:    "event review",
		Summary: "accept or reject an event",
		Usage:   "ID accepted|rejected|candidate [--note TEXT] [--version N] [--db PATH]",
		Help: `Sets an event's review state. Accepting an event that transfers territory
adds its change of control to the record; rejecting it takes the change
out again, and the status of obligations follows. --version guards
against overwriting someone else's review: the command fails when the
event has changed since you read that version (truce event show). The
note is kept in the audit log under $TRUCE_USER (else $USER).

Example:
  truce event review 12 rejected --note "footage shows the column turned back"`,
		Flags: func(fs *flag.FlagSet) {
			o := &eventReviewOpts
			*o = eventReviewFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.note, "note", "", "why: kept in the audit log")
			fs.IntVar(&o.version, "version", 0, "the version you reviewed (0: do not check)")
		},
		Run: runEventReview,
	})
}

func runEventReview(ctx context.Context, env *Env, args []string) error {
	o := eventReviewOpts
	if len(args) != 2 {
		return usagef("want an event id and a review state")
	}
	id, err := idArg(args[:1], "event")
	if err != nil {
		return err
	}
	state := truce.ReviewState(strings.ToLower(args[1]))
	switch state {
	case "accept":
		state = truce.ReviewAccepted
	case "reject":
		state = truce.ReviewRejected
	}
	if !state.Valid() {
		return usagef("review state %q: want accepted, rejected or candidate", args[1])
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
	if c := e.Control; c != nil {
		verb := "no longer counts"
		if e.Review == truce.ReviewAccepted {
			verb = "counts"
		}
		fmt.Fprintf(env.Stdout, "its change of control (%s to %s from %s) %s in the record\n", c.Territory, c.To.Name, e.Date, verb)
	}
	return nil
}

// writeEventPage writes a page of events as JSON: {"total": N, "events": [...]},
// the shape of `truce events` and `truce review list`.
func writeEventPage(env *Env, total int, es []*truce.Event) error {
	if es == nil {
		es = []*truce.Event{}
	}
	return writeJSON(env.Stdout, struct {
		Total  int            `json:"total"`
		Events []*truce.Event `json:"events"`
	}{total, es})
}
