package timeline

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/truce-monitor/truce"
)

// Change is a territory whose assessed controller on one day differs from
// its controller on an earlier day.
type Change struct {
	TerritoryID int64        `json:"territory_id,omitempty"`
	Territory   string       `json:"territory"`
	From        *truce.Actor `json:"from"`  // controller on the first day; null when unknown
	To          *truce.Actor `json:"to"`    // controller on the second day; null when unknown
	Since       truce.Date   `json:"since"` // the day the second day's controller took over
	// Evidence is every assessed entry that changed the controller between
	// the two days (the first entry of each period begun after the first
	// day), expanded into the quoted spans of their events.
	Evidence []Evidence `json:"evidence"`
}

// Diff returns the territories whose assessed controller on day to differs
// from the one on day from, ordered by territory name. Only the net change
// counts: a territory lost and regained between the two days is not
// listed. Claims are not compared. No change gives an empty, non-nil
// slice.
func Diff(ctx context.Context, s truce.Store, from, to truce.Date) ([]Change, error) {
	if from.IsZero() || to.IsZero() {
		return nil, truce.Errorf(truce.EINVALID, "diff: need two days")
	}
	if from > to {
		return nil, truce.Errorf(truce.EINVALID, "diff: from %s is after to %s", from, to)
	}
	entries, err := s.ControlEntries(ctx, truce.ControlFilter{Until: to})
	if err != nil {
		return nil, fmt.Errorf("diff: entries until %s: %w", to, err)
	}
	changes := Changes(Periods(entries), from, to)
	if changes == nil {
		changes = []Change{}
	}
	lists := make([]*[]Evidence, len(changes))
	for i := range changes {
		lists[i] = &changes[i].Evidence
	}
	if err := expandEvidence(ctx, s, lists); err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	cs := make([]Control, len(changes))
	for i, c := range changes {
		cs[i] = Control{TerritoryID: c.TerritoryID, Territory: c.Territory}
	}
	if err := fillNames(ctx, s, cs); err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	for i := range changes {
		changes[i].Territory = cs[i].Territory
	}
	slices.SortFunc(changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Territory, b.Territory), cmp.Compare(a.TerritoryID, b.TerritoryID))
	})
	return changes, nil
}

// Changes returns the net changes of assessed control between days from and
// to in periods ps (as Periods returns them), in the order of ps, with one
// evidence placeholder per entry that changed the controller in (from, to].
func Changes(ps []truce.ControlPeriod, from, to truce.Date) []Change {
	var out []Change
	for start := 0; start < len(ps); {
		end := start + 1
		for end < len(ps) && samePeriodTerritory(ps[start], ps[end]) {
			end++
		}
		var before, after *truce.ControlPeriod
		var ev []Evidence
		for i := start; i < end; i++ {
			p := &ps[i]
			if p.Status != truce.Assessed {
				continue
			}
			if p.Contains(from) {
				before = p
			}
			if p.Contains(to) {
				after = p
			}
			if p.From > from && p.From <= to {
				ev = append(ev, entryEvidence(p.Entries[0]))
			}
		}
		start = end
		if before == after || (before != nil && after != nil && sameActor(before.Controller, after.Controller)) {
			continue
		}
		c := Change{Evidence: ev}
		if ev == nil {
			c.Evidence = []Evidence{}
		}
		if before != nil {
			c.TerritoryID, c.Territory = before.TerritoryID, before.Territory
			a := before.Controller.Ref()
			c.From = &a
		}
		if after != nil {
			c.TerritoryID, c.Territory = after.TerritoryID, after.Territory
			a := after.Controller.Ref()
			c.To = &a
			c.Since = after.From
		}
		out = append(out, c)
	}
	return out
}

func samePeriodTerritory(a, b truce.ControlPeriod) bool {
	if a.TerritoryID != 0 || b.TerritoryID != 0 {
		return a.TerritoryID == b.TerritoryID
	}
	return a.Territory == b.Territory
}
