// Package storetest is the conformance suite of truce.Store: every
// implementation (sqlite/, postgres/) runs the same Run from its tests.
//
// The fixtures are short reports, written for these tests, on the 2020
// handover of the Kalbajar, Aghdam and Lachin districts under the 10
// November 2020 trilateral statement.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// Run runs the conformance suite. open returns a new, empty store for each
// subtest; the suite closes it.
//
// Beyond the doc comments of truce.Store, the suite fixes these choices:
// a control change whose territory is unknown is stored (TerritoryID 0)
// but cannot be accepted (EINVALID); accepting a transfer writes one
// control entry dated on the event's date, "assessed" when the event
// occurred, "claimed" when disputed, none when planned; CreateEvents is
// audited by one "import" entry whose entity id is "firstID-lastID"; an
// amendment with no review state is accepted; an obligation naming an
// unknown territory is EINVALID.
func Run(t *testing.T, open func(t *testing.T) truce.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s truce.Store)
	}{
		{"Sources", testSources},
		{"Actors", testActors},
		{"Territories", testTerritories},
		{"TerritoryGeometry", testTerritoryGeometry},
		{"PutTerritories", testPutTerritories},
		{"EventsCreateGet", testEventsCreateGet},
		{"EventsInvalid", testEventsInvalid},
		{"EventBatches", testEventBatches},
		{"EventsFilter", testEventsFilter},
		{"EventsPaging", testEventsPaging},
		{"UpdateEvent", testUpdateEvent},
		{"ReviewEvent", testReviewEvent},
		{"Evidence", testEvidence},
		{"ControlEntries", testControlEntries},
		{"Agreements", testAgreements},
		{"Audit", testAudit},
		{"NotFound", testNotFound},
		{"Users", testUsers},
		{"UsersConcurrent", testUsersConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

// analyst is the user the suite writes as.
const analyst = "analyst-ana"

func userCtx() context.Context { return truce.WithUser(context.Background(), analyst) }

// wantCode fails t unless err carries the domain error code.
func wantCode(t *testing.T, err error, code string, what string) {
	t.Helper()
	if got := truce.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Square returns a GeoJSON Polygon: the square of side size whose
// south-west corner is (lon, lat).
func Square(lon, lat, size float64) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		lon, lat, lon+size, lat, lon+size, lat+size, lon, lat+size, lon, lat))
}

var (
	azForces = truce.Actor{Name: "Military Forces of Azerbaijan (2003-)", Country: "AZE", Kind: truce.KindStateForces}
	amForces = truce.Actor{Name: "Military Forces of Armenia (2018-)", Country: "ARM", Kind: truce.KindStateForces}
	ruForces = truce.Actor{Name: "Russian Peacekeeping Forces", Country: "RUS", Kind: truce.KindExternalForces}
	nkForces = truce.Actor{Name: "Artsakh Defence Army", Country: "ARM", Kind: truce.KindRebelGroup}
)

// putPlaces stores the suite's territories and returns them by name.
func putPlaces(t *testing.T, s truce.Store) map[string]*truce.Territory {
	t.Helper()
	ts := []*truce.Territory{
		{Name: "Azerbaijan", Kind: truce.TerritoryCountry, Country: "AZE", Code: "AZ", Geometry: Square(44.7, 38.3, 6)},
		{Name: "Kalbajar", Kind: truce.TerritoryAdmin1, Country: "AZE", Code: "AZ.KAL",
			Aliases: []string{"Kəlbəcər rayonu", "Karvachar", "Kelbajar District"}, Geometry: Square(45.6, 39.8, 0.6)},
		{Name: "Kalbajar town", Kind: truce.TerritoryLocality, Country: "AZE",
			Aliases: []string{"Kəlbəcər", "Kalbajar"}, Geometry: Square(46.0, 40.08, 0.06)},
		{Name: "Aghdam", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Ağdam"}, Geometry: Square(46.7, 39.9, 0.4)},
		{Name: "Lachin", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Laçın", "Berdzor"}, Geometry: Square(46.3, 39.4, 0.4)},
		{Name: "Lachin corridor", Kind: truce.TerritoryCorridor, Country: "AZE"},
	}
	out := map[string]*truce.Territory{}
	for _, tr := range ts {
		must(t, s.PutTerritory(userCtx(), tr), "PutTerritory "+tr.Name)
		if tr.ID == 0 {
			t.Fatalf("PutTerritory %s: no id set", tr.Name)
		}
		out[tr.Name] = tr
	}
	return out
}

func putSource(t *testing.T, s truce.Store, url, text string) *truce.Source {
	t.Helper()
	src := &truce.Source{URL: url, Outlet: "Caucasus Wire", Title: "Report", Text: text,
		ContentHash: fmt.Sprintf("%x", sha256.Sum256([]byte(text))),
		Published:   time.Date(2020, 11, 25, 9, 0, 0, 0, time.UTC), Language: "en"}
	_, err := s.PutSource(userCtx(), src)
	must(t, err, "PutSource "+url)
	return src
}

// handover returns the Kalbajar handover event of 25 November 2020.
func handover(srcID int64) *truce.Event {
	from := amForces
	return &truce.Event{
		SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-11-25"),
		Location: truce.Location{Name: "Kalbajar", Lat: 40.1, Lon: 46.04, Country: "AZE", Admin1: "Kalbajar", Precision: truce.GeoExact},
		Actor1:   azForces, Actor2: &from,
		Status: truce.StatusOccurred, Confidence: 0.9,
		Control: &truce.ControlChange{Territory: "Kəlbəcər rayonu", To: azForces, From: &from},
		Notes:   "Azerbaijani army units entered the district after the Armenian withdrawal.",
		Evidence: []truce.Evidence{{SourceID: srcID, Text: "Azerbaijani troops moved into Kalbajar on Wednesday morning.",
			Start: 0, End: 60, ClaimedBy: "Azerbaijan's Defense Ministry"}},
	}
}

func testSources(t *testing.T, s truce.Store) {
	ctx := userCtx()
	a := &truce.Source{URL: "https://example.org/kalbajar", Outlet: "Caucasus Wire", Title: "Kalbajar handed over",
		Text: "Azerbaijani troops entered Kalbajar.", ContentHash: "hash-a", SimHash: 1<<63 + 5,
		Published: time.Date(2020, 11, 25, 8, 0, 0, 0, time.UTC), Dateline: "BAKU, Azerbaijan", Language: "en"}
	created, err := s.PutSource(ctx, a)
	must(t, err, "PutSource")
	if !created || a.ID == 0 {
		t.Fatalf("PutSource new: created=%v id=%d, want true and an id", created, a.ID)
	}
	tests := []struct {
		name string
		src  truce.Source
	}{
		{"same URL", truce.Source{URL: a.URL, Text: "another text", ContentHash: "hash-other"}},
		{"same hash", truce.Source{URL: "https://mirror.example.net/k", Text: a.Text, ContentHash: "hash-a"}},
	}
	for _, tt := range tests {
		src := tt.src
		created, err := s.PutSource(ctx, &src)
		must(t, err, "PutSource "+tt.name)
		if created || src.ID != a.ID {
			t.Errorf("PutSource %s: created=%v id=%d, want false and %d", tt.name, created, src.ID, a.ID)
		}
	}
	got, err := s.Source(ctx, a.ID)
	must(t, err, "Source")
	if got.URL != a.URL || got.Text != a.Text || got.ContentHash != "hash-a" || got.SimHash != a.SimHash ||
		!got.Published.Equal(a.Published) || got.Dateline != a.Dateline || got.Outlet != a.Outlet || got.Title != a.Title {
		t.Errorf("Source round trip: got %+v, want %+v", got, a)
	}
	b := &truce.Source{URL: "https://example.org/aghdam", Text: "Aghdam was handed over.", ContentHash: "hash-b",
		Published: time.Date(2020, 11, 20, 8, 0, 0, 0, time.UTC)}
	c := &truce.Source{Text: "Aghdam was handed over, a copy.", ContentHash: "hash-c", DuplicateOf: 0,
		Published: time.Date(2020, 11, 21, 8, 0, 0, 0, time.UTC)}
	for _, src := range []*truce.Source{b, c} {
		if created, err := s.PutSource(ctx, src); err != nil || !created {
			t.Fatalf("PutSource %q: created=%v err=%v", src.ContentHash, created, err)
		}
	}
	filters := []struct {
		name string
		f    truce.SourceFilter
		want []int64
	}{
		{"all newest first", truce.SourceFilter{}, []int64{a.ID, c.ID, b.ID}},
		{"url", truce.SourceFilter{URL: b.URL}, []int64{b.ID}},
		{"hash", truce.SourceFilter{ContentHash: "hash-c"}, []int64{c.ID}},
		{"since", truce.SourceFilter{Since: time.Date(2020, 11, 21, 0, 0, 0, 0, time.UTC)}, []int64{a.ID, c.ID}},
		{"ids", truce.SourceFilter{IDs: []int64{a.ID, b.ID}}, []int64{a.ID, b.ID}},
		{"limit offset", truce.SourceFilter{Limit: 1, Offset: 1}, []int64{c.ID}},
	}
	for _, tt := range filters {
		got, err := s.Sources(ctx, tt.f)
		must(t, err, "Sources "+tt.name)
		if ids := sourceIDs(got); !slices.Equal(ids, tt.want) {
			t.Errorf("Sources %s: got %v, want %v", tt.name, ids, tt.want)
		}
	}
}

func sourceIDs(ss []*truce.Source) []int64 {
	var ids []int64
	for _, s := range ss {
		ids = append(ids, s.ID)
	}
	return ids
}

func testActors(t *testing.T, s truce.Store) {
	ctx := userCtx()
	az := &truce.Actor{Name: "Azerbaijan", Country: "AZE", Kind: truce.KindGovernment, Aliases: []string{"Azərbaycan", "Republic of Azerbaijan"}}
	must(t, s.PutActor(ctx, az), "PutActor")
	am := &truce.Actor{Name: "Armenia", Country: "ARM", Kind: truce.KindGovernment, Aliases: []string{"Hayastan"}}
	must(t, s.PutActor(ctx, am), "PutActor")
	id := az.ID
	az2 := &truce.Actor{Name: "Azerbaijan", Country: "AZE", Kind: truce.KindGovernment, Aliases: []string{"Azərbaycan Respublikası"}}
	must(t, s.PutActor(ctx, az2), "PutActor update")
	if az2.ID != id {
		t.Errorf("PutActor same name: id %d, want %d", az2.ID, id)
	}
	finds := []struct {
		name string
		want string // "" means not found
	}{
		{"Azerbaijan", "Azerbaijan"},
		{"AZERBAIJAN", "Azerbaijan"},
		{"azərbaycan respublikası", "Azerbaijan"},
		{"Azerbaycan Respublikasi", "Azerbaijan"},
		{"Azərbaycan", ""}, // alias dropped by the update
		{"hayastan", "Armenia"},
		{"Georgia", ""},
		{"", ""},
	}
	for _, tt := range finds {
		a, err := s.FindActor(ctx, tt.name)
		if tt.want == "" {
			wantCode(t, err, truce.ENOTFOUND, "FindActor "+tt.name)
			continue
		}
		if err != nil || a.Name != tt.want {
			t.Errorf("FindActor %q: %v, %v; want %s", tt.name, a, err, tt.want)
		}
	}
	all, err := s.Actors(ctx)
	must(t, err, "Actors")
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
	}
	if !slices.Equal(names, []string{"Armenia", "Azerbaijan"}) {
		t.Errorf("Actors: %v, want [Armenia Azerbaijan]", names)
	}
	wantCode(t, s.PutActor(ctx, &truce.Actor{Name: "Militia", Kind: "bandits"}), truce.EINVALID, "PutActor bad kind")
	wantCode(t, s.PutActor(ctx, &truce.Actor{}), truce.EINVALID, "PutActor no name")
}

func testTerritories(t *testing.T, s truce.Store) {
	ctx := userCtx()
	ps := putPlaces(t, s)
	finds := []struct{ q, want string }{
		{"Kalbajar", "Kalbajar town"}, // the locality is more specific than the district of that name
		{"KALBAJAR", "Kalbajar town"},
		{"Kəlbəcər", "Kalbajar town"},
		{"Karvachar", "Kalbajar"},
		{"kelbecer rayonu", "Kalbajar"},
		{"AZ.KAL", "Kalbajar"},
		{"az", "Azerbaijan"},
		{"Berdzor", "Lachin"},
		{"Agdam", "Aghdam"},
		{"Shusha", ""},
	}
	for _, tt := range finds {
		got, err := s.FindTerritory(ctx, tt.q)
		if tt.want == "" {
			wantCode(t, err, truce.ENOTFOUND, "FindTerritory "+tt.q)
			continue
		}
		if err != nil || got.Name != tt.want {
			t.Errorf("FindTerritory %q: %v, %v; want %s", tt.q, got, err, tt.want)
		}
	}
	// Replace Lachin: same id, old alias gone, new alias found.
	lachin := &truce.Territory{Name: "Lachin", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Laçın", "Lachin District"},
		Geometry: Square(46.3, 39.4, 0.4)}
	must(t, s.PutTerritory(ctx, lachin), "PutTerritory replace")
	if lachin.ID != ps["Lachin"].ID {
		t.Errorf("PutTerritory same name: id %d, want %d", lachin.ID, ps["Lachin"].ID)
	}
	_, err := s.FindTerritory(ctx, "Berdzor")
	wantCode(t, err, truce.ENOTFOUND, "FindTerritory dropped alias")
	if got, err := s.FindTerritory(ctx, "lachin district"); err != nil || got.ID != lachin.ID {
		t.Errorf("FindTerritory new alias: %v, %v", got, err)
	}
	got, err := s.Territory(ctx, ps["Aghdam"].ID)
	must(t, err, "Territory")
	if got.Name != "Aghdam" || got.Kind != truce.TerritoryAdmin1 || got.Country != "AZE" || len(got.Geometry) == 0 ||
		got.BBox == nil || *got.BBox != [4]float64{46.7, 39.9, 47.1, 40.3} || !slices.Equal(got.Aliases, []string{"Ağdam"}) {
		t.Errorf("Territory round trip: %+v bbox %v", got, got.BBox)
	}
	filters := []struct {
		name string
		f    truce.TerritoryFilter
		want []string
	}{
		{"all by name", truce.TerritoryFilter{}, []string{"Aghdam", "Azerbaijan", "Kalbajar", "Kalbajar town", "Lachin", "Lachin corridor"}},
		{"kinds", truce.TerritoryFilter{Kinds: []truce.TerritoryKind{truce.TerritoryLocality, truce.TerritoryCorridor}}, []string{"Kalbajar town", "Lachin corridor"}},
		{"bbox", truce.TerritoryFilter{BBox: &truce.BBox{MinLon: 46.5, MinLat: 39.5, MaxLon: 46.8, MaxLat: 39.95}}, []string{"Aghdam", "Azerbaijan", "Lachin"}},
		{"bbox far", truce.TerritoryFilter{BBox: &truce.BBox{MinLon: 10, MinLat: 10, MaxLon: 11, MaxLat: 11}}, nil},
		{"ids limit", truce.TerritoryFilter{IDs: []int64{ps["Lachin"].ID, ps["Kalbajar"].ID, ps["Aghdam"].ID}, Limit: 2}, []string{"Aghdam", "Kalbajar"}},
		{"offset", truce.TerritoryFilter{Offset: 4}, []string{"Lachin", "Lachin corridor"}},
		{"country", truce.TerritoryFilter{Country: "ARM"}, nil},
	}
	for _, tt := range filters {
		ts, err := s.Territories(ctx, tt.f)
		must(t, err, "Territories "+tt.name)
		var names []string
		for _, tr := range ts {
			names = append(names, tr.Name)
			if len(tr.Geometry) != 0 {
				t.Errorf("Territories %s: %s has geometry without Geometry: true", tt.name, tr.Name)
			}
		}
		if !slices.Equal(names, tt.want) {
			t.Errorf("Territories %s: %v, want %v", tt.name, names, tt.want)
		}
	}
	ts, err := s.Territories(ctx, truce.TerritoryFilter{IDs: []int64{ps["Aghdam"].ID}, Geometry: true})
	must(t, err, "Territories geometry")
	if len(ts) != 1 || len(ts[0].Geometry) == 0 {
		t.Errorf("Territories with Geometry: %v", ts)
	}
}

func testTerritoryGeometry(t *testing.T, s truce.Store) {
	ctx := userCtx()
	ps := putPlaces(t, s)
	before, err := s.Territory(ctx, ps["Aghdam"].ID)
	must(t, err, "Territory")
	bad := []struct {
		name string
		geom string
	}{
		{"point", `{"type":"Point","coordinates":[46.9,39.99]}`},
		{"open ring", `{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,40]]]}`},
		{"short ring", `{"type":"Polygon","coordinates":[[[46,39],[47,39],[46,39]]]}`},
		{"off the globe", `{"type":"Polygon","coordinates":[[[46,39],[247,39],[47,40],[46,39]]]}`},
		{"latitude 95", `{"type":"Polygon","coordinates":[[[46,39],[47,95],[47,40],[46,39]]]}`},
		{"not json", `{"type":"Polygon","coordinates":[[[46,39]`},
		{"no type", `{"coordinates":[[[46,39],[47,39],[47,40],[46,39]]]}`},
		{"string coordinates", `{"type":"Polygon","coordinates":"46 39"}`},
		{"empty multipolygon", `{"type":"MultiPolygon","coordinates":[]}`},
	}
	for _, tt := range bad {
		tr := &truce.Territory{Name: "Aghdam", Kind: truce.TerritoryAdmin1, Country: "ARM", Geometry: json.RawMessage(tt.geom)}
		wantCode(t, s.PutTerritory(ctx, tr), truce.EINVALID, "PutTerritory "+tt.name)
	}
	wantCode(t, s.PutTerritory(ctx, &truce.Territory{Name: "Nowhere", Kind: "planet"}), truce.EINVALID, "PutTerritory bad kind")
	wantCode(t, s.PutTerritory(ctx, &truce.Territory{Name: "Orphan", Kind: truce.TerritoryLocality, ParentID: 999999}), truce.EINVALID, "PutTerritory missing parent")
	after, err := s.Territory(ctx, ps["Aghdam"].ID)
	must(t, err, "Territory")
	if after.Country != before.Country || string(after.Geometry) != string(before.Geometry) || *after.BBox != *before.BBox {
		t.Errorf("a rejected PutTerritory changed the territory: before %+v, after %+v", before, after)
	}
	multi := &truce.Territory{Name: "Kalbajar and Lachin", Kind: truce.TerritoryRegion, Geometry: json.RawMessage(
		`{"type":"MultiPolygon","coordinates":[[[[45.6,39.8],[46.2,39.8],[46.2,40.4],[45.6,40.4],[45.6,39.8]]],[[[46.3,39.4],[46.7,39.4],[46.7,39.8],[46.3,39.8],[46.3,39.4]]]]}`)}
	must(t, s.PutTerritory(ctx, multi), "PutTerritory MultiPolygon")
	if multi.BBox == nil || *multi.BBox != [4]float64{45.6, 39.4, 46.7, 40.4} {
		t.Errorf("MultiPolygon bbox %v, want [45.6 39.4 46.7 40.4]", multi.BBox)
	}
}

func testEventsCreateGet(t *testing.T, s truce.Store) {
	ctx := userCtx()
	ps := putPlaces(t, s)
	src := putSource(t, s, "https://example.org/kalbajar", "Azerbaijani troops moved into Kalbajar on Wednesday morning.")
	e := handover(src.ID)
	e.Fatalities = &truce.Range{Low: 0, High: 0}
	e.Injured = &truce.Range{Low: 1, High: 3}
	must(t, s.CreateEvent(ctx, e), "CreateEvent")
	if e.ID == 0 || e.Version == 0 || e.Type != truce.StrategicDevelopments {
		t.Fatalf("CreateEvent: id %d version %d type %q", e.ID, e.Version, e.Type)
	}
	got, err := s.Event(ctx, e.ID)
	must(t, err, "Event")
	checks := []struct {
		name string
		ok   bool
	}{
		{"type", got.Type == truce.StrategicDevelopments && got.SubType == truce.NonViolentTransfer},
		{"date", got.Date == e.Date && got.DateEnd == 0 && got.DatePrecision == truce.PrecisionDay},
		{"location", got.Location == e.Location},
		{"actor1", got.Actor1.Name == azForces.Name},
		{"actor2", got.Actor2 != nil && got.Actor2.Name == amForces.Name},
		{"fatalities", got.Fatalities != nil && *got.Fatalities == truce.Range{}},
		{"injured", got.Injured != nil && *got.Injured == truce.Range{Low: 1, High: 3}},
		{"status review", got.Status == truce.StatusOccurred && got.Review == truce.ReviewCandidate},
		{"confidence", got.Confidence == 0.9},
		{"control", got.Control != nil && got.Control.TerritoryID == ps["Kalbajar"].ID && got.Control.To.Name == azForces.Name &&
			got.Control.From != nil && got.Control.From.Name == amForces.Name},
		{"notes", got.Notes == e.Notes},
		{"evidence", len(got.Evidence) == 1 && got.Evidence[0].Text == e.Evidence[0].Text && got.Evidence[0].SourceID == src.ID &&
			got.Evidence[0].URL == src.URL && got.Evidence[0].Outlet == src.Outlet && got.Evidence[0].End == 60 &&
			got.Evidence[0].ClaimedBy == "Azerbaijan's Defense Ministry" && got.Evidence[0].ID != 0},
		{"sources", got.Sources == 1},
		{"version", got.Version == e.Version},
		{"times", !got.CreatedAt.IsZero() && !got.UpdatedAt.IsZero()},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("Event round trip: %s differs: got %+v", c.name, got)
		}
	}
	// CreateEvent creates the actors it names.
	for _, a := range []truce.Actor{azForces, amForces} {
		if _, err := s.FindActor(ctx, a.Name); err != nil {
			t.Errorf("FindActor %q after CreateEvent: %v", a.Name, err)
		}
	}
	// A candidate does not change control.
	cs, err := s.ControlEntries(ctx, truce.ControlFilter{})
	must(t, err, "ControlEntries")
	if len(cs) != 0 {
		t.Errorf("a candidate event wrote control entries: %v", cs)
	}
	// An event created accepted writes its entry at once.
	acc := handover(src.ID)
	acc.Review = truce.ReviewAccepted
	acc.Control.Territory = "Ağdam"
	acc.Date = truce.MustDate("2020-11-20")
	must(t, s.CreateEvent(ctx, acc), "CreateEvent accepted")
	cs, err = s.ControlEntries(ctx, truce.ControlFilter{})
	must(t, err, "ControlEntries")
	if len(cs) != 1 || cs[0].EventID != acc.ID || cs[0].TerritoryID != ps["Aghdam"].ID || cs[0].At != acc.Date {
		t.Errorf("accepted event's control entry: %+v", cs)
	}
	// Bulk.
	var bulk []*truce.Event
	for i := range 50 {
		b := handover(src.ID)
		b.SubType, b.Control, b.Actor2 = truce.ShellingArtilleryMissile, nil, nil
		b.Date = truce.MustDate("2020-10-01").AddDays(i)
		bulk = append(bulk, b)
	}
	must(t, s.CreateEvents(ctx, bulk), "CreateEvents")
	// The import is audited as one write naming the ids it created.
	imports, err := s.Audit(ctx, truce.AuditFilter{Entity: "event", EntityID: fmt.Sprintf("%d-%d", bulk[0].ID, bulk[len(bulk)-1].ID)})
	must(t, err, "Audit")
	if len(imports) != 1 || imports[0].Action != "import" || imports[0].User != analyst || !strings.Contains(string(imports[0].After), `"count":50`) {
		t.Errorf("audit of CreateEvents: %+v", imports)
	}
	for i, b := range bulk {
		if b.ID == 0 || (i > 0 && b.ID == bulk[i-1].ID) {
			t.Fatalf("CreateEvents: event %d has id %d", i, b.ID)
		}
	}
	_, n, err := s.Events(ctx, truce.EventFilter{})
	must(t, err, "Events")
	if n != 52 {
		t.Errorf("after CreateEvents: %d events, want 52", n)
	}
}

func testEventsInvalid(t *testing.T, s truce.Store) {
	ctx := userCtx()
	putPlaces(t, s)
	src := putSource(t, s, "https://example.org/k", "Azerbaijani troops moved into Kalbajar.")
	must(t, s.CreateEvent(ctx, handover(src.ID)), "CreateEvent")
	bad := []struct {
		name string
		edit func(e *truce.Event)
	}{
		{"unknown subtype", func(e *truce.Event) { e.SubType = "Skirmish" }},
		{"no date", func(e *truce.Event) { e.Date = 0 }},
		{"ends before start", func(e *truce.Event) { e.DateEnd = e.Date.AddDays(-1) }},
		{"latitude out of range", func(e *truce.Event) { e.Location.Lat = 140 }},
		{"longitude out of range", func(e *truce.Event) { e.Location.Lon = -181 }},
		{"confidence", func(e *truce.Event) { e.Confidence = 1.5 }},
		{"review", func(e *truce.Event) { e.Review = "maybe" }},
		{"fatalities", func(e *truce.Event) { e.Fatalities = &truce.Range{Low: 5, High: 2} }},
		{"no actor", func(e *truce.Event) { e.Actor1 = truce.Actor{} }},
		{"missing source", func(e *truce.Event) { e.Evidence[0].SourceID = 987654 }},
		{"empty evidence", func(e *truce.Event) { e.Evidence[0].Text = " " }},
		{"bad span", func(e *truce.Event) { e.Evidence[0].Start, e.Evidence[0].End = 10, 5 }},
		{"missing territory id", func(e *truce.Event) { e.Control.TerritoryID = 987654 }},
		{"accepted, unknown territory", func(e *truce.Event) { e.Review, e.Control.Territory = truce.ReviewAccepted, "Atlantis" }},
	}
	for _, tt := range bad {
		e := handover(src.ID)
		tt.edit(e)
		wantCode(t, s.CreateEvent(ctx, e), truce.EINVALID, "CreateEvent "+tt.name)
		good := handover(src.ID)
		wantCode(t, s.CreateEvents(ctx, []*truce.Event{good, e}), truce.EINVALID, "CreateEvents "+tt.name)
	}
	_, n, err := s.Events(ctx, truce.EventFilter{})
	must(t, err, "Events")
	if n != 1 {
		t.Errorf("rejected events were stored: %d events, want 1", n)
	}
	// An unknown territory does not stop a candidate being stored.
	e := handover(src.ID)
	e.Control.Territory = "Atlantis"
	must(t, s.CreateEvent(ctx, e), "CreateEvent unknown territory")
	if got, err := s.Event(ctx, e.ID); err != nil || got.Control == nil || got.Control.Territory != "Atlantis" || got.Control.TerritoryID != 0 {
		t.Errorf("event naming an unknown territory: %+v, %v", got, err)
	}
}

// eventSet stores a varied set of events for the filter tests and returns
// them by key.
func eventSet(t *testing.T, s truce.Store) (map[string]*truce.Event, *truce.Source) {
	t.Helper()
	ctx := userCtx()
	putPlaces(t, s)
	src1 := putSource(t, s, "https://example.org/1", "Shelling near Aghdam was reported overnight.")
	src2 := putSource(t, s, "https://example.org/2", "Protesters gathered in Yerevan.")
	mk := func(sub truce.SubEventType, date string, lat, lon float64, country string, a1 truce.Actor, a2 *truce.Actor,
		review truce.ReviewState, status truce.Status, conf float64, notes, text string, src int64) *truce.Event {
		return &truce.Event{SubType: sub, Date: truce.MustDate(date), Location: truce.Location{Name: "x", Lat: lat, Lon: lon, Country: country},
			Actor1: a1, Actor2: a2, Review: review, Status: status, Confidence: conf, Notes: notes,
			Evidence: []truce.Evidence{{SourceID: src, Text: text, End: len(text)}}}
	}
	protesters := truce.Actor{Name: "Protesters (Armenia)", Country: "ARM", Kind: truce.KindProtesters}
	es := map[string]*truce.Event{
		"shelling": mk(truce.ShellingArtilleryMissile, "2020-10-27", 39.99, 46.93, "AZE", amForces, &azForces,
			truce.ReviewAccepted, truce.StatusOccurred, 0.8, "Artillery fire on the outskirts of Aghdam.", "Shells fell near Ağdam overnight.", src1.ID),
		"clash": mk(truce.ArmedClash, "2020-11-08", 39.76, 46.75, "AZE", azForces, &nkForces,
			truce.ReviewAccepted, truce.StatusOccurred, 0.95, "Fighting for the town of Shusha.", "Fierce fighting in Şuşa.", src1.ID),
		"protest": mk(truce.PeacefulProtest, "2020-11-10", 40.18, 44.51, "ARM", protesters, nil,
			truce.ReviewCandidate, truce.StatusOccurred, 0.6, "Crowds rejected the ceasefire statement.", "Protesters gathered in Yerevan.", src2.ID),
		"agreement": mk(truce.AgreementEvent, "2020-11-09", 40.18, 44.51, "ARM", amForces, &azForces,
			truce.ReviewRejected, truce.StatusOccurred, 0.3, "Trilateral statement signed.", "The leaders signed a statement ending the war.", src2.ID),
		"deployment": mk(truce.HeadquartersEstablished, "2020-11-12", 39.82, 46.76, "AZE", ruForces, nil,
			truce.ReviewCandidate, truce.StatusPlanned, 0.7, "Peacekeepers set up posts along the corridor.", "Russian peacekeepers will deploy along the Lachin corridor.", src1.ID),
	}
	for _, k := range []string{"shelling", "clash", "protest", "agreement", "deployment"} {
		must(t, s.CreateEvent(ctx, es[k]), "CreateEvent "+k)
	}
	return es, src2
}

func testEventsFilter(t *testing.T, s truce.Store) {
	ctx := userCtx()
	es, src2 := eventSet(t, s)
	id := func(k string) int64 { return es[k].ID }
	tests := []struct {
		name string
		f    truce.EventFilter
		want []string
	}{
		{"all by date", truce.EventFilter{}, []string{"shelling", "clash", "agreement", "protest", "deployment"}},
		{"-date", truce.EventFilter{Order: "-date"}, []string{"deployment", "protest", "agreement", "clash", "shelling"}},
		{"-confidence", truce.EventFilter{Order: "-confidence"}, []string{"clash", "shelling", "deployment", "protest", "agreement"}},
		{"ids", truce.EventFilter{IDs: []int64{id("protest"), id("shelling")}}, []string{"shelling", "protest"}},
		{"from", truce.EventFilter{From: truce.MustDate("2020-11-09")}, []string{"agreement", "protest", "deployment"}},
		{"to", truce.EventFilter{To: truce.MustDate("2020-11-08")}, []string{"shelling", "clash"}},
		{"from to", truce.EventFilter{From: truce.MustDate("2020-11-08"), To: truce.MustDate("2020-11-10")}, []string{"clash", "agreement", "protest"}},
		{"bbox", truce.EventFilter{BBox: &truce.BBox{MinLon: 46.7, MinLat: 39.7, MaxLon: 46.8, MaxLat: 39.9}}, []string{"clash", "deployment"}},
		{"subtypes", truce.EventFilter{SubTypes: []truce.SubEventType{truce.ArmedClash, truce.PeacefulProtest}}, []string{"clash", "protest"}},
		{"types", truce.EventFilter{Types: []truce.EventType{truce.StrategicDevelopments}}, []string{"agreement", "deployment"}},
		{"actor either side", truce.EventFilter{Actor: azForces.Name}, []string{"shelling", "clash", "agreement"}},
		{"actor folded", truce.EventFilter{Actor: "russian PEACEKEEPING forces"}, []string{"deployment"}},
		{"country", truce.EventFilter{Country: "ARM"}, []string{"agreement", "protest"}},
		{"review", truce.EventFilter{Review: []truce.ReviewState{truce.ReviewAccepted}}, []string{"shelling", "clash"}},
		{"status", truce.EventFilter{Status: []truce.Status{truce.StatusPlanned}}, []string{"deployment"}},
		{"text in notes", truce.EventFilter{Text: "ceasefire"}, []string{"protest"}},
		{"text in evidence", truce.EventFilter{Text: "peacekeepers corridor"}, []string{"deployment"}},
		{"text folds diacritics", truce.EventFilter{Text: "Agdam"}, []string{"shelling"}},
		{"text with diacritics", truce.EventFilter{Text: "ŞUŞA"}, []string{"clash"}},
		{"text no match", truce.EventFilter{Text: "Stepanakert"}, nil},
		{"source", truce.EventFilter{SourceID: src2.ID}, []string{"agreement", "protest"}},
		{"combined", truce.EventFilter{Country: "AZE", Review: []truce.ReviewState{truce.ReviewAccepted}, Text: "fighting"}, []string{"clash"}},
	}
	name := map[int64]string{}
	for k, e := range es {
		name[e.ID] = k
	}
	for _, tt := range tests {
		got, n, err := s.Events(ctx, tt.f)
		if err != nil {
			t.Errorf("Events %s: %v", tt.name, err)
			continue
		}
		var keys []string
		for _, e := range got {
			keys = append(keys, name[e.ID])
		}
		if !slices.Equal(keys, tt.want) || n != len(tt.want) {
			t.Errorf("Events %s: %v (total %d), want %v", tt.name, keys, n, tt.want)
		}
		for _, e := range got {
			if len(e.Evidence) == 0 {
				t.Errorf("Events %s: event %d without its evidence", tt.name, e.ID)
			}
		}
	}
	_, _, err := s.Events(ctx, truce.EventFilter{Order: "fatalities"})
	wantCode(t, err, truce.EINVALID, "Events unknown order")
}

func testEventsPaging(t *testing.T, s truce.Store) {
	ctx := userCtx()
	var es []*truce.Event
	for i := range 23 {
		es = append(es, &truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-09-27").AddDays(i),
			Location: truce.Location{Name: "Talish", Lat: 40.13, Lon: 46.62, Country: "AZE"}, Actor1: azForces, Actor2: &amForces})
	}
	must(t, s.CreateEvents(ctx, es), "CreateEvents")
	tests := []struct {
		limit, offset int
		wantFirst     int // index into es, -1 for none
		wantLen       int
	}{
		{10, 0, 0, 10},
		{10, 10, 10, 10},
		{10, 20, 20, 3},
		{10, 30, -1, 0},
		{0, 5, 5, 18},
		{0, 0, 0, 23},
	}
	for _, tt := range tests {
		got, n, err := s.Events(ctx, truce.EventFilter{Limit: tt.limit, Offset: tt.offset})
		must(t, err, "Events")
		if n != 23 || len(got) != tt.wantLen {
			t.Errorf("Events limit %d offset %d: %d events, total %d; want %d, 23", tt.limit, tt.offset, len(got), n, tt.wantLen)
			continue
		}
		if tt.wantFirst >= 0 && got[0].ID != es[tt.wantFirst].ID {
			t.Errorf("Events limit %d offset %d: first %d, want %d", tt.limit, tt.offset, got[0].ID, es[tt.wantFirst].ID)
		}
	}
	got, n, err := s.Events(ctx, truce.EventFilter{From: truce.MustDate("2020-10-10"), Limit: 2})
	must(t, err, "Events")
	if n != 10 || len(got) != 2 {
		t.Errorf("Events from 2020-10-10 limit 2: %d events, total %d; want 2, 10", len(got), n)
	}
}

func testUpdateEvent(t *testing.T, s truce.Store) {
	ctx := userCtx()
	ps := putPlaces(t, s)
	src := putSource(t, s, "https://example.org/k", "Azerbaijani troops moved into Kalbajar.")
	e := handover(src.ID)
	must(t, s.CreateEvent(ctx, e), "CreateEvent")
	stored, err := s.Event(ctx, e.ID)
	must(t, err, "Event")
	v := e.Version

	stale := *stored
	stale.Version = v - 1
	stale.Notes = "a stale edit"
	wantCode(t, s.UpdateEvent(ctx, &stale), truce.ECONFLICT, "UpdateEvent stale version")

	edit := *stored
	edit.Notes = "Handover completed after a ten-day extension."
	edit.Confidence = 0.97
	edit.Control = &truce.ControlChange{Territory: "Lachin", To: azForces}
	edit.Location = truce.Location{Name: "Lachin", Lat: 39.64, Lon: 46.55, Country: "AZE"}
	must(t, s.UpdateEvent(ctx, &edit), "UpdateEvent")
	boxes := []struct {
		name string
		box  truce.BBox
		want int
	}{
		{"new place", truce.BBox{MinLon: 46.5, MinLat: 39.6, MaxLon: 46.6, MaxLat: 39.7}, 1},
		{"old place", truce.BBox{MinLon: 46.0, MinLat: 40.0, MaxLon: 46.1, MaxLat: 40.2}, 0},
	}
	for _, b := range boxes {
		if _, n, err := s.Events(ctx, truce.EventFilter{BBox: &b.box}); err != nil || n != b.want {
			t.Errorf("bbox at the %s after UpdateEvent: %d events, %v; want %d", b.name, n, err, b.want)
		}
	}
	if edit.Version != v+1 {
		t.Errorf("UpdateEvent: version %d, want %d", edit.Version, v+1)
	}
	got, err := s.Event(ctx, e.ID)
	must(t, err, "Event")
	if got.Notes != edit.Notes || got.Confidence != 0.97 || got.Version != v+1 || got.Control.TerritoryID != ps["Lachin"].ID ||
		len(got.Evidence) != 1 {
		t.Errorf("after UpdateEvent: %+v", got)
	}
	if hits, _, err := s.Events(ctx, truce.EventFilter{Text: "extension"}); err != nil || len(hits) != 1 {
		t.Errorf("text search after UpdateEvent: %d hits, %v", len(hits), err)
	}
	// The same stale copy conflicts again and changes nothing.
	wantCode(t, s.UpdateEvent(ctx, &stale), truce.ECONFLICT, "UpdateEvent stale again")
	bad := *got
	bad.Location.Lat = -91
	wantCode(t, s.UpdateEvent(ctx, &bad), truce.EINVALID, "UpdateEvent bad coordinates")
	after, err := s.Event(ctx, e.ID)
	must(t, err, "Event")
	if after.Notes != edit.Notes || after.Version != v+1 || after.Location.Lat != got.Location.Lat {
		t.Errorf("a rejected update changed the event: %+v", after)
	}
	missing := *got
	missing.ID = 987654
	wantCode(t, s.UpdateEvent(ctx, &missing), truce.ENOTFOUND, "UpdateEvent missing")

	// Concurrent editors of the same version: exactly one wins.
	const editors = 8
	errs := make(chan error, editors)
	var wg sync.WaitGroup
	for i := range editors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ed := *after
			ed.Notes = fmt.Sprintf("edit by editor %d", i)
			errs <- s.UpdateEvent(truce.WithUser(context.Background(), fmt.Sprintf("editor-%d", i)), &ed)
		}()
	}
	wg.Wait()
	close(errs)
	var wins, conflicts int
	for err := range errs {
		switch truce.ErrorCode(err) {
		case "":
			wins++
		case truce.ECONFLICT:
			conflicts++
		default:
			t.Errorf("concurrent UpdateEvent: %v", err)
		}
	}
	if wins != 1 || conflicts != editors-1 {
		t.Errorf("concurrent UpdateEvent: %d won, %d conflicted; want 1 and %d", wins, conflicts, editors-1)
	}
	final, err := s.Event(ctx, e.ID)
	must(t, err, "Event")
	if final.Version != after.Version+1 || !strings.HasPrefix(final.Notes, "edit by editor") {
		t.Errorf("after concurrent edits: version %d notes %q", final.Version, final.Notes)
	}
}

func testReviewEvent(t *testing.T, s truce.Store) {
	ctx := userCtx()
	ps := putPlaces(t, s)
	src := putSource(t, s, "https://example.org/k", "Azerbaijani troops moved into Kalbajar.")
	e := handover(src.ID)
	must(t, s.CreateEvent(ctx, e), "CreateEvent")
	entries := func() []truce.ControlEntry {
		cs, err := s.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{ps["Kalbajar"].ID}})
		must(t, err, "ControlEntries")
		return cs
	}
	_, err := s.ReviewEvent(ctx, e.ID, truce.ReviewAccepted, "stale", e.Version+5)
	wantCode(t, err, truce.ECONFLICT, "ReviewEvent stale")
	if n := len(entries()); n != 0 {
		t.Errorf("a conflicting review wrote %d control entries", n)
	}
	_, err = s.ReviewEvent(ctx, e.ID, "approved", "", 0)
	wantCode(t, err, truce.EINVALID, "ReviewEvent unknown state")
	_, err = s.ReviewEvent(ctx, 987654, truce.ReviewAccepted, "", 0)
	wantCode(t, err, truce.ENOTFOUND, "ReviewEvent missing")

	got, err := s.ReviewEvent(ctx, e.ID, truce.ReviewAccepted, "two outlets confirm", e.Version)
	must(t, err, "ReviewEvent accept")
	if got.Review != truce.ReviewAccepted || got.Version != e.Version+1 {
		t.Errorf("ReviewEvent accept: review %q version %d", got.Review, got.Version)
	}
	cs := entries()
	if len(cs) != 1 {
		t.Fatalf("after accept: %d control entries, want 1", len(cs))
	}
	c := cs[0]
	if c.EventID != e.ID || c.At != e.Date || c.Controller.Name != azForces.Name || c.From == nil || c.From.Name != amForces.Name ||
		c.Status != truce.Assessed || c.Territory != "Kalbajar" {
		t.Errorf("control entry of accepted event: %+v", c)
	}
	// Accepting again does not duplicate the entry.
	got, err = s.ReviewEvent(ctx, e.ID, truce.ReviewAccepted, "", 0)
	must(t, err, "ReviewEvent accept again")
	if n := len(entries()); n != 1 {
		t.Errorf("after accepting twice: %d entries, want 1", n)
	}
	_, err = s.ReviewEvent(ctx, e.ID, truce.ReviewRejected, "misdated", got.Version)
	must(t, err, "ReviewEvent reject")
	if n := len(entries()); n != 0 {
		t.Errorf("after reject: %d entries, want 0", n)
	}
	// A disputed transfer gives a claimed entry; a planned one none.
	tests := []struct {
		status truce.Status
		want   truce.ControlStatus // "" for no entry
	}{
		{truce.StatusDisputed, truce.Claimed},
		{truce.StatusPlanned, ""},
	}
	for _, tt := range tests {
		ev := handover(src.ID)
		ev.Status = tt.status
		ev.Control.Territory = "Lachin"
		must(t, s.CreateEvent(ctx, ev), "CreateEvent")
		_, err := s.ReviewEvent(ctx, ev.ID, truce.ReviewAccepted, "", 0)
		must(t, err, "ReviewEvent")
		cs, err := s.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{ps["Lachin"].ID}})
		must(t, err, "ControlEntries")
		var found []truce.ControlEntry
		for _, c := range cs {
			if c.EventID == ev.ID {
				found = append(found, c)
			}
		}
		switch {
		case tt.want == "" && len(found) != 0:
			t.Errorf("accepted %s transfer wrote %v", tt.status, found)
		case tt.want != "" && (len(found) != 1 || found[0].Status != tt.want):
			t.Errorf("accepted %s transfer: entries %v, want one %s", tt.status, found, tt.want)
		}
	}
	// An event whose territory is unknown cannot be accepted, and stays as
	// it was; once the territory is added, it can.
	un := handover(src.ID)
	un.Control.Territory = "Zangilan"
	must(t, s.CreateEvent(ctx, un), "CreateEvent")
	_, err = s.ReviewEvent(ctx, un.ID, truce.ReviewAccepted, "", 0)
	wantCode(t, err, truce.EINVALID, "ReviewEvent unknown territory")
	if got, err := s.Event(ctx, un.ID); err != nil || got.Review != truce.ReviewCandidate || got.Version != un.Version {
		t.Errorf("failed review changed the event: %+v, %v", got, err)
	}
	must(t, s.PutTerritory(ctx, &truce.Territory{Name: "Zangilan", Kind: truce.TerritoryAdmin1, Country: "AZE"}), "PutTerritory")
	_, err = s.ReviewEvent(ctx, un.ID, truce.ReviewAccepted, "", 0)
	must(t, err, "ReviewEvent after territory added")
}

func testEvidence(t *testing.T, s truce.Store) {
	ctx := userCtx()
	putPlaces(t, s)
	a := putSource(t, s, "https://example.org/a", "Azerbaijani troops moved into Kalbajar.")
	copyA := &truce.Source{URL: "https://mirror.example.net/a", Text: "Azerbaijani troops moved into Kalbajar!", ContentHash: "copy-of-a", DuplicateOf: a.ID}
	_, err := s.PutSource(ctx, copyA)
	must(t, err, "PutSource copy")
	b := putSource(t, s, "https://example.org/b", "The Armenian side confirmed the withdrawal from Kalbajar.")
	e := handover(a.ID)
	must(t, s.CreateEvent(ctx, e), "CreateEvent")
	adds := []struct {
		ev          truce.Evidence
		wantSources int
	}{
		{truce.Evidence{SourceID: copyA.ID, Text: "Azerbaijani troops moved into Kalbajar!", End: 39}, 1},
		{truce.Evidence{SourceID: b.ID, Text: "the withdrawal from Kalbajar", Start: 28, End: 56, Stance: truce.Asserts}, 2},
		{truce.Evidence{SourceID: b.ID, Text: "Armenian officials denied any delay in the withdrawal", Stance: truce.Denies, End: 10}, 2},
	}
	for i, tt := range adds {
		ev := tt.ev
		must(t, s.AddEvidence(ctx, e.ID, &ev), "AddEvidence")
		if ev.ID == 0 {
			t.Errorf("AddEvidence %d: no id", i)
		}
		got, err := s.Event(ctx, e.ID)
		must(t, err, "Event")
		if len(got.Evidence) != i+2 || got.Sources != tt.wantSources {
			t.Errorf("after AddEvidence %d: %d pieces, %d sources; want %d, %d", i, len(got.Evidence), got.Sources, i+2, tt.wantSources)
		}
	}
	if hits, _, err := s.Events(ctx, truce.EventFilter{Text: "denied delay"}); err != nil || len(hits) != 1 {
		t.Errorf("text search over added evidence: %d hits, %v", len(hits), err)
	}
	wantCode(t, s.AddEvidence(ctx, 987654, &truce.Evidence{Text: "x", End: 1}), truce.ENOTFOUND, "AddEvidence missing event")
	wantCode(t, s.AddEvidence(ctx, e.ID, &truce.Evidence{SourceID: 987654, Text: "x", End: 1}), truce.EINVALID, "AddEvidence missing source")
	wantCode(t, s.AddEvidence(ctx, e.ID, &truce.Evidence{Text: "x", Stance: "maybe"}), truce.EINVALID, "AddEvidence bad stance")
	if got, err := s.Event(ctx, e.ID); err != nil || len(got.Evidence) != 4 {
		t.Errorf("rejected evidence was stored: %v", err)
	}
}

func testControlEntries(t *testing.T, s truce.Store) {
	ctx := userCtx()
	ps := putPlaces(t, s)
	k, l := ps["Kalbajar"].ID, ps["Lachin"].ID
	add := []truce.ControlEntry{
		{TerritoryID: k, At: truce.MustDate("2020-11-25"), Controller: azForces, From: &amForces, Note: "handover"},
		{TerritoryID: k, At: truce.MustDate("1993-04-03"), Controller: amForces, Note: "baseline"},
		{Territory: "Laçın", At: truce.MustDate("2020-12-01"), Controller: azForces, Status: truce.Claimed},
		{TerritoryID: l, At: truce.MustDate("1992-05-18"), Controller: amForces},
		{TerritoryID: k, At: truce.MustDate("2020-11-25"), Controller: azForces, Note: "confirmed by a second outlet"},
	}
	ids := make([]int64, len(add))
	for i := range add {
		c := add[i]
		must(t, s.AddControlEntry(ctx, &c), "AddControlEntry")
		if c.ID == 0 || c.CreatedBy != analyst {
			t.Errorf("AddControlEntry %d: id %d created by %q", i, c.ID, c.CreatedBy)
		}
		ids[i] = c.ID
	}
	// Ordered by territory, then day, then id.
	var want []int64
	if k < l {
		want = []int64{ids[1], ids[0], ids[4], ids[3], ids[2]}
	} else {
		want = []int64{ids[3], ids[2], ids[1], ids[0], ids[4]}
	}
	tests := []struct {
		name string
		f    truce.ControlFilter
		want []int64
	}{
		{"all", truce.ControlFilter{}, want},
		{"territory", truce.ControlFilter{TerritoryIDs: []int64{l}}, []int64{ids[3], ids[2]}},
		{"until", truce.ControlFilter{TerritoryIDs: []int64{k}, Until: truce.MustDate("2020-11-24")}, []int64{ids[1]}},
		{"until inclusive", truce.ControlFilter{TerritoryIDs: []int64{k}, Until: truce.MustDate("2020-11-25")}, []int64{ids[1], ids[0], ids[4]}},
		{"other territory", truce.ControlFilter{TerritoryIDs: []int64{ps["Aghdam"].ID}}, nil},
	}
	for _, tt := range tests {
		cs, err := s.ControlEntries(ctx, tt.f)
		must(t, err, "ControlEntries "+tt.name)
		var got []int64
		for _, c := range cs {
			got = append(got, c.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ControlEntries %s: %v, want %v", tt.name, got, tt.want)
		}
	}
	cs, err := s.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{l}})
	must(t, err, "ControlEntries")
	if c := cs[1]; c.Territory != "Lachin" || c.Status != truce.Claimed || c.Controller.Name != azForces.Name || c.EventID != 0 {
		t.Errorf("control entry round trip: %+v", c)
	}
	bad := []struct {
		name string
		c    truce.ControlEntry
	}{
		{"no territory", truce.ControlEntry{At: truce.MustDate("2020-11-25"), Controller: azForces}},
		{"unknown territory", truce.ControlEntry{Territory: "Atlantis", At: truce.MustDate("2020-11-25"), Controller: azForces}},
		{"missing territory id", truce.ControlEntry{TerritoryID: 987654, At: truce.MustDate("2020-11-25"), Controller: azForces}},
		{"no date", truce.ControlEntry{TerritoryID: k, Controller: azForces}},
		{"no controller", truce.ControlEntry{TerritoryID: k, At: truce.MustDate("2020-11-25")}},
		{"bad status", truce.ControlEntry{TerritoryID: k, At: truce.MustDate("2020-11-25"), Controller: azForces, Status: "rumoured"}},
	}
	for _, tt := range bad {
		c := tt.c
		wantCode(t, s.AddControlEntry(ctx, &c), truce.EINVALID, "AddControlEntry "+tt.name)
	}
	if cs, _ := s.ControlEntries(ctx, truce.ControlFilter{}); len(cs) != len(add) {
		t.Errorf("rejected control entries were stored: %d entries, want %d", len(cs), len(add))
	}
}

// statement returns the 10 November 2020 statement's handover obligations.
func statement() *truce.Agreement {
	return &truce.Agreement{
		ID: "ru-az-am-2020-11-10", Title: "Statement by the President of Azerbaijan, the Prime Minister of Armenia and the President of Russia",
		Signed: truce.MustDate("2020-11-09"), Effective: truce.MustDate("2020-11-10"),
		Parties: []string{"Azerbaijan", "Armenia", "Russia"}, Broker: "Russia",
		Obligations: []truce.Obligation{
			{ID: "kalbajar", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Karvachar", To: "Azerbaijan", Due: truce.MustDate("2020-11-15")},
			{ID: "aghdam", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Aghdam", To: "Azerbaijan", Due: truce.MustDate("2020-11-20")},
			{ID: "lachin", Party: "Armenia", Action: truce.ActionHandOver, Territory: "Lachin", To: "Azerbaijan", Due: truce.MustDate("2020-12-01")},
		},
	}
}

func testAgreements(t *testing.T, s truce.Store) {
	ctx := userCtx()
	ps := putPlaces(t, s)
	a := statement()
	must(t, s.PutAgreement(ctx, a), "PutAgreement")
	got, err := s.Agreement(ctx, a.ID)
	must(t, err, "Agreement")
	if got.Title != a.Title || got.Signed != a.Signed || got.Effective != a.Effective || !slices.Equal(got.Parties, a.Parties) ||
		got.Broker != "Russia" || len(got.Obligations) != 3 {
		t.Fatalf("Agreement round trip: %+v", got)
	}
	for i, o := range got.Obligations {
		w := a.Obligations[i]
		if o.ID != w.ID || o.Party != w.Party || o.Action != w.Action || o.Due != w.Due || o.To != w.To || o.AgreementID != a.ID {
			t.Errorf("obligation %d: %+v, want %+v", i, o, w)
		}
	}
	if got.Obligations[0].TerritoryID != ps["Kalbajar"].ID {
		t.Errorf("obligation territory %q resolved to %d, want %d", "Karvachar", got.Obligations[0].TerritoryID, ps["Kalbajar"].ID)
	}
	// The Kalbajar deadline was moved from 15 to 25 November on 15 November.
	am := &truce.Amendment{AgreementID: a.ID, ObligationID: "kalbajar", NewDue: truce.MustDate("2020-11-25"),
		AgreedOn: truce.MustDate("2020-11-15"), Source: "https://example.org/extension", Note: "humanitarian extension"}
	must(t, s.AddAmendment(ctx, am), "AddAmendment")
	cand := &truce.Amendment{AgreementID: a.ID, ObligationID: "lachin", NewDue: truce.MustDate("2020-12-05"),
		AgreedOn: truce.MustDate("2020-11-28"), Review: truce.ReviewCandidate,
		Evidence: &truce.Evidence{Text: "a report of a further delay", End: 26}}
	must(t, s.AddAmendment(ctx, cand), "AddAmendment candidate")
	if am.ID == 0 || cand.ID == 0 || am.Review != truce.ReviewAccepted {
		t.Errorf("AddAmendment: ids %d %d review %q", am.ID, cand.ID, am.Review)
	}
	must(t, s.ReviewAmendment(ctx, cand.ID, truce.ReviewRejected), "ReviewAmendment")
	wantCode(t, s.ReviewAmendment(ctx, cand.ID, "dubious"), truce.EINVALID, "ReviewAmendment bad state")
	wantCode(t, s.ReviewAmendment(ctx, 987654, truce.ReviewAccepted), truce.ENOTFOUND, "ReviewAmendment missing")
	wantCode(t, s.AddAmendment(ctx, &truce.Amendment{AgreementID: a.ID, ObligationID: "shusha", NewDue: 1, AgreedOn: 1}), truce.ENOTFOUND, "AddAmendment missing obligation")
	wantCode(t, s.AddAmendment(ctx, &truce.Amendment{AgreementID: a.ID, ObligationID: "kalbajar", AgreedOn: 1}), truce.EINVALID, "AddAmendment no due")

	got, err = s.Agreement(ctx, a.ID)
	must(t, err, "Agreement")
	k := got.Obligations[0]
	if len(k.Amendments) != 1 || k.Amendments[0].NewDue != am.NewDue || k.Amendments[0].Note != am.Note {
		t.Errorf("kalbajar amendments: %+v", k.Amendments)
	}
	if due, _ := k.DueAt(0); due != truce.MustDate("2020-11-25") {
		t.Errorf("kalbajar due %s, want 2020-11-25", due)
	}
	l := got.Obligations[2]
	if len(l.Amendments) != 1 || l.Amendments[0].Review != truce.ReviewRejected || l.Amendments[0].Evidence == nil ||
		l.Amendments[0].Evidence.Text != cand.Evidence.Text {
		t.Errorf("lachin amendments: %+v", l.Amendments)
	}
	// Replace: drop lachin, change aghdam, keep kalbajar and its amendment.
	r := statement()
	r.Title = "Trilateral statement of 10 November 2020"
	r.Obligations = r.Obligations[:2]
	r.Obligations[1].Description = "withdraw from the Aghdam district"
	must(t, s.PutAgreement(ctx, r), "PutAgreement replace")
	got, err = s.Agreement(ctx, a.ID)
	must(t, err, "Agreement")
	if got.Title != r.Title || len(got.Obligations) != 2 || got.Obligations[1].Description != r.Obligations[1].Description ||
		len(got.Obligations[0].Amendments) != 1 {
		t.Errorf("after replace: %+v", got)
	}
	wantCode(t, s.ReviewAmendment(ctx, cand.ID, truce.ReviewAccepted), truce.ENOTFOUND, "ReviewAmendment of a dropped obligation")

	second := &truce.Agreement{ID: "ceasefire-2020-10-10", Title: "Humanitarian ceasefire", Signed: truce.MustDate("2020-10-10"), Parties: []string{"Azerbaijan", "Armenia"}}
	must(t, s.PutAgreement(ctx, second), "PutAgreement second")
	all, err := s.Agreements(ctx)
	must(t, err, "Agreements")
	if len(all) != 2 || all[0].ID != second.ID || all[1].ID != a.ID {
		t.Errorf("Agreements by signing date: %v", all)
	}
	badAgreements := []struct {
		name string
		edit func(a *truce.Agreement)
	}{
		{"no id", func(a *truce.Agreement) { a.ID = "" }},
		{"unknown territory", func(a *truce.Agreement) { a.Obligations[0].Territory = "Atlantis" }},
		{"duplicate obligation", func(a *truce.Agreement) { a.Obligations[1].ID = a.Obligations[0].ID }},
		{"bad action", func(a *truce.Agreement) { a.Obligations[0].Action = "annex" }},
	}
	for _, tt := range badAgreements {
		b := statement()
		tt.edit(b)
		wantCode(t, s.PutAgreement(ctx, b), truce.EINVALID, "PutAgreement "+tt.name)
	}
	got, err = s.Agreement(ctx, a.ID)
	must(t, err, "Agreement")
	if got.Title != r.Title || len(got.Obligations) != 2 {
		t.Errorf("a rejected PutAgreement changed the agreement: %+v", got)
	}
}

func testAudit(t *testing.T, s truce.Store) {
	start := time.Now().Add(-time.Second)
	ctx := userCtx()
	other := truce.WithUser(context.Background(), "reviewer-rob")
	ps := putPlaces(t, s)
	src := putSource(t, s, "https://example.org/k", "Azerbaijani troops moved into Kalbajar.")
	e := handover(src.ID)
	must(t, s.CreateEvent(ctx, e), "CreateEvent")
	up := *e
	up.Notes = "edited"
	must(t, s.UpdateEvent(ctx, &up), "UpdateEvent")
	_, err := s.ReviewEvent(other, e.ID, truce.ReviewAccepted, "checked against two outlets", 0)
	must(t, err, "ReviewEvent")
	must(t, s.AddEvidence(ctx, e.ID, &truce.Evidence{SourceID: src.ID, Text: "moved into Kalbajar", End: 19}), "AddEvidence")
	c := &truce.ControlEntry{TerritoryID: ps["Aghdam"].ID, At: truce.MustDate("2020-11-20"), Controller: azForces}
	must(t, s.AddControlEntry(context.Background(), c), "AddControlEntry")
	a := statement()
	must(t, s.PutAgreement(ctx, a), "PutAgreement")
	am := &truce.Amendment{AgreementID: a.ID, ObligationID: "kalbajar", NewDue: truce.MustDate("2020-11-25"), AgreedOn: truce.MustDate("2020-11-15")}
	must(t, s.AddAmendment(ctx, am), "AddAmendment")
	must(t, s.ReviewAmendment(other, am.ID, truce.ReviewRejected), "ReviewAmendment")

	all, err := s.Audit(ctx, truce.AuditFilter{})
	must(t, err, "Audit")
	for i := 1; i < len(all); i++ {
		if all[i].ID <= all[i-1].ID || all[i].At.Before(all[i-1].At) {
			t.Errorf("Audit not oldest first at %d", i)
		}
	}
	find := func(entity, id, action string) *truce.AuditEntry {
		for i := range all {
			if a := all[i]; a.Entity == entity && a.EntityID == id && a.Action == action {
				return &all[i]
			}
		}
		return nil
	}
	eid := fmt.Sprint(e.ID)
	tests := []struct {
		entity, id, action, user string
		before, after            bool
		afterHas                 string
	}{
		{"territory", fmt.Sprint(ps["Kalbajar"].ID), "create", analyst, false, true, "Karvachar"},
		{"source", fmt.Sprint(src.ID), "create", analyst, false, true, src.URL},
		{"actor", fmt.Sprint(mustActor(t, s, azForces.Name).ID), "create", analyst, false, true, azForces.Name},
		{"event", eid, "create", analyst, false, true, "Kalbajar"},
		{"event", eid, "update", analyst, true, true, "edited"},
		{"event", eid, "review", "reviewer-rob", true, true, "checked against two outlets"},
		{"control", fmt.Sprint(c.ID), "create", truce.SystemUser, false, true, "2020-11-20"},
		{"agreement", a.ID, "create", analyst, false, true, "kalbajar"},
		{"amendment", fmt.Sprint(am.ID), "create", analyst, false, true, "2020-11-25"},
		{"amendment", fmt.Sprint(am.ID), "review", "reviewer-rob", true, true, "rejected"},
	}
	for _, tt := range tests {
		a := find(tt.entity, tt.id, tt.action)
		if a == nil {
			t.Errorf("no audit entry for %s %s %s", tt.action, tt.entity, tt.id)
			continue
		}
		if a.User != tt.user || (len(a.Before) > 0) != tt.before || (len(a.After) > 0) != tt.after ||
			!strings.Contains(string(a.After), tt.afterHas) || a.At.Before(start) {
			t.Errorf("audit %s %s %s: user %q before %s after %s", tt.action, tt.entity, tt.id, a.User, a.Before, a.After)
		}
		if tt.after && !json.Valid(a.After) || tt.before && !json.Valid(a.Before) {
			t.Errorf("audit %s %s %s: invalid JSON", tt.action, tt.entity, tt.id)
		}
	}
	if r := find("event", eid, "review"); r != nil && !strings.Contains(string(r.Before), `"candidate"`) {
		t.Errorf("review audit before lacks the old state: %s", r.Before)
	}
	// The accepted handover wrote its control entry, audited too.
	cs, err := s.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{ps["Kalbajar"].ID}})
	must(t, err, "ControlEntries")
	if len(cs) != 1 || find("control", fmt.Sprint(cs[0].ID), "create") == nil {
		t.Errorf("control entry of the accepted event is not audited: %v", cs)
	}
	filters := []struct {
		name string
		f    truce.AuditFilter
		ok   func(a truce.AuditEntry) bool
		min  int
	}{
		{"user", truce.AuditFilter{User: "reviewer-rob"}, func(a truce.AuditEntry) bool { return a.User == "reviewer-rob" }, 2},
		{"entity", truce.AuditFilter{Entity: "event"}, func(a truce.AuditEntry) bool { return a.Entity == "event" }, 3},
		{"entity id", truce.AuditFilter{Entity: "event", EntityID: eid}, func(a truce.AuditEntry) bool { return a.EntityID == eid }, 3},
		{"since", truce.AuditFilter{Since: start}, func(a truce.AuditEntry) bool { return !a.At.Before(start) }, len(all)},
		{"since future", truce.AuditFilter{Since: time.Now().Add(time.Hour)}, func(truce.AuditEntry) bool { return false }, 0},
	}
	for _, tt := range filters {
		got, err := s.Audit(ctx, tt.f)
		must(t, err, "Audit "+tt.name)
		if len(got) < tt.min {
			t.Errorf("Audit %s: %d entries, want at least %d", tt.name, len(got), tt.min)
		}
		for _, a := range got {
			if !tt.ok(a) {
				t.Errorf("Audit %s: unexpected entry %+v", tt.name, a)
			}
		}
	}
	lim, err := s.Audit(ctx, truce.AuditFilter{Limit: 2})
	must(t, err, "Audit limit")
	if len(lim) != 2 || lim[0].ID != all[0].ID {
		t.Errorf("Audit limit 2: %d entries", len(lim))
	}
	// Reads and rejected writes write nothing.
	n := len(all)
	_, _, _ = s.Events(ctx, truce.EventFilter{})
	_ = s.PutTerritory(ctx, &truce.Territory{Name: "Bad", Kind: truce.TerritoryAdmin1, Geometry: json.RawMessage(`{"type":"Point","coordinates":[1,2]}`)})
	stale := *e
	stale.Version = 1
	_ = s.UpdateEvent(ctx, &stale)
	if now, _ := s.Audit(ctx, truce.AuditFilter{}); len(now) != n {
		t.Errorf("reads and rejected writes added %d audit entries", len(now)-n)
	}
}

func mustActor(t *testing.T, s truce.Store, name string) *truce.Actor {
	t.Helper()
	a, err := s.FindActor(context.Background(), name)
	must(t, err, "FindActor "+name)
	return a
}

func testNotFound(t *testing.T, s truce.Store) {
	ctx := userCtx()
	const missing = 987654
	calls := []struct {
		name string
		call func() error
	}{
		{"Source", func() error { _, err := s.Source(ctx, missing); return err }},
		{"Territory", func() error { _, err := s.Territory(ctx, missing); return err }},
		{"FindTerritory", func() error { _, err := s.FindTerritory(ctx, "Nowhere"); return err }},
		{"FindActor", func() error { _, err := s.FindActor(ctx, "Nobody"); return err }},
		{"Event", func() error { _, err := s.Event(ctx, missing); return err }},
		{"UpdateEvent", func() error {
			return s.UpdateEvent(ctx, &truce.Event{ID: missing, SubType: truce.ArmedClash, Date: 1, Actor1: azForces})
		}},
		{"ReviewEvent", func() error { _, err := s.ReviewEvent(ctx, missing, truce.ReviewAccepted, "", 0); return err }},
		{"AddEvidence", func() error { return s.AddEvidence(ctx, missing, &truce.Evidence{Text: "x"}) }},
		{"Agreement", func() error { _, err := s.Agreement(ctx, "no-such-agreement"); return err }},
		{"AddAmendment", func() error {
			return s.AddAmendment(ctx, &truce.Amendment{AgreementID: "none", ObligationID: "none", NewDue: 1, AgreedOn: 1})
		}},
		{"ReviewAmendment", func() error { return s.ReviewAmendment(ctx, missing, truce.ReviewAccepted) }},
	}
	for _, c := range calls {
		wantCode(t, c.call(), truce.ENOTFOUND, c.name)
	}
	// Empty lists are not errors.
	if ss, err := s.Sources(ctx, truce.SourceFilter{}); err != nil || len(ss) != 0 {
		t.Errorf("Sources on an empty store: %v, %v", ss, err)
	}
	if es, n, err := s.Events(ctx, truce.EventFilter{}); err != nil || len(es) != 0 || n != 0 {
		t.Errorf("Events on an empty store: %v, %d, %v", es, n, err)
	}
	if as, err := s.Agreements(ctx); err != nil || len(as) != 0 {
		t.Errorf("Agreements on an empty store: %v, %v", as, err)
	}
}
