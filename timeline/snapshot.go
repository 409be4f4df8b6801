package timeline

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/truce-monitor/truce"
)

// Query narrows a snapshot. The zero Query asks for the whole map.
type Query struct {
	// Territories names the territories to report, resolved with
	// FindTerritory, so any alias or spelling works ("Kəlbəcər"). Empty
	// means every territory with a control entry on or before the day.
	Territories []string
	// NoEvidence leaves out the evidence behind each period (faster for
	// map colouring, which needs only the controllers).
	NoEvidence bool
}

// Snapshot is control of territory on one day.
type Snapshot struct {
	At          truce.Date `json:"at"`
	Territories []Control  `json:"territories"`
}

// Control is who controls one territory on the snapshot's day.
//
// Controller is the assessed controller, with Status "assessed". When no
// assessed entry covers the day but claims do, Controller is the latest
// claimant and Status "claimed". Territories named in a Query that have no
// entry at all on or before the day are listed with a null controller and
// an empty status; the whole-map snapshot leaves them out. Claims open on
// the day other than the one shown as Controller are listed in Claims: a
// claim that rivals the assessed controller, or rival claims of the same
// day.
type Control struct {
	TerritoryID int64               `json:"territory_id,omitempty"`
	Territory   string              `json:"territory"`
	Controller  *truce.Actor        `json:"controller"`
	Since       truce.Date          `json:"since"`
	Status      truce.ControlStatus `json:"status"`
	Evidence    []Evidence          `json:"evidence"`
	Claims      []Claim             `json:"claims,omitempty"`
}

// Claim is an open claim of control that the snapshot does not show as the
// controller.
type Claim struct {
	Controller truce.Actor `json:"controller"`
	Since      truce.Date  `json:"since"`
	Evidence   []Evidence  `json:"evidence"`
}

// Evidence is one item behind a period or a change: a quoted span of a
// source for entries that come from events (one item per span), or the
// analyst's note for manual entries.
type Evidence struct {
	EntryID   int64               `json:"entry_id,omitempty"`
	EventID   int64               `json:"event_id,omitempty"`
	Date      truce.Date          `json:"date"`
	Status    truce.ControlStatus `json:"status,omitempty"`
	Text      string              `json:"text,omitempty"`
	URL       string              `json:"url,omitempty"`
	Outlet    string              `json:"outlet,omitempty"`
	ClaimedBy string              `json:"claimed_by,omitempty"`
	Stance    truce.Stance        `json:"stance,omitempty"`
	Note      string              `json:"note,omitempty"`
}

// ControlAt returns who controls each territory on day at, from the control
// entries on or before it. See Control for how claims and territories
// without entries are shown. Territories are ordered by name.
func ControlAt(ctx context.Context, s truce.Store, at truce.Date, q Query) (*Snapshot, error) {
	if at.IsZero() {
		return nil, truce.Errorf(truce.EINVALID, "control: no day given")
	}
	snap := &Snapshot{At: at, Territories: []Control{}}
	named, err := findTerritories(ctx, s, q.Territories)
	if err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	f := truce.ControlFilter{Until: at}
	for _, t := range named {
		f.TerritoryIDs = append(f.TerritoryIDs, t.ID)
	}
	entries, err := s.ControlEntries(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("control: entries until %s: %w", at, err)
	}
	byID := map[int64]int{} // territory id → index in snap.Territories
	for _, p := range At(Periods(entries), at) {
		i, ok := byID[p.TerritoryID]
		if !ok {
			i = len(snap.Territories)
			byID[p.TerritoryID] = i
			snap.Territories = append(snap.Territories, Control{TerritoryID: p.TerritoryID, Territory: p.Territory})
		}
		addPeriod(&snap.Territories[i], p)
	}
	for _, t := range named {
		i, ok := byID[t.ID]
		if !ok {
			snap.Territories = append(snap.Territories, Control{TerritoryID: t.ID, Territory: t.Name, Evidence: []Evidence{}})
			continue
		}
		snap.Territories[i].Territory = t.Name
	}
	if err := fillNames(ctx, s, snap.Territories); err != nil {
		return nil, err
	}
	if !q.NoEvidence {
		if err := fillEvidence(ctx, s, snap.Territories); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(snap.Territories, func(a, b Control) int {
		return cmp.Or(cmp.Compare(a.Territory, b.Territory), cmp.Compare(a.TerritoryID, b.TerritoryID))
	})
	return snap, nil
}

// findTerritories resolves territory names, each territory once.
func findTerritories(ctx context.Context, s truce.Store, names []string) ([]*truce.Territory, error) {
	var out []*truce.Territory
	seen := map[int64]bool{}
	for _, name := range names {
		t, err := s.FindTerritory(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("territory %q: %w", name, err)
		}
		if !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, t)
		}
	}
	return out, nil
}

// History returns the control periods of the territories q names (every
// territory with an entry when it names none) from the entries on or
// before until (a zero until takes every entry), by the rules of Periods.
// A client can then find control on any day itself, as a time slider
// does, without asking again. q.NoEvidence is ignored: periods carry their
// entries, whose EventID points to the evidence.
func History(ctx context.Context, s truce.Store, until truce.Date, q Query) ([]truce.ControlPeriod, error) {
	named, err := findTerritories(ctx, s, q.Territories)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	f := truce.ControlFilter{Until: until}
	for _, t := range named {
		f.TerritoryIDs = append(f.TerritoryIDs, t.ID)
	}
	entries, err := s.ControlEntries(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("history: entries: %w", err)
	}
	ps := Periods(entries)
	if ps == nil {
		ps = []truce.ControlPeriod{}
	}
	return ps, nil
}

// addPeriod records a period open on the snapshot's day in c: the assessed
// period as the controller, the newest claim as the controller when there
// is no assessed one, and every other claim in Claims.
func addPeriod(c *Control, p truce.ControlPeriod) {
	ctrl := p.Controller.Ref()
	switch {
	case p.Status == truce.Assessed:
		if c.Controller != nil { // a claim took the place first
			c.Claims = append(c.Claims, Claim{Controller: *c.Controller, Since: c.Since, Evidence: c.Evidence})
		}
		c.Controller, c.Since, c.Status = &ctrl, p.From, truce.Assessed
		c.Evidence = periodEvidence(p)
	case c.Controller == nil || (c.Status == truce.Claimed && p.From >= c.Since):
		if c.Controller != nil {
			c.Claims = append(c.Claims, Claim{Controller: *c.Controller, Since: c.Since, Evidence: c.Evidence})
		}
		c.Controller, c.Since, c.Status = &ctrl, p.From, truce.Claimed
		c.Evidence = periodEvidence(p)
	default:
		c.Claims = append(c.Claims, Claim{Controller: ctrl, Since: p.From, Evidence: periodEvidence(p)})
	}
}

// periodEvidence lists a period's entries as evidence placeholders: one per
// entry, to be expanded into quoted spans by fillEvidence.
func periodEvidence(p truce.ControlPeriod) []Evidence {
	ev := make([]Evidence, 0, len(p.Entries))
	for _, e := range p.Entries {
		ev = append(ev, entryEvidence(e))
	}
	return ev
}

func entryEvidence(e truce.ControlEntry) Evidence {
	return Evidence{EntryID: e.ID, EventID: e.EventID, Date: e.At, Status: e.Status, Note: e.Note}
}

// fillNames sets the names of territories whose entries came without one.
func fillNames(ctx context.Context, s truce.Store, cs []Control) error {
	var ids []int64
	for _, c := range cs {
		if c.Territory == "" && c.TerritoryID != 0 {
			ids = append(ids, c.TerritoryID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	ts, err := s.Territories(ctx, truce.TerritoryFilter{IDs: ids})
	if err != nil {
		return fmt.Errorf("control: territory names: %w", err)
	}
	names := make(map[int64]string, len(ts))
	for _, t := range ts {
		names[t.ID] = t.Name
	}
	for i := range cs {
		if cs[i].Territory == "" {
			cs[i].Territory = names[cs[i].TerritoryID]
		}
	}
	return nil
}

// fillEvidence expands every evidence placeholder that names an event into
// the event's quoted spans.
func fillEvidence(ctx context.Context, s truce.Store, cs []Control) error {
	var lists []*[]Evidence
	for i := range cs {
		lists = append(lists, &cs[i].Evidence)
		for j := range cs[i].Claims {
			lists = append(lists, &cs[i].Claims[j].Evidence)
		}
	}
	return expandEvidence(ctx, s, lists)
}

// eventBatch is how many event ids one Events call asks for.
const eventBatch = 500

// expandEvidence replaces, in each list, every item naming an event with one
// item per evidence span of that event (keeping the entry's id, day and
// status). Items of events without evidence are kept as they are.
func expandEvidence(ctx context.Context, s truce.Store, lists []*[]Evidence) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, l := range lists {
		for _, e := range *l {
			if e.EventID != 0 && !seen[e.EventID] {
				seen[e.EventID] = true
				ids = append(ids, e.EventID)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	events, err := eventsByID(ctx, s, ids)
	if err != nil {
		return err
	}
	for _, l := range lists {
		var out []Evidence
		for _, item := range *l {
			ev := events[item.EventID]
			if ev == nil || len(ev.Evidence) == 0 {
				if ev != nil && item.Note == "" {
					item.Note = ev.Notes
				}
				out = append(out, item)
				continue
			}
			for _, span := range ev.Evidence {
				x := item
				x.Text, x.URL, x.Outlet, x.ClaimedBy, x.Stance = span.Text, span.URL, span.Outlet, span.ClaimedBy, span.Stance
				out = append(out, x)
			}
		}
		if out == nil {
			out = []Evidence{}
		}
		*l = out
	}
	return nil
}

// eventsByID fetches events by id in batches.
func eventsByID(ctx context.Context, s truce.Store, ids []int64) (map[int64]*truce.Event, error) {
	out := make(map[int64]*truce.Event, len(ids))
	for start := 0; start < len(ids); start += eventBatch {
		batch := ids[start:min(start+eventBatch, len(ids))]
		evs, _, err := s.Events(ctx, truce.EventFilter{IDs: batch, Limit: len(batch)})
		if err != nil {
			return nil, fmt.Errorf("timeline: events behind control entries: %w", err)
		}
		for _, e := range evs {
			out[e.ID] = e
		}
	}
	return out, nil
}
