package http

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

var _ EventCounter = (*sqlite.DB)(nil)

// eventsOnly hides a store's EventCounts, so that the histogram reads
// every event.
type eventsOnly struct{ truce.Store }

// TestHistogramCounted checks that the histogram counted by the store
// (EventCounts) equals the one built from every matching event.
func TestHistogramCounted(t *testing.T) {
	st := demoStore(t)
	counted, read := NewServer(st).Handler(), NewServer(eventsOnly{st}).Handler()
	for _, target := range []string{
		"/api/histogram",
		"/api/histogram?from=2020-09-27&to=2020-11-10",
		"/api/histogram?type=Battles",
		"/api/histogram?bbox=46,39.5,47.5,40.5",
		"/api/histogram?review=accepted,candidate,rejected&from=2020-10-01",
		"/api/histogram?bbox=10,10,11,11",
	} {
		var hs [2]Histogram
		for i, h := range []http.Handler{counted, read} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
			if rec.Code != 200 {
				t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body.String())
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &hs[i]); err != nil {
				t.Fatalf("GET %s: %v", target, err)
			}
		}
		if !reflect.DeepEqual(hs[0], hs[1]) {
			t.Errorf("GET %s: counted by the store\n%+v\nfrom the events\n%+v", target, hs[0], hs[1])
		}
		if target == "/api/histogram" && (hs[0].Total == 0 || hs[0].Max == 0 || len(hs[0].Fatalities) == 0) {
			t.Errorf("GET %s: empty histogram %+v: the test compares nothing", target, hs[0])
		}
	}
}
