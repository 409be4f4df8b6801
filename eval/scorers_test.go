package eval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
)

// scripted is an Extractor that answers from a table keyed by the start of
// the text; unknown texts give no events.
type scripted map[string][]truce.Event

func (s scripted) Extract(_ context.Context, text string, _ truce.Date) ([]truce.Event, error) {
	for k, ev := range s {
		if strings.HasPrefix(text, k) {
			return ev, nil
		}
	}
	return nil, nil
}

func ev(sub truce.SubEventType, date string, lat, lon float64, country string, fat *truce.Range, conf float64) truce.Event {
	e := truce.Event{SubType: sub, Type: sub.Type(), Location: truce.Location{Lat: lat, Lon: lon},
		Actor1: truce.Actor{Country: country}, Fatalities: fat, Confidence: conf}
	if date != "" {
		e.Date = truce.MustDate(date)
	}
	return e
}

func checkRatio(t *testing.T, name string, got Ratio, hit, total int) {
	t.Helper()
	if got.Hit != hit || got.Total != total {
		t.Errorf("%s = %d/%d, want %d/%d", name, got.Hit, got.Total, hit, total)
	}
}

func checkAvg(t *testing.T, name string, got Averages, p, r, f1, macro float64) {
	t.Helper()
	if !near(got.MicroPrecision, p, 1e-3) || !near(got.MicroRecall, r, 1e-3) || !near(got.MicroF1, f1, 1e-3) || !near(got.MacroF1, macro, 1e-3) {
		t.Errorf("%s = P %.3f R %.3f F1 %.3f macro %.3f, want %.3f %.3f %.3f %.3f",
			name, got.MicroPrecision, got.MicroRecall, got.MicroF1, got.MacroF1, p, r, f1, macro)
	}
}

func TestReadACLED(t *testing.T) {
	rows, err := ReadACLED("testdata/acled.jsonl", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id      string
		sub     truce.SubEventType
		types   int
		country string
		fatSet  bool
	}{
		{"fixture:AZE1", truce.ArmedClash, 1, "AZE", true},
		{"fixture:ARM2", truce.PeacefulProtest, 1, "ARM", true},
		{"fixture:AZE3", truce.NonViolentTransfer, 1, "AZE", true},
		{"fixture:UKR4", truce.ShellingArtilleryMissile, 1, "UKR", false},
		{"oldfix:5", "", 2, "IND", true},
		{"oldfix:6", truce.ArmedClash, 1, "IND", true},
	}
	if len(rows) != len(want) {
		t.Fatalf("read %d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := &rows[i]
		if r.ID != w.id || r.SubType() != w.sub || len(r.EventTypes()) != w.types || r.Actor1Country() != w.country || r.Gold.Fatalities.Set != w.fatSet {
			t.Errorf("row %d = %s sub %q types %v country %q fatalities set %v; want %+v",
				i, r.ID, r.SubType(), r.EventTypes(), r.Actor1Country(), r.Gold.Fatalities.Set, w)
		}
	}
	if rows[2].Gold.Latitude.V != 40.1 || rows[0].Gold.Latitude.V != 39.6 {
		t.Errorf("latitudes = %v, %v: numbers and quoted numbers must both parse", rows[2].Gold.Latitude, rows[0].Gold.Latitude)
	}
	if got, err := ReadACLED("testdata/acled.jsonl", 2); err != nil || len(got) != 2 {
		t.Errorf("limit 2: %d rows, %v", len(got), err)
	}
	// A folder reads its *.jsonl files.
	if got, err := ReadACLED("testdata", 0); err != nil || len(got) != len(want) {
		t.Errorf("folder: %d rows, %v", len(got), err)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		read func() error
		want string
	}{
		{"acled missing file", func() error { _, err := ReadACLED(filepath.Join(dir, "nope.jsonl"), 0); return err }, "no such file"},
		{"acled bad json", func() error {
			_, err := ReadACLED(write("bad.jsonl", "{\"id\":\"x\",\"text\":\"t\"}\n{broken\n"), 0)
			return err
		}, "bad.jsonl:2"},
		{"acled bad number", func() error {
			_, err := ReadACLED(write("num.jsonl", `{"id":"x","text":"t","gold":{"latitude":"north"}}`+"\n"), 0)
			return err
		}, "num.jsonl:1"},
		{"acled no text", func() error { _, err := ReadACLED(write("empty.jsonl", `{"id":"x"}`+"\n"), 0); return err }, "has no text"},
		{"acled empty folder", func() error { _, err := ReadACLED(t.TempDir(), 0); return err }, "no *.jsonl"},
		{"case unknown label", func() error {
			_, err := ReadCase(write("c.tsv", "id\tEventSnippet\tSubType\n1\tsome text\tFOOTBALL\n"), 0)
			return err
		}, "unknown label"},
		{"case wrong fields", func() error { _, err := ReadCase(write("c2.tsv", "1\tonly two\n"), 0); return err }, "want 3"},
		{"ucdp not ucdp", func() error { _, err := ReadUCDP(write("u.csv", "a,b\n1,2\n"), 0); return err }, "not a UCDP GED file"},
		{"ucdp bad latitude", func() error {
			data, _ := os.ReadFile("testdata/ucdp.csv")
			_, err := ReadUCDP(write("u2.csv", strings.Replace(string(data), "48.0159", "forty", 1)), 0)
			return err
		}, "latitude"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.read()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func acledScript() scripted {
	return scripted{
		"On 27 September 2020": {ev(truce.ArmedClash, "2020-09-27", 39.62, 47.14, "AZE", &truce.Range{Low: 5, High: 7}, 0.9)},
		"On 10 November 2020": {
			ev(truce.ViolentDemonstration, "2020-11-09", 40.18, 44.51, "ARM", nil, 0.9),
			ev(truce.PeacefulProtest, "2020-11-09", 40.18, 44.51, "ARM", nil, 0.5),
		},
		"On 3 May 2020":     {ev(truce.ArmedClash, "2020-05-03", 48.72, 37.56, "RUS", nil, 0.8)},
		"Two rival student": {ev(truce.MobViolence, "2015-03-10", 0, 0, "IND", nil, 0.6)},
		"Security forces":   {ev(truce.ArmedClash, "2015-06-02", 0, 0, "", &truce.Range{Low: 1, High: 1}, 0.7)},
	}
}

func TestScoreACLED(t *testing.T) {
	rows, err := ReadACLED("testdata/acled.jsonl", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 3} {
		rep, err := ScoreACLED(context.Background(), acledScript(), rows, Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		checkAvg(t, "best match", rep.SubEvent, 0.75, 0.6, 2*0.75*0.6/1.35, (0.8+1+0+0)/4)
		checkAvg(t, "top-1", rep.SubEventTop1, 0.5, 0.4, 2*0.5*0.4/0.9, 0.8/5)
		if rep.OldSchemaMapped != 1 || rep.OldSchemaSkipped != 1 {
			t.Errorf("old schema mapped %d skipped %d, want 1 1", rep.OldSchemaMapped, rep.OldSchemaSkipped)
		}
		checkRatio(t, "event type", rep.EventType, 4, 6)
		checkRatio(t, "location", rep.Location, 2, 6)
		checkRatio(t, "location, town precision", rep.LocationByPrecision[0], 1, 4)
		if rep.LocationMissing != 2 {
			t.Errorf("location missing = %d, want 2", rep.LocationMissing)
		}
		checkRatio(t, "date", rep.Date, 4, 6)
		checkRatio(t, "date explicit", rep.DateExplicit, 2, 4)
		checkRatio(t, "date implicit", rep.DateImplicit, 2, 2)
		checkRatio(t, "actor1 country", rep.Actor1Country, 3, 6)
		checkRatio(t, "fatalities", rep.Fatalities, 4, 5)
		checkRatio(t, "no event", rep.NoEvent, 1, 6)
		if rep.EventsPerRow != 1 {
			t.Errorf("events per row = %v, want 1", rep.EventsPerRow)
		}
		if len(rep.BySource) != 2 || rep.BySource[0].Source != "fixture" || rep.BySource[0].Rows != 4 {
			t.Errorf("by source = %+v", rep.BySource)
		}
		var sb strings.Builder
		if err := rep.WriteTable(&sb); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"Armed clash", "Non-violent transfer of territory", "(no event)", "0.667 (4/6)"} {
			if !strings.Contains(sb.String(), s) {
				t.Errorf("table lacks %q:\n%s", s, sb.String())
			}
		}
	}
}

func TestScoreErrorsAndPanics(t *testing.T) {
	rows, err := ReadACLED("testdata/acled.jsonl", 0)
	if err != nil {
		t.Fatal(err)
	}
	x := ExtractorFunc(func(_ context.Context, text string, _ truce.Date) ([]truce.Event, error) {
		switch {
		case strings.HasPrefix(text, "On 27"):
			panic("boom")
		case strings.HasPrefix(text, "On 10"):
			return nil, errors.New("cannot read")
		}
		return []truce.Event{ev(truce.ArmedClash, "", 0, 0, "", nil, 1)}, nil
	})
	rep, err := ScoreACLED(context.Background(), x, rows, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 2 || rep.NoEvent.Hit != 2 {
		t.Errorf("errors %d, no event %v; want 2 and 2", rep.Errors, rep.NoEvent)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ScoreACLED(ctx, x, rows, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: err = %v", err)
	}
}

func TestScoreCase(t *testing.T) {
	rows, err := ReadCase("testdata/case.tsv", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0].SubType() != truce.AirDroneStrike || !rows[4].Distractor() {
		t.Fatalf("rows = %+v", rows)
	}
	x := scripted{
		"Drones struck":     {ev(truce.AirDroneStrike, "", 0, 0, "", nil, 1)},
		"Government troops": {ev(truce.ArmedClash, "", 0, 0, "", nil, 1)},
		"Hundreds of":       {ev(truce.PeacefulProtest, "", 0, 0, "", nil, 1)},
		"The foreign":       {ev(truce.AgreementEvent, "", 0, 0, "", nil, 1)},
		"Police seized":     {ev(truce.OtherDevelopment, "", 0, 0, "", nil, 1)},
	}
	rep, err := ScoreCase(context.Background(), x, rows, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkAvg(t, "ACLED types", rep.ACLED, 2.0/3, 2.0/3, 2.0/3, 0.5)
	checkAvg(t, "with distractors", rep.WithDistractors, 0.5, 2.0/3, 4.0/7, 0.4)
	checkRatio(t, "rejected", rep.DistractorsRejected, 2, 3)
	checkRatio(t, "DIPLO", rep.ByDistractor["DIPLO"], 0, 1)
	if rep.Distractors != 3 || rep.Rows != 6 {
		t.Errorf("rows %d distractors %d", rep.Rows, rep.Distractors)
	}
	var sb strings.Builder
	if err := rep.WriteTable(&sb); err != nil || !strings.Contains(sb.String(), "NATURAL_DISASTER") {
		t.Errorf("table (%v):\n%s", err, sb.String())
	}
	// A tab inside a snippet keeps the last field as the label.
	tabbed := filepath.Join(t.TempDir(), "tab.tsv")
	if err := os.WriteFile(tabbed, []byte("7\tRebels shelled\tthe town\tART_MISS_ATTACK\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadCase(tabbed, 0); err != nil || len(got) != 1 || got[0].Text != "Rebels shelled\tthe town" || got[0].SubType() != truce.ShellingArtilleryMissile {
		t.Errorf("tabbed snippet: %+v, %v", got, err)
	}
	// The task folder is found from its root too.
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "test_dataset"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("testdata/case.tsv")
	if err := os.WriteFile(filepath.Join(dir, "test_dataset", "t.tsv"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadCase(dir, 0); err != nil || len(got) != 6 {
		t.Errorf("folder: %d rows, %v", len(got), err)
	}
}

func TestReadUCDP(t *testing.T) {
	rows, err := ReadUCDP("testdata/ucdp.csv", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("read %d rows, want 3 (the HXL row skipped)", len(rows))
	}
	r := rows[0]
	if len(r.Headlines) != 2 || r.Headlines[1].Outlet != "Other Wire" || r.Headlines[1].Published != truce.MustDate("2014-08-15") ||
		r.Headlines[0].Text != "Shelling kills four in eastern Ukrainian city" {
		t.Errorf("headlines = %+v", r.Headlines)
	}
	if r.Start != truce.MustDate("2014-08-14") || r.Best != 4 || r.Low != 4 || r.High != 5 || r.WherePrecision != 1 {
		t.Errorf("row = %+v", r)
	}
	if rows[1].News() || !rows[0].News() {
		t.Errorf("News() = %v %v, want true false", rows[0].News(), rows[1].News())
	}
	// Without source_article the headlines and dates are paired.
	h := rows[2].Headlines
	if len(h) != 2 || h[1].Text != "Army says one dead" || h[1].Published != truce.MustDate("2015-02-11") {
		t.Errorf("fallback headlines = %+v", h)
	}
}

func TestScoreUCDP(t *testing.T) {
	rows, err := ReadUCDP("testdata/ucdp.csv", 0)
	if err != nil {
		t.Fatal(err)
	}
	x := scripted{
		"Shelling kills four": {ev(truce.ShellingArtilleryMissile, "2014-08-14", 48.0159, 37.8028, "", &truce.Range{Low: 4, High: 4}, 1)},
		"Four die":            {ev(truce.ShellingArtilleryMissile, "2014-08-15", 0, 0, "", &truce.Range{Low: 4, High: 4}, 1)},
		"Soldier killed":      {ev(truce.ArmedClash, "2015-02-10", 47.3971, 37.5434, "", &truce.Range{Low: 1, High: 1}, 1)},
	}
	rep, err := ScoreUCDP(context.Background(), x, rows, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Headlines != 5 || rep.Rows != 3 {
		t.Errorf("rows %d headlines %d, want 3 5", rep.Rows, rep.Headlines)
	}
	checkRatio(t, "any", rep.All.AnyEvent, 2, 3)
	checkRatio(t, "25 km", rep.All.Place25, 1, 3)
	checkRatio(t, "50 km", rep.All.Place50, 2, 3)
	checkRatio(t, "date", rep.All.Date, 2, 3)
	checkRatio(t, "fatalities", rep.All.Fatalities, 2, 3)
	checkRatio(t, "news any", rep.News.AnyEvent, 2, 2)
	checkRatio(t, "bare any", rep.Bare.AnyEvent, 0, 1)
	checkRatio(t, "precise 25 km", rep.Precise.Place25, 1, 2)
	var sb strings.Builder
	if err := rep.WriteTable(&sb); err != nil || !strings.Contains(sb.String(), "place-name list only") {
		t.Errorf("table (%v):\n%s", err, sb.String())
	}
}

func TestActorCountry(t *testing.T) {
	tests := []struct{ actor, want string }{
		{"Military Forces of Azerbaijan (2003-)", "AZE"},
		{"Military Forces of Armenia (2018-)", "ARM"},
		{"Police Forces of India (2014-) Border Security Force", "IND"},
		{"Military Forces of Yemen (2016-) Supreme Political Council", "YEM"},
		{"Protesters (Israel)", "ISR"},
		{"Unidentified Armed Group (Syria)", "SYR"},
		{"Rioters (Democratic Republic of Congo)", "COD"},
		{"Civilians (Ivory Coast)", "CIV"},
		{"Military Forces of Artsakh (2007-)", "ARM"},
		{"Taliban", ""},
		{"NAF: United Armed Forces of Novorossiya", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ActorCountry(tt.actor); got != tt.want {
			t.Errorf("ActorCountry(%q) = %q, want %q", tt.actor, got, tt.want)
		}
	}
}

func TestStatesDay(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"On 9 May 2020, medical interns protested", true},
		{"Movement of forces: On 3 May 2020, forces deployed", true},
		{"On 25 August, military forces fired", true},
		{"People on Monday staged protests", false},
		{"In May, prices rose", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := statesDay(tt.text); got != tt.want {
			t.Errorf("statesDay(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func BenchmarkScoreACLED(b *testing.B) {
	rows, err := ReadACLED("testdata/acled.jsonl", 0)
	if err != nil {
		b.Fatal(err)
	}
	many := make([]ACLEDRow, 0, 6000)
	for len(many) < cap(many) {
		many = append(many, rows...)
	}
	x := acledScript()
	for b.Loop() {
		if _, err := ScoreACLED(context.Background(), x, many, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(many)*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func TestNegatives(t *testing.T) {
	docs, err := ReadNegatives("testdata/negatives", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 8 || docs[0].Published.IsZero() || strings.HasPrefix(docs[0].Text, "20") {
		t.Fatalf("docs = %d, first %+v", len(docs), docs[0])
	}
	x := scripted{"Liverpool won": {{SubType: truce.ArmedClash, Evidence: []truce.Evidence{{Text: "Tottenham attacked"}}}}}
	rep, err := Negatives(context.Background(), x, "testdata/negatives", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRatio(t, "clean", rep.Clean, len(docs)-1, len(docs))
	if len(rep.FalseEvents) != 1 || rep.FalseEvents[0].Doc != "football-ucl-final-2019.txt" || rep.FalseEvents[0].Evidence != "Tottenham attacked" {
		t.Errorf("false events = %+v", rep.FalseEvents)
	}
	var sb strings.Builder
	if err := rep.WriteTable(&sb); err != nil || !strings.Contains(sb.String(), "Tottenham attacked") {
		t.Errorf("table (%v):\n%s", err, sb.String())
	}
}

// nameScanner finds the names it holds anywhere in a text, each with the
// given readings.
type nameScanner map[string][]gazetteer.Place

func (s nameScanner) Scan(text string) []gazetteer.Mention {
	var out []gazetteer.Mention
	for name, places := range s {
		if i := strings.Index(text, name); i >= 0 {
			out = append(out, gazetteer.Mention{Start: i, End: i + len(name), Text: name, Candidates: places})
		}
	}
	return out
}

func TestLocationReachable(t *testing.T) {
	rows, err := ReadACLED("testdata/acled.jsonl", 0)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ScoreACLED(context.Background(), acledScript(), rows, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.LocationReachable != nil {
		t.Errorf("reachable measured without a scanner: %v", rep.LocationReachable)
	}
	places := nameScanner{
		"Yerevan":  {{Name: "Yerevan", Lat: 40.18, Lon: 44.51}},                                       // 0 km
		"Kalbajar": {{Name: "Kalbajar", Lat: 40.6, Lon: 46.04}},                                       // 56 km off
		"Avdiivka": {{Name: "Avdiivka", Lat: 45, Lon: 30}, {Name: "Avdiivka", Lat: 48.2, Lon: 37.75}}, // the second reading is 7 km off
		"campus":   {{Name: "nowhere"}},                                                               // no coordinates
	}
	rep, err = ScoreACLED(context.Background(), acledScript(), rows, Options{Workers: 2, Places: places})
	if err != nil {
		t.Fatal(err)
	}
	if rep.LocationReachable == nil {
		t.Fatal("reachable not measured")
	}
	checkRatio(t, "reachable", *rep.LocationReachable, 2, 6)
	var sb strings.Builder
	if err := rep.WriteTable(&sb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), "reachable") || !strings.Contains(sb.String(), "0.333 (2/6)") {
		t.Errorf("table lacks the reachable line:\n%s", sb.String())
	}
}
