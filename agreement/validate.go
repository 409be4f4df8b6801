package agreement

import (
	"context"
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// Resolver finds the actors and territories an agreement names. truce.Store
// satisfies it.
type Resolver interface {
	FindActor(ctx context.Context, name string) (*truce.Actor, error)
	FindTerritory(ctx context.Context, name string) (*truce.Territory, error)
}

// Lister is what a Resolver may also offer so that Validate can suggest a
// name for a misspelt one ("did you mean"). truce.Store satisfies it.
type Lister interface {
	Actors(ctx context.Context) ([]*truce.Actor, error)
	Territories(ctx context.Context, f truce.TerritoryFilter) ([]*truce.Territory, error)
}

// Validate checks an agreement and its amendments against itself and the
// record, and returns every problem as Problems (nil when there are none):
// unknown parties, beneficiaries and territories (with a suggestion when r
// is also a Lister), obligations of a non-party, unknown actions, duplicate
// obligation ids, missing territories or beneficiaries, dates out of order
// (effective or due before signing, amendments agreed before signing or
// moving the due day before the day they were agreed), amendments of an
// unknown obligation, and duplicate amendments. The format has no
// references between agreements, so there are no cycles to check. Failures
// of r other than ENOTFOUND are returned as they are.
//
// Messages carry no line numbers; Document.Validate adds them.
func Validate(ctx context.Context, a *truce.Agreement, amendments []truce.Amendment, r Resolver) error {
	d := &Document{Agreement: a, Amendments: amendments}
	return d.Validate(ctx, r)
}

// Validate is Validate for a parsed document, naming the file and line of
// each problem.
func (d *Document) Validate(ctx context.Context, r Resolver) error {
	_, err := d.check(ctx, r)
	return err
}

// resolved is what check found in the record.
type resolved struct {
	actors      map[string]*truce.Actor     // by folded name as written
	territories map[string]*truce.Territory // by folded name as written
}

func (d *Document) check(ctx context.Context, r Resolver) (*resolved, error) {
	v := &validator{ctx: ctx, r: r, d: d, res: &resolved{actors: map[string]*truce.Actor{}, territories: map[string]*truce.Territory{}}}
	if err := v.run(); err != nil {
		return nil, err
	}
	if len(v.probs) > 0 {
		v.probs.sort()
		return nil, v.probs
	}
	return v.res, nil
}

type validator struct {
	ctx   context.Context
	r     Resolver
	d     *Document
	res   *resolved
	probs Problems
	// names for suggestions, read once on the first unknown name
	actorNames, territoryNames []string
	listed                     bool
}

func (v *validator) errf(line int, format string, args ...any) {
	v.probs = append(v.probs, Problem{File: v.d.File, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) run() error {
	a := v.d.Agreement
	if a == nil {
		v.errf(0, "no agreement")
		return nil
	}
	pos := v.d.pos
	top := pos.top.line
	switch {
	case a.ID == "":
		v.errf(top("id"), "no id")
	case !validID(a.ID):
		v.errf(top("id"), "id %q: want only letters, digits, '-', '_' and '.'", a.ID)
	}
	if a.Title == "" {
		v.errf(top("title"), "no title")
	}
	if a.Signed.IsZero() {
		v.errf(top("signed"), "no signing day (signed)")
	}
	if !a.Effective.IsZero() && !a.Signed.IsZero() && a.Effective < a.Signed {
		v.errf(top("effective"), "effective %s is before signed %s", a.Effective, a.Signed)
	}
	if len(a.Parties) == 0 {
		v.errf(top("parties"), "no parties")
	}
	parties := map[string]int{} // folded name → index
	for i, name := range a.Parties {
		line := top("parties")
		if i < len(pos.parties) {
			line = pos.parties[i]
		}
		if j, dup := parties[fold.Key(name)]; dup {
			v.errf(line, "party %q listed twice (as %q too)", name, a.Parties[j])
			continue
		}
		parties[fold.Key(name)] = i
		if err := v.actor(line, "party", name); err != nil {
			return err
		}
	}
	if a.Broker != "" {
		if err := v.actor(top("broker"), "broker", a.Broker); err != nil {
			return err
		}
	}

	ids := map[string]int{} // obligation id → line
	for i, o := range a.Obligations {
		var lines fieldLines
		if i < len(pos.obligations) {
			lines = pos.obligations[i]
		}
		what := fmt.Sprintf("obligation %q", o.ID)
		if o.ID == "" {
			what = fmt.Sprintf("obligation #%d", i+1)
			v.errf(lines.at, "%s: no id", what)
		} else if !validID(o.ID) {
			v.errf(lines.line("id"), "%s: want an id of only letters, digits, '-', '_' and '.'", what)
		} else if first, dup := ids[o.ID]; dup {
			if first > 0 {
				v.errf(lines.line("id"), "%s: duplicate id (first on line %d)", what, first)
			} else {
				v.errf(lines.line("id"), "%s: duplicate id", what)
			}
		} else {
			ids[o.ID] = lines.line("id")
		}
		if o.Party == "" {
			v.errf(lines.at, "%s: no party", what)
		} else if err := v.party(lines.line("party"), what, o.Party); err != nil {
			return err
		}
		if !o.Action.Valid() {
			msg := fmt.Sprintf("%s: unknown action %q: want hand_over, withdraw, allow_passage or other", what, o.Action)
			if s := suggest(string(o.Action), []string{"hand_over", "withdraw", "allow_passage", "other"}); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			v.errf(lines.line("action"), "%s", msg)
		}
		needTerritory := o.Action == truce.ActionHandOver || o.Action == truce.ActionWithdraw || o.Action == truce.ActionAllowPassage
		if o.Territory == "" && needTerritory {
			v.errf(lines.at, "%s: %s needs a territory", what, o.Action)
		}
		if o.Territory != "" {
			if err := v.territory(lines.line("territory"), what, o.Territory); err != nil {
				return err
			}
		}
		if o.To == "" && o.Action == truce.ActionHandOver {
			v.errf(lines.at, "%s: hand_over needs a beneficiary (to)", what)
		}
		if o.To != "" {
			if err := v.actor(lines.line("to"), what+": to", o.To); err != nil {
				return err
			}
			if o.Action == truce.ActionHandOver && o.Party != "" && v.sameActor(o.Party, o.To) {
				v.errf(lines.line("to"), "%s: %q cannot hand over to itself", what, o.Party)
			}
		}
		if !o.Due.IsZero() && !a.Signed.IsZero() && o.Due < a.Signed {
			v.errf(lines.line("due"), "%s: due %s is before the agreement was signed (%s)", what, o.Due, a.Signed)
		}
	}

	type amendKey struct {
		obligation string
		due, on    truce.Date
	}
	seen := map[amendKey]int{}
	for i, am := range v.d.Amendments {
		var lines fieldLines
		if i < len(pos.amendments) {
			lines = pos.amendments[i]
		}
		what := fmt.Sprintf("amendment of %q", am.ObligationID)
		if _, ok := ids[am.ObligationID]; !ok {
			known := make([]string, 0, len(a.Obligations))
			for _, o := range a.Obligations {
				known = append(known, o.ID)
			}
			msg := fmt.Sprintf("amendment #%d: unknown obligation %q", i+1, am.ObligationID)
			if s := suggest(am.ObligationID, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			v.errf(lines.line("obligation"), "%s", msg)
		}
		if am.NewDue.IsZero() {
			v.errf(lines.at, "%s: no new due day (new_due)", what)
		}
		if am.AgreedOn.IsZero() {
			v.errf(lines.at, "%s: no day it was agreed (agreed_on)", what)
		}
		if !am.AgreedOn.IsZero() && !a.Signed.IsZero() && am.AgreedOn < a.Signed {
			v.errf(lines.line("agreed_on"), "%s: agreed on %s, before the agreement was signed (%s)", what, am.AgreedOn, a.Signed)
		}
		if !am.NewDue.IsZero() && !am.AgreedOn.IsZero() && am.NewDue < am.AgreedOn {
			v.errf(lines.line("new_due"), "%s: new due day %s is before the day it was agreed (%s)", what, am.NewDue, am.AgreedOn)
		}
		k := amendKey{am.ObligationID, am.NewDue, am.AgreedOn}
		if first, dup := seen[k]; dup {
			v.errf(lines.at, "%s: same amendment as amendment #%d", what, first)
		} else {
			seen[k] = i + 1
		}
	}
	return nil
}

// validID reports whether id is a usable identifier: letters, digits, '-',
// '_' and '.'.
func validID(id string) bool {
	return !strings.ContainsFunc(id, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
}

// sameActor reports whether two names are the same actor: the same folded
// name, or names already resolved to the same stored actor.
func (v *validator) sameActor(a, b string) bool {
	if fold.Key(a) == fold.Key(b) {
		return true
	}
	x, y := v.res.actors[fold.Key(a)], v.res.actors[fold.Key(b)]
	return x != nil && y != nil && x.ID == y.ID
}

// actor resolves an actor's name, reporting an unknown one.
func (v *validator) actor(line int, what, name string) error {
	_, err := v.findActor(line, what, name, true)
	return err
}

// findActor resolves an actor's name; an unknown one gives nil, reported
// as a problem when report is set.
func (v *validator) findActor(line int, what, name string, report bool) (*truce.Actor, error) {
	if a, done := v.res.actors[fold.Key(name)]; done {
		return a, nil
	}
	a, err := v.r.FindActor(v.ctx, name)
	switch {
	case truce.ErrorCode(err) == truce.ENOTFOUND:
		if !report {
			return nil, nil
		}
		msg := fmt.Sprintf("%s %q: unknown actor", what, name)
		if s, err := v.suggestion(name, false); err != nil {
			return nil, err
		} else if s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		v.errf(line, "%s", msg)
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("agreement: find actor %q: %w", name, err)
	}
	v.res.actors[fold.Key(name)] = a
	return a, nil
}

// party checks that an obligation's party is one of the agreement's parties
// or its broker, by name or by the actor the names resolve to.
func (v *validator) party(line int, what, name string) error {
	a := v.d.Agreement
	members := append(a.Parties[:len(a.Parties):len(a.Parties)], a.Broker)
	var known []string // members that resolve, for a suggestion
	for _, m := range members {
		if m == "" {
			continue
		}
		if fold.Key(m) == fold.Key(name) {
			return nil
		}
		if ma := v.res.actors[fold.Key(m)]; ma != nil {
			known = append(known, m)
		}
	}
	act, err := v.findActor(line, what, name, false)
	if err != nil {
		return err
	}
	for _, m := range members {
		if ma := v.res.actors[fold.Key(m)]; act != nil && ma != nil && ma.ID == act.ID {
			return nil
		}
	}
	msg := fmt.Sprintf("%s: %q is not a party to the agreement", what, name)
	if s := suggest(name, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	v.errf(line, "%s", msg)
	return nil
}

// territory resolves a territory's name, reporting an unknown one.
func (v *validator) territory(line int, what, name string) error {
	if _, done := v.res.territories[fold.Key(name)]; done {
		return nil
	}
	t, err := v.r.FindTerritory(v.ctx, name)
	switch {
	case truce.ErrorCode(err) == truce.ENOTFOUND:
		msg := fmt.Sprintf("%s: unknown territory %q", what, name)
		if s, err := v.suggestion(name, true); err != nil {
			return err
		} else if s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		v.errf(line, "%s", msg)
		return nil
	case err != nil:
		return fmt.Errorf("agreement: find territory %q: %w", name, err)
	}
	v.res.territories[fold.Key(name)] = t
	return nil
}

// suggestion returns the known actor or territory name (by canonical name
// or alias) closest to name, when the resolver can list them.
func (v *validator) suggestion(name string, territory bool) (string, error) {
	l, ok := v.r.(Lister)
	if !ok {
		return "", nil
	}
	if !v.listed {
		v.listed = true
		actors, err := l.Actors(v.ctx)
		if err != nil {
			return "", fmt.Errorf("agreement: list actors: %w", err)
		}
		for _, a := range actors {
			v.actorNames = append(v.actorNames, a.Name)
			v.actorNames = append(v.actorNames, a.Aliases...)
		}
		ts, err := l.Territories(v.ctx, truce.TerritoryFilter{})
		if err != nil {
			return "", fmt.Errorf("agreement: list territories: %w", err)
		}
		for _, t := range ts {
			v.territoryNames = append(v.territoryNames, t.Name)
			v.territoryNames = append(v.territoryNames, t.Aliases...)
		}
	}
	if territory {
		return suggest(name, v.territoryNames), nil
	}
	return suggest(name, v.actorNames), nil
}
