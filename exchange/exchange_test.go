package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/demo"
	"github.com/truce-monitor/truce/exchange"
	"github.com/truce-monitor/truce/sqlite"
)

func newStore(t testing.TB) *sqlite.DB {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// countries puts the country territories the fixtures name.
func countries(t testing.TB, s truce.Store) {
	t.Helper()
	for _, tr := range []*truce.Territory{
		{Name: "Azerbaijan", Kind: truce.TerritoryCountry, Country: "AZE", Code: "AZE"},
		{Name: "Armenia", Kind: truce.TerritoryCountry, Country: "ARM", Code: "ARM"},
	} {
		if err := s.PutTerritory(context.Background(), tr); err != nil {
			t.Fatal(err)
		}
	}
}

func importFile(t *testing.T, s truce.Store, path string, f exchange.Format) (exchange.Result, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return exchange.Import(context.Background(), s, bytes.NewReader(b), exchange.ImportOptions{Format: f, Name: filepath.Base(path)})
}

func allEvents(t testing.TB, s truce.Store) []*truce.Event {
	t.Helper()
	es, _, err := s.Events(context.Background(), truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestImportACLED(t *testing.T) {
	s := newStore(t)
	countries(t, s)
	res, err := importFile(t, s, "testdata/acled-small.csv", exchange.ACLEDCSV)
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 3 || res.Sources != 2 {
		t.Fatalf("result %+v, want 3 events from 2 sources", res)
	}
	es := allEvents(t, s)
	tests := []struct {
		i                int
		date             string
		prec             truce.Precision
		sub              truce.SubEventType
		actor2, kind2    string
		country          string
		fatalities       *truce.Range
		evidence, outlet string
	}{
		{0, "2020-10-04", truce.PrecisionDay, truce.ShellingArtilleryMissile, "Civilians (Azerbaijan)", "civilians", "AZE", &truce.Range{Low: 1, High: 1},
			"Made-up test row: rockets were reported to have hit a residential area of the city.", "Made-up Wire"},
		{1, "2020-10-09", truce.PrecisionWeek, truce.ArmedClash, "Military Forces of Nagorno-Karabakh", "rebel_group", "AZE", &truce.Range{},
			"Made-up test row: fighting was reported along the southern front.", "Made-up Wire; Second Paper"},
		{2, "2020-11-10", truce.PrecisionDay, truce.AgreementEvent, "Government of Armenia", "state_forces", "AZE", nil,
			"ACLED event TST3", "Made-up Wire"},
	}
	for _, tc := range tests {
		e := es[tc.i]
		if e.Date.String() != tc.date || e.DatePrecision != tc.prec || e.SubType != tc.sub || e.Review != truce.ReviewAccepted {
			t.Errorf("event %d: %s p%d %s %s", tc.i, e.Date, e.DatePrecision, e.SubType, e.Review)
		}
		if e.Actor2 == nil || e.Actor2.Name != tc.actor2 || string(e.Actor2.Kind) != tc.kind2 {
			t.Errorf("event %d: actor2 %+v, want %s (%s)", tc.i, e.Actor2, tc.actor2, tc.kind2)
		}
		if e.Location.Country != tc.country {
			t.Errorf("event %d: country %q, want %q", tc.i, e.Location.Country, tc.country)
		}
		if (e.Fatalities == nil) != (tc.fatalities == nil) || e.Fatalities != nil && *e.Fatalities != *tc.fatalities {
			t.Errorf("event %d: fatalities %v, want %v", tc.i, e.Fatalities, tc.fatalities)
		}
		if len(e.Evidence) != 1 || e.Evidence[0].Text != tc.evidence || e.Evidence[0].Outlet != tc.outlet {
			t.Errorf("event %d: evidence %+v, want %q from %q", tc.i, e.Evidence, tc.evidence, tc.outlet)
		}
	}
	au, err := s.Audit(context.Background(), truce.AuditFilter{Entity: "event"})
	if err != nil {
		t.Fatal(err)
	}
	if len(au) != 1 || au[0].Action != "import" {
		t.Errorf("audit %+v, want one import entry", au)
	}
}

func TestImportUCDP(t *testing.T) {
	s := newStore(t)
	countries(t, s)
	if _, err := importFile(t, s, "testdata/ucdp-small.csv", exchange.UCDPCSV); err != nil {
		t.Fatal(err)
	}
	es := allEvents(t, s)
	if len(es) != 2 {
		t.Fatalf("%d events, want 2", len(es))
	}
	clash, attack := es[0], es[1]
	if clash.SubType != truce.ArmedClash || clash.Actor1.Kind != truce.KindStateForces || clash.Actor2.Kind != truce.KindRebelGroup {
		t.Errorf("state-based row: %s %+v %+v", clash.SubType, clash.Actor1, clash.Actor2)
	}
	if *clash.Fatalities != (truce.Range{Low: 4, High: 9}) || !strings.Contains(clash.Notes, "best estimate 5") {
		t.Errorf("state-based row: fatalities %v notes %q", clash.Fatalities, clash.Notes)
	}
	if clash.Location.Country != "AZE" || clash.Location.Precision != truce.GeoExact || clash.Evidence[0].Outlet != "Made-up Wire" {
		t.Errorf("state-based row: location %+v evidence %+v", clash.Location, clash.Evidence)
	}
	if attack.SubType != truce.Attack || attack.Actor2.Kind != truce.KindCivilians || attack.DatePrecision != truce.PrecisionWeek ||
		attack.DateEnd.String() != "2020-10-12" || attack.Evidence[0].Outlet != "UCDP GED" || attack.Location.Precision != truce.GeoNear {
		t.Errorf("one-sided row: %+v", attack)
	}
}

func TestImportInvalidStoresNothing(t *testing.T) {
	tests := []struct {
		file  string
		f     exchange.Format
		lines []int
		want  []string
	}{
		{"acled-bad.csv", exchange.ACLEDCSV, []int{3, 4, 5}, []string{`bad date "2020-02-31"`, "coordinates out of range", `unknown sub-event type "Tank parade"`}},
		{"ucdp-bad.csv", exchange.UCDPCSV, []int{2, 3, 4}, []string{`type_of_violence "4"`, `bad date "2020-13-02"`, "bad count range 9–2"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			s := newStore(t)
			_, err := importFile(t, s, filepath.Join("testdata", tc.file), tc.f)
			var ve *exchange.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v, want a *ValidationError", err)
			}
			var lines []int
			for i, r := range ve.Rows {
				lines = append(lines, r.Line)
				if i < len(tc.want) && !strings.Contains(r.Message, tc.want[i]) {
					t.Errorf("line %d: %q, want it to say %q", r.Line, r.Message, tc.want[i])
				}
			}
			if !slices.Equal(lines, tc.lines) {
				t.Errorf("bad lines %v, want %v", lines, tc.lines)
			}
			if es := allEvents(t, s); len(es) != 0 {
				t.Errorf("%d events stored from an invalid file", len(es))
			}
			if ss, _ := s.Sources(context.Background(), truce.SourceFilter{}); len(ss) != 0 {
				t.Errorf("%d sources stored from an invalid file", len(ss))
			}
		})
	}
}

func TestImportBadFiles(t *testing.T) {
	tests := []struct {
		name, data string
		f          exchange.Format
		want       string
	}{
		{"empty", "", exchange.ACLEDCSV, "empty file"},
		{"header only", strings.Join(exchange.Columns, ",") + "\n", exchange.ACLEDCSV, "no rows"},
		{"not acled", "a,b,c\n1,2,3\n", exchange.ACLEDCSV, "no column event_date"},
		{"not ucdp", "a,b,c\n1,2,3\n", exchange.UCDPCSV, "no column type_of_violence"},
		{"bad json", "{\"subtype\":\n", exchange.JSONL, "line 1: not a JSON event"},
		{"bad format", "x", "xml", "want acled-csv, ucdp-csv or jsonl"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			_, err := exchange.Import(context.Background(), s, strings.NewReader(tc.data), exchange.ImportOptions{Format: tc.f, Name: "f"})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// copyTerritories gives b the territories of a, as a fresh record seeded
// from the same boundaries would have them.
func copyTerritories(t *testing.T, a, b truce.Store) {
	t.Helper()
	ctx := context.Background()
	ts, err := a.Territories(ctx, truce.TerritoryFilter{Geometry: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range ts {
		tr.ID, tr.ParentID, tr.BBox = 0, 0, nil
		if err := b.PutTerritory(ctx, tr); err != nil {
			t.Fatal(err)
		}
	}
}

func export(t *testing.T, s truce.Store, f exchange.Format, filter truce.EventFilter) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := exchange.Export(context.Background(), s, &buf, exchange.ExportOptions{Format: f, Filter: filter, PageSize: 7}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// normalise blanks the ids and timestamps of an export.
func normalise(t *testing.T, f exchange.Format, b []byte) string {
	t.Helper()
	switch f {
	case exchange.ACLEDCSV:
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			r[0], r[slices.Index(exchange.Columns, "timestamp")] = "", ""
		}
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		w.WriteAll(rows)
		return out.String()
	default:
		var out []string
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"id", "version", "created_at", "updated_at"} {
				delete(m, k)
			}
			if c, ok := m["control"].(map[string]any); ok {
				delete(c, "territory_id")
			}
			for _, ev := range m["evidence"].([]any) {
				for _, k := range []string{"id", "event_id", "source_id"} {
					delete(ev.(map[string]any), k)
				}
			}
			nb, _ := json.Marshal(m)
			out = append(out, string(nb))
		}
		return strings.Join(out, "\n")
	}
}

// TestRoundTrip exports the demonstration record, imports the file into a
// fresh record and exports again: the two files are the same apart from
// ids and timestamps.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := newStore(t)
	if err := demo.Build(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, f := range []exchange.Format{exchange.ACLEDCSV, exchange.JSONL} {
		t.Run(string(f), func(t *testing.T) {
			first := export(t, a, f, truce.EventFilter{})
			b := newStore(t)
			copyTerritories(t, a, b)
			res, err := exchange.Import(ctx, b, bytes.NewReader(first), exchange.ImportOptions{Format: f, Name: "demo." + string(f)})
			if err != nil {
				t.Fatal(err)
			}
			_, total, _ := a.Events(ctx, truce.EventFilter{Limit: 1})
			if res.Events != total || total < 10 {
				t.Fatalf("imported %d of %d events", res.Events, total)
			}
			second := export(t, b, f, truce.EventFilter{})
			n1, n2 := normalise(t, f, first), normalise(t, f, second)
			if n1 != n2 {
				l1, l2 := strings.Split(n1, "\n"), strings.Split(n2, "\n")
				for i := range min(len(l1), len(l2)) {
					if l1[i] != l2[i] {
						t.Fatalf("line %d differs:\n%s\n%s", i+1, l1[i], l2[i])
					}
				}
				t.Fatalf("%d lines, then %d", len(l1), len(l2))
			}
			// control of territory follows the imported events
			ca, _ := a.ControlEntries(ctx, truce.ControlFilter{})
			cb, _ := b.ControlEntries(ctx, truce.ControlFilter{})
			if ev := func(cs []truce.ControlEntry) (n int) {
				for _, c := range cs {
					if c.EventID != 0 {
						n++
					}
				}
				return n
			}; ev(ca) != ev(cb) || ev(ca) == 0 {
				t.Errorf("control entries of events: %d, after the round trip %d", ev(ca), ev(cb))
			}
		})
	}
}

func TestExportFilters(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := demo.Build(ctx, s); err != nil {
		t.Fatal(err)
	}
	first, all, _ := s.Events(ctx, truce.EventFilter{Limit: 1})
	if _, err := s.ReviewEvent(ctx, first[0].ID, truce.ReviewCandidate, "test: back to review", 0); err != nil {
		t.Fatal(err)
	}
	from, to := truce.MustDate("2020-11-10"), truce.MustDate("2020-11-30")
	box, err := exchange.ParseBBox("46.0,39.5,47.0,40.5")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    truce.EventFilter
		ok   func(e map[string]string) bool
	}{
		{"all", truce.EventFilter{}, func(map[string]string) bool { return true }},
		{"dates", truce.EventFilter{From: from, To: to}, func(e map[string]string) bool {
			return e["event_date"] >= "2020-11-10" && e["event_date"] <= "2020-11-30"
		}},
		{"bbox", truce.EventFilter{BBox: box}, func(e map[string]string) bool {
			return e["longitude"] >= "46" && e["longitude"] <= "47" && e["latitude"] >= "39.5" && e["latitude"] <= "40.5"
		}},
		{"accepted", truce.EventFilter{Review: []truce.ReviewState{truce.ReviewAccepted}}, func(e map[string]string) bool {
			return e["review"] == "accepted"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := csv.NewReader(bytes.NewReader(export(t, s, exchange.ACLEDCSV, tc.f))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rows[0], exchange.Columns) {
				t.Fatalf("header %v", rows[0])
			}
			_, want, _ := s.Events(ctx, truce.EventFilter{From: tc.f.From, To: tc.f.To, BBox: tc.f.BBox, Review: tc.f.Review, Limit: 1})
			if len(rows)-1 != want || want == 0 || (tc.name != "all" && want == all) {
				t.Errorf("%d rows, want %d (of %d)", len(rows)-1, want, all)
			}
			for _, r := range rows[1:] {
				m := map[string]string{}
				for i, c := range exchange.Columns {
					m[c] = r[i]
				}
				if !tc.ok(m) {
					t.Errorf("row outside the filter: %v", r[:6])
				}
			}
			var fc struct {
				Type     string `json:"type"`
				Features []struct {
					Geometry struct {
						Coordinates []float64 `json:"coordinates"`
					} `json:"geometry"`
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal(export(t, s, exchange.GeoJSON, tc.f), &fc); err != nil {
				t.Fatalf("geojson: %v", err)
			}
			if fc.Type != "FeatureCollection" || len(fc.Features) != want {
				t.Errorf("geojson: %s with %d features, want %d", fc.Type, len(fc.Features), want)
			}
			for _, ft := range fc.Features {
				if ft.Geometry.Coordinates[0] != ft.Properties["longitude"] {
					t.Errorf("geojson: point %v, longitude %v", ft.Geometry.Coordinates, ft.Properties["longitude"])
				}
			}
		})
	}
}

func TestParseBBox(t *testing.T) {
	tests := []struct {
		in   string
		want *truce.BBox
		err  string
	}{
		{"45,38.5,48,41", &truce.BBox{MinLon: 45, MinLat: 38.5, MaxLon: 48, MaxLat: 41}, ""},
		{"45,38.5,48", nil, "want minlon,minlat,maxlon,maxlat"},
		{"45,x,48,41", nil, `"x" is not a number`},
		{"45,38,200,41", nil, "out of range"},
		{"48,38,45,41", nil, "minimum above maximum"},
	}
	for _, tc := range tests {
		b, err := exchange.ParseBBox(tc.in)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || *b != *tc.want):
			t.Errorf("%q: %v %v, want %v", tc.in, b, err, tc.want)
		}
	}
}

// TestRoundTripNearDuplicates: reports without URLs stay apart and a wire
// copy still counts once among an event's sources after a round trip.
func TestRoundTripNearDuplicates(t *testing.T) {
	ctx := context.Background()
	a := newStore(t)
	var ids []int64
	for i, text := range []string{
		"BAKU — Made-up wire report: troops entered the district on Friday.",
		"BAKU — Made-up wire report: troops entered the district on Friday. Reporting by the bureau.",
		"YEREVAN — Made-up local report: forces took control of the district.",
	} {
		src := &truce.Source{Text: text, ContentHash: fmt.Sprintf("hash-%d", i)}
		if i == 1 {
			src.DuplicateOf = ids[0]
		}
		if _, err := a.PutSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, src.ID)
	}
	e := &truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-11-20"), Actor1: truce.Actor{Name: "Military Forces of Azerbaijan"},
		Location: truce.Location{Name: "Made-up Town", Lat: 40, Lon: 47}, Review: truce.ReviewAccepted}
	for _, id := range ids {
		e.Evidence = append(e.Evidence, truce.Evidence{SourceID: id, Text: "troops entered the district", End: 27})
	}
	if err := a.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	first := export(t, a, exchange.ACLEDCSV, truce.EventFilter{})
	b := newStore(t)
	if _, err := exchange.Import(ctx, b, bytes.NewReader(first), exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "near.csv"}); err != nil {
		t.Fatal(err)
	}
	es := allEvents(t, b)
	if len(es) != 1 || es[0].Sources != 2 || len(es[0].Evidence) != 3 {
		t.Fatalf("after import: %d events, %d sources: want one event, 3 pieces of evidence, 2 independent sources", len(es), es[0].Sources)
	}
	if n1, n2 := normalise(t, exchange.ACLEDCSV, first), normalise(t, exchange.ACLEDCSV, export(t, b, exchange.ACLEDCSV, truce.EventFilter{})); n1 != n2 {
		t.Errorf("round trip changed the file:\n%s\n%s", n1, n2)
	}
}
