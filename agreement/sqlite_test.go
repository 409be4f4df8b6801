package agreement_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/sqlite"
)

// TestImportSQLite imports the demo agreement into a real store, twice,
// then a bad file, and checks what was stored and audited.
func TestImportSQLite(t *testing.T) {
	ctx := truce.WithUser(context.Background(), "analyst")
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, a := range newStore().actors {
		x := *a
		x.ID = 0
		if err := db.PutActor(ctx, &x); err != nil {
			t.Fatal(err)
		}
	}
	for _, tr := range newStore().territories {
		x := *tr
		x.ID = 0
		if err := db.PutTerritory(ctx, &x); err != nil {
			t.Fatal(err)
		}
	}
	const path = "../demo/case/trilateral-2020-11-10.yaml"
	a, err := agreement.Import(ctx, db, path)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.Agreement(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.Obligations) != 5 {
		t.Fatalf("%d obligations stored", len(stored.Obligations))
	}
	k := stored.Obligations[1]
	if k.ID != "kalbajar" || k.TerritoryID == 0 || len(k.Amendments) != 1 || k.Amendments[0].Review != truce.ReviewAccepted {
		t.Errorf("kalbajar stored as %+v", k)
	}
	if due, _ := k.DueAt(truce.MustDate("2020-11-16")); due != truce.MustDate("2020-11-25") {
		t.Errorf("kalbajar due on 16 Nov: %s", due)
	}
	audit := func() int {
		es, err := db.Audit(ctx, truce.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	if _, err := agreement.Import(ctx, db, path); err != nil {
		t.Fatal(err)
	}
	again, err := db.Agreement(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Obligations[1].Amendments) != 1 {
		t.Errorf("re-import duplicated the amendment: %+v", again.Obligations[1].Amendments)
	}
	n := audit()
	if _, err := agreement.Import(ctx, db, "testdata/bad/unknown-names.yaml"); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("bad import: %v", err)
	}
	if audit() != n {
		t.Errorf("a rejected import wrote to the record")
	}
}
