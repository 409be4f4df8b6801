package http

import (
	"context"
	"slices"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

// timelineViews computes the views with the timeline package.
//
// ControlAt, Diff and Obligations are built here from timeline.Periods and
// timeline.Status until the timeline package's store-level functions of
// the same names land; the JSON shapes are those the timeline package
// documents.
type timelineViews struct{}

func (timelineViews) Periods(entries []truce.ControlEntry) []truce.ControlPeriod {
	return timeline.Periods(entries)
}

func (v timelineViews) ControlAt(ctx context.Context, s truce.Store, at truce.Date, names []string) (any, error) {
	f := truce.ControlFilter{Until: at}
	for _, n := range names {
		t, err := s.FindTerritory(ctx, n)
		if err != nil {
			return nil, err
		}
		f.TerritoryIDs = append(f.TerritoryIDs, t.ID)
	}
	entries, err := s.ControlEntries(ctx, f)
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{At: at, Territories: []SnapshotEntry{}}
	for _, p := range timeline.At(timeline.Periods(entries), at) {
		c := p.Controller.Ref()
		snap.Territories = append(snap.Territories, SnapshotEntry{Territory: p.Territory, Controller: &c, Since: p.From, Status: p.Status})
	}
	return snap, nil
}

// Change is a territory whose assessed controller differs between two
// days, with the ids of the events behind the change.
type Change struct {
	Territory string       `json:"territory"`
	From      *truce.Actor `json:"from"`
	To        *truce.Actor `json:"to"`
	At        truce.Date   `json:"at"`
	Events    []int64      `json:"events"`
}

func (timelineViews) Diff(ctx context.Context, s truce.Store, from, to truce.Date) (any, error) {
	entries, err := s.ControlEntries(ctx, truce.ControlFilter{Until: to})
	if err != nil {
		return nil, err
	}
	ps := timeline.Periods(entries)
	assessed := func(d truce.Date) map[string]truce.ControlPeriod {
		m := map[string]truce.ControlPeriod{}
		for _, p := range timeline.At(ps, d) {
			if p.Status == truce.Assessed {
				m[p.Territory] = p
			}
		}
		return m
	}
	before, after := assessed(from), assessed(to)
	changes := []Change{}
	for name, a := range after {
		b, ok := before[name]
		if ok && b.Controller.Name == a.Controller.Name {
			continue
		}
		c := Change{Territory: name, At: a.From, Events: []int64{}}
		to := a.Controller.Ref()
		c.To = &to
		if ok {
			fr := b.Controller.Ref()
			c.From = &fr
		}
		for _, e := range a.Entries {
			if e.EventID != 0 {
				c.Events = append(c.Events, e.EventID)
			}
		}
		changes = append(changes, c)
	}
	slices.SortFunc(changes, func(a, b Change) int {
		if a.At != b.At {
			return int(a.At - b.At)
		}
		if a.Territory < b.Territory {
			return -1
		}
		return 1
	})
	return changes, nil
}

// boardEntry is one obligation on the board, in the timeline package's
// JSON shape.
type boardEntry struct {
	Agreement   string                `json:"agreement"`
	ID          string                `json:"id"`
	Party       string                `json:"party"`
	Action      truce.Action          `json:"action"`
	Territory   string                `json:"territory,omitempty"`
	To          string                `json:"to,omitempty"`
	Due         truce.Date            `json:"due"`
	OriginalDue truce.Date            `json:"original_due"`
	Status      truce.ObligationState `json:"status"`
	MetOn       truce.Date            `json:"met_on"`
	Amendments  []truce.Amendment     `json:"amendments"`
	Evidence    []truce.Evidence      `json:"evidence"`
}

func (timelineViews) Obligations(ctx context.Context, s truce.Store, id string, at truce.Date) (any, error) {
	var ags []*truce.Agreement
	if id != "" {
		a, err := s.Agreement(ctx, id)
		if err != nil {
			return nil, err
		}
		ags = []*truce.Agreement{a}
	} else {
		var err error
		if ags, err = s.Agreements(ctx); err != nil {
			return nil, err
		}
	}
	board := struct {
		At          truce.Date   `json:"at"`
		Obligations []boardEntry `json:"obligations"`
	}{At: at, Obligations: []boardEntry{}}
	for _, a := range ags {
		for _, o := range a.Obligations {
			var entries []truce.ControlEntry
			if o.TerritoryID != 0 {
				var err error
				entries, err = s.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{o.TerritoryID}, Until: at})
				if err != nil {
					return nil, err
				}
			}
			ben, _ := s.FindActor(ctx, o.To)
			party, _ := s.FindActor(ctx, o.Party)
			st := timeline.Status(o, a, entries, ben, party, at)
			be := boardEntry{
				Agreement: a.ID, ID: o.ID, Party: o.Party, Action: o.Action, Territory: o.Territory, To: o.To,
				Due: st.Due, OriginalDue: st.OriginalDue, Status: st.State, MetOn: st.MetOn,
				Amendments: st.Amendments, Evidence: []truce.Evidence{},
			}
			if be.Amendments == nil {
				be.Amendments = []truce.Amendment{}
			}
			if st.Deciding != nil && st.Deciding.EventID != 0 {
				if e, err := s.Event(ctx, st.Deciding.EventID); err == nil {
					be.Evidence = append(be.Evidence, e.Evidence...)
				}
			}
			board.Obligations = append(board.Obligations, be)
		}
	}
	return board, nil
}
