package sqlite_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/truce-monitor/truce"
)

// snapshot is everything a bad write must leave alone.
func snapshot(t *testing.T, s truce.Store) string {
	t.Helper()
	ctx := context.Background()
	es, _, err := s.Events(ctx, truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Territories(ctx, truce.TerritoryFilter{Geometry: true})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.ControlEntries(ctx, truce.ControlFilter{})
	if err != nil {
		t.Fatal(err)
	}
	as, err := s.Audit(ctx, truce.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal([]any{es, ts, cs, as})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBadInputLeavesRecord(t *testing.T) {
	ctx := truce.WithUser(context.Background(), "analyst")
	db := openTemp(t)
	defer db.Close()
	kalbajar := &truce.Territory{Name: "Kalbajar", Kind: truce.TerritoryAdmin1, Country: "AZE",
		Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[45.6,39.8],[46.2,39.8],[46.2,40.4],[45.6,40.4],[45.6,39.8]]]}`)}
	if err := db.PutTerritory(ctx, kalbajar); err != nil {
		t.Fatal(err)
	}
	e := &truce.Event{SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-11-25"),
		Location: truce.Location{Name: "Kalbajar", Lat: 40.1, Lon: 46.04, Country: "AZE"},
		Actor1:   truce.Actor{Name: "Military Forces of Azerbaijan (2003-)"},
		Control:  &truce.ControlChange{Territory: "Kalbajar", To: truce.Actor{Name: "Military Forces of Azerbaijan (2003-)"}},
		Evidence: []truce.Evidence{{Text: "troops entered the district", End: 27}}}
	if err := db.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db)
	tests := []struct {
		name string
		code string
		do   func() error
	}{
		{"invalid geometry", truce.EINVALID, func() error {
			return db.PutTerritory(ctx, &truce.Territory{Name: "Kalbajar", Kind: truce.TerritoryAdmin1,
				Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[45.6,39.8],[46.2,39.8],[46.2,40.4]]]}`)})
		}},
		{"31 February", truce.EINVALID, func() error {
			var ev truce.Event
			if err := json.Unmarshal([]byte(`{"subtype":"Armed clash","date":"2021-02-31"}`), &ev); err != nil {
				return err
			}
			return db.CreateEvent(ctx, &ev)
		}},
		{"coordinates out of range", truce.EINVALID, func() error {
			bad := *e
			bad.ID, bad.Location.Lat, bad.Location.Lon = 0, 40.1, 190
			return db.CreateEvent(ctx, &bad)
		}},
		{"coordinates out of range on update", truce.EINVALID, func() error {
			bad := *e
			bad.Location.Lat = -95
			return db.UpdateEvent(ctx, &bad)
		}},
		{"stale version", truce.ECONFLICT, func() error {
			bad := *e
			bad.Version = e.Version + 3
			bad.Notes = "overwritten"
			return db.UpdateEvent(ctx, &bad)
		}},
		{"stale review", truce.ECONFLICT, func() error {
			_, err := db.ReviewEvent(ctx, e.ID, truce.ReviewAccepted, "", e.Version+1)
			return err
		}},
		{"unknown review state", truce.EINVALID, func() error {
			_, err := db.ReviewEvent(ctx, e.ID, "accept", "", 0)
			return err
		}},
		{"bulk with one bad event", truce.EINVALID, func() error {
			good, bad := *e, *e
			good.ID, bad.ID = 0, 0
			bad.Confidence = -1
			return db.CreateEvents(ctx, []*truce.Event{&good, &bad})
		}},
		{"bulk failing in the transaction", truce.EINVALID, func() error {
			good, bad := *e, *e
			good.ID, bad.ID = 0, 0
			bad.Evidence = []truce.Evidence{{SourceID: 4242, Text: "cites a missing source", End: 5}}
			return db.CreateEvents(ctx, []*truce.Event{&good, &bad})
		}},
	}
	for _, tt := range tests {
		err := tt.do()
		if truce.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v (code %q), want %q", tt.name, err, truce.ErrorCode(err), tt.code)
		}
		if truce.ErrorMessage(err) == "" || truce.ErrorMessage(err) == "internal error" {
			t.Errorf("%s: unclear message %q", tt.name, truce.ErrorMessage(err))
		}
		if after := snapshot(t, db); after != before {
			t.Errorf("%s changed the record", tt.name)
		}
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := openFile(t, ""); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("Open(\"\"): %v, want EINVALID", err)
	}
	// A directory where the file should be.
	dir := t.TempDir()
	if _, err := openFile(t, dir); err == nil {
		t.Errorf("Open(a directory): no error")
	}
}
