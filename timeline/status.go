package timeline

import (
	"github.com/truce-monitor/truce"
)

// Side is an actor as an agreement names it ("Azerbaijan"), with the
// stored actor it resolves to when there is one. Control is usually held by
// a state's forces ("Military Forces of Azerbaijan", country AZE) while
// agreements name the state, so a controller belongs to the side when it
// has the side's name, or when it has the side's country and is a state's
// forces, government or external forces (peacekeepers). Rebel groups,
// militias and others never count for a state by country alone.
type Side struct {
	Name  string
	Actor *truce.Actor // nil when the name resolves to no stored actor
}

// Includes reports whether the controller c belongs to the side.
func (s Side) Includes(c truce.Actor) bool { return s.matcher()(c) }

// matcher returns Includes with the side's folded names computed once.
func (s Side) matcher() func(truce.Actor) bool {
	name := foldKey(s.Name)
	var actor, country string
	var id int64
	if s.Actor != nil {
		actor, country, id = foldKey(s.Actor.Name), s.Actor.Country, s.Actor.ID
	}
	return func(c truce.Actor) bool {
		if id != 0 && c.ID == id {
			return true
		}
		if country != "" && c.Country == country && countsForState(c.Kind) {
			return true
		}
		k := foldKey(c.Name)
		return (s.Actor != nil && k == actor) || (s.Name != "" && k == name)
	}
}

func countsForState(k truce.ActorKind) bool {
	return k == truce.KindStateForces || k == truce.KindGovernment || k == truce.KindExternalForces
}

// Status computes the status of obligation o of agreement a on day at from
// the control entries of the obligation's territory. beneficiary and party
// are the actors o.To and o.Party resolve to (nil when unknown: then only
// their names match). Evidence is left empty: Obligations fills it from the
// deciding entry's event.
//
// Rules:
//   - The due date on day at is o.DueAt(at): accepted amendments agreed on
//     or before at apply, so an extension agreed on the old due day keeps
//     the obligation pending.
//   - hand_over is met on the first day, on or after the agreement was
//     signed (or took effect, when no signing day is known) and on or
//     before at, that an assessed control entry gives the territory to the
//     beneficiary's side: it starts a period of the beneficiary's side after
//     one of another controller, or it is the first entry of the territory.
//     Control the beneficiary held before signing does not count, even when
//     confirmed after it; nor do claims.
//   - withdraw is met on the first such day that an assessed entry passes
//     the territory from the party's side to another controller (for the
//     territory's first entry, its From must be the party's side). A
//     territory the record never shows the party holding is not met.
//   - allow_passage and other cannot be decided from control of territory:
//     they are never met by evidence here and stay pending (or overdue once
//     their due day has passed).
//   - Met is for good: a territory lost again after a handover does not
//     undo it (the control timeline shows the loss).
//   - The state is met when met on or before the due day (or when there is
//     no due day), met_late when met after it, overdue when not met and at
//     is after the due day, and pending otherwise.
func Status(o truce.Obligation, a *truce.Agreement, entries []truce.ControlEntry, beneficiary, party *truce.Actor, at truce.Date) truce.ObligationStatus {
	due, applied := o.DueAt(at)
	st := truce.ObligationStatus{
		Obligation:  o,
		At:          at,
		Due:         due,
		OriginalDue: o.Due,
		Amendments:  applied,
		Evidence:    []truce.Evidence{},
	}
	if a != nil {
		st.Agreement = a.ID
	} else {
		st.Agreement = o.AgreementID
	}
	var since truce.Date
	if a != nil {
		since = a.Signed
		if since.IsZero() {
			since = a.Effective
		}
	}
	var met *truce.ControlEntry
	switch o.Action {
	case truce.ActionHandOver:
		gains := Side{Name: o.To, Actor: beneficiary}.matcher()
		met = firstTransfer(entries, o.TerritoryID, since, at, func(prev *truce.ControlPeriod, p truce.ControlPeriod) bool {
			return gains(p.Controller) && (prev == nil || !gains(prev.Controller))
		})
	case truce.ActionWithdraw:
		leaves := Side{Name: o.Party, Actor: party}.matcher()
		met = firstTransfer(entries, o.TerritoryID, since, at, func(prev *truce.ControlPeriod, p truce.ControlPeriod) bool {
			if leaves(p.Controller) {
				return false
			}
			if prev == nil {
				from := p.Entries[0].From
				return from != nil && leaves(*from)
			}
			return leaves(prev.Controller)
		})
	}
	if met != nil {
		st.MetOn = met.At
		st.Deciding = met
	}
	switch {
	case met != nil && (due.IsZero() || met.At <= due):
		st.State = truce.Met
	case met != nil:
		st.State = truce.MetLate
	case !due.IsZero() && at > due:
		st.State = truce.Overdue
	default:
		st.State = truce.Pending
	}
	return st
}

// firstTransfer returns the first entry dated in [since, at] that starts
// an assessed period p for which transfer(prev, p) holds, prev being the
// assessed period before p (nil for the first). A zero since sets no lower
// bound. When territoryID is not zero, only that territory's entries count.
func firstTransfer(entries []truce.ControlEntry, territoryID int64, since, at truce.Date, transfer func(prev *truce.ControlPeriod, p truce.ControlPeriod) bool) *truce.ControlEntry {
	if territoryID != 0 {
		var own []truce.ControlEntry
		for _, e := range entries {
			if e.TerritoryID == territoryID {
				own = append(own, e)
			}
		}
		entries = own
	}
	var prev *truce.ControlPeriod
	ps := Periods(entries)
	for i := range ps {
		p := &ps[i]
		if p.Status != truce.Assessed {
			continue
		}
		if p.From > at {
			break
		}
		if p.From >= since && transfer(prev, *p) {
			e := p.Entries[0]
			return &e
		}
		prev = p
	}
	return nil
}
