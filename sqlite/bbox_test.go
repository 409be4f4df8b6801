package sqlite_test

import (
	"cmp"
	"context"
	"math"
	"slices"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
)

// TestEventsBBoxOrder checks events in a box (read through the R*Tree,
// whose page in date order relies on the order of a sorted subquery)
// against the same filter applied in Go to every event: the page, its
// order and the total, for each order, page and period, with points on the
// box's edges and a hair outside them (closer than the R*Tree's 32-bit
// precision).
func TestEventsBBoxOrder(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	defer db.Close()
	cfg := synth.Config{Territories: 16, Events: 3000, Seed: 7,
		From: truce.MustDate("2020-01-01"), To: truce.MustDate("2020-02-29"), Batch: 500}
	if err := synth.Build(ctx, db, cfg); err != nil {
		t.Fatal(err)
	}
	box := truce.BBox{MinLon: cfg.CellBox(5).MinLon + 0.01, MinLat: cfg.CellBox(5).MinLat + 0.01,
		MaxLon: cfg.CellBox(10).MaxLon - 0.013, MaxLat: cfg.CellBox(10).MaxLat - 0.007}
	// Points on each edge (inside) and just beyond it (outside), on the
	// same day so that their order falls to their ids.
	var edge []*truce.Event
	midLon, midLat := (box.MinLon+box.MaxLon)/2, (box.MinLat+box.MaxLat)/2
	for _, p := range [][2]float64{
		{box.MinLon, midLat}, {box.MaxLon, midLat}, {midLon, box.MinLat}, {midLon, box.MaxLat},
		{math.Nextafter(box.MinLon, -180), midLat}, {math.Nextafter(box.MaxLon, 180), midLat},
		{midLon, math.Nextafter(box.MinLat, -90)}, {midLon, math.Nextafter(box.MaxLat, 90)},
		{box.MinLon - 1e-7, box.MinLat}, {box.MaxLon, box.MaxLat + 1e-7},
	} {
		edge = append(edge, &truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-01-15"),
			Location: truce.Location{Name: "edge", Lon: p[0], Lat: p[1]}, Actor1: synth.Actors[0],
			Status: truce.StatusOccurred, Review: truce.ReviewCandidate})
	}
	if err := db.CreateEvents(ctx, edge); err != nil {
		t.Fatal(err)
	}
	all, _, err := db.Events(ctx, truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	from, to := truce.MustDate("2020-01-10"), truce.MustDate("2020-01-20")
	tests := []struct {
		name string
		f    truce.EventFilter
		keep func(*truce.Event) bool
	}{
		{"box", truce.EventFilter{}, nil},
		{"box, period", truce.EventFilter{From: from, To: to}, func(e *truce.Event) bool { return e.Date >= from && e.Date <= to }},
		{"box, from", truce.EventFilter{From: to}, func(e *truce.Event) bool { return e.Date >= to }},
		{"box, candidates", truce.EventFilter{Review: []truce.ReviewState{truce.ReviewCandidate}},
			func(e *truce.Event) bool { return e.Review == truce.ReviewCandidate }},
		{"box, period, two states", truce.EventFilter{From: from, To: to, Review: []truce.ReviewState{truce.ReviewCandidate, truce.ReviewAccepted}},
			func(e *truce.Event) bool {
				return e.Date >= from && e.Date <= to && e.Review != truce.ReviewRejected
			}},
	}
	orders := map[string]func(a, b *truce.Event) int{
		"date":  func(a, b *truce.Event) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID)) },
		"-date": func(a, b *truce.Event) int { return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(b.ID, a.ID)) },
		"-confidence": func(a, b *truce.Event) int {
			return cmp.Or(cmp.Compare(b.Confidence, a.Confidence), cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID))
		},
	}
	for _, tt := range tests {
		var want []*truce.Event
		for _, e := range all {
			l := e.Location
			if l.Lon >= box.MinLon && l.Lon <= box.MaxLon && l.Lat >= box.MinLat && l.Lat <= box.MaxLat && (tt.keep == nil || tt.keep(e)) {
				want = append(want, e)
			}
		}
		if len(want) < 50 {
			t.Fatalf("%s: only %d events in the box: the test needs more", tt.name, len(want))
		}
		for order, less := range orders {
			slices.SortFunc(want, less)
			for _, page := range [][2]int{{0, 0}, {10, 0}, {25, 30}, {1000, 0}, {10, len(want) - 5}, {10, len(want) + 5}} {
				f := tt.f
				f.BBox, f.Order, f.Limit, f.Offset = &box, order, page[0], page[1]
				got, total, err := db.Events(ctx, f)
				if err != nil {
					t.Fatalf("%s, %s, page %v: %v", tt.name, order, page, err)
				}
				end := len(want)
				if page[0] > 0 {
					end = min(end, page[1]+page[0])
				}
				var wantIDs []int64
				for _, e := range want[min(page[1], len(want)):end] {
					wantIDs = append(wantIDs, e.ID)
				}
				var gotIDs []int64
				for _, e := range got {
					gotIDs = append(gotIDs, e.ID)
				}
				if !slices.Equal(gotIDs, wantIDs) {
					t.Errorf("%s, %s, page %v: ids\n%v\nwant\n%v", tt.name, order, page, gotIDs, wantIDs)
				}
				if total != len(want) {
					t.Errorf("%s, %s, page %v: total %d, want %d", tt.name, order, page, total, len(want))
				}
			}
		}
	}
}

// TestEventsNoEvidence checks that EventFilter.NoEvidence returns the same
// events without their evidence.
func TestEventsNoEvidence(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	defer db.Close()
	if err := synth.Build(ctx, db, synth.Config{Territories: 4, Events: 50, Seed: 3, Batch: 50}); err != nil {
		t.Fatal(err)
	}
	for _, light := range []bool{false, true} {
		evs, total, err := db.Events(ctx, truce.EventFilter{Limit: 20, NoEvidence: light})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 20 || total != 50 {
			t.Fatalf("NoEvidence %v: %d events of %d, want 20 of 50", light, len(evs), total)
		}
		for _, e := range evs {
			if got := len(e.Evidence) > 0; got == light {
				t.Errorf("NoEvidence %v: event %d has %d pieces of evidence", light, e.ID, len(e.Evidence))
			}
		}
	}
}

// TestEventRtreeFollowsUpdates checks that a box and period find an event
// at its new day after UpdateEvent, and still after an edit of its notes
// alone (which leaves the R*Tree's entry as it is).
func TestEventRtreeFollowsUpdates(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	defer db.Close()
	if err := synth.Build(ctx, db, synth.Config{Territories: 4, Events: 40, Seed: 9, Batch: 40}); err != nil {
		t.Fatal(err)
	}
	e, err := db.Event(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	l := e.Location
	box := truce.BBox{MinLon: l.Lon, MinLat: l.Lat, MaxLon: l.Lon, MaxLat: l.Lat}
	found := func(day truce.Date) bool {
		t.Helper()
		evs, _, err := db.Events(ctx, truce.EventFilter{BBox: &box, From: day, To: day})
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(evs, func(x *truce.Event) bool { return x.ID == e.ID })
	}
	old := e.Date
	if !found(old) {
		t.Fatalf("event %d not found at its place and day %s", e.ID, old)
	}
	e.Date = old.AddDays(400)
	if err := db.UpdateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	if found(old) || !found(e.Date) {
		t.Errorf("after moving event %d from %s to %s: found on the old day %v, on the new %v", e.ID, old, e.Date, found(old), found(e.Date))
	}
	e.Notes = "notes edited"
	if err := db.UpdateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	if !found(e.Date) {
		t.Errorf("event %d lost from its box after an edit of its notes", e.ID)
	}
}
