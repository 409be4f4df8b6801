package truce_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

func TestDate(t *testing.T) {
	d := truce.MustDate("2020-11-25")
	if got := d.String(); got != "2020-11-25" {
		t.Errorf("String = %q", got)
	}
	if d.Weekday() != time.Wednesday {
		t.Errorf("2020-11-25 is a %s, want Wednesday", d.Weekday())
	}
	if got := d.AddDays(6).String(); got != "2020-12-01" {
		t.Errorf("AddDays(6) = %s, want 2020-12-01", got)
	}
	if truce.DateOf(time.Date(2020, 11, 25, 23, 59, 0, 0, time.FixedZone("AZT", 4*3600))) != d {
		t.Error("DateOf takes the day in the time's own zone")
	}
	// 0001-01-01 is Go's zero time and so the zero Date; every later day,
	// 1994 and 1200 included, is a real date.
	for _, s := range []string{"0001-01-02", "1200-03-01", "1994-05-12", "1969-12-31"} {
		if got := truce.MustDate(s); got.IsZero() || got.String() != s {
			t.Errorf("%s = %v (%d): every real date must differ from the zero Date", s, got, got)
		}
	}
	for _, bad := range []string{"2021-02-31", "2020-13-01", "25 Nov 2020", "", "2020-11-25T00:00:00Z"} {
		if _, err := truce.ParseDate(bad); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("ParseDate(%q) = %v, want an invalid error", bad, err)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		D truce.Date `json:"d"`
	}
	b, err := json.Marshal(doc{truce.MustDate("2020-09-27")})
	if err != nil || string(b) != `{"d":"2020-09-27"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	b, _ = json.Marshal(doc{})
	if string(b) != `{"d":null}` {
		t.Errorf("zero Date marshals as %s, want null", b)
	}
	var v doc
	if err := json.Unmarshal([]byte(`{"d":"2021-02-31"}`), &v); err == nil {
		t.Error("31 Feb unmarshalled without error")
	}
	if err := json.Unmarshal([]byte(`{"d":null}`), &v); err != nil || !v.D.IsZero() {
		t.Errorf("null: %v, %v", v.D, err)
	}
}

func TestPrecisionSpan(t *testing.T) {
	tests := []struct {
		p           truce.Precision
		d           string
		first, last string
	}{
		{truce.PrecisionDay, "2020-11-25", "2020-11-25", "2020-11-25"},
		{truce.PrecisionWeek, "2020-11-25", "2020-11-23", "2020-11-29"}, // Monday to Sunday
		{truce.PrecisionWeek, "2020-11-23", "2020-11-23", "2020-11-29"},
		{truce.PrecisionWeek, "2020-11-29", "2020-11-23", "2020-11-29"},
		{truce.PrecisionMonth, "2020-09-27", "2020-09-01", "2020-09-30"},
		{truce.PrecisionMonth, "2020-02-10", "2020-02-01", "2020-02-29"},
		{truce.PrecisionMonth, "2020-12-31", "2020-12-01", "2020-12-31"},
	}
	for _, tt := range tests {
		f, l := tt.p.Span(truce.MustDate(tt.d))
		if f.String() != tt.first || l.String() != tt.last {
			t.Errorf("precision %d of %s: %s–%s, want %s–%s", tt.p, tt.d, f, l, tt.first, tt.last)
		}
	}
	e := truce.Event{Date: truce.MustDate("2020-11-16"), DatePrecision: truce.PrecisionWeek, DateEnd: truce.MustDate("2020-11-25")}
	if f, l := e.Span(); f.String() != "2020-11-16" || l.String() != "2020-11-25" {
		t.Errorf("event span %s–%s: an interval end past the week extends it", f, l)
	}
}

func TestEventValidate(t *testing.T) {
	good := func() truce.Event {
		return truce.Event{SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-11-25"),
			Location: truce.Location{Name: "Kalbajar", Lat: 40.1, Lon: 46.0}, Actor1: truce.Actor{Name: "Military Forces of Azerbaijan"}}
	}
	e := good()
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if e.Type != truce.StrategicDevelopments || e.Status != truce.StatusOccurred || e.Review != truce.ReviewCandidate || e.DatePrecision != truce.PrecisionDay {
		t.Errorf("defaults not filled: %+v", e)
	}
	bad := map[string]func(*truce.Event){
		"unknown subtype":        func(e *truce.Event) { e.SubType = "Skirmish" },
		"type mismatch":          func(e *truce.Event) { e.Type = truce.Battles },
		"no date":                func(e *truce.Event) { e.Date = 0 },
		"ends before it starts":  func(e *truce.Event) { e.DateEnd = truce.MustDate("2020-11-01") },
		"bad precision":          func(e *truce.Event) { e.DatePrecision = 4 },
		"latitude out of range":  func(e *truce.Event) { e.Location.Lat = 91 },
		"longitude out of range": func(e *truce.Event) { e.Location.Lon = -181 },
		"unknown status":         func(e *truce.Event) { e.Status = "rumoured" },
		"confidence above 1":     func(e *truce.Event) { e.Confidence = 1.5 },
		"fatalities high < low":  func(e *truce.Event) { e.Fatalities = &truce.Range{Low: 10, High: 3} },
		"control without territory": func(e *truce.Event) {
			e.Control = &truce.ControlChange{To: truce.Actor{Name: "Military Forces of Azerbaijan"}}
		},
		"control without controller": func(e *truce.Event) { e.Control = &truce.ControlChange{Territory: "Kalbajar"} },
	}
	for name, mutate := range bad {
		e := good()
		mutate(&e)
		if err := e.Validate(); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("%s: Validate = %v, want an invalid error", name, err)
		}
	}
}

func TestSubEventTypes(t *testing.T) {
	if len(truce.SubEventTypes) != 25 {
		t.Fatalf("%d sub-event types, ACLED has 25", len(truce.SubEventTypes))
	}
	perType := map[truce.EventType]int{}
	for _, s := range truce.SubEventTypes {
		perType[s.Type()]++
	}
	want := map[truce.EventType]int{truce.Battles: 3, truce.ExplosionsRemote: 6, truce.ViolenceAgainstCivilians: 3,
		truce.Protests: 3, truce.Riots: 2, truce.StrategicDevelopments: 8}
	if fmt.Sprint(perType) != fmt.Sprint(want) {
		t.Errorf("sub-event types per type %v, want %v", perType, want)
	}
	for _, s := range []truce.SubEventType{truce.NonViolentTransfer, truce.GovernmentRegainsTerritory, truce.NonStateActorOvertakes} {
		if !s.TransfersTerritory() {
			t.Errorf("%s must transfer territory", s)
		}
	}
	if truce.ArmedClash.TransfersTerritory() {
		t.Error("an armed clash does not transfer territory")
	}
}

func TestDueAt(t *testing.T) {
	o := truce.Obligation{ID: "kalbajar", Due: truce.MustDate("2020-11-15"), Amendments: []truce.Amendment{
		{NewDue: truce.MustDate("2020-11-25"), AgreedOn: truce.MustDate("2020-11-15"), Review: truce.ReviewAccepted},
		{NewDue: truce.MustDate("2020-12-05"), AgreedOn: truce.MustDate("2020-11-20"), Review: truce.ReviewCandidate},
	}}
	tests := []struct {
		at      string
		due     string
		applied int
	}{
		{"2020-11-14", "2020-11-15", 0},
		{"2020-11-15", "2020-11-25", 1}, // agreed on the old due day: applies that day
		{"2020-12-02", "2020-11-25", 1}, // the candidate amendment is not applied
		{"", "2020-11-25", 1},
	}
	for _, tt := range tests {
		var at truce.Date
		if tt.at != "" {
			at = truce.MustDate(tt.at)
		}
		due, applied := o.DueAt(at)
		if due.String() != tt.due || len(applied) != tt.applied {
			t.Errorf("DueAt(%q) = %s with %d amendments, want %s with %d", tt.at, due, len(applied), tt.due, tt.applied)
		}
	}
}

func TestErrors(t *testing.T) {
	err := fmt.Errorf("sqlite: event 7: %w", truce.Errorf(truce.ENOTFOUND, "event %d not found", 7))
	if truce.ErrorCode(err) != truce.ENOTFOUND || truce.ErrorMessage(err) != "event 7 not found" {
		t.Errorf("wrapped domain error: code %q message %q", truce.ErrorCode(err), truce.ErrorMessage(err))
	}
	if truce.ErrorCode(errors.New("disk on fire")) != truce.EINTERNAL || truce.ErrorMessage(errors.New("x")) != "internal error" {
		t.Error("other errors are internal and say nothing of their internals")
	}
	if truce.ErrorCode(nil) != "" {
		t.Error("nil has no code")
	}
}

func TestBBox(t *testing.T) {
	b := truce.BBox{MinLon: 45, MinLat: 39, MaxLon: 47, MaxLat: 41}
	if !b.Contains(40.1, 46.0) || b.Contains(38.9, 46.0) {
		t.Error("Contains")
	}
	if !b.Intersects(truce.BBox{MinLon: 46.5, MinLat: 40.5, MaxLon: 48, MaxLat: 42}) || b.Intersects(truce.BBox{MinLon: 47.1, MinLat: 39, MaxLon: 48, MaxLat: 41}) {
		t.Error("Intersects")
	}
}
