package timeline_test

import (
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

func TestStatus(t *testing.T) {
	armenianSince1993 := e(1, kalbajarID, "1993-04-02", "A", amForces)
	handover := e(2, kalbajarID, "2020-11-25", "A", azForces)
	extension := truce.Amendment{ObligationID: "kalbajar", NewDue: d("2020-11-25"), AgreedOn: d("2020-11-15"), Review: truce.ReviewAccepted}
	kalbajar := func(amendments ...truce.Amendment) truce.Obligation {
		return truce.Obligation{ID: "kalbajar", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Kalbajar",
			TerritoryID: kalbajarID, To: "Azerbaijan", Due: d("2020-11-15"), Amendments: amendments}
	}
	withdraw := truce.Obligation{ID: "w", Party: "Armenia", Action: truce.ActionWithdraw, TerritoryID: kalbajarID, Due: d("2020-11-15")}
	passage := truce.Obligation{ID: "p", Party: "Azerbaijan", Action: truce.ActionAllowPassage, TerritoryID: corridorID}
	a := trilateral()
	candidate := extension
	candidate.Review = truce.ReviewCandidate
	tests := []struct {
		name        string
		o           truce.Obligation
		entries     []truce.ControlEntry
		at          string
		beneficiary *truce.Actor
		party       *truce.Actor
		want        truce.ObligationState
		wantDue     string
		wantMet     string
		wantAmends  int
	}{
		{"pending before the due day", kalbajar(extension), []truce.ControlEntry{armenianSince1993}, "2020-11-14", &azGov, &amGov, truce.Pending, "2020-11-15", "", 0},
		{"extension agreed on the due day applies that day", kalbajar(extension), []truce.ControlEntry{armenianSince1993}, "2020-11-15", &azGov, &amGov, truce.Pending, "2020-11-25", "", 1},
		{"pending after the original due day when extended", kalbajar(extension), []truce.ControlEntry{armenianSince1993}, "2020-11-16", &azGov, &amGov, truce.Pending, "2020-11-25", "", 1},
		{"overdue without the extension", kalbajar(), []truce.ControlEntry{armenianSince1993}, "2020-11-16", &azGov, &amGov, truce.Overdue, "2020-11-15", "", 0},
		{"candidate amendment does not extend", kalbajar(candidate), []truce.ControlEntry{armenianSince1993}, "2020-11-16", &azGov, &amGov, truce.Overdue, "2020-11-15", "", 0},
		{"met on the extended day", kalbajar(extension), []truce.ControlEntry{armenianSince1993, handover}, "2020-11-25", &azGov, &amGov, truce.Met, "2020-11-25", "2020-11-25", 1},
		{"met stays met", kalbajar(extension), []truce.ControlEntry{armenianSince1993, handover}, "2021-06-01", &azGov, &amGov, truce.Met, "2020-11-25", "2020-11-25", 1},
		{"met stays met when the territory is lost again", kalbajar(extension), []truce.ControlEntry{armenianSince1993, handover, e(3, kalbajarID, "2020-11-28", "A", amForces)}, "2020-12-01", &azGov, &amGov, truce.Met, "2020-11-25", "2020-11-25", 1},
		{"handover after the day is not known yet", kalbajar(extension), []truce.ControlEntry{armenianSince1993, handover}, "2020-11-24", &azGov, &amGov, truce.Pending, "2020-11-25", "", 1},
		{"met late without the extension", kalbajar(), []truce.ControlEntry{armenianSince1993, handover}, "2020-11-26", &azGov, &amGov, truce.MetLate, "2020-11-15", "2020-11-25", 0},
		{"claimed control does not meet", kalbajar(), []truce.ControlEntry{armenianSince1993, e(2, kalbajarID, "2020-11-14", "C", azForces)}, "2020-11-20", &azGov, &amGov, truce.Overdue, "2020-11-15", "", 0},
		{"control gained before signing does not count", kalbajar(), []truce.ControlEntry{armenianSince1993, e(2, kalbajarID, "2020-11-08", "A", azForces), e(3, kalbajarID, "2020-11-12", "A", azForces)}, "2020-11-20", &azGov, &amGov, truce.Overdue, "2020-11-15", "", 0},
		{"a rebel group of the beneficiary's country does not count", kalbajar(), []truce.ControlEntry{armenianSince1993, e(2, kalbajarID, "2020-11-12", "A", nkForces)}, "2020-11-20", &azGov, &amGov, truce.Overdue, "2020-11-15", "", 0},
		{"beneficiary's forces count by country", kalbajar(), []truce.ControlEntry{armenianSince1993, e(2, kalbajarID, "2020-11-12", "A", azForces)}, "2020-11-20", &azGov, &amGov, truce.Met, "2020-11-15", "2020-11-12", 0},
		{"beneficiary unresolved: only its name counts", kalbajar(), []truce.ControlEntry{armenianSince1993, e(2, kalbajarID, "2020-11-12", "A", azForces)}, "2020-11-20", nil, nil, truce.Overdue, "2020-11-15", "", 0},
		{"beneficiary unresolved: its name counts", kalbajar(), []truce.ControlEntry{armenianSince1993, e(2, kalbajarID, "2020-11-12", "A", azGov)}, "2020-11-20", nil, nil, truce.Met, "2020-11-15", "2020-11-12", 0},
		{"handover without a record of who held it before", kalbajar(), []truce.ControlEntry{handover}, "2020-11-26", &azGov, &amGov, truce.MetLate, "2020-11-15", "2020-11-25", 0},
		{"no due day: pending until met", truce.Obligation{ID: "c", Action: truce.ActionHandOver, TerritoryID: corridorID, To: "Russia"}, []truce.ControlEntry{e(1, corridorID, "1992-05-18", "A", amForces)}, "2030-01-01", &ruGov, &amGov, truce.Pending, "", "", 0},
		{"no due day: met", truce.Obligation{ID: "c", Action: truce.ActionHandOver, TerritoryID: corridorID, To: "Russia"}, []truce.ControlEntry{e(1, corridorID, "1992-05-18", "A", amForces), e(2, corridorID, "2020-11-12", "A", ruForces)}, "2020-12-01", &ruGov, &amGov, truce.Met, "", "2020-11-12", 0},
		{"withdrawal met when the party's forces leave", withdraw, []truce.ControlEntry{armenianSince1993, e(2, kalbajarID, "2020-11-14", "A", ruForces)}, "2020-11-20", nil, &amGov, truce.Met, "2020-11-15", "2020-11-14", 0},
		{"withdrawal not met while the party holds it", withdraw, []truce.ControlEntry{armenianSince1993}, "2020-11-20", nil, &amGov, truce.Overdue, "2020-11-15", "", 0},
		{"withdrawal not met by a territory the party never held", withdraw, []truce.ControlEntry{e(2, kalbajarID, "2020-11-14", "A", ruForces)}, "2020-11-20", nil, &amGov, truce.Overdue, "2020-11-15", "", 0},
		{"allow_passage stays pending", passage, []truce.ControlEntry{e(1, corridorID, "2020-11-12", "A", ruForces)}, "2021-01-01", nil, &azGov, truce.Pending, "", "", 0},
		{"other with a passed due day is overdue", truce.Obligation{ID: "x", Action: truce.ActionOther, Due: d("2020-11-20")}, nil, "2020-11-21", nil, nil, truce.Overdue, "2020-11-20", "", 0},
		{"entries of other territories are ignored", kalbajar(), []truce.ControlEntry{armenianSince1993, e(2, aghdamID, "2020-11-12", "A", azForces)}, "2020-11-20", &azGov, &amGov, truce.Overdue, "2020-11-15", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := timeline.Status(tt.o, a, tt.entries, tt.beneficiary, tt.party, d(tt.at))
			if st.State != tt.want || st.Due.String() != tt.wantDue || st.MetOn.String() != tt.wantMet || len(st.Amendments) != tt.wantAmends {
				t.Errorf("Status = %s due %q met %q amendments %d; want %s due %q met %q amendments %d",
					st.State, st.Due, st.MetOn, len(st.Amendments), tt.want, tt.wantDue, tt.wantMet, tt.wantAmends)
			}
			if st.OriginalDue != tt.o.Due || st.Agreement != a.ID || st.At != d(tt.at) {
				t.Errorf("Status: original due %s agreement %q at %s", st.OriginalDue, st.Agreement, st.At)
			}
			if (st.Deciding != nil) != (tt.wantMet != "") || (st.Deciding != nil && st.Deciding.At != st.MetOn) {
				t.Errorf("Status: deciding entry %+v with met_on %q", st.Deciding, st.MetOn)
			}
		})
	}
}

func TestSideIncludes(t *testing.T) {
	tests := []struct {
		side timeline.Side
		c    truce.Actor
		want bool
	}{
		{timeline.Side{Name: "Azerbaijan", Actor: &azGov}, azForces, true},
		{timeline.Side{Name: "Azerbaijan", Actor: &azGov}, azGov, true},
		{timeline.Side{Name: "Azerbaijan", Actor: &azGov}, nkForces, false},
		{timeline.Side{Name: "Azerbaijan", Actor: &azGov}, amForces, false},
		{timeline.Side{Name: "Russia", Actor: &ruGov}, ruForces, true},
		{timeline.Side{Name: "Azerbaijan"}, truce.Actor{Name: "AZERBAIJAN"}, true},
		{timeline.Side{Name: "Azerbaijan"}, azForces, false},
		{timeline.Side{}, azForces, false},
	}
	for _, tt := range tests {
		if got := tt.side.Includes(tt.c); got != tt.want {
			t.Errorf("%q includes %q = %v, want %v", tt.side.Name, tt.c.Name, got, tt.want)
		}
	}
}
