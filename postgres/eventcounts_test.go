package postgres_test

import (
	"context"
	"maps"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
)

// TestEventCounts checks the per-day, per-type counts against the events
// themselves, with and without a filter, and that NoEvidence leaves the
// evidence out.
func TestEventCounts(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	defer db.Close()
	if err := synth.Build(ctx, db, synth.Config{Territories: 9, Events: 600, Seed: 5, Batch: 300,
		From: truce.MustDate("2020-01-01"), To: truce.MustDate("2020-03-31")}); err != nil {
		t.Fatal(err)
	}
	type key struct {
		day truce.Date
		typ truce.EventType
	}
	for _, f := range []truce.EventFilter{
		{},
		{From: truce.MustDate("2020-02-01"), Review: []truce.ReviewState{truce.ReviewAccepted, truce.ReviewCandidate}},
		{BBox: &truce.BBox{MinLon: 40, MinLat: 35, MaxLon: 40.07, MaxLat: 35.07}},
	} {
		evs, _, err := db.Events(ctx, truce.EventFilter{From: f.From, Review: f.Review, BBox: f.BBox, NoEvidence: true})
		if err != nil {
			t.Fatal(err)
		}
		want, wantFat := map[key]int{}, map[key]int{}
		for _, e := range evs {
			if len(e.Evidence) > 0 {
				t.Fatalf("NoEvidence: event %d has evidence", e.ID)
			}
			k := key{e.Date, e.Type}
			want[k]++
			if e.Fatalities != nil {
				wantFat[k] += e.Fatalities.Low
			}
		}
		got, gotFat := map[key]int{}, map[key]int{}
		err = db.EventCounts(ctx, f, func(day truce.Date, typ truce.EventType, n, fatalities int) error {
			got[key{day, typ}] += n
			if fatalities != 0 {
				gotFat[key{day, typ}] += fatalities
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range wantFat {
			if v == 0 {
				delete(wantFat, k)
			}
		}
		if len(want) == 0 || !maps.Equal(got, want) || !maps.Equal(gotFat, wantFat) {
			t.Errorf("%+v: counts %v, fatalities %v; want %v, %v", f, got, gotFat, want, wantFat)
		}
	}
}
