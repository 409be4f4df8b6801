package timeline_test

import (
	"cmp"
	"context"
	"slices"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// fakeStore is the part of truce.Store the timeline reads, in memory. The
// embedded nil Store makes every other method panic, so a test that needs
// more fails loudly.
type fakeStore struct {
	truce.Store
	territories []*truce.Territory
	actors      []*truce.Actor
	entries     []truce.ControlEntry
	events      map[int64]*truce.Event
	agreements  []*truce.Agreement
	calls       map[string]int
}

func (s *fakeStore) count(m string) {
	if s.calls == nil {
		s.calls = map[string]int{}
	}
	s.calls[m]++
}

func (s *fakeStore) FindTerritory(_ context.Context, name string) (*truce.Territory, error) {
	s.count("FindTerritory")
	k := fold.Key(name)
	for _, t := range s.territories {
		if fold.Key(t.Name) == k {
			return t, nil
		}
		for _, a := range t.Aliases {
			if fold.Key(a) == k {
				return t, nil
			}
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no territory %q", name)
}

func (s *fakeStore) Territories(_ context.Context, f truce.TerritoryFilter) ([]*truce.Territory, error) {
	s.count("Territories")
	var out []*truce.Territory
	for _, t := range s.territories {
		if len(f.IDs) == 0 || slices.Contains(f.IDs, t.ID) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *fakeStore) FindActor(_ context.Context, name string) (*truce.Actor, error) {
	s.count("FindActor")
	k := fold.Key(name)
	for _, a := range s.actors {
		if fold.Key(a.Name) == k {
			return a, nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no actor %q", name)
}

func (s *fakeStore) ControlEntries(_ context.Context, f truce.ControlFilter) ([]truce.ControlEntry, error) {
	s.count("ControlEntries")
	var out []truce.ControlEntry
	for _, e := range s.entries {
		if len(f.TerritoryIDs) > 0 && !slices.Contains(f.TerritoryIDs, e.TerritoryID) {
			continue
		}
		if !f.Until.IsZero() && e.At > f.Until {
			continue
		}
		for _, t := range s.territories {
			if t.ID == e.TerritoryID {
				e.Territory = t.Name
			}
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b truce.ControlEntry) int {
		return cmp.Or(cmp.Compare(a.TerritoryID, b.TerritoryID), cmp.Compare(a.At, b.At), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (s *fakeStore) Events(_ context.Context, f truce.EventFilter) ([]*truce.Event, int, error) {
	s.count("Events")
	var out []*truce.Event
	for _, id := range f.IDs {
		if e, ok := s.events[id]; ok {
			out = append(out, e)
		}
	}
	return out, len(out), nil
}

func (s *fakeStore) Agreement(_ context.Context, id string) (*truce.Agreement, error) {
	s.count("Agreement")
	for _, a := range s.agreements {
		if a.ID == id {
			return a, nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no agreement %q", id)
}

func (s *fakeStore) Agreements(context.Context) ([]*truce.Agreement, error) {
	s.count("Agreements")
	return s.agreements, nil
}

// Actors of the Karabakh fixtures.
var (
	azForces = truce.Actor{ID: 1, Name: "Military Forces of Azerbaijan", Country: "AZE", Kind: truce.KindStateForces}
	amForces = truce.Actor{ID: 2, Name: "Military Forces of Armenia", Country: "ARM", Kind: truce.KindStateForces}
	nkForces = truce.Actor{ID: 3, Name: "Military Forces of Nagorno-Karabakh", Country: "AZE", Kind: truce.KindRebelGroup}
	ruForces = truce.Actor{ID: 4, Name: "Russian peacekeepers", Country: "RUS", Kind: truce.KindExternalForces}
	azGov    = truce.Actor{ID: 5, Name: "Azerbaijan", Country: "AZE", Kind: truce.KindGovernment}
	amGov    = truce.Actor{ID: 6, Name: "Armenia", Country: "ARM", Kind: truce.KindGovernment}
	ruGov    = truce.Actor{ID: 7, Name: "Russia", Country: "RUS", Kind: truce.KindGovernment}
)

const (
	kalbajarID int64 = 11
	aghdamID   int64 = 12
	lachinID   int64 = 13
	corridorID int64 = 14
	shushaID   int64 = 15
)

func d(s string) truce.Date { return truce.MustDate(s) }

// karabakh returns a store with the 2020 case in brief: control since the
// 1990s, the handovers of November 2020 as accepted events with evidence,
// and the trilateral statement with the Kalbajar extension.
func karabakh() *fakeStore {
	s := &fakeStore{
		territories: []*truce.Territory{
			{ID: kalbajarID, Name: "Kalbajar", Kind: truce.TerritoryAdmin1, Aliases: []string{"Kəlbəcər", "Karvachar"}},
			{ID: aghdamID, Name: "Aghdam", Kind: truce.TerritoryAdmin1, Aliases: []string{"Ağdam", "Agdam"}},
			{ID: lachinID, Name: "Lachin", Kind: truce.TerritoryAdmin1, Aliases: []string{"Laçın"}},
			{ID: corridorID, Name: "Lachin corridor", Kind: truce.TerritoryCorridor},
			{ID: shushaID, Name: "Shusha", Kind: truce.TerritoryLocality, Aliases: []string{"Şuşa"}},
		},
		actors: []*truce.Actor{&azForces, &amForces, &nkForces, &ruForces, &azGov, &amGov, &ruGov},
		entries: []truce.ControlEntry{
			{ID: 1, TerritoryID: lachinID, At: d("1992-05-18"), Controller: amForces, Status: truce.Assessed, Note: "captured 18 May 1992"},
			{ID: 2, TerritoryID: kalbajarID, At: d("1993-04-02"), Controller: amForces, Status: truce.Assessed, Note: "captured 2 April 1993"},
			{ID: 3, TerritoryID: aghdamID, At: d("1993-07-23"), Controller: amForces, Status: truce.Assessed, Note: "captured 23 July 1993"},
			{ID: 4, TerritoryID: shushaID, At: d("1992-05-08"), Controller: amForces, Status: truce.Assessed},
			{ID: 5, TerritoryID: shushaID, At: d("2020-11-08"), Controller: azForces, Status: truce.Assessed, EventID: 100},
			{ID: 6, TerritoryID: aghdamID, At: d("2020-11-20"), Controller: azForces, From: &amForces, Status: truce.Assessed, EventID: 102},
			{ID: 7, TerritoryID: kalbajarID, At: d("2020-11-25"), Controller: azForces, From: &amForces, Status: truce.Assessed, EventID: 101},
			{ID: 8, TerritoryID: lachinID, At: d("2020-12-01"), Controller: azForces, From: &amForces, Status: truce.Assessed, EventID: 103},
		},
		events: map[int64]*truce.Event{
			100: {ID: 100, Date: d("2020-11-08"), Evidence: []truce.Evidence{{Text: "Azerbaijan said its army had taken Shusha.", URL: "https://example.org/shusha"}}},
			101: {ID: 101, Date: d("2020-11-25"), Evidence: []truce.Evidence{
				{Text: "Azerbaijani troops entered Kalbajar district on Wednesday.", URL: "https://example.org/kalbajar", Outlet: "Example Wire"},
				{Text: "The defence ministry said units had moved into Kalbajar.", URL: "https://example.org/kalbajar-2", ClaimedBy: "Azerbaijan's Defense Ministry"},
			}},
			102: {ID: 102, Date: d("2020-11-20"), Evidence: []truce.Evidence{{Text: "Azerbaijani forces entered Aghdam on Friday.", URL: "https://example.org/aghdam"}}},
			103: {ID: 103, Date: d("2020-12-01"), Notes: "Lachin district returned", Evidence: nil},
		},
		agreements: []*truce.Agreement{trilateral()},
	}
	return s
}

func trilateral() *truce.Agreement {
	a := &truce.Agreement{
		ID:        "trilateral-2020-11-10",
		Title:     "Trilateral statement",
		Signed:    d("2020-11-09"),
		Effective: d("2020-11-10"),
		Parties:   []string{"Azerbaijan", "Armenia", "Russia"},
		Broker:    "Russia",
		Obligations: []truce.Obligation{
			{ID: "aghdam", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Aghdam", To: "Azerbaijan", Due: d("2020-11-20")},
			{ID: "kalbajar", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Kalbajar", To: "Azerbaijan", Due: d("2020-11-15"),
				Amendments: []truce.Amendment{{ID: 1, AgreementID: "trilateral-2020-11-10", ObligationID: "kalbajar", NewDue: d("2020-11-25"), AgreedOn: d("2020-11-15"), Review: truce.ReviewAccepted}}},
			{ID: "lachin", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Lachin", To: "Azerbaijan", Due: d("2020-12-01")},
			{ID: "lachin-corridor-passage", Party: "Azerbaijan", Action: truce.ActionAllowPassage, Territory: "Lachin corridor"},
		},
	}
	for i := range a.Obligations {
		a.Obligations[i].AgreementID = a.ID
	}
	return a
}
