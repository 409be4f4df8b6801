package demo

import (
	"encoding/json"
	"io/fs"
	"math"
	"path"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// TestEvidenceSpans checks that every evidence span of every event quotes
// its report exactly at its offsets.
func TestEvidenceSpans(t *testing.T) {
	es, err := Events()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(events) {
		t.Fatalf("Events() = %d events, want %d", len(es), len(events))
	}
	for i, e := range es {
		ce := events[i]
		text, err := Report(ce.Report)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Evidence) == 0 {
			t.Errorf("%s: no evidence", ce.Key)
		}
		for _, ev := range e.Evidence {
			if ev.Start < 0 || ev.End > len(text) || ev.Start >= ev.End {
				t.Errorf("%s: span [%d,%d) outside the report (%d bytes)", ce.Key, ev.Start, ev.End, len(text))
				continue
			}
			if got := text[ev.Start:ev.End]; got != ev.Text {
				t.Errorf("%s: span [%d,%d) = %q, want %q", ce.Key, ev.Start, ev.End, got, ev.Text)
			}
			if ev.URL != ReportURL+ce.Report {
				t.Errorf("%s: evidence URL %q", ce.Key, ev.URL)
			}
		}
	}
}

func TestSpan(t *testing.T) {
	text := "One. Two words. One."
	tests := []struct {
		quote      string
		start, end int
		wantErr    string
	}{
		{"Two words.", 5, 15, ""},
		{"Three.", 0, 0, "not in the report"},
		{"One.", 0, 0, "more than once"},
	}
	for _, tt := range tests {
		ev, err := span(text, quote{Text: tt.quote})
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("span(%q) error = %v, want %q", tt.quote, err, tt.wantErr)
			}
			continue
		}
		if err != nil || ev.Start != tt.start || ev.End != tt.end {
			t.Errorf("span(%q) = [%d,%d) %v, want [%d,%d)", tt.quote, ev.Start, ev.End, err, tt.start, tt.end)
		}
	}
}

// TestReportsUsed checks that every report backs an event and every event
// names a report, and that each report has a title and dateline.
func TestReportsUsed(t *testing.T) {
	files, err := fs.Glob(caseFS, "case/reports/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, ce := range events {
		used[ce.Report] = true
	}
	for _, f := range files {
		name := path.Base(f)
		if !used[name] {
			t.Errorf("report %s backs no event", name)
		}
		delete(used, name)
		src, err := Source(name)
		if err != nil {
			t.Fatal(err)
		}
		if src.Title == "" || src.Dateline == "" || len(src.ContentHash) != 64 {
			t.Errorf("report %s: title %q dateline %q hash %q", name, src.Title, src.Dateline, src.ContentHash)
		}
		if !strings.Contains(src.Text, src.Published.Format("2006")) {
			t.Errorf("report %s: text does not mention the year of its date %s", name, src.Published.Format("2006-01-02"))
		}
	}
	for name := range used {
		t.Errorf("event names missing report %s", name)
	}
}

// TestReportWeekdays checks that every weekday a report names ("said on
// Friday") is its publication day or a day next to it.
func TestReportWeekdays(t *testing.T) {
	files, err := fs.Glob(caseFS, "case/reports/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	days := []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	for _, f := range files {
		src, err := Source(path.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		pub := int(src.Published.Weekday())
		for wd, name := range days {
			if !strings.Contains(src.Text, name) {
				continue
			}
			if d := (wd - pub + 7) % 7; d != 0 && d != 1 && d != 6 {
				t.Errorf("%s (a %s) names %s", path.Base(f), days[pub], name)
			}
		}
	}
}

// TestEventKinds checks the case's coding decisions that the timeline and
// the brief rely on.
func TestEventKinds(t *testing.T) {
	es, err := Events()
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*truce.Event{}
	keys := map[string]bool{}
	for i, e := range es {
		if keys[events[i].Key] {
			t.Errorf("duplicate event key %s", events[i].Key)
		}
		keys[events[i].Key] = true
		byKey[events[i].Key] = e
	}
	tests := []struct {
		key       string
		subtype   truce.SubEventType
		date      string
		territory string // control change, "" for none
	}{
		{"fighting-erupts", truce.ArmedClash, "2020-09-27", ""},
		{"ganja-strike", truce.ShellingArtilleryMissile, "2020-10-11", ""},
		{"jabrayil-town", truce.GovernmentRegainsTerritory, "2020-10-09", JabrayilTown},
		{"fuzuli-town", truce.GovernmentRegainsTerritory, "2020-10-17", FuzuliTown},
		{"shusha", truce.GovernmentRegainsTerritory, "2020-11-08", ShushaTown},
		{"trilateral-statement", truce.AgreementEvent, "2020-11-10", ""},
		{"yerevan-storming", truce.ViolentDemonstration, "2020-11-10", ""},
		{"peacekeepers", truce.NonViolentTransfer, "2020-11-10", LachinCorridor},
		{"yerevan-rally", truce.PeacefulProtest, "2020-11-11", ""},
		{"kalbajar-fires", truce.LootingPropertyDestruction, "2020-11-13", ""},
		{extensionKey, truce.AgreementEvent, "2020-11-15", ""},

		{"aghdam-handover", truce.NonViolentTransfer, "2020-11-20", Aghdam},
		{"kalbajar-handover", truce.NonViolentTransfer, "2020-11-25", Kalbajar},
		{"lachin-handover", truce.NonViolentTransfer, "2020-12-01", Lachin},
	}
	for _, tt := range tests {
		e := byKey[tt.key]
		if e == nil {
			t.Errorf("no event %s", tt.key)
			continue
		}
		if e.SubType != tt.subtype || e.Type != tt.subtype.Type() || e.Date.String() != tt.date {
			t.Errorf("%s: %s/%s on %s, want %s on %s", tt.key, e.Type, e.SubType, e.Date, tt.subtype, tt.date)
		}
		got := ""
		if e.Control != nil {
			got = e.Control.Territory
		}
		if got != tt.territory {
			t.Errorf("%s: control change of %q, want %q", tt.key, got, tt.territory)
		}
		if e.Review != truce.ReviewAccepted {
			t.Errorf("%s: review %s", tt.key, e.Review)
		}
	}
	if len(tests) != len(es) {
		t.Errorf("%d events, %d checked", len(es), len(tests))
	}
}

// TestActors checks the actors' coding: Nagorno-Karabakh's forces must
// never count for Azerbaijan (or Armenia) by country.
func TestActors(t *testing.T) {
	names := map[string]truce.Actor{}
	keys := map[string]string{}
	for _, a := range actors {
		if !a.Kind.Valid() {
			t.Errorf("%s: kind %q", a.Name, a.Kind)
		}
		names[a.Name] = a
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			k := fold.Key(n)
			if other, dup := keys[k]; dup {
				t.Errorf("name %q of %s is also a name of %s", n, a.Name, other)
			}
			keys[k] = a.Name
		}
	}
	nk := names[KarabakhForce]
	if nk.Country == "AZE" && (nk.Kind == truce.KindStateForces || nk.Kind == truce.KindGovernment || nk.Kind == truce.KindExternalForces) {
		t.Errorf("%s would count as Azerbaijan: %+v", KarabakhForce, nk)
	}
	for _, n := range []string{AzerbaijanForce, ArmeniaForce, KarabakhForce, RussiaForce, Azerbaijan, Armenia, Russia} {
		if _, ok := names[n]; !ok {
			t.Errorf("no actor %s", n)
		}
	}
	for _, alias := range []string{"Azerbaijani army", "Azerbaijani troops", "Azerbaijani forces"} {
		if keys[fold.Key(alias)] != AzerbaijanForce {
			t.Errorf("alias %q → %q, want %s", alias, keys[fold.Key(alias)], AzerbaijanForce)
		}
	}
	if keys[fold.Key("Russian peacekeepers")] != RussiaForce {
		t.Errorf("Russian peacekeepers → %q", keys[fold.Key("Russian peacekeepers")])
	}
}

// TestTerritories checks that every territory has a valid polygon and that
// each district is found by its common spellings.
func TestTerritories(t *testing.T) {
	ts, err := Territories()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, tr := range ts {
		var g struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		}
		if err := json.Unmarshal(tr.Geometry, &g); err != nil || (g.Type != "Polygon" && g.Type != "MultiPolygon") {
			t.Errorf("%s: geometry %s %v", tr.Name, g.Type, err)
		}
		for _, n := range append([]string{tr.Name}, tr.Aliases...) {
			k := fold.Key(n)
			if other, dup := keys[k]; dup && other != tr.Name {
				t.Errorf("name %q of %s is also a name of %s", n, tr.Name, other)
			}
			keys[k] = tr.Name
		}
	}
	spellings := []struct{ spelling, want string }{
		{"Agdam", Aghdam}, {"Ağdam", Aghdam}, {"AGHDAM", Aghdam},
		{"Kəlbəcər", Kalbajar}, {"Kelbajar", Kalbajar}, {"Karvachar", Kalbajar},
		{"Laçın", Lachin}, {"Berdzor", Lachin},
		{"Füzuli", Fuzuli}, {"Fizuli", Fuzuli},
		{"Cəbrayıl", Jabrayil}, {"Jebrail", Jabrayil},
		{"Zəngilan", Zangilan}, {"Qubadlı", Qubadli}, {"Kubatly", Qubadli},
		{"Shushi", ShushaTown}, {"Şuşa", ShushaTown}, {"NKAO", NagornoKarabakh},
		{"Lachin Corridor", LachinCorridor},
	}
	for _, s := range spellings {
		if got := keys[fold.Key(s.spelling)]; got != s.want {
			t.Errorf("%q finds %q, want %q", s.spelling, got, s.want)
		}
	}
}

// TestCorridorStrip checks the corridor's polygon: as wide as asked at each
// vertex and following the road.
func TestCorridorStrip(t *testing.T) {
	for _, width := range []float64{2, 5} {
		g, err := strip(corridorPath, width)
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Coordinates [][]lonLat `json:"coordinates"`
		}
		if err := json.Unmarshal(g, &p); err != nil {
			t.Fatal(err)
		}
		ring := p.Coordinates[0]
		n := len(corridorPath)
		if len(ring) != 2*n+1 || ring[0] != ring[len(ring)-1] {
			t.Fatalf("ring of %d points, want %d, closed", len(ring), 2*n+1)
		}
		// the ends are flat: right[0] and left[0] are width apart
		for _, pair := range [][2]lonLat{{ring[0], ring[2*n-1]}, {ring[n-1], ring[n]}} {
			if d := distanceKm(pair[0], pair[1]); math.Abs(d-width) > 0.05*width {
				t.Errorf("width %v: end width %.2f km", width, d)
			}
		}
		// every vertex of the road lies midway between its two offsets
		for i, c := range corridorPath {
			r, l := ring[i], ring[2*n-1-i]
			if dr, dl := distanceKm(c, r), distanceKm(c, l); math.Abs(dr-dl) > 0.01 || dr < width/2*0.99 {
				t.Errorf("width %v: vertex %d offsets %.2f and %.2f km", width, i, dr, dl)
			}
		}
	}
	// the corridor covers the road's towns but not Shusha (point 6)
	g, err := strip(corridorPath, corridorWidthKm)
	if err != nil {
		t.Fatal(err)
	}
	var gp struct {
		Coordinates [][]lonLat `json:"coordinates"`
	}
	if err := json.Unmarshal(g, &gp); err != nil {
		t.Fatal(err)
	}
	var ring orb.Ring
	for _, c := range gp.Coordinates[0] {
		ring = append(ring, orb.Point{c[0], c[1]})
	}
	poly := orb.Polygon{ring}
	places := []struct {
		name   string
		pt     orb.Point
		inside bool
	}{
		{"Stepanakert", orb.Point{46.752, 39.815}, true},
		{"Lachin", orb.Point{46.5505, 39.5988}, true},
		{"Shusha", orb.Point{46.7489, 39.7583}, false},
		{"Goris", orb.Point{46.338, 39.508}, false},
	}
	for _, p := range places {
		if got := planar.PolygonContains(poly, p.pt); got != p.inside {
			t.Errorf("corridor contains %s: %v, want %v", p.name, got, p.inside)
		}
	}
	if _, err := strip(corridorPath[:1], 5); err == nil {
		t.Error("strip of one point: no error")
	}
	if _, err := strip([]lonLat{{1, 1}, {1, 1}}, 5); err == nil {
		t.Error("strip of coinciding points: no error")
	}
	f, err := CorridorFeature()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(f), `"approximate":true`) {
		t.Errorf("corridor feature does not say it is approximate: %.200s", f)
	}
}

func TestDisc(t *testing.T) {
	c := lonLat{47.0, 39.4}
	g, err := disc(c, 2, 16)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Coordinates [][]lonLat `json:"coordinates"`
	}
	if err := json.Unmarshal(g, &p); err != nil {
		t.Fatal(err)
	}
	for _, v := range p.Coordinates[0] {
		if d := distanceKm(c, v); math.Abs(d-2) > 0.02 {
			t.Errorf("vertex %v at %.3f km, want 2", v, d)
		}
	}
	if _, err := disc(c, 0, 16); err == nil {
		t.Error("disc of radius 0: no error")
	}
}

// polygons decodes a GeoJSON Polygon or MultiPolygon.
func polygons(t *testing.T, raw json.RawMessage) orb.MultiPolygon {
	t.Helper()
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	var rings [][][]lonLat
	switch g.Type {
	case "Polygon":
		var p [][]lonLat
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			t.Fatal(err)
		}
		rings = [][][]lonLat{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &rings); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("geometry type %s", g.Type)
	}
	var mp orb.MultiPolygon
	for _, p := range rings {
		var poly orb.Polygon
		for _, r := range p {
			var ring orb.Ring
			for _, c := range r {
				ring = append(ring, orb.Point{c[0], c[1]})
			}
			poly = append(poly, ring)
		}
		mp = append(mp, poly)
	}
	return mp
}

// TestEventLocations checks that each event located in one of the case's
// territories (by its admin1 or its control change) lies inside its
// polygon, which catches swapped or mistyped coordinates.
func TestEventLocations(t *testing.T) {
	ts, err := Territories()
	if err != nil {
		t.Fatal(err)
	}
	shapes := map[string]orb.MultiPolygon{}
	for _, tr := range ts {
		shapes[tr.Name] = polygons(t, tr.Geometry)
	}
	es, err := Events()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i, e := range es {
		pt := orb.Point{e.Location.Lon, e.Location.Lat}
		names := []string{e.Location.Admin1}
		if e.Control != nil {
			names = append(names, e.Control.Territory)
		}
		for _, n := range names {
			mp, ok := shapes[n]
			if !ok {
				continue
			}
			checked++
			// Natural Earth's district outlines are coarse: a town on a
			// district's edge may fall a little outside it.
			if !planar.MultiPolygonContains(mp, pt) && distanceToEdges(mp, pt) > 3 {
				t.Errorf("%s: %s (%v) is %.1f km outside %s", events[i].Key, e.Location.Name, pt, distanceToEdges(mp, pt), n)
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d locations checked", checked)
	}
}

// distanceToEdges is the distance in km from pt to the nearest vertex of
// mp's rings, an upper bound of the distance to its boundary that is
// close for the dense rings of the case.
func distanceToEdges(mp orb.MultiPolygon, pt orb.Point) float64 {
	best := math.Inf(1)
	for _, p := range mp {
		for _, r := range p {
			for _, v := range r {
				best = math.Min(best, distanceKm(lonLat{pt[0], pt[1]}, lonLat{v[0], v[1]}))
			}
		}
	}
	return best
}
