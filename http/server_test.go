package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

// Reports written for these tests (documented events, our own words).
const (
	reportAghdam = "AGHDAM, Azerbaijan — Azerbaijani troops entered the Aghdam district on Friday, " +
		"20 November 2020, the first of three districts Armenia agreed to return under the Moscow-brokered truce. " +
		"The Defence Ministry in Baku said units had taken up positions in the district without incident."
	reportGanja = "GANJA, Azerbaijan — A missile hit a residential block in Ganja before dawn on 11 October 2020, " +
		"killing at least ten people, Azerbaijani officials said. Armenia denied firing at the city."
	reportYerevan = "YEREVAN — Protesters forced their way into government headquarters overnight after the " +
		"ceasefire was announced. <script>alert('x')</script> One banner read: no surrender."
)

// square returns a GeoJSON polygon of a box around lon, lat.
func square(lon, lat, r float64) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		lon-r, lat-r, lon+r, lat-r, lon+r, lat+r, lon-r, lat+r, lon-r, lat-r))
}

var (
	azeForces = truce.Actor{Name: "Military Forces of Azerbaijan", Country: "AZE", Kind: truce.KindStateForces}
	nkForces  = truce.Actor{Name: "Military Forces of Nagorno-Karabakh", Country: "AZE", Kind: truce.KindRebelGroup}
)

// evidence returns the evidence quoting sentence from text.
func evidence(t testing.TB, src *truce.Source, sentence string) truce.Evidence {
	i := strings.Index(src.Text, sentence)
	if i < 0 {
		t.Fatalf("sentence %q not in source", sentence)
	}
	return truce.Evidence{SourceID: src.ID, Text: sentence, Start: i, End: i + len(sentence)}
}

// fixture returns a small record after the 2020 Nagorno-Karabakh case:
// Aghdam and Kalbajar held by Nagorno-Karabakh forces since 1993, Aghdam
// handed over on 20 Nov 2020 (an accepted transfer), a missile strike on
// Ganja, and a candidate protest whose report carries a script tag.
func fixture(t testing.TB) *memStore {
	t.Helper()
	ctx := truce.WithUser(context.Background(), "fixture")
	m := newMemStore()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(m.PutActor(ctx, &truce.Actor{Name: "Azerbaijan", Country: "AZE", Kind: truce.KindGovernment}))
	must(m.PutActor(ctx, &truce.Actor{Name: "Armenia", Country: "ARM", Kind: truce.KindGovernment}))
	must(m.PutTerritory(ctx, &truce.Territory{Name: "Aghdam", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Ağdam", "Agdam"}, Geometry: square(46.9, 40.0, 0.15)}))
	must(m.PutTerritory(ctx, &truce.Territory{Name: "Kalbajar", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Kəlbəcər"}, Geometry: square(46.1, 40.1, 0.25)}))
	must(m.PutTerritory(ctx, &truce.Territory{Name: "Azerbaijan", Kind: truce.TerritoryCountry, Country: "AZE", Geometry: square(47.5, 40.3, 1.5)}))
	for _, name := range []string{"Aghdam", "Kalbajar"} {
		day := truce.MustDate("1993-07-23")
		if name == "Kalbajar" {
			day = truce.MustDate("1993-04-02")
		}
		must(m.AddControlEntry(ctx, &truce.ControlEntry{Territory: name, At: day, Controller: nkForces, Status: truce.Assessed, Note: "captured in the 1993 war"}))
	}
	srcs := make([]*truce.Source, 3)
	for i, text := range []string{reportAghdam, reportGanja, reportYerevan} {
		srcs[i] = &truce.Source{URL: fmt.Sprintf("https://news.example/%d", i), Outlet: "Example News", Text: text, ContentHash: fmt.Sprint(i)}
		if _, err := m.PutSource(ctx, srcs[i]); err != nil {
			t.Fatal(err)
		}
	}
	events := []*truce.Event{
		{
			SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-11-20"),
			Location: truce.Location{Name: "Aghdam", Lat: 39.99, Lon: 46.93, Country: "AZE", Precision: truce.GeoRegional},
			Actor1:   azeForces, Review: truce.ReviewAccepted, Confidence: 0.95,
			Control:  &truce.ControlChange{Territory: "Aghdam", To: azeForces, From: &nkForces},
			Evidence: []truce.Evidence{evidence(t, srcs[0], "Azerbaijani troops entered the Aghdam district on Friday, 20 November 2020, the first of three districts Armenia agreed to return under the Moscow-brokered truce.")},
		},
		{
			SubType: truce.ShellingArtilleryMissile, Date: truce.MustDate("2020-10-11"),
			Location:   truce.Location{Name: "Ganja", Lat: 40.68, Lon: 46.36, Country: "AZE", Precision: truce.GeoExact},
			Actor1:     truce.Actor{Name: "Military Forces of Armenia", Country: "ARM", Kind: truce.KindStateForces},
			Actor2:     &truce.Actor{Name: "Civilians (Azerbaijan)", Country: "AZE", Kind: truce.KindCivilians},
			Fatalities: &truce.Range{Low: 10, High: 10}, Review: truce.ReviewAccepted, Confidence: 0.9,
			Evidence: []truce.Evidence{evidence(t, srcs[1], "A missile hit a residential block in Ganja before dawn on 11 October 2020, killing at least ten people, Azerbaijani officials said.")},
		},
		{
			SubType: truce.ViolentDemonstration, Date: truce.MustDate("2020-11-10"),
			Location: truce.Location{Name: "Yerevan", Lat: 40.18, Lon: 44.51, Country: "ARM", Precision: truce.GeoExact},
			Actor1:   truce.Actor{Name: "Rioters (Armenia)", Country: "ARM", Kind: truce.KindRioters},
			Review:   truce.ReviewCandidate, Confidence: 0.7,
			Evidence: []truce.Evidence{evidence(t, srcs[2], "<script>alert('x')</script> One banner read: no surrender.")},
		},
		{
			SubType: truce.PeacefulProtest, Date: truce.MustDate("2020-11-11"),
			Location: truce.Location{Name: "Yerevan", Lat: 40.18, Lon: 44.51, Country: "ARM", Precision: truce.GeoExact},
			Actor1:   truce.Actor{Name: "Protesters (Armenia)", Country: "ARM", Kind: truce.KindProtesters},
			Review:   truce.ReviewCandidate, Confidence: 0.4,
			Evidence: []truce.Evidence{evidence(t, srcs[2], "Protesters forced their way into government headquarters overnight after the ceasefire was announced.")},
		},
	}
	must(m.CreateEvents(ctx, events))
	must(m.PutAgreement(ctx, &truce.Agreement{
		ID: "trilateral-2020-11-10", Title: "Trilateral statement on Nagorno-Karabakh", Signed: truce.MustDate("2020-11-09"),
		Parties: []string{"Armenia", "Azerbaijan", "Russia"},
		Obligations: []truce.Obligation{
			{ID: "aghdam", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Aghdam", To: "Azerbaijan", Due: truce.MustDate("2020-11-20")},
			{ID: "kalbajar", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Kalbajar", To: "Azerbaijan", Due: truce.MustDate("2020-11-15")},
		},
	}))
	return m
}

// call sends a request to h and decodes the JSON response into out (when
// not nil), returning the status.
func call(t testing.TB, h http.Handler, method, target, body string, out any) int {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set(UserHeader, "analyst")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: bad JSON %q: %v", method, target, rec.Body.String(), err)
		}
	}
	return rec.Code
}

func TestErrors(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	tests := []struct {
		method, target, body string
		status               int
		code, message        string
	}{
		{"GET", "/api/events/999", "", 404, "not_found", "no event 999"},
		{"GET", "/api/events/abc", "", 400, "invalid", `bad id "abc"`},
		{"GET", "/api/events?from=2020-02-31", "", 400, "invalid", `from: bad date "2020-02-31"`},
		{"GET", "/api/events?from=2020-12-01&to=2020-11-01", "", 400, "invalid", "is before"},
		{"GET", "/api/events?bbox=1,2,3", "", 400, "invalid", "want minLon,minLat,maxLon,maxLat"},
		{"GET", "/api/events?bbox=10,10,5,5", "", 400, "invalid", "minimum above its maximum"},
		{"GET", "/api/events?bbox=-200,0,0,10", "", 400, "invalid", "off the globe"},
		{"GET", "/api/events.geojson?bbox=NaN,0,1,1", "", 400, "invalid", "bad number"},
		{"GET", "/api/events?type=Battle", "", 400, "invalid", `unknown event type "Battle"`},
		{"GET", "/api/events?subtype=Shelling", "", 400, "invalid", "unknown sub-event type"},
		{"GET", "/api/events?review=maybe", "", 400, "invalid", "unknown review state"},
		{"GET", "/api/events?limit=0", "", 400, "invalid", "limit"},
		{"GET", "/api/events?limit=5000", "", 400, "invalid", "limit"},
		{"GET", "/api/control", "", 400, "invalid", "at is required"},
		{"GET", "/api/control?at=yesterday", "", 400, "invalid", "bad date"},
		{"GET", "/api/control?at=2020-11-22&territory=Atlantis", "", 404, "not_found", "Atlantis"},
		{"GET", "/api/diff?from=2020-11-30", "", 400, "invalid", "to is required"},
		{"GET", "/api/territories?kind=planet", "", 400, "invalid", "unknown territory kind"},
		{"GET", "/api/obligations?agreement=nope&at=2020-11-30", "", 404, "not_found", "nope"},
		{"GET", "/api/nothing", "", 404, "not_found", "no API endpoint"},
		{"POST", "/api/events/1/review", `{"state":"maybe"}`, 400, "invalid", "unknown review state"},
		{"POST", "/api/events/1/review", `{"state":"accepted","bogus":1}`, 400, "invalid", "unknown field"},
		{"POST", "/api/events/1/review", `{"state":`, 400, "invalid", "bad JSON"},
		{"POST", "/api/events/1/review", ``, 400, "invalid", "empty request body"},
		{"POST", "/api/events/1/review", `{"state":"accepted","version":7}`, 409, "conflict", "stale"},
		{"POST", "/api/events/99/review", `{"state":"accepted"}`, 404, "not_found", "no event 99"},
		{"PATCH", "/api/events/1", `{"subtype":"Armed clash"}`, 400, "invalid", "version is required"},
		{"PATCH", "/api/events/1", `{"version":9,"subtype":"Armed clash"}`, 409, "conflict", "changed since you read it"},
		{"PATCH", "/api/events/1", `{"version":1,"subtype":"Skirmish"}`, 400, "invalid", "unknown sub-event type"},
		{"PATCH", "/api/events/1", `{"version":1,"date":"2020-13-01"}`, 400, "invalid", "bad date"},
		{"PATCH", "/api/events/1", `{"version":1,"fatalities":{"low":5,"high":2}}`, 400, "invalid", "bad count range"},
		{"PATCH", "/api/events/1", `{"version":1,"actor2":{"name":""}}`, 400, "invalid", "actor2: name is required"},
		{"DELETE", "/api/events/1", "", 404, "not_found", "no API endpoint DELETE"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			var got errorBody
			status := call(t, h, tt.method, tt.target, tt.body, &got)
			if status != tt.status {
				t.Fatalf("status %d, want %d (body %+v)", status, tt.status, got)
			}
			if got.Error.Code != tt.code || !strings.Contains(got.Error.Message, tt.message) {
				t.Errorf("error %+v, want code %q message containing %q", got.Error, tt.code, tt.message)
			}
		})
	}
}

func TestErrorsLoseNothing(t *testing.T) {
	m := fixture(t)
	h := NewServer(m).Handler()
	before, _ := m.Event(context.Background(), 1)
	for _, body := range []string{
		`{"version":1,"subtype":"Skirmish"}`,
		`{"version":1,"date":"2020-02-31"}`,
		`{"version":9,"subtype":"Armed clash"}`,
		`{"version":1,"location":{"name":"Nowhere","lat":123,"lon":0}}`,
	} {
		if st := call(t, h, "PATCH", "/api/events/1", body, nil); st < 400 {
			t.Fatalf("PATCH %s: status %d, want an error", body, st)
		}
	}
	after, _ := m.Event(context.Background(), 1)
	if b, a := mustJSON(t, before), mustJSON(t, after); b != a {
		t.Errorf("a failed PATCH changed the event:\nbefore %s\nafter  %s", b, a)
	}
}

func mustJSON(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestInternalErrorHidesDetails(t *testing.T) {
	m := fixture(t)
	m.failEvents = errors.New("sqlite: disk I/O error at /secret/path")
	var got errorBody
	if st := call(t, NewServer(m).Handler(), "GET", "/api/events", "", &got); st != 500 {
		t.Fatalf("status %d, want 500", st)
	}
	if got.Error.Code != "internal" || strings.Contains(got.Error.Message, "secret") {
		t.Errorf("internal error leaked: %+v", got.Error)
	}
}

func TestEvents(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	tests := []struct {
		query string
		total int
		ids   []int64
	}{
		{"", 4, []int64{2, 3, 4, 1}},
		{"?from=2020-11-01&to=2020-11-15", 2, []int64{3, 4}},
		{"?type=Explosions/Remote violence", 1, []int64{2}},
		{"?subtype=Non-violent transfer of territory", 1, []int64{1}},
		{"?country=ARM", 2, []int64{3, 4}},
		{"?review=candidate&order=-confidence", 2, []int64{3, 4}},
		{"?actor=Civilians (Azerbaijan)", 1, []int64{2}},
		{"?bbox=46,39.5,47,40.5", 1, []int64{1}},
		{"?q=missile", 1, []int64{2}},
		{"?limit=2&offset=1", 4, []int64{3, 4}},
		{"?order=-date&limit=1", 4, []int64{1}},
		{"?status=planned", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var page EventPage
			target := "/api/events" + strings.ReplaceAll(tt.query, " ", "%20")
			if st := call(t, h, "GET", target, "", &page); st != 200 {
				t.Fatalf("status %d", st)
			}
			if page.Total != tt.total {
				t.Errorf("total %d, want %d", page.Total, tt.total)
			}
			var ids []int64
			for _, e := range page.Events {
				ids = append(ids, e.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.ids) {
				t.Errorf("ids %v, want %v", ids, tt.ids)
			}
		})
	}
}

func TestEventsGeoJSON(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	var fc struct {
		Type     string `json:"type"`
		Total    int    `json:"total"`
		Features []struct {
			ID       int64 `json:"id"`
			Geometry struct {
				Type        string     `json:"type"`
				Coordinates [2]float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties EventProps `json:"properties"`
		} `json:"features"`
	}
	if st := call(t, h, "GET", "/api/events.geojson?review=accepted", "", &fc); st != 200 {
		t.Fatalf("status %d", st)
	}
	if fc.Type != "FeatureCollection" || fc.Total != 2 || len(fc.Features) != 2 {
		t.Fatalf("got %+v", fc)
	}
	ganja := fc.Features[0]
	if ganja.ID != 2 || ganja.Geometry.Coordinates != [2]float64{46.36, 40.68} || ganja.Properties.Fatalities != 10 ||
		ganja.Properties.Day != truce.MustDate("2020-10-11").Time().Unix()/86400 {
		t.Errorf("Ganja feature %+v", ganja)
	}
	if !fc.Features[1].Properties.Transfer {
		t.Errorf("Aghdam handover not marked as a transfer: %+v", fc.Features[1])
	}
}

func TestEventDetail(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	var d EventDetail
	if st := call(t, h, "GET", "/api/events/3", "", &d); st != 200 {
		t.Fatalf("status %d", st)
	}
	if d.Event.ID != 3 || len(d.Event.Evidence) != 1 || len(d.Sources) != 1 || len(d.Audit) != 1 {
		t.Fatalf("detail %+v", d)
	}
	ev, src := d.Event.Evidence[0], d.Sources[0]
	if src.Text[ev.Start:ev.End] != ev.Text {
		t.Errorf("evidence span %d:%d does not quote %q", ev.Start, ev.End, ev.Text)
	}
	if d.Audit[0].Action != "create" || d.Audit[0].User != "fixture" {
		t.Errorf("audit %+v", d.Audit[0])
	}
}

func TestEventDetailEscapesReportText(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/events/3", nil))
	if body := rec.Body.String(); strings.Contains(body, "<script>") {
		t.Errorf("report text sent unescaped in JSON: %s", body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
}

func TestReviewAndPatch(t *testing.T) {
	m := fixture(t)
	h := NewServer(m).Handler()
	var q EventPage
	call(t, h, "GET", "/api/review", "", &q)
	if q.Total != 2 || q.Events[0].ID != 3 {
		t.Fatalf("queue %+v, want events 3 then 4", q)
	}
	var e truce.Event
	if st := call(t, h, "POST", "/api/events/3/review", `{"state":"accepted","note":"two outlets agree","version":1}`, &e); st != 200 {
		t.Fatalf("review: status %d", st)
	}
	if e.Review != truce.ReviewAccepted || e.Version != 2 {
		t.Errorf("reviewed event %+v", e)
	}
	call(t, h, "GET", "/api/review", "", &q)
	if q.Total != 1 || q.Events[0].ID != 4 {
		t.Errorf("queue after accept %+v, want only event 4", q)
	}
	// A second client still holding version 1 loses.
	if st := call(t, h, "POST", "/api/events/3/review", `{"state":"rejected","version":1}`, nil); st != 409 {
		t.Errorf("stale review: status %d, want 409", st)
	}
	var d EventDetail
	patch := `{"version":2,"subtype":"Mob violence","date":"2020-11-11","actor2":{"name":"Police Forces of Armenia","country":"ARM","kind":"state_forces"},"fatalities":null}`
	if st := call(t, h, "PATCH", "/api/events/3", patch, &d); st != 200 {
		t.Fatalf("patch: status %d", st)
	}
	if d.Event.SubType != truce.MobViolence || d.Event.Type != truce.Riots || d.Event.Date != truce.MustDate("2020-11-11") ||
		d.Event.Actor2 == nil || d.Event.Actor2.Name != "Police Forces of Armenia" || d.Event.Version != 3 || len(d.Event.Evidence) != 1 {
		t.Errorf("patched event %+v", d.Event)
	}
	if n := len(d.Audit); n != 3 || d.Audit[2].User != "analyst" {
		t.Errorf("audit trail %+v, want create, review, update by analyst", d.Audit)
	}
	if st := call(t, h, "PATCH", "/api/events/3", patch, nil); st != 409 {
		t.Errorf("replayed patch: status %d, want 409", st)
	}
}

func TestReadOnly(t *testing.T) {
	h := NewServer(fixture(t), ReadOnly()).Handler()
	var got errorBody
	if st := call(t, h, "POST", "/api/events/3/review", `{"state":"accepted"}`, &got); st != 403 || got.Error.Code != "forbidden" {
		t.Errorf("status %d %+v, want 403 forbidden", st, got)
	}
	if st := call(t, h, "PATCH", "/api/events/3", `{"version":1}`, nil); st != 403 {
		t.Errorf("patch on read-only: status %d", st)
	}
}

func TestBodyLimit(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	body := `{"version":1,"notes":"` + strings.Repeat("x", MaxBodyBytes) + `"}`
	var got errorBody
	if st := call(t, h, "PATCH", "/api/events/3", body, &got); st != 413 {
		t.Errorf("status %d %+v, want 413", st, got)
	}
}

func TestTerritories(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	tests := []struct {
		query string
		names []string
	}{
		{"", []string{"Aghdam", "Azerbaijan", "Kalbajar"}},
		{"?kind=admin1", []string{"Aghdam", "Kalbajar"}},
		{"?kind=country", []string{"Azerbaijan"}},
		{"?bbox=46.7,39.8,47.0,40.2&kind=admin1", []string{"Aghdam"}},
		{"?bbox=10,10,11,11", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var fc struct {
				Features []struct {
					Geometry   json.RawMessage `json:"geometry"`
					Properties TerritoryProps  `json:"properties"`
				} `json:"features"`
			}
			if st := call(t, h, "GET", "/api/territories"+tt.query, "", &fc); st != 200 {
				t.Fatalf("status %d", st)
			}
			var names []string
			for _, f := range fc.Features {
				names = append(names, f.Properties.Name)
				if !strings.Contains(string(f.Geometry), "Polygon") {
					t.Errorf("%s has no polygon: %s", f.Properties.Name, f.Geometry)
				}
			}
			if fmt.Sprint(names) != fmt.Sprint(tt.names) {
				t.Errorf("names %v, want %v", names, tt.names)
			}
		})
	}
}

func TestControl(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	tests := []struct {
		at, territory string
		want          map[string]string // territory → controller
	}{
		{"2020-11-19", "", map[string]string{"Aghdam": nkForces.Name, "Kalbajar": nkForces.Name}},
		{"2020-11-20", "", map[string]string{"Aghdam": azeForces.Name, "Kalbajar": nkForces.Name}},
		{"2020-11-26", "Ağdam", map[string]string{"Aghdam": azeForces.Name}},
		{"1993-05-01", "", map[string]string{"Kalbajar": nkForces.Name}},
		{"1990-01-01", "", map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.at+tt.territory, func(t *testing.T) {
			var snap Snapshot
			target := "/api/control?at=" + tt.at
			if tt.territory != "" {
				target += "&territory=" + tt.territory
			}
			if st := call(t, h, "GET", target, "", &snap); st != 200 {
				t.Fatalf("status %d", st)
			}
			got := map[string]string{}
			for _, e := range snap.Territories {
				got[e.Territory] = e.Controller.Name
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("control %v, want %v", got, tt.want)
			}
		})
	}
}

func TestControlGeoJSON(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	for _, tt := range []struct{ at, aghdam string }{{"2020-11-19", "AZE"}, {"2020-11-20", "AZE"}} {
		var fc struct {
			Features []struct {
				Geometry   json.RawMessage `json:"geometry"`
				Properties ControlProps    `json:"properties"`
			} `json:"features"`
		}
		if st := call(t, h, "GET", "/api/control.geojson?at="+tt.at, "", &fc); st != 200 {
			t.Fatalf("status %d", st)
		}
		got := map[string]string{}
		for _, f := range fc.Features {
			got[f.Properties.Name] = f.Properties.Controller
			if len(f.Geometry) < 20 {
				t.Errorf("%s: no geometry", f.Properties.Name)
			}
		}
		want := map[string]string{"Aghdam": nkForces.Name, "Kalbajar": nkForces.Name}
		if tt.at == "2020-11-20" {
			want["Aghdam"] = azeForces.Name
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("at %s: %v, want %v", tt.at, got, want)
		}
	}
}

func TestControlHistory(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	var fc struct {
		Features []struct {
			Properties HistoryProps `json:"properties"`
		} `json:"features"`
	}
	if st := call(t, h, "GET", "/api/control/history", "", &fc); st != 200 {
		t.Fatalf("status %d", st)
	}
	got := map[string]string{}
	for _, f := range fc.Features {
		var parts []string
		for _, p := range f.Properties.Periods {
			parts = append(parts, fmt.Sprintf("%s@%s-%s%v", p.Controller.Country+"/"+string(p.Controller.Kind), p.From, p.To, p.Events))
		}
		got[f.Properties.Name] = strings.Join(parts, " ")
	}
	want := map[string]string{
		"Aghdam":   "AZE/rebel_group@1993-07-23-2020-11-20[] AZE/state_forces@2020-11-20-[1]",
		"Kalbajar": "AZE/rebel_group@1993-04-02-[]",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("history\n got %v\nwant %v", got, want)
	}
}

func TestDiff(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	var d struct {
		Changes []timeline.Change `json:"changes"`
	}
	if st := call(t, h, "GET", "/api/diff?from=2020-11-19&to=2020-11-26", "", &d); st != 200 {
		t.Fatalf("status %d", st)
	}
	if len(d.Changes) != 1 || d.Changes[0].Territory != "Aghdam" || d.Changes[0].To.Name != azeForces.Name ||
		d.Changes[0].From == nil || d.Changes[0].From.Name != nkForces.Name || len(d.Changes[0].Evidence) != 1 ||
		d.Changes[0].Evidence[0].EventID != 1 || !strings.Contains(d.Changes[0].Evidence[0].Text, "entered the Aghdam district") {
		t.Errorf("changes %+v", d.Changes)
	}
	call(t, h, "GET", "/api/diff?from=2020-11-21&to=2020-11-26", "", &d)
	if len(d.Changes) != 0 {
		t.Errorf("changes after the handover %+v, want none", d.Changes)
	}
}

func TestObligations(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	tests := []struct{ at, aghdam, kalbajar string }{
		{"2020-11-12", "pending", "pending"},
		{"2020-11-21", "met", "overdue"},
	}
	for _, tt := range tests {
		var b struct {
			Obligations []timeline.Row `json:"obligations"`
		}
		if st := call(t, h, "GET", "/api/obligations?at="+tt.at, "", &b); st != 200 {
			t.Fatalf("status %d", st)
		}
		got := map[string]string{}
		for _, o := range b.Obligations {
			got[o.ID] = string(o.Status)
		}
		if got["aghdam"] != tt.aghdam || got["kalbajar"] != tt.kalbajar {
			t.Errorf("at %s: %v, want aghdam %s kalbajar %s", tt.at, got, tt.aghdam, tt.kalbajar)
		}
	}
}

func TestHistogram(t *testing.T) {
	m := fixture(t)
	h := NewServer(m).Handler()
	var hist Histogram
	if st := call(t, h, "GET", "/api/histogram?from=2020-10-10&to=2020-11-20", "", &hist); st != 200 {
		t.Fatalf("status %d", st)
	}
	if n := len(hist.Fatalities); n != 42 {
		t.Fatalf("%d days, want 42", n)
	}
	if hist.Counts["Explosions/Remote violence"][1] != 1 || hist.Fatalities[1] != 10 || hist.Total != 4 || hist.Max != 1 ||
		hist.Counts["Strategic developments"][41] != 1 {
		t.Errorf("histogram %+v", hist)
	}
	// The cache is dropped by writes.
	call(t, h, "POST", "/api/events/4/review", `{"state":"rejected"}`, nil)
	call(t, h, "GET", "/api/histogram?from=2020-10-10&to=2020-11-20", "", &hist)
	if hist.Total != 3 {
		t.Errorf("after rejecting one event: total %d, want 3", hist.Total)
	}
	var got errorBody
	if st := call(t, h, "GET", "/api/histogram?from=1900-01-01&to=2020-01-01", "", &got); st != 400 {
		t.Errorf("huge span: status %d", st)
	}
}

func TestMetaAndAgreements(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	var m Meta
	if st := call(t, h, "GET", "/api/meta", "", &m); st != 200 {
		t.Fatalf("status %d", st)
	}
	if m.First != truce.MustDate("2020-10-11") || m.Last != truce.MustDate("2020-11-20") || m.Events != 4 ||
		m.Accepted != 2 || m.Candidates != 2 || m.Territories != 3 || m.Controlled != 2 || m.Agreements != 1 {
		t.Errorf("meta %+v", m)
	}
	var al AgreementList
	call(t, h, "GET", "/api/agreements", "", &al)
	if len(al.Agreements) != 1 || len(al.Agreements[0].Obligations) != 2 {
		t.Errorf("agreements %+v", al)
	}
}

func TestStaticFallback(t *testing.T) {
	h := NewServer(fixture(t)).Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	if !strings.Contains(body, "<html") {
		t.Errorf("GET / is no page: %.200s", body)
	}
}

func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- NewServer(fixture(t)).Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/api/meta")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/api/meta"); err == nil {
		t.Error("server still answers after shutdown")
	}
}
