package ingest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
)

// TestRefreshSeesOtherWriters: two ingesters on one record, as two truce
// workers are. Without Refresh the second keeps the merge window it read
// before the first stored its report, and stores the same happening as an
// event of its own; after Refresh it merges the report into the stored
// event.
func TestRefreshSeesOtherWriters(t *testing.T) {
	x := extractor(t)
	pub := time.Date(2020, 11, 25, 12, 0, 0, 0, time.UTC)
	warm := ingest.Report{Name: "warm", Published: pub, Data: []byte("LACHIN, Nov 25 (Truce Wire) - Several hundred residents of Lachin protested peacefully on Wednesday against the ceasefire terms.")}
	first := ingest.Report{Name: "first", Published: pub, Data: []byte("KALBAJAR, Nov 25 (Truce Wire) - Azerbaijani troops entered the Kalbajar district on Wednesday after Armenian forces withdrew, the defence ministry in Baku said.")}
	second := ingest.Report{Name: "second", Published: pub, Data: []byte("Azerbaijani soldiers entered Kalbajar on Wednesday when the last Armenian units withdrew from the district, according to officials in Baku.")}
	for _, tc := range []struct {
		refresh bool
		want    int // events
	}{{false, 3}, {true, 2}} {
		t.Run(fmt.Sprintf("refresh=%v", tc.refresh), func(t *testing.T) {
			ctx := context.Background()
			s := newRecord(t)
			a, err := ingest.New(s, x, ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			b, err := ingest.New(s, x, ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			// b reads the window around that day with a report of its own.
			if _, err := b.Ingest(ctx, warm); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Ingest(ctx, first); err != nil {
				t.Fatal(err)
			}
			if tc.refresh {
				b.Refresh()
			}
			sum, err := b.Ingest(ctx, second)
			if err != nil {
				t.Fatal(err)
			}
			evs, n, err := s.Events(ctx, truce.EventFilter{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.want {
				for _, e := range evs {
					t.Logf("event %d %s %s %s, %d evidence", e.ID, e.Date, e.SubType, e.Location.Name, len(e.Evidence))
				}
				t.Errorf("%d events (second report: %+v), want %d", n, sum, tc.want)
			}
		})
	}
}

// racingStore changes an event as another writer would, just before the
// ingester's first automatic acceptance of it.
type racingStore struct {
	truce.Store
	other func(ctx context.Context, s truce.Store, id int64) error
	done  bool
}

func (r *racingStore) ReviewEvent(ctx context.Context, id int64, state truce.ReviewState, note string, version int) (*truce.Event, error) {
	if !r.done {
		r.done = true
		if err := r.other(ctx, r.Store, id); err != nil {
			return nil, err
		}
	}
	return r.Store.ReviewEvent(ctx, id, state, note, version)
}

// TestAcceptAfterConcurrentChange: an event changed by another writer
// between its creation and its automatic acceptance is accepted at its new
// version while still a candidate, and left alone once someone reviewed it.
func TestAcceptAfterConcurrentChange(t *testing.T) {
	x := extractor(t)
	report := ingest.Report{Name: "kalbajar", Published: time.Date(2020, 11, 25, 12, 0, 0, 0, time.UTC),
		Data: []byte("KALBAJAR, Nov 25 (Truce Wire) - Azerbaijani troops entered the Kalbajar district on Wednesday after Armenian forces withdrew, the defence ministry in Baku said.")}
	for _, tc := range []struct {
		name     string
		other    func(ctx context.Context, s truce.Store, id int64) error
		want     truce.ReviewState
		accepted int
	}{
		{"notes edited", func(ctx context.Context, s truce.Store, id int64) error {
			e, err := s.Event(ctx, id)
			if err != nil {
				return err
			}
			e.Notes = "seen by another writer"
			return s.UpdateEvent(ctx, e)
		}, truce.ReviewAccepted, 1},
		{"rejected", func(ctx context.Context, s truce.Store, id int64) error {
			e, err := s.Event(ctx, id)
			if err != nil {
				return err
			}
			_, err = s.ReviewEvent(ctx, id, truce.ReviewRejected, "not a takeover", e.Version)
			return err
		}, truce.ReviewRejected, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := &racingStore{Store: newRecord(t), other: tc.other}
			in, err := ingest.New(s, x, ingest.Options{Accept: ingest.AcceptAuto, MinConfidence: 0.01})
			if err != nil {
				t.Fatal(err)
			}
			sum, err := in.Ingest(ctx, report)
			if err != nil {
				t.Fatalf("ingest: %v", err)
			}
			if !s.done {
				t.Fatal("no event was accepted automatically: the test report must give one")
			}
			evs, _, err := s.Events(ctx, truce.EventFilter{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 1 || evs[0].Review != tc.want || sum.EventsAccepted != tc.accepted {
				t.Errorf("%d events, first %v; %d accepted: want one, %s, %d accepted", len(evs), evs[0].Review, sum.EventsAccepted, tc.want, tc.accepted)
			}
		})
	}
}

// TestAcceptMergedAfterConcurrentChange: a stored candidate that a new
// report's evidence merges into, changed by another writer since the
// ingester read it, is accepted at its new version.
func TestAcceptMergedAfterConcurrentChange(t *testing.T) {
	ctx := context.Background()
	x := extractor(t)
	pub := time.Date(2020, 11, 25, 12, 0, 0, 0, time.UTC)
	first := ingest.Report{Name: "first", Published: pub, Data: []byte("KALBAJAR, Nov 25 (Truce Wire) - Azerbaijani troops entered the Kalbajar district on Wednesday after Armenian forces withdrew, the defence ministry in Baku said.")}
	second := ingest.Report{Name: "second", Published: pub, Data: []byte("Azerbaijani soldiers entered Kalbajar on Wednesday when the last Armenian units withdrew from the district, according to officials in Baku.")}
	s := &racingStore{Store: newRecord(t), other: func(ctx context.Context, s truce.Store, id int64) error {
		e, err := s.Event(ctx, id)
		if err != nil {
			return err
		}
		e.Notes = "seen by another writer"
		return s.UpdateEvent(ctx, e)
	}}
	review, err := ingest.New(s, x, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := review.Ingest(ctx, first); err != nil {
		t.Fatal(err)
	}
	auto, err := ingest.New(s, x, ingest.Options{Accept: ingest.AcceptAuto, MinConfidence: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := auto.Ingest(ctx, second)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	evs, n, err := s.Events(ctx, truce.EventFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || sum.EventsMerged != 1 || !s.done || evs[0].Review != truce.ReviewAccepted || evs[0].Notes != "seen by another writer" {
		t.Errorf("%d events (summary %+v, raced %v), first %+v: want the one event, merged, accepted at the other writer's version", n, sum, s.done, evs[0])
	}
}
