package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/sqlite"
)

// lachinReport is a short report, written for this test, of the handover
// of the Lachin district to Azerbaijan on 1 December 2020.
const lachinReport = `Azerbaijani army units entered the Lachin district on Tuesday, the last of the three districts Armenia agreed to hand back under the ceasefire of November 10, Azerbaijan's defence ministry said.

Armenian troops withdrew from the district before the deadline, and Russian peacekeepers kept control of the road through the Lachin corridor linking Armenia with Stepanakert, the ministry said.

Azerbaijan took control of the Lachin district on December 1, completing the handovers after Aghdam on November 20 and Kalbajar on November 25.`

// testExtractor loads the extractor over the built gazetteer index, or
// skips the test when the index is missing.
func testExtractor(tb testing.TB) func() (*extract.Extractor, error) {
	tb.Helper()
	x, err := DefaultExtractor()
	if errors.Is(err, gazetteer.ErrNotFound) {
		tb.Skip("no gazetteer index at bin/truce-data: run make build")
	}
	if err != nil {
		tb.Fatal(err)
	}
	return func() (*extract.Extractor, error) { return x, nil }
}

func emptyStore(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "truce.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func post(h http.Handler, path, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func countSources(t *testing.T, st truce.Store) int {
	t.Helper()
	ss, err := st.Sources(context.Background(), truce.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ss)
}

func TestIngestReportThenReview(t *testing.T) {
	db := emptyStore(t)
	h := NewServer(db, WithIngest(testExtractor(t))).Handler()
	body, _ := json.Marshal(IngestRequest{Text: lachinReport, Published: "2020-12-01", Title: "Azerbaijan takes back Lachin"})

	rec := post(h, "/api/ingest", string(body))
	if rec.Code != http.StatusCreated {
		t.Fatalf("first post: %d %s", rec.Code, rec.Body)
	}
	var first IngestResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &first); err != nil {
		t.Fatal(err)
	}
	if first.Summary.Read != 1 || first.Summary.EventsCreated == 0 || first.Duplicate || first.SourceID == 0 {
		t.Fatalf("first post: want a new source with events, got %+v", first)
	}
	t.Logf("first post: %s", rec.Body)
	if first.Summary.EventsAccepted != 0 {
		t.Errorf("accept review: %d events accepted automatically", first.Summary.EventsAccepted)
	}
	if len(first.Events) != first.Summary.EventsCreated+first.Summary.EventsMerged {
		t.Errorf("events %v, want %d created + %d merged", first.Events, first.Summary.EventsCreated, first.Summary.EventsMerged)
	}
	src, err := db.Source(context.Background(), first.SourceID)
	if err != nil || src.Title != "Azerbaijan takes back Lachin" {
		t.Errorf("source %d: title %q, err %v", first.SourceID, src.Title, err)
	}

	// The candidates are in the review queue.
	req := httptest.NewRequest("GET", "/api/review?limit=1000", nil)
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	var page EventPage
	if err := json.Unmarshal(rr.Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	var queued []int64
	for _, e := range page.Events {
		queued = append(queued, e.ID)
	}
	for _, id := range first.Events {
		if !slices.Contains(queued, id) {
			t.Errorf("event %d not in GET /api/review (%v)", id, queued)
		}
	}
	lachin := false
	for _, e := range page.Events {
		if e.Control != nil && strings.Contains(e.Control.Territory+e.Location.Name, "Lachin") {
			lachin = true
		}
	}
	if !lachin {
		t.Errorf("no candidate change of control of Lachin among %d events", len(page.Events))
	}

	// The same text again stores nothing.
	_, before, _ := db.Events(context.Background(), truce.EventFilter{})
	rec = post(h, "/api/ingest", string(body))
	if rec.Code != http.StatusOK {
		t.Fatalf("second post: %d %s", rec.Code, rec.Body)
	}
	var second IngestResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &second); err != nil {
		t.Fatal(err)
	}
	_, after, _ := db.Events(context.Background(), truce.EventFilter{})
	if !second.Duplicate || second.Summary.EventsCreated != 0 || len(second.Events) != 0 || after != before || second.SourceID != first.SourceID {
		t.Errorf("second post: %+v; events %d → %d", second, before, after)
	}
	if n := countSources(t, db); n != 1 {
		t.Errorf("%d sources after posting one report twice", n)
	}
}

func TestIngestBadInput(t *testing.T) {
	db := emptyStore(t)
	h := NewServer(db, WithIngest(testExtractor(t))).Handler()
	big := strings.Repeat("Shelling was reported near the town. ", MaxReportBytes/30)
	huge := strings.Repeat("x", MaxBodyBytes+10)
	tests := []struct {
		name, body, want string
		code             int
	}{
		{"no body", ``, "empty request body", 400},
		{"not JSON", `text=hello`, "bad JSON", 400},
		{"unknown field", `{"txt":"hello"}`, "unknown field", 400},
		{"empty", `{"text":""}`, "empty report", 400},
		{"spaces", `{"text":"  \n\t "}`, "only spaces", 400},
		{"binary", `{"text":"\u0000\u0001\u0002\u0003PK\u0003\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"}`, "binary", 400},
		{"too large", fmt.Sprintf(`{"text":%q}`, big), "more than the", 400},
		{"over the body limit", fmt.Sprintf(`{"text":%q}`, huge), "larger than", 413},
		{"bad date", `{"text":"Troops entered Lachin.","published":"1 December 2020"}`, "YYYY-MM-DD", 400},
		{"bad accept", `{"text":"Troops entered Lachin.","accept":"always"}`, "want review or auto", 400},
		{"bad url", `{"text":"Troops entered Lachin.","url":"ftp://example.org/a"}`, "url", 400},
		{"loopback url", `{"url":"http://127.0.0.1:1/report"}`, "not a public address", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := post(h, "/api/ingest", tt.body)
			if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("%d %s, want %d with %q", rec.Code, rec.Body, tt.code, tt.want)
			}
			if n := countSources(t, db); n != 0 {
				t.Errorf("%d sources stored after bad input", n)
			}
		})
	}
}

func TestIngestUnavailable(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"not configured", nil, "does not ingest"},
		{"no gazetteer", []Option{WithIngest(func() (*extract.Extractor, error) { return nil, gazetteer.ErrNotFound })},
			"gazetteer index not found: run make build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewServer(emptyStore(t), tt.opts...).Handler()
			rec := post(h, "/api/ingest", `{"text":"Troops entered Lachin on Tuesday."}`)
			if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("%d %s, want 503 with %q", rec.Code, rec.Body, tt.want)
			}
		})
	}
}

func TestIngestRoles(t *testing.T) {
	ctx := context.Background()
	db := emptyStore(t)
	tokens := map[truce.Role]string{}
	for _, role := range []truce.Role{truce.RoleViewer, truce.RoleAnalyst} {
		name := string(role) + "1"
		if err := db.CreateUser(ctx, &truce.User{Name: name, Role: role}); err != nil {
			t.Fatal(err)
		}
		secret, hash, _ := auth.NewToken()
		if err := db.CreateToken(ctx, &truce.Token{User: name, Role: role, Hash: hash}); err != nil {
			t.Fatal(err)
		}
		tokens[role] = secret
	}
	var loads atomic.Int32
	load := func() (*extract.Extractor, error) { loads.Add(1); return extract.New(nil) }
	h := NewServer(db, WithAuth(&auth.Authenticator{Store: db}), WithIngest(load)).Handler()
	body := `{"text":"Azerbaijani troops entered the Lachin district on Tuesday, the defence ministry said.","published":"2020-12-01"}`
	tests := []struct {
		name, token string
		want        int
	}{
		{"anonymous", "", http.StatusUnauthorized},
		{"viewer", tokens[truce.RoleViewer], http.StatusForbidden},
		{"analyst", tokens[truce.RoleAnalyst], http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.token != "" {
				hdr = []string{"Authorization", "Bearer " + tt.token}
			}
			rec := post(h, "/api/ingest", body, hdr...)
			if rec.Code != tt.want {
				t.Errorf("%d %s, want %d", rec.Code, rec.Body, tt.want)
			}
		})
	}
	if n := loads.Load(); n != 1 {
		t.Errorf("extractor loaded %d times, want once, by the analyst's request", n)
	}
}

// countingViews counts the control snapshots computed.
type countingViews struct {
	views
	n atomic.Int32
}

func (v *countingViews) ControlAt(ctx context.Context, s truce.Store, at truce.Date, t []string) (any, error) {
	v.n.Add(1)
	return v.views.ControlAt(ctx, s, at, t)
}

func TestControlCache(t *testing.T) {
	st := demoStore(t)
	srv := NewServer(st)
	cv := &countingViews{views: srv.views}
	srv.views = cv
	h := srv.Handler()
	get := func(target string) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	a := get("/api/control?at=2020-11-26")
	b := get("/api/control?at=2020-11-26")
	if a != b || cv.n.Load() != 1 {
		t.Errorf("the same snapshot twice computed %d times (want 1), same body %v", cv.n.Load(), a == b)
	}
	get("/api/control?at=2020-11-27")
	if cv.n.Load() != 2 {
		t.Errorf("another day: %d computations, want 2", cv.n.Load())
	}
	// A write through the server drops the cache.
	es, _, err := st.Events(context.Background(), truce.EventFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("no event in the demo record: %v", err)
	}
	rec := post(h, fmt.Sprintf("/api/events/%d/review", es[0].ID), `{"state":"rejected","note":"test"}`)
	if rec.Code != 200 {
		t.Fatalf("review: %d %s", rec.Code, rec.Body)
	}
	get("/api/control?at=2020-11-26")
	if cv.n.Load() != 3 {
		t.Errorf("after a write: %d computations, want 3", cv.n.Load())
	}
}

func BenchmarkIngestPost(b *testing.B) {
	h := NewServer(emptyStore(b), WithIngest(testExtractor(b))).Handler()
	i := 0
	for b.Loop() {
		i++ // a new text each time, so that each post is ingested
		body, _ := json.Marshal(IngestRequest{Text: fmt.Sprintf("%s\n\nReport %d.", lachinReport, i), Published: "2020-12-01"})
		if rec := post(h, "/api/ingest", string(body)); rec.Code != http.StatusCreated {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
