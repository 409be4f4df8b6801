package timeline_test

import (
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

// Kalbajar held by Armenian forces since 1993, claimed by Azerbaijan in
// November 2020 and handed over on 25 November.
func ExamplePeriods() {
	am := truce.Actor{Name: "Military Forces of Armenia", Country: "ARM", Kind: truce.KindStateForces}
	az := truce.Actor{Name: "Military Forces of Azerbaijan", Country: "AZE", Kind: truce.KindStateForces}
	entries := []truce.ControlEntry{
		{ID: 1, TerritoryID: 1, Territory: "Kalbajar", At: truce.MustDate("1993-04-02"), Controller: am, Status: truce.Assessed},
		{ID: 2, TerritoryID: 1, Territory: "Kalbajar", At: truce.MustDate("2020-11-20"), Controller: az, Status: truce.Claimed},
		{ID: 3, TerritoryID: 1, Territory: "Kalbajar", At: truce.MustDate("2020-11-25"), Controller: az, Status: truce.Assessed},
	}
	for _, p := range timeline.Periods(entries) {
		fmt.Printf("%s %-8s %s from %s to %q\n", p.Territory, p.Status, p.Controller.Name, p.From, p.To)
	}
	// Output:
	// Kalbajar assessed Military Forces of Armenia from 1993-04-02 to "2020-11-25"
	// Kalbajar claimed  Military Forces of Azerbaijan from 2020-11-20 to "2020-11-25"
	// Kalbajar assessed Military Forces of Azerbaijan from 2020-11-25 to ""
}

// The Kalbajar handover under the trilateral statement: due 15 November,
// extended on 15 November to 25 November, met on 25 November.
func ExampleStatus() {
	am := truce.Actor{Name: "Military Forces of Armenia", Country: "ARM", Kind: truce.KindStateForces}
	az := truce.Actor{Name: "Military Forces of Azerbaijan", Country: "AZE", Kind: truce.KindStateForces}
	azerbaijan := truce.Actor{Name: "Azerbaijan", Country: "AZE", Kind: truce.KindGovernment}
	a := &truce.Agreement{ID: "trilateral-2020-11-10", Signed: truce.MustDate("2020-11-09")}
	o := truce.Obligation{ID: "kalbajar", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Kalbajar",
		TerritoryID: 1, To: "Azerbaijan", Due: truce.MustDate("2020-11-15"),
		Amendments: []truce.Amendment{{NewDue: truce.MustDate("2020-11-25"), AgreedOn: truce.MustDate("2020-11-15")}}}
	entries := []truce.ControlEntry{
		{ID: 1, TerritoryID: 1, At: truce.MustDate("1993-04-02"), Controller: am, Status: truce.Assessed},
		{ID: 2, TerritoryID: 1, At: truce.MustDate("2020-11-25"), Controller: az, Status: truce.Assessed},
	}
	for _, day := range []string{"2020-11-14", "2020-11-16", "2020-11-25"} {
		st := timeline.Status(o, a, entries, &azerbaijan, nil, truce.MustDate(day))
		fmt.Printf("%s: %s, due %s (originally %s), met on %q\n", day, st.State, st.Due, st.OriginalDue, st.MetOn)
	}
	// Output:
	// 2020-11-14: pending, due 2020-11-15 (originally 2020-11-15), met on ""
	// 2020-11-16: pending, due 2020-11-25 (originally 2020-11-15), met on ""
	// 2020-11-25: met, due 2020-11-25 (originally 2020-11-15), met on "2020-11-25"
}
