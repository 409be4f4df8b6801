package timeline_test

import (
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

// entriesFrom decodes fuzz bytes into entries: four bytes an entry
// (territory 1–3, day offset 0–31, status, controller among four actors).
func entriesFrom(data []byte) []truce.ControlEntry {
	actors := []truce.Actor{azForces, amForces, ruForces, nkForces}
	base := truce.MustDate("2020-11-01")
	var out []truce.ControlEntry
	for i := 0; i+3 < len(data) && len(out) < 64; i += 4 {
		st := truce.Assessed
		if data[i+2]%3 == 0 {
			st = truce.Claimed
		}
		out = append(out, truce.ControlEntry{
			ID: int64(len(out) + 1), TerritoryID: int64(data[i]%3 + 1), At: base.AddDays(int(data[i+1] % 32)),
			Status: st, Controller: actors[data[i+3]%4],
		})
	}
	return out
}

// FuzzPeriods checks the invariants of Periods on arbitrary entries: per
// territory the assessed periods follow each other without gap or overlap
// and the last one is open; the assessed controller on any day is the one
// of the last assessed entry on or before it; no period is empty; every
// assessed entry is in a period unless a later entry of the same day
// corrected it.
func FuzzPeriods(f *testing.F) {
	f.Add([]byte{0, 1, 1, 0, 0, 5, 1, 1, 0, 5, 0, 2, 0, 9, 3, 1})
	f.Add([]byte{1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 3, 3, 2, 2, 2, 2, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		entries := entriesFrom(data)
		ps := timeline.Periods(entries)
		last := map[int64]*truce.ControlPeriod{}
		inPeriod := map[int64]bool{}
		for i := range ps {
			p := &ps[i]
			if !p.To.IsZero() && p.To <= p.From {
				t.Fatalf("empty or reversed period %+v", p)
			}
			if len(p.Entries) == 0 || p.Entries[0].At != p.From {
				t.Fatalf("period %+v does not start with its first entry", p)
			}
			for _, e := range p.Entries {
				if e.Status != p.Status || e.TerritoryID != p.TerritoryID {
					t.Fatalf("entry %+v in period %+v", e, p)
				}
				inPeriod[e.ID] = true
			}
			if p.Status != truce.Assessed {
				continue
			}
			if prev := last[p.TerritoryID]; prev != nil && prev.To != p.From {
				t.Fatalf("gap or overlap between %+v and %+v", prev, p)
			}
			last[p.TerritoryID] = p
		}
		for _, p := range last {
			if !p.To.IsZero() {
				t.Fatalf("last assessed period %+v is closed", p)
			}
		}
		for _, e := range entries {
			if e.Status != truce.Assessed || inPeriod[e.ID] {
				continue
			}
			corrected := false
			for _, x := range entries {
				if x.TerritoryID == e.TerritoryID && x.At == e.At && x.ID > e.ID && x.Status == truce.Assessed {
					corrected = true
				}
			}
			if !corrected {
				t.Fatalf("assessed entry %+v is in no period", e)
			}
		}
		for day := truce.MustDate("2020-10-31"); day <= truce.MustDate("2020-12-03"); day++ {
			want := map[int64]string{}
			best := map[int64]truce.ControlEntry{}
			for _, e := range entries {
				if e.Status != truce.Assessed || e.At > day {
					continue
				}
				b, ok := best[e.TerritoryID]
				if !ok || e.At > b.At || (e.At == b.At && e.ID > b.ID) {
					best[e.TerritoryID] = e
				}
			}
			for id, e := range best {
				want[id] = e.Controller.Name
			}
			got := map[int64]string{}
			for _, p := range timeline.At(ps, day) {
				if p.Status == truce.Assessed {
					if _, dup := got[p.TerritoryID]; dup {
						t.Fatalf("%s: two assessed periods for territory %d", day, p.TerritoryID)
					}
					got[p.TerritoryID] = p.Controller.Name
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%s: assessed %v, want %v", day, got, want)
			}
			for id, name := range want {
				if got[id] != name {
					t.Fatalf("%s: territory %d held by %q, want %q", day, id, got[id], name)
				}
			}
		}
	})
}
