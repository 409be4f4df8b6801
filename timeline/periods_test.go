package timeline_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

// e builds a control entry: "A" or "C" for assessed or claimed.
func e(id, territory int64, day, status string, who truce.Actor) truce.ControlEntry {
	st := truce.Assessed
	if status == "C" {
		st = truce.Claimed
	}
	return truce.ControlEntry{ID: id, TerritoryID: territory, At: d(day), Controller: who, Status: st}
}

// show renders a period as "territory status controller from..to [entry ids]".
func show(p truce.ControlPeriod) string {
	ids := make([]string, len(p.Entries))
	for i, e := range p.Entries {
		ids[i] = fmt.Sprint(e.ID)
	}
	to := p.To.String()
	if to == "" {
		to = "now"
	}
	return fmt.Sprintf("%d %s %s %s..%s [%s]", p.TerritoryID, p.Status, p.Controller.Name, p.From, to, strings.Join(ids, " "))
}

func TestPeriods(t *testing.T) {
	am, az, ru := amForces, azForces, ruForces
	azByName := truce.Actor{Name: "military forces of AZERBAIJAN"} // no id: matched by folded name
	tests := []struct {
		name    string
		entries []truce.ControlEntry
		want    []string
	}{
		{"empty", nil, nil},
		{"one assessed", []truce.ControlEntry{e(1, 1, "1993-04-02", "A", am)},
			[]string{"1 assessed Military Forces of Armenia 1993-04-02..now [1]"}},
		{"same controller confirms", []truce.ControlEntry{
			e(1, 1, "1993-04-02", "A", am), e(2, 1, "2000-01-01", "A", am)},
			[]string{"1 assessed Military Forces of Armenia 1993-04-02..now [1 2]"}},
		{"confirmation matched by folded name", []truce.ControlEntry{
			e(1, 1, "2020-11-25", "A", az), e(2, 1, "2020-11-26", "A", azByName)},
			[]string{"1 assessed Military Forces of Azerbaijan 2020-11-25..now [1 2]"}},
		{"new controller closes", []truce.ControlEntry{
			e(1, 1, "1993-04-02", "A", am), e(2, 1, "2020-11-25", "A", az)},
			[]string{
				"1 assessed Military Forces of Armenia 1993-04-02..2020-11-25 [1]",
				"1 assessed Military Forces of Azerbaijan 2020-11-25..now [2]"}},
		{"same-day correction drops the empty period", []truce.ControlEntry{
			e(1, 1, "1993-04-02", "A", am), e(2, 1, "2020-11-25", "A", ru), e(3, 1, "2020-11-25", "A", az)},
			[]string{
				"1 assessed Military Forces of Armenia 1993-04-02..2020-11-25 [1]",
				"1 assessed Military Forces of Azerbaijan 2020-11-25..now [3]"}},
		{"same-day correction back reopens", []truce.ControlEntry{
			e(1, 1, "1993-04-02", "A", am), e(2, 1, "2020-11-25", "A", az), e(3, 1, "2020-11-25", "A", am)},
			[]string{"1 assessed Military Forces of Armenia 1993-04-02..now [1 3]"}},
		{"claim overlaps assessed until settled", []truce.ControlEntry{
			e(1, 1, "1993-08-23", "A", am), e(2, 1, "2020-10-09", "C", az), e(3, 1, "2020-11-10", "A", az)},
			[]string{
				"1 assessed Military Forces of Armenia 1993-08-23..2020-11-10 [1]",
				"1 claimed Military Forces of Azerbaijan 2020-10-09..2020-11-10 [2]",
				"1 assessed Military Forces of Azerbaijan 2020-11-10..now [3]"}},
		{"assessment rejecting a claim settles it too", []truce.ControlEntry{
			e(1, 1, "1993-08-23", "A", am), e(2, 1, "2020-10-09", "C", az), e(3, 1, "2020-10-12", "A", am)},
			[]string{
				"1 assessed Military Forces of Armenia 1993-08-23..now [1 3]",
				"1 claimed Military Forces of Azerbaijan 2020-10-09..2020-10-12 [2]"}},
		{"claim confirmed by the same claimant", []truce.ControlEntry{
			e(1, 1, "2020-10-09", "C", az), e(2, 1, "2020-10-11", "C", az)},
			[]string{"1 claimed Military Forces of Azerbaijan 2020-10-09..now [1 2]"}},
		{"later claim of another side replaces", []truce.ControlEntry{
			e(1, 1, "2020-10-09", "C", az), e(2, 1, "2020-10-11", "C", am)},
			[]string{
				"1 claimed Military Forces of Azerbaijan 2020-10-09..2020-10-11 [1]",
				"1 claimed Military Forces of Armenia 2020-10-11..now [2]"}},
		{"rival claims of the same day stay open", []truce.ControlEntry{
			e(1, 1, "2020-10-09", "C", az), e(2, 1, "2020-10-09", "C", am)},
			[]string{
				"1 claimed Military Forces of Azerbaijan 2020-10-09..now [1]",
				"1 claimed Military Forces of Armenia 2020-10-09..now [2]"}},
		{"a later claim ends both rivals", []truce.ControlEntry{
			e(1, 1, "2020-10-09", "C", az), e(2, 1, "2020-10-09", "C", am), e(3, 1, "2020-10-10", "C", az)},
			[]string{
				"1 claimed Military Forces of Azerbaijan 2020-10-09..now [1 3]",
				"1 claimed Military Forces of Armenia 2020-10-09..2020-10-10 [2]"}},
		{"claim on the day of an assessment is dropped", []truce.ControlEntry{
			e(1, 1, "1993-08-23", "A", am), e(3, 1, "2020-11-20", "A", az), e(4, 1, "2020-11-20", "C", az)},
			[]string{
				"1 assessed Military Forces of Armenia 1993-08-23..2020-11-20 [1]",
				"1 assessed Military Forces of Azerbaijan 2020-11-20..now [3]"}},
		{"territories kept apart, unsorted input sorted", []truce.ControlEntry{
			e(3, 2, "2020-11-20", "A", az), e(1, 1, "1993-04-02", "A", am), e(2, 2, "1993-07-23", "A", am)},
			[]string{
				"1 assessed Military Forces of Armenia 1993-04-02..now [1]",
				"2 assessed Military Forces of Armenia 1993-07-23..2020-11-20 [2]",
				"2 assessed Military Forces of Azerbaijan 2020-11-20..now [3]"}},
		{"entries without a day or status are skipped", []truce.ControlEntry{
			{ID: 1, TerritoryID: 1, Controller: az, Status: truce.Assessed},
			{ID: 2, TerritoryID: 1, At: d("2020-01-01"), Controller: az, Status: "rumoured"}},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.entries)
			var got []string
			for _, p := range timeline.Periods(tt.entries) {
				got = append(got, show(p))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Periods:\n got %q\nwant %q", got, tt.want)
			}
			for i := range in {
				if in[i].ID != tt.entries[i].ID {
					t.Fatalf("Periods reordered its input")
				}
			}
		})
	}
}

func TestAt(t *testing.T) {
	ps := timeline.Periods([]truce.ControlEntry{
		e(1, 1, "1993-08-23", "A", amForces), e(2, 1, "2020-10-09", "C", azForces), e(3, 1, "2020-11-10", "A", azForces)})
	tests := []struct {
		day  string
		want []string
	}{
		{"1993-08-22", nil},
		{"1993-08-23", []string{"Military Forces of Armenia"}},
		{"2020-10-09", []string{"Military Forces of Armenia", "Military Forces of Azerbaijan"}},
		{"2020-11-09", []string{"Military Forces of Armenia", "Military Forces of Azerbaijan"}},
		{"2020-11-10", []string{"Military Forces of Azerbaijan"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range timeline.At(ps, d(tt.day)) {
			got = append(got, p.Controller.Name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("At(%s) = %q, want %q", tt.day, got, tt.want)
		}
	}
}

// TestPeriodsConcurrent runs Periods from several goroutines (the folded
// name cache is shared); run with -race.
func TestPeriodsConcurrent(t *testing.T) {
	entries := genEntries(200)
	want := len(timeline.Periods(entries))
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			// Names each goroutine has not seen yet, to write to the cache.
			local := slices.Clone(entries)
			for i := range local {
				local[i].Controller.Name = fmt.Sprintf("%s %d", local[i].Controller.Name, g)
			}
			if got := len(timeline.Periods(local)); got != want {
				errs <- fmt.Errorf("goroutine %d: %d periods, want %d", g, got, want)
				return
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
