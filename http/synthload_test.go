package http

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"
)

// TestSynthLoad runs 100 concurrent clients against a loopback server on
// the 1,000,000-event synthetic record, one endpoint at a time (control
// snapshot, control history, events in a bounding box), each bounded to
// 1,000 requests or 20 seconds, and logs p50/p99. It skips unless the
// record is built (see synthStore) and in -short mode. It fails on error
// responses only: the machine is shared, so latencies are reported, not
// asserted.
func TestSynthLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	st, cfg := synthStore(t)
	srv := httptest.NewServer(NewServer(st).Handler())
	defer srv.Close()
	var bbox []string
	for i := range 20 {
		box := cfg.CellBox(i * cfg.Territories / 20)
		bbox = append(bbox, fmt.Sprintf("/api/events?bbox=%g,%g,%g,%g&limit=100", box.MinLon, box.MinLat, box.MaxLon+0.2, box.MaxLat+0.2))
	}
	// A map user moving the time slider asks for a few days over and over.
	var snap []string
	for i := range 5 {
		snap = append(snap, fmt.Sprintf("/api/control?at=2020-%02d-01", 1+i*2))
	}
	hist := []string{"/api/control/history", "/api/control/history?geometry=false"}
	for _, c := range []struct {
		name    string
		targets []string
	}{
		{"control snapshot", snap},
		{"control history", hist},
		{"events in bbox", bbox},
	} {
		r := load(srv.URL, c.targets, 100, 1000, 20*time.Second)
		t.Logf("synth-1M %s, 100 clients: %d requests in %s (%.0f req/s), p50 %s, p99 %s, max %s, %d errors",
			c.name, r.Requests, r.Elapsed.Round(time.Millisecond), float64(r.Requests)/r.Elapsed.Seconds(),
			r.P50.Round(time.Millisecond), r.P99.Round(time.Millisecond), r.Max.Round(time.Millisecond), r.Errors)
		if r.Errors > 0 {
			t.Errorf("%s: %d requests failed", c.name, r.Errors)
		}
	}
}
