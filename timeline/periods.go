// Package timeline computes control of territory over time and the status
// of agreements' obligations from the record's evidence. Nothing here is
// typed in: every answer is derived from control entries (manual entries and
// those of accepted events that transfer territory) and agreements.
//
// The package has pure functions over domain values (Periods, Status) and
// thin functions over a truce.Store (ControlAt, Diff, Obligations).
//
// # Periods
//
// Control entries become periods per territory by these rules:
//
//   - Assessed entries form one chain. The first opens a period; an assessed
//     entry naming the same controller (same actor id, or same name folded
//     with fold.Key) confirms the open period and is appended to its
//     Entries; an assessed entry naming another controller closes the open
//     period on its day and opens a new one. When two assessed entries with
//     different controllers fall on the same day, the later one (by id)
//     corrects the earlier: the earlier's period would be empty and is
//     dropped.
//   - Claimed entries form separate periods that may overlap the assessed
//     chain. A claim by a controller whose claim is already open confirms it.
//     A claim ends the open claims of other controllers made on earlier
//     days: they end on its day (the newest word stands). Claims by different
//     controllers on the same day are rival claims and stay open side by
//     side: the territory is contested.
//   - An assessed entry settles the territory: every open claim ends on its
//     day, whether the assessment agrees with the claim or not. Within one
//     day claims are applied before assessed entries, so a claim made on the
//     day an assessment settles it gives an empty period and is dropped.
//
// Periods are returned per territory, in the order the territories first
// appear, and within a territory by start day, assessed before claimed.
package timeline

import (
	"cmp"
	"slices"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// Periods turns control entries into control periods by the rules in the
// package documentation. Entries should be ordered by territory, day and id
// as truce.ControlStore returns them; entries out of order are sorted (on
// a copy) first. Entries with a zero day or an unknown status are skipped.
func Periods(entries []truce.ControlEntry) []truce.ControlPeriod {
	entries = ordered(entries)
	var out []truce.ControlPeriod
	for start := 0; start < len(entries); {
		end := start + 1
		for end < len(entries) && sameTerritory(entries[start], entries[end]) {
			end++
		}
		out = territoryPeriods(out, entries[start:end])
		start = end
	}
	return out
}

// territoryPeriods appends the periods of one territory's entries (ordered
// by day and id) to out.
func territoryPeriods(out []truce.ControlPeriod, entries []truce.ControlEntry) []truce.ControlPeriod {
	var (
		assessed []truce.ControlPeriod
		claimed  []truce.ControlPeriod
		open     []int // indexes into claimed of the open claims
	)
	closeClaims := func(day truce.Date, keep func(p *truce.ControlPeriod) bool) {
		kept := open[:0]
		for _, i := range open {
			if keep != nil && keep(&claimed[i]) {
				kept = append(kept, i)
				continue
			}
			claimed[i].To = day
		}
		open = kept
	}
	for start := 0; start < len(entries); {
		day := entries[start].At
		end := start + 1
		for end < len(entries) && entries[end].At == day {
			end++
		}
		// Claims first, then assessments, within the day.
		for _, e := range entries[start:end] {
			if e.Status != truce.Claimed || e.At.IsZero() {
				continue
			}
			// A claim replaces other controllers' claims from earlier
			// days; rival claims of the same day stay open.
			closeClaims(day, func(p *truce.ControlPeriod) bool {
				return p.From == day || sameActor(p.Controller, e.Controller)
			})
			confirmed := false
			for _, i := range open {
				if sameActor(claimed[i].Controller, e.Controller) {
					claimed[i].Entries = append(claimed[i].Entries, e)
					confirmed = true
					break
				}
			}
			if !confirmed {
				claimed = append(claimed, newPeriod(e))
				open = append(open, len(claimed)-1)
			}
		}
		for _, e := range entries[start:end] {
			if e.Status != truce.Assessed || e.At.IsZero() {
				continue
			}
			closeClaims(day, nil)
			if n := len(assessed); n > 0 && assessed[n-1].To.IsZero() {
				last := &assessed[n-1]
				if sameActor(last.Controller, e.Controller) {
					last.Entries = append(last.Entries, e)
					continue
				}
				last.To = day
				if last.From == day { // corrected the same day
					assessed = assessed[:n-1]
					// Corrected back to the controller before it: reopen.
					if n > 1 && assessed[n-2].To == day && sameActor(assessed[n-2].Controller, e.Controller) {
						assessed[n-2].To = 0
						assessed[n-2].Entries = append(assessed[n-2].Entries, e)
						continue
					}
				}
			}
			assessed = append(assessed, newPeriod(e))
		}
		start = end
	}
	// Merge by start day, assessed first; drop empty claims.
	i, j := 0, 0
	for i < len(assessed) || j < len(claimed) {
		if j < len(claimed) && claimed[j].From == claimed[j].To {
			j++
			continue
		}
		if j == len(claimed) || (i < len(assessed) && assessed[i].From <= claimed[j].From) {
			out = append(out, assessed[i])
			i++
		} else {
			out = append(out, claimed[j])
			j++
		}
	}
	return out
}

func newPeriod(e truce.ControlEntry) truce.ControlPeriod {
	return truce.ControlPeriod{
		TerritoryID: e.TerritoryID,
		Territory:   e.Territory,
		Controller:  e.Controller,
		From:        e.At,
		Status:      e.Status,
		Entries:     []truce.ControlEntry{e},
	}
}

// ordered returns entries if they are ordered by territory, day and id, and
// a sorted copy otherwise.
func ordered(entries []truce.ControlEntry) []truce.ControlEntry {
	if slices.IsSortedFunc(entries, compareEntries) {
		return entries
	}
	c := slices.Clone(entries)
	slices.SortStableFunc(c, compareEntries)
	return c
}

func compareEntries(a, b truce.ControlEntry) int {
	if c := cmp.Compare(a.TerritoryID, b.TerritoryID); c != 0 {
		return c
	}
	if a.TerritoryID == 0 {
		if c := cmp.Compare(a.Territory, b.Territory); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(a.At, b.At); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func sameTerritory(a, b truce.ControlEntry) bool {
	if a.TerritoryID != 0 || b.TerritoryID != 0 {
		return a.TerritoryID == b.TerritoryID
	}
	return a.Territory == b.Territory
}

// sameActor reports whether a and b are the same actor: the same id when
// both have one, otherwise the same folded name.
func sameActor(a, b truce.Actor) bool {
	if a.ID != 0 && b.ID != 0 {
		return a.ID == b.ID
	}
	return a.Name == b.Name || fold.Key(a.Name) == fold.Key(b.Name)
}

// At returns the periods among ps that cover day d: at most one assessed
// period per territory, and the claims open on d.
func At(ps []truce.ControlPeriod, d truce.Date) []truce.ControlPeriod {
	var out []truce.ControlPeriod
	for _, p := range ps {
		if p.Contains(d) {
			out = append(out, p)
		}
	}
	return out
}
