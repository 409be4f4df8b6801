package extract

import "github.com/truce-monitor/truce"

// transferContext remembers, across a report, who hands territory over to
// whom ("Armenia hand over control to Azerbaijan", "territory ceded by
// Armenia"), for sentences that do not say it themselves ("The first one,
// Aghdam, was turned over last week").
type transferContext struct {
	to, from string // ISO3
}

// update reads "to <country>", "by <country>", "from <country>" and
// "<country> hand(s) over" in a sentence about a handover.
func (tc *transferContext) update(toks []token, ci *countryIndex, cs cue) {
	if cs&(cueTransfer|cueWithdrawal) == 0 {
		return
	}
	for i := 0; i < len(toks); i++ {
		if !toks[i].cap {
			continue
		}
		c, n := ci.match(toks[i:])
		if n == 0 {
			continue
		}
		prev := ""
		if i > 0 {
			prev = toks[i-1].text
		}
		next := ""
		if j := i + n; j < len(toks) {
			next = toks[j].text
			if next == "forces" || next == "troops" || next == "army" || next == "'s" {
				if j+1 < len(toks) {
					next = toks[j+1].text
				}
			}
		}
		switch {
		case prev == "to":
			tc.to = c.ISO3
		case prev == "by" || prev == "from":
			tc.from = c.ISO3
		case next == "hand" || next == "hands" || next == "handed" || next == "cede" || next == "ceded" || next == "withdraw" || next == "withdrew" || next == "return" || next == "returned":
			tc.from = c.ISO3
		}
		i += n - 1
	}
}

// controlOf returns the change of control of a territory-transferring
// event: the territory as named, the new controller (the event's first
// actor, as its state's forces) and the former one (the second actor, else
// the report's handover context).
func (x *Extractor) controlOf(sub truce.SubEventType, territory string, a1 Actor, a2 *Actor, tc transferContext) *Control {
	if !sub.TransfersTerritory() || territory == "" {
		return nil
	}
	to := controller(x, a1)
	if to.Name == "" && tc.to != "" {
		to = x.actors.stateForces(tc.to)
	}
	if to.Name == "" {
		return nil
	}
	if tc.from != "" && tc.from == to.Country && tc.to != "" && tc.to != tc.from {
		// "Armenia returned the Aghdam district to Azerbaijan": the first
		// actor hands over; the territory goes to the other side
		from := to
		c := &Control{Territory: territory, To: x.actors.stateForces(tc.to), From: &from}
		return c
	}
	c := &Control{Territory: territory, To: to}
	switch {
	case a2 != nil && a2.Country != to.Country || a2 != nil && a2.Kind != to.Kind:
		f := controller(x, *a2)
		if f.Name != "" && f.Name != to.Name {
			c.From = &f
		}
	}
	if c.From == nil && tc.from != "" && tc.from != to.Country {
		f := x.actors.stateForces(tc.from)
		c.From = &f
	}
	return c
}

// controller is the actor that holds territory for a: a government or a
// state's forces hold it as the state's forces; armed groups as
// themselves; civilians and crowds hold none.
func controller(x *Extractor, a Actor) Actor {
	switch a.Kind {
	case truce.KindStateForces, truce.KindGovernment:
		if a.Country != "" {
			return x.actors.stateForces(a.Country)
		}
		return a
	case truce.KindRebelGroup, truce.KindPoliticalMilitia, truce.KindIdentityMilitia, truce.KindExternalForces:
		return a
	}
	return Actor{}
}
