package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

// controlRecord puts three territories, two actors and a few entries into
// db: the 1993 and 2020 control of Kalbajar, Lachin and Aghdam.
func controlRecord(t *testing.T, db *sqlite.DB) (ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	am := truce.Actor{Name: "Armenian forces", Country: "ARM", Kind: truce.KindStateForces}
	az := truce.Actor{Name: "Azerbaijani forces", Country: "AZE", Kind: truce.KindStateForces}
	for _, a := range []truce.Actor{am, az} {
		if err := db.PutActor(ctx, &a); err != nil {
			t.Fatalf("PutActor: %v", err)
		}
	}
	ids = map[string]int64{}
	for _, name := range []string{"Kalbajar", "Lachin", "Aghdam"} {
		tr := &truce.Territory{Name: name, Kind: truce.TerritoryAdmin1, Country: "AZE"}
		if err := db.PutTerritory(ctx, tr); err != nil {
			t.Fatalf("PutTerritory %s: %v", name, err)
		}
		ids[name] = tr.ID
	}
	for _, c := range []truce.ControlEntry{
		{Territory: "Kalbajar", At: truce.MustDate("1993-04-03"), Controller: am, Note: "taken in the spring offensive"},
		{Territory: "Lachin", At: truce.MustDate("1992-05-18"), Controller: am},
		{Territory: "Aghdam", At: truce.MustDate("1993-07-23"), Controller: am},
		{Territory: "Aghdam", At: truce.MustDate("2020-11-20"), Controller: az, From: &am, Note: "handed over"},
		{Territory: "Kalbajar", At: truce.MustDate("2020-11-25"), Controller: az, From: &am},
		{Territory: "Lachin", At: truce.MustDate("2020-12-01"), Controller: az, From: &am, Status: truce.Claimed},
	} {
		if err := db.AddControlEntry(ctx, &c); err != nil {
			t.Fatalf("AddControlEntry: %v", err)
		}
	}
	return ids
}

// TestControlEntriesCache checks that entries served from memory after a
// whole-map read are those a fresh handle reads from the file, for every
// filter, and after changes made through this handle and another one.
func TestControlEntriesCache(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "truce.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := controlRecord(t, db)
	other, err := sqlite.Open(ctx, path) // another process, as far as db knows
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1) // one connection, so that its pragmas hold

	filters := []truce.ControlFilter{
		{},
		{Until: truce.MustDate("2020-11-24")},
		{Until: truce.MustDate("2020-11-25")},
		{TerritoryIDs: []int64{ids["Lachin"]}},
		{TerritoryIDs: []int64{ids["Aghdam"], ids["Kalbajar"], ids["Aghdam"]}, Until: truce.MustDate("2020-11-20")},
		{TerritoryIDs: []int64{987654}},
	}
	// check compares db's answers (from memory once loaded) with those of a
	// handle opened afresh, which reads the file.
	check := func(step string) {
		t.Helper()
		fresh, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		if _, err := db.ControlEntries(ctx, truce.ControlFilter{}); err != nil { // loads the cache
			t.Fatalf("%s: ControlEntries: %v", step, err)
		}
		for _, f := range filters {
			got, err := db.ControlEntries(ctx, f)
			if err != nil {
				t.Fatalf("%s: ControlEntries(%+v): %v", step, f, err)
			}
			// A territory filter makes the fresh handle query the file.
			if len(f.TerritoryIDs) == 0 {
				f.TerritoryIDs = []int64{ids["Kalbajar"], ids["Lachin"], ids["Aghdam"]}
			}
			want, err := fresh.ControlEntries(ctx, f)
			if err != nil {
				t.Fatalf("%s: fresh ControlEntries(%+v): %v", step, f, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: ControlEntries(%+v):\n got %+v\nwant %+v", step, f, got, want)
			}
		}
	}
	check("first read")

	// Changing what a call returned changes nothing stored or cached.
	got, _ := db.ControlEntries(ctx, truce.ControlFilter{})
	for i := range got {
		got[i].Territory, got[i].Note = "changed", "changed"
		if got[i].From != nil {
			got[i].From.Name = "changed"
		}
	}
	check("after changing a result")

	var eventID int64
	steps := []struct {
		name string
		do   func() error
	}{
		{"entry added here", func() error {
			return db.AddControlEntry(ctx, &truce.ControlEntry{TerritoryID: ids["Lachin"], At: truce.MustDate("2020-12-01"),
				Controller: truce.Actor{Name: "Azerbaijani forces"}, Note: "checkpoint handed over"})
		}},
		{"entry added by another handle", func() error {
			return other.AddControlEntry(ctx, &truce.ControlEntry{TerritoryID: ids["Kalbajar"], At: truce.MustDate("2020-11-26"),
				Controller: truce.Actor{Name: "Azerbaijani forces"}})
		}},
		{"actor changed by another handle", func() error {
			return other.PutActor(ctx, &truce.Actor{Name: "Armenian forces", Country: "ARM", Kind: truce.KindRebelGroup})
		}},
		{"status outside assessed and claimed", func() error {
			_, err := raw.Exec(`UPDATE control_entries SET status = 'disputed' WHERE territory_id = ?`, ids["Aghdam"])
			return err
		}},
		{"accepted transfer added", func() error {
			from := truce.Actor{Name: "Armenian forces"}
			e := &truce.Event{SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-11-20"),
				Location: truce.Location{Name: "Aghdam", Lat: 39.99, Lon: 46.93, Country: "AZE", Precision: truce.GeoExact},
				Actor1:   truce.Actor{Name: "Azerbaijani forces"}, Actor2: &from, Status: truce.StatusOccurred,
				Review: truce.ReviewAccepted, Confidence: 0.9,
				Control: &truce.ControlChange{TerritoryID: ids["Aghdam"], To: truce.Actor{Name: "Azerbaijani forces"}, From: &from}}
			if err := db.CreateEvent(ctx, e); err != nil {
				return err
			}
			eventID = e.ID
			return nil
		}},
		{"event deleted, its entry with it", func() error {
			if _, err := raw.Exec(`PRAGMA foreign_keys = ON`); err != nil {
				return err
			}
			for _, q := range []string{`DELETE FROM evidence WHERE event_id = ?`, `DELETE FROM events WHERE id = ?`} {
				if _, err := raw.Exec(q, eventID); err != nil {
					return fmt.Errorf("%s: %w", q, err)
				}
			}
			return nil
		}},
		{"entry deleted", func() error {
			_, err := raw.Exec(`DELETE FROM control_entries WHERE territory_id = ? AND note = ''`, ids["Kalbajar"])
			return err
		}},
	}
	for _, s := range steps {
		before, err := db.ControlEntries(ctx, truce.ControlFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		after, err := db.ControlEntries(ctx, truce.ControlFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if reflect.DeepEqual(before, after) {
			t.Errorf("%s: whole-map read unchanged, want the change seen", s.name)
		}
		check(s.name)
	}
	all, _ := db.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{ids["Aghdam"]}})
	for _, e := range all {
		if e.Status != "disputed" {
			t.Errorf("Aghdam entry %d: status %q, want disputed", e.ID, e.Status)
		}
	}
}

// TestControlEntriesConcurrent reads the whole map and single territories
// from several goroutines while another adds entries: every read sees a
// whole number of entries in order, and the last read sees them all (run
// with -race).
func TestControlEntriesConcurrent(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	defer db.Close()
	ids := controlRecord(t, db)
	const adds = 20
	done := make(chan error, 1)
	go func() {
		for i := range adds {
			err := db.AddControlEntry(ctx, &truce.ControlEntry{TerritoryID: ids["Lachin"], At: truce.MustDate("2021-01-01").AddDays(i),
				Controller: truce.Actor{Name: "Azerbaijani forces"}})
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for range 30 {
				f := truce.ControlFilter{}
				if g%2 == 1 {
					f.TerritoryIDs = []int64{ids["Lachin"]}
				}
				cs, err := db.ControlEntries(ctx, f)
				if err != nil {
					errs <- err
					return
				}
				for i := 1; i < len(cs); i++ {
					a, b := cs[i-1], cs[i]
					if a.TerritoryID > b.TerritoryID || (a.TerritoryID == b.TerritoryID && a.At > b.At) {
						errs <- fmt.Errorf("entries %d and %d out of order", a.ID, b.ID)
						return
					}
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	cs, err := db.ControlEntries(ctx, truce.ControlFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := 6 + adds; len(cs) != want {
		t.Errorf("%d entries after the writes, want %d", len(cs), want)
	}
}
