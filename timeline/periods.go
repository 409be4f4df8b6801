// Package timeline computes control of territory over time and the status
// of agreements' obligations from the record's evidence. Nothing here is
// typed in: every answer is derived from control entries (manual entries and
// those of accepted events that transfer territory) and agreements.
//
// The package has pure functions over domain values (Periods, At, Changes,
// Status) and thin functions over a truce.Store that read what they need
// and call them (ControlAt, History, Diff, Obligations).
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
	"sync"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// Periods turns control entries into control periods by the rules in the
// package documentation. A period's Entries may share memory with entries
// (with their capacity capped, so appending to them copies). Entries should be ordered by territory, day and id
// as truce.ControlStore returns them; entries out of order are sorted (on
// a copy) first. Entries with a zero day or an unknown status are skipped.
func Periods(entries []truce.ControlEntry) []truce.ControlPeriod {
	entries = ordered(entries)
	if len(entries) == 0 {
		return nil
	}
	w := &walker{keys: folder{}, out: make([]truce.ControlPeriod, 0, len(entries))}
	for start := 0; start < len(entries); {
		end := start + 1
		for end < len(entries) && sameTerritory(entries[start], entries[end]) {
			end++
		}
		w.territory(entries[start:end])
		start = end
	}
	return w.out
}

// walker turns one territory's entries after another into periods, reusing
// its buffers.
type walker struct {
	keys              folder
	assessed, claimed []span
	open              []int // indexes into claimed of the open claims
	out               []truce.ControlPeriod
}

// span is a period under construction. Its entries are entries[start:end]
// as long as they are contiguous in the territory's entries; the first
// entry that is not turns them into a copy in more.
type span struct {
	p          truce.ControlPeriod
	start, end int
	copied     bool
}

func (s *span) add(entries []truce.ControlEntry, i int) {
	if !s.copied && i == s.end {
		s.end++
		return
	}
	if !s.copied {
		s.p.Entries = append([]truce.ControlEntry(nil), entries[s.start:s.end]...)
		s.copied = true
	}
	s.p.Entries = append(s.p.Entries, entries[i])
}

func (s *span) period(entries []truce.ControlEntry) truce.ControlPeriod {
	p := s.p
	if !s.copied {
		p.Entries = entries[s.start:s.end:s.end]
	}
	return p
}

func newSpan(entries []truce.ControlEntry, i int) span {
	e := &entries[i]
	return span{p: truce.ControlPeriod{
		TerritoryID: e.TerritoryID,
		Territory:   e.Territory,
		Controller:  e.Controller,
		From:        e.At,
		Status:      e.Status,
	}, start: i, end: i + 1}
}

// territory appends the periods of one territory's entries (ordered by
// day and id) to w.out.
func (w *walker) territory(entries []truce.ControlEntry) {
	w.assessed, w.claimed, w.open = w.assessed[:0], w.claimed[:0], w.open[:0]
	closeClaims := func(day truce.Date, keep func(p *truce.ControlPeriod) bool) {
		kept := w.open[:0]
		for _, i := range w.open {
			if keep != nil && keep(&w.claimed[i].p) {
				kept = append(kept, i)
				continue
			}
			w.claimed[i].p.To = day
		}
		w.open = kept
	}
	for start := 0; start < len(entries); {
		day := entries[start].At
		end := start + 1
		for end < len(entries) && entries[end].At == day {
			end++
		}
		// Claims first, then assessments, within the day.
		for i := start; i < end; i++ {
			e := &entries[i]
			if e.Status != truce.Claimed || e.At.IsZero() {
				continue
			}
			// A claim replaces other controllers' claims from earlier
			// days; rival claims of the same day stay open.
			closeClaims(day, func(p *truce.ControlPeriod) bool {
				return p.From == day || w.keys.same(p.Controller, e.Controller)
			})
			confirmed := false
			for _, j := range w.open {
				if w.keys.same(w.claimed[j].p.Controller, e.Controller) {
					w.claimed[j].add(entries, i)
					confirmed = true
					break
				}
			}
			if !confirmed {
				w.claimed = append(w.claimed, newSpan(entries, i))
				w.open = append(w.open, len(w.claimed)-1)
			}
		}
		for i := start; i < end; i++ {
			e := &entries[i]
			if e.Status != truce.Assessed || e.At.IsZero() {
				continue
			}
			closeClaims(day, nil)
			if n := len(w.assessed); n > 0 && w.assessed[n-1].p.To.IsZero() {
				last := &w.assessed[n-1]
				if w.keys.same(last.p.Controller, e.Controller) {
					last.add(entries, i)
					continue
				}
				last.p.To = day
				if last.p.From == day { // corrected the same day
					w.assessed = w.assessed[:n-1]
					// Corrected back to the controller before it: reopen.
					if n > 1 && w.assessed[n-2].p.To == day && w.keys.same(w.assessed[n-2].p.Controller, e.Controller) {
						w.assessed[n-2].p.To = 0
						w.assessed[n-2].add(entries, i)
						continue
					}
				}
			}
			w.assessed = append(w.assessed, newSpan(entries, i))
		}
		start = end
	}
	// Merge by start day, assessed first; drop empty claims.
	i, j := 0, 0
	for i < len(w.assessed) || j < len(w.claimed) {
		if j < len(w.claimed) && w.claimed[j].p.From == w.claimed[j].p.To {
			j++
			continue
		}
		if j == len(w.claimed) || (i < len(w.assessed) && w.assessed[i].p.From <= w.claimed[j].p.From) {
			w.out = append(w.out, w.assessed[i].period(entries))
			i++
		} else {
			w.out = append(w.out, w.claimed[j].period(entries))
			j++
		}
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
	return a.Name == b.Name || foldKey(a.Name) == foldKey(b.Name)
}

// folder caches the folded keys of names for one computation, in front of
// the shared cache.
type folder map[string]string

func (f folder) key(s string) string {
	k, ok := f[s]
	if !ok {
		k = foldKey(s)
		f[s] = k
	}
	return k
}

// keyCache holds the folded keys of the names seen so far: a record has
// few actors and many entries. It stops growing at maxCachedKeys.
var keyCache = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}

const maxCachedKeys = 10_000

// foldKey is fold.Key through keyCache.
func foldKey(s string) string {
	keyCache.RLock()
	k, ok := keyCache.m[s]
	keyCache.RUnlock()
	if ok {
		return k
	}
	k = fold.Key(s)
	keyCache.Lock()
	if len(keyCache.m) < maxCachedKeys {
		keyCache.m[s] = k
	}
	keyCache.Unlock()
	return k
}

// same is sameActor with cached keys.
func (f folder) same(a, b truce.Actor) bool {
	if a.ID != 0 && b.ID != 0 {
		return a.ID == b.ID
	}
	return a.Name == b.Name || f.key(a.Name) == f.key(b.Name)
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
