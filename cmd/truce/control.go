package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

// controlFlags are the flags of truce control. Each command keeps its
// flags in a package variable that its Flags function resets on every run.
type controlFlags struct {
	db, at, format string
	territories    stringList
}

var controlOpts controlFlags

type controlAddFlags struct {
	db, territory, controller, from, at, status, note string
}

var controlAddOpts controlAddFlags

func init() {
	register(&command{
		Name:    "control",
		Summary: "who controls each territory on a day",
		Usage:   "--at DATE [--territory NAME]... [--format table|json] [--db PATH]",
		Help: `Shows the controller of every territory with a control entry on or before
--at, or of the territories named with --territory (any name, alias or
spelling: "Kəlbəcər" finds Kalbajar). STATUS is "assessed" for the
analysts' judgement backed by evidence and "claimed" for a party's claim
not yet assessed. BASIS names the event whose evidence decided the period,
or the note of a manual entry.

Example:
  truce control --at 2020-11-22 --territory Aghdam --territory Kalbajar`,
		Flags: func(fs *flag.FlagSet) {
			o := &controlOpts
			*o = controlFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.at, "at", "", "the day, YYYY-MM-DD (required)")
			fs.Var(&o.territories, "territory", "a territory to show, by any of its names (repeatable)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runControl,
	})
	register(&command{
		Name:    "control add",
		Summary: "record a manual change of control",
		Usage:   "--territory NAME --controller NAME --at DATE [--from NAME] [--status assessed|claimed] [--note TEXT] [--db PATH]",
		Help: `Records that from --at on, --controller holds --territory: an analyst's
entry, or the baseline a case starts from. Territory and actors are found by
any of their names. Assessed entries are the analysts' judgement; claimed
entries record a party's claim that is not (yet) assessed. Say where the
judgement comes from in --note.

Example:
  truce control add --territory Shusha --controller "Military Forces of Azerbaijan" \
      --at 2020-11-08 --note "Azerbaijani MoD footage from the town centre, 9 Nov"`,
		Flags: func(fs *flag.FlagSet) {
			o := &controlAddOpts
			*o = controlAddFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.territory, "territory", "", "the territory, by any of its names (required)")
			fs.StringVar(&o.controller, "controller", "", "the actor that holds it from --at on (required)")
			fs.StringVar(&o.from, "from", "", "the actor that held it before (optional)")
			fs.StringVar(&o.at, "at", "", "the first day of control, YYYY-MM-DD (required)")
			fs.StringVar(&o.status, "status", string(truce.Assessed), "assessed or claimed")
			fs.StringVar(&o.note, "note", "", "the basis of the entry: a citation or the analyst's reasoning")
		},
		Run: runControlAdd,
	})
}

func runControl(ctx context.Context, env *Env, args []string) error {
	o := controlOpts
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
	snap, err := timeline.ControlAt(ctx, s, at, timeline.Query{Territories: o.territories})
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeJSON(env.Stdout, snap)
	}
	if len(snap.Territories) == 0 {
		fmt.Fprintf(env.Stdout, "no control entries on or before %s\n", at)
		return nil
	}
	t := newTable(env.Stdout, "TERRITORY", "CONTROLLER", "SINCE", "STATUS", "BASIS")
	for _, c := range snap.Territories {
		ctl := actorName(c.Controller)
		if c.Controller == nil {
			ctl = "(no record)"
		}
		t.row(c.Territory, ctl, c.Since.String(), string(c.Status), basis(c.Evidence))
		for _, cl := range c.Claims {
			t.row(c.Territory, "claimed by "+cl.Controller.Name, cl.Since.String(), string(truce.Claimed), basis(cl.Evidence))
		}
	}
	return t.flush()
}

// basis summarises the evidence of a period: the event that decided it, or
// the note of a manual entry.
func basis(ev []timeline.Evidence) string {
	if len(ev) == 0 {
		return ""
	}
	e := ev[0]
	if e.EventID != 0 {
		n := 0
		for _, x := range ev {
			if x.EventID == e.EventID {
				n++
			}
		}
		quotes := "quote"
		if n != 1 {
			quotes += "s"
		}
		return fmt.Sprintf("event %d (%d %s)", e.EventID, n, quotes)
	}
	if e.Note != "" {
		return clip(e.Note, 60)
	}
	return "manual entry"
}

func runControlAdd(ctx context.Context, env *Env, args []string) error {
	o := controlAddOpts
	if err := noArgs(args); err != nil {
		return err
	}
	switch {
	case o.territory == "":
		return usagef("--territory NAME is required")
	case o.controller == "":
		return usagef("--controller NAME is required")
	}
	at, err := dateFlag("at", o.at, true)
	if err != nil {
		return err
	}
	status := truce.ControlStatus(o.status)
	if !status.Valid() {
		return usagef("--status %q: want assessed or claimed", o.status)
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := s.FindTerritory(ctx, o.territory)
	if err != nil {
		return fmt.Errorf("territory %q: %w (see truce territory list)", o.territory, err)
	}
	ctl, err := s.FindActor(ctx, o.controller)
	if err != nil {
		return fmt.Errorf("controller %q: %w (see truce actors)", o.controller, err)
	}
	c := truce.ControlEntry{TerritoryID: t.ID, At: at, Controller: ctl.Ref(), Status: status, Note: o.note}
	if o.from != "" {
		from, err := s.FindActor(ctx, o.from)
		if err != nil {
			return fmt.Errorf("from %q: %w (see truce actors)", o.from, err)
		}
		ref := from.Ref()
		c.From = &ref
	}
	if err := s.AddControlEntry(ctx, &c); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "control entry %d: %s held by %s from %s (%s)\n", c.ID, t.Name, ctl.Name, at, status)
	return nil
}
