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
