package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

// eventBatcher is the streaming bulk path both stores offer beside
// truce.EventStore (exchange.Import uses it for files of any size).
type eventBatcher interface {
	CreateEventBatches(ctx context.Context, next func() ([]*truce.Event, error)) error
}

// territoryBulkPutter is the one-transaction path of truce territory add
// and of seeding a new record.
type territoryBulkPutter interface {
	PutTerritories(ctx context.Context, ts []*truce.Territory) error
}

// batches returns a next function for CreateEventBatches that hands out
// bs one by one, then none; it fails t when the events of a batch have
// no ids by the time the next batch is asked for.
func batches(t *testing.T, bs ...[]*truce.Event) func() ([]*truce.Event, error) {
	i := 0
	return func() ([]*truce.Event, error) {
		if i > 0 {
			for _, e := range bs[i-1] {
				if e.ID == 0 {
					t.Errorf("batch %d: event without an id when the next batch is asked for", i-1)
				}
			}
		}
		if i == len(bs) {
			return nil, nil
		}
		i++
		return bs[i-1], nil
	}
}

// shellings returns n accepted shelling events citing src, a day apart.
func shellings(src int64, n int, from string) []*truce.Event {
	var es []*truce.Event
	for i := range n {
		e := handover(src)
		e.SubType, e.Control, e.Actor2, e.Review = truce.ShellingArtilleryMissile, nil, nil, truce.ReviewAccepted
		e.Date = truce.MustDate(from).AddDays(i)
		es = append(es, e)
	}
	return es
}

func testEventBatches(t *testing.T, s truce.Store) {
	ctx := userCtx()
	b, ok := s.(eventBatcher)
	if !ok {
		t.Fatalf("%T has no CreateEventBatches", s)
	}
	ps := putPlaces(t, s)
	src := putSource(t, s, "https://example.org/b", "Shelling was reported along the line of contact.")
	count := func() int {
		t.Helper()
		_, n, err := s.Events(ctx, truce.EventFilter{})
		must(t, err, "Events")
		return n
	}

	// Three batches, one transaction, one audit entry; an accepted
	// transfer in a later batch still writes its control entry.
	b1, b2, b3 := shellings(src.ID, 2, "2020-10-01"), shellings(src.ID, 3, "2020-10-05"), shellings(src.ID, 1, "2020-10-10")
	tr := handover(src.ID)
	tr.Review = truce.ReviewAccepted
	b3 = append(b3, tr)
	must(t, b.CreateEventBatches(ctx, batches(t, b1, b2, b3)), "CreateEventBatches")
	all := append(append(append([]*truce.Event{}, b1...), b2...), b3...)
	for i, e := range all {
		if e.ID == 0 || (i > 0 && e.ID <= all[i-1].ID) {
			t.Fatalf("CreateEventBatches: event %d has id %d", i, e.ID)
		}
	}
	if n := count(); n != 7 {
		t.Errorf("after CreateEventBatches: %d events, want 7", n)
	}
	got, err := s.Event(ctx, b2[1].ID)
	if err != nil || got.Date != b2[1].Date || len(got.Evidence) != 1 || got.Evidence[0].SourceID != src.ID {
		t.Errorf("event of the second batch: %+v, %v", got, err)
	}
	imports, err := s.Audit(ctx, truce.AuditFilter{Entity: "event", EntityID: fmt.Sprintf("%d-%d", all[0].ID, all[len(all)-1].ID)})
	must(t, err, "Audit")
	if len(imports) != 1 || imports[0].Action != "import" || imports[0].User != analyst || !strings.Contains(string(imports[0].After), `"count":7`) {
		t.Errorf("audit of CreateEventBatches: %+v", imports)
	}
	cs, err := s.ControlEntries(ctx, truce.ControlFilter{})
	must(t, err, "ControlEntries")
	if len(cs) != 1 || cs[0].EventID != tr.ID || cs[0].TerritoryID != ps["Kalbajar"].ID {
		t.Errorf("control entry of a batched transfer: %+v", cs)
	}
	audits, err := s.Audit(ctx, truce.AuditFilter{})
	must(t, err, "Audit")

	// An invalid event in the second batch stores nothing, the first
	// batch included, and is named by its index in the whole import.
	c1, c2 := shellings(src.ID, 2, "2021-01-01"), shellings(src.ID, 2, "2021-01-05")
	c2[1].Location.Lat = 140
	err = b.CreateEventBatches(ctx, batches(t, c1, c2))
	wantCode(t, err, truce.EINVALID, "CreateEventBatches with an invalid event")
	if err == nil || !strings.Contains(err.Error(), "event 3") {
		t.Errorf("CreateEventBatches with event 3 invalid: %v", err)
	}
	// So does a source that does not exist (checked in the transaction).
	d1, d2 := shellings(src.ID, 2, "2021-02-01"), shellings(src.ID, 1, "2021-02-05")
	d2[0].Evidence[0].SourceID = 987654
	wantCode(t, b.CreateEventBatches(ctx, batches(t, d1, d2)), truce.EINVALID, "CreateEventBatches citing a missing source")
	// And a failing next, whose error comes back as is.
	stop := errors.New("the file changed while it was read")
	calls := 0
	err = b.CreateEventBatches(ctx, func() ([]*truce.Event, error) {
		if calls++; calls == 1 {
			return shellings(src.ID, 3, "2021-03-01"), nil
		}
		return nil, stop
	})
	if !errors.Is(err, stop) {
		t.Errorf("CreateEventBatches with next failing: %v, want %v", err, stop)
	}
	// Nothing: no events, no audit entry.
	must(t, b.CreateEventBatches(ctx, batches(t)), "CreateEventBatches of nothing")
	if n := count(); n != 7 {
		t.Errorf("failed imports stored events: %d events, want 7", n)
	}
	after, err := s.Audit(ctx, truce.AuditFilter{})
	must(t, err, "Audit")
	if len(after) != len(audits) {
		t.Errorf("failed or empty imports were audited: %d entries, want %d", len(after), len(audits))
	}
}

func testPutTerritories(t *testing.T, s truce.Store) {
	ctx := userCtx()
	p, ok := s.(territoryBulkPutter)
	if !ok {
		t.Fatalf("%T has no PutTerritories", s)
	}
	ps := putPlaces(t, s)
	count := func() int {
		t.Helper()
		ts, err := s.Territories(ctx, truce.TerritoryFilter{})
		must(t, err, "Territories")
		return len(ts)
	}
	// Villages of Aghdam district handed over on 20 November 2020, and
	// Lachin again with a new alias: two created, one updated.
	ts := []*truce.Territory{
		{Name: "Quzanli", Kind: truce.TerritoryLocality, Country: "AZE", Geometry: Square(46.98, 40.0, 0.03), ParentID: ps["Aghdam"].ID},
		{Name: "Mərzili", Kind: truce.TerritoryLocality, Country: "AZE", Aliases: []string{"Marzili"}, Geometry: Square(46.85, 39.95, 0.03)},
		{Name: "Lachin", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Laçın", "Lachin District"}, Geometry: Square(46.3, 39.4, 0.4)},
	}
	must(t, p.PutTerritories(ctx, ts), "PutTerritories")
	if ts[0].ID == 0 || ts[1].ID == 0 || ts[0].ID == ts[1].ID || ts[2].ID != ps["Lachin"].ID {
		t.Errorf("PutTerritories ids: %d %d %d, want two new and Lachin's %d", ts[0].ID, ts[1].ID, ts[2].ID, ps["Lachin"].ID)
	}
	if got, err := s.FindTerritory(ctx, "Marzili"); err != nil || got.ID != ts[1].ID || got.BBox == nil {
		t.Errorf("FindTerritory Marzili: %+v, %v", got, err)
	}
	if got, err := s.FindTerritory(ctx, "Lachin District"); err != nil || got.ID != ps["Lachin"].ID {
		t.Errorf("FindTerritory of Lachin's new alias: %+v, %v", got, err)
	}
	if got, err := s.Territory(ctx, ts[0].ID); err != nil || got.ParentID != ps["Aghdam"].ID {
		t.Errorf("Quzanli's parent: %+v, %v", got, err)
	}
	for _, tt := range []struct {
		what  string
		entry string
		id    int64
	}{{"create", "create", ts[0].ID}, {"update", "update", ps["Lachin"].ID}} {
		as, err := s.Audit(ctx, truce.AuditFilter{Entity: "territory", EntityID: fmt.Sprint(tt.id)})
		must(t, err, "Audit")
		if len(as) == 0 || as[len(as)-1].Action != tt.entry {
			t.Errorf("audit of a territory PutTerritories %sd: %+v", tt.what, as)
		}
	}
	n := count()

	// One bad territory (no name, a parent that does not exist) stores
	// none of the others.
	for _, bad := range []*truce.Territory{
		{Name: " ", Kind: truce.TerritoryLocality},
		{Name: "Papravend", Kind: truce.TerritoryLocality, Country: "AZE", ParentID: 987654},
	} {
		good := &truce.Territory{Name: "Shykhbabaly", Kind: truce.TerritoryLocality, Country: "AZE", Geometry: Square(46.9, 39.9, 0.02)}
		wantCode(t, p.PutTerritories(ctx, []*truce.Territory{good, bad}), truce.EINVALID, "PutTerritories with "+bad.Name)
		if _, err := s.FindTerritory(ctx, "Shykhbabaly"); truce.ErrorCode(err) != truce.ENOTFOUND {
			t.Errorf("PutTerritories with a bad territory stored the good one: %v", err)
		}
	}
	if got := count(); got != n {
		t.Errorf("failed PutTerritories: %d territories, want %d", got, n)
	}
}
