package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// Build loads the case into s: actors, territories, the control baselines,
// the trilateral statement, the sources and events, and the Kalbajar
// amendment. Writes are audited as truce.SystemUser unless ctx names a
// user. Build is meant for an empty store (or one seeded with boundaries);
// on a store that already holds the case's reports it fails with
// ECONFLICT before writing anything, rather than add the events twice.
//
// Territories already in the store with the same kind and country and one
// of the case's names (a district seeded from the boundaries file) are
// reused: the case adds its aliases and polygon to them under their stored
// name.
func Build(ctx context.Context, s truce.Store) error {
	b := builder{s: s, actors: map[string]truce.Actor{}, territories: map[string]int64{}}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"check", b.checkEmpty},
		{"actors", b.putActors},
		{"territories", b.putTerritories},
		{"control baselines", b.putBaselines},
		{"events", b.putEvents},
		{"agreement", b.putAgreement},
	}
	for _, st := range steps {
		if err := st.fn(ctx); err != nil {
			return fmt.Errorf("demo: %s: %w", st.name, err)
		}
	}
	return nil
}

type builder struct {
	s           truce.Store
	actors      map[string]truce.Actor // by canonical name, with ids
	territories map[string]int64       // case name → stored id
	agreement   *truce.Agreement
	eventIDs    map[string]int64 // case event key → stored id
	sourceIDs   map[string]int64 // report file → stored id
}

// checkEmpty fails when the store already holds one of the case's reports.
func (b *builder) checkEmpty(ctx context.Context) error {
	for _, ce := range events {
		ss, err := b.s.Sources(ctx, truce.SourceFilter{URL: ReportURL + ce.Report, Limit: 1})
		if err != nil {
			return err
		}
		if len(ss) > 0 {
			return truce.Errorf(truce.ECONFLICT, "the record already holds the demo case (source %d is %s): build it into a new record", ss[0].ID, ce.Report)
		}
	}
	return nil
}

func (b *builder) putActors(ctx context.Context) error {
	for _, a := range actors {
		a.Aliases = slices.Clone(a.Aliases)
		if err := b.s.PutActor(ctx, &a); err != nil {
			return fmt.Errorf("%s: %w", a.Name, err)
		}
		b.actors[a.Name] = a
	}
	return nil
}

func (b *builder) actor(name string) (truce.Actor, error) {
	a, ok := b.actors[name]
	if !ok {
		return truce.Actor{}, fmt.Errorf("actor %q is not in the case", name)
	}
	return a.Ref(), nil
}

func (b *builder) putTerritories(ctx context.Context) error {
	ts, err := Territories()
	if err != nil {
		return err
	}
	taken := map[string]bool{} // stored names already used by a case territory
	for _, t := range ts {
		caseName := t.Name
		if err := b.reuse(ctx, t, taken); err != nil {
			return err
		}
		if err := b.s.PutTerritory(ctx, t); err != nil {
			return fmt.Errorf("%s: %w", caseName, err)
		}
		taken[t.Name] = true
		b.territories[caseName] = t.ID
	}
	return nil
}

// reuse prepares t to update a territory already in the store rather than
// add a look-alike: when a stored territory has t's name, t keeps the
// stored aliases too; when one of t's names finds a stored territory of
// the same kind and country under another name (a district seeded from
// the boundaries file: "Agdam" for Aghdam), t takes the stored name and
// code and adds its own names as aliases. Stored territories in taken are
// left alone.
func (b *builder) reuse(ctx context.Context, t *truce.Territory, taken map[string]bool) error {
	for _, name := range append([]string{t.Name}, t.Aliases...) {
		old, err := b.s.FindTerritory(ctx, name)
		if truce.ErrorCode(err) == truce.ENOTFOUND {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		if taken[old.Name] {
			continue
		}
		if old.Name == t.Name {
			t.Aliases = mergeNames(t.Name, t.Aliases, old.Aliases)
			return nil
		}
		if old.Kind != t.Kind || old.Country != t.Country {
			continue
		}
		t.Aliases = mergeNames(old.Name, append([]string{t.Name}, t.Aliases...), old.Aliases)
		t.Name = old.Name
		if t.Code == "" {
			t.Code = old.Code
		}
		if t.GeoNameID == 0 {
			t.GeoNameID = old.GeoNameID
		}
		t.ParentID = old.ParentID
		return nil
	}
	return nil
}

// mergeNames returns the names of a and b, once each by fold key, leaving
// out name itself.
func mergeNames(name string, a, b []string) []string {
	seen := map[string]bool{fold.Key(name): true}
	var out []string
	for _, n := range append(slices.Clone(a), b...) {
		k := fold.Key(n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

func (b *builder) putBaselines(ctx context.Context) error {
	for _, bl := range baselines {
		id, ok := b.territories[bl.Territory]
		if !ok {
			return fmt.Errorf("baseline names territory %q, which is not in the case", bl.Territory)
		}
		at, err := truce.ParseDate(bl.At)
		if err != nil {
			return fmt.Errorf("%s: %w", bl.Territory, err)
		}
		to, err := b.actor(bl.Controller)
		if err != nil {
			return err
		}
		c := truce.ControlEntry{TerritoryID: id, At: at, Controller: to, Status: bl.Status, Note: bl.Note}
		if bl.From != "" {
			from, err := b.actor(bl.From)
			if err != nil {
				return err
			}
			c.From = &from
		}
		if err := b.s.AddControlEntry(ctx, &c); err != nil {
			return fmt.Errorf("%s %s: %w", bl.Territory, bl.At, err)
		}
	}
	return nil
}

// putAgreement stores the trilateral statement with its amendment, the
// Kalbajar extension, tied to the event and report that record it.
func (b *builder) putAgreement(ctx context.Context) error {
	d, err := Agreement()
	if err != nil {
		return err
	}
	o, err := KalbajarObligation(d.Agreement)
	if err != nil {
		return err
	}
	ce, err := caseEventByKey(extensionKey)
	if err != nil {
		return err
	}
	e, err := ce.build()
	if err != nil {
		return err
	}
	n := 0
	for i := range d.Amendments {
		am := &d.Amendments[i]
		if am.ObligationID != o.ID {
			continue
		}
		ev := e.Evidence[0]
		ev.SourceID = b.sourceIDs[ce.Report]
		ev.EventID = b.eventIDs[ce.Key]
		am.EventID, am.Evidence = ev.EventID, &ev
		n++
	}
	if n != 1 {
		return fmt.Errorf("%s: want one amendment of obligation %q, found %d", AgreementFile, o.ID, n)
	}
	a, err := d.Store(ctx, b.s)
	if err != nil {
		return err
	}
	b.agreement = a
	return nil
}

func caseEventByKey(key string) (*caseEvent, error) {
	for i := range events {
		if events[i].Key == key {
			return &events[i], nil
		}
	}
	return nil, fmt.Errorf("no event %s in the case", key)
}

func (b *builder) putEvents(ctx context.Context) error {
	b.eventIDs = map[string]int64{}
	b.sourceIDs = map[string]int64{}
	es := make([]*truce.Event, 0, len(events))
	for _, ce := range events {
		e, err := ce.build()
		if err != nil {
			return err
		}
		sid, ok := b.sourceIDs[ce.Report]
		if !ok {
			src, err := Source(ce.Report)
			if err != nil {
				return err
			}
			if _, err := b.s.PutSource(ctx, src); err != nil {
				return fmt.Errorf("source %s: %w", ce.Report, err)
			}
			sid = src.ID
			b.sourceIDs[ce.Report] = sid
		}
		for i := range e.Evidence {
			e.Evidence[i].SourceID = sid
		}
		if e.Actor1, err = b.actor(e.Actor1.Name); err != nil {
			return fmt.Errorf("event %s: %w", ce.Key, err)
		}
		if e.Actor2 != nil {
			a2, err := b.actor(e.Actor2.Name)
			if err != nil {
				return fmt.Errorf("event %s: %w", ce.Key, err)
			}
			e.Actor2 = &a2
		}
		if c := e.Control; c != nil {
			cc := *c
			id, ok := b.territories[cc.Territory]
			if !ok {
				return fmt.Errorf("event %s: territory %q is not in the case", ce.Key, cc.Territory)
			}
			cc.TerritoryID = id
			if cc.To, err = b.actor(cc.To.Name); err != nil {
				return fmt.Errorf("event %s: %w", ce.Key, err)
			}
			if cc.From != nil {
				from, err := b.actor(cc.From.Name)
				if err != nil {
					return fmt.Errorf("event %s: %w", ce.Key, err)
				}
				cc.From = &from
			}
			e.Control = &cc
		}
		es = append(es, e)
	}
	if err := b.s.CreateEvents(ctx, es); err != nil {
		return err
	}
	for i, ce := range events {
		b.eventIDs[ce.Key] = es[i].ID
	}
	return nil
}

// KalbajarObligation returns the obligation of a that hands Kalbajar over:
// the one whose territory is Kalbajar by any of its names.
func KalbajarObligation(a *truce.Agreement) (*truce.Obligation, error) {
	names := map[string]bool{fold.Key(Kalbajar): true}
	for _, d := range districts {
		if d.Name == Kalbajar {
			for _, n := range d.Aliases {
				names[fold.Key(n)] = true
			}
		}
	}
	for i, o := range a.Obligations {
		if o.Action == truce.ActionHandOver && names[fold.Key(o.Territory)] {
			return &a.Obligations[i], nil
		}
	}
	return nil, fmt.Errorf("agreement %s has no obligation to hand over %s", a.ID, Kalbajar)
}
