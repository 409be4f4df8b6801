package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/demo"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/postgres/pgtest"
	"github.com/truce-monitor/truce/sqlite"
)

// demoSQLite builds the demo record in a new SQLite file, with a few writes
// the demo does not make (a near-duplicate source, added evidence, an
// edited event, a rejected amendment, a manual entry citing an event,
// users with live, revoked and used tokens, one user disabled), and
// returns it open.
func demoSQLite(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := truce.WithUser(context.Background(), "analyst-ana")
	src, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	if err := demo.Build(ctx, src); err != nil {
		t.Fatalf("demo.Build: %v", err)
	}
	es, _, err := src.Events(ctx, truce.EventFilter{})
	if err != nil || len(es) == 0 {
		t.Fatalf("demo events: %d, %v", len(es), err)
	}
	first := es[0]
	copyOf := &truce.Source{URL: "https://mirror.example.net/copy", Text: "A republished wire copy.", DuplicateOf: first.Evidence[0].SourceID}
	if _, err := src.PutSource(ctx, copyOf); err != nil {
		t.Fatal(err)
	}
	if err := src.AddEvidence(ctx, first.ID, &truce.Evidence{SourceID: copyOf.ID, Text: "A republished wire copy.", End: 24, Stance: truce.Denies}); err != nil {
		t.Fatal(err)
	}
	ed := *es[len(es)-1]
	ed.Notes = "Edited by a reviewer: ğ, ş and ə kept."
	if err := src.UpdateEvent(truce.WithUser(ctx, "reviewer-rob"), &ed); err != nil {
		t.Fatal(err)
	}
	as, err := src.Agreements(ctx)
	if err != nil || len(as) == 0 || len(as[0].Obligations) == 0 {
		t.Fatalf("demo agreements: %v, %v", as, err)
	}
	o := as[0].Obligations[0]
	am := &truce.Amendment{AgreementID: as[0].ID, ObligationID: o.ID, NewDue: o.Due.AddDays(30), AgreedOn: o.Due.AddDays(-1),
		Review: truce.ReviewCandidate, Evidence: &truce.Evidence{Text: "a rumoured delay", End: 16}}
	if err := src.AddAmendment(ctx, am); err != nil {
		t.Fatal(err)
	}
	if err := src.ReviewAmendment(ctx, am.ID, truce.ReviewRejected); err != nil {
		t.Fatal(err)
	}
	ts, err := src.Territories(ctx, truce.TerritoryFilter{Limit: 1})
	if err != nil || len(ts) == 0 {
		t.Fatalf("demo territories: %v", err)
	}
	c := &truce.ControlEntry{TerritoryID: ts[0].ID, At: first.Date, Controller: first.Actor1, EventID: first.ID, Note: "an analyst's reading"}
	if err := src.AddControlEntry(ctx, c); err != nil {
		t.Fatal(err)
	}
	// Users and tokens: one live, one revoked, one of a disabled user.
	for _, u := range []*truce.User{{Name: "ana", Role: truce.RoleAnalyst}, {Name: "vic", Role: truce.RoleViewer}} {
		if err := src.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"ana", "ana", "vic"} {
		tok := &truce.Token{User: name, Name: "t" + fmt.Sprint(i), Role: truce.RoleViewer, Hash: strings.Repeat(fmt.Sprint(i), 64),
			Expires: time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)}
		if err := src.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if err := src.RevokeToken(ctx, tok.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := src.TouchToken(ctx, 1, time.Date(2026, 5, 6, 7, 8, 9, 10, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := src.UpdateUser(ctx, &truce.User{Name: "vic", Role: truce.RoleViewer, Disabled: true}); err != nil {
		t.Fatal(err)
	}
	return src
}

func sums(t *testing.T, s truce.Store) ([]postgres.TableSum, *postgres.Record) {
	t.Helper()
	r, err := postgres.ReadRecord(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := r.Sums()
	if err != nil {
		t.Fatal(err)
	}
	return ss, r
}

func TestCopyDemoRecord(t *testing.T) {
	dsn := pgtest.TempDatabase(t)
	ctx := context.Background()
	src := demoSQLite(t)
	want, rec := sums(t, src)
	dst, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := dst.Copy(ctx, rec); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	got, _ := sums(t, dst)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sums differ:\n got %v\nwant %v", got, want)
	}
	for _, s := range want {
		if s.Count == 0 && s.Table != "obligations" {
			t.Errorf("the demo record has no %s: the test would not see them lost", s.Table)
		}
	}
	// A few deep-equal reads through both stores.
	es, _, err := src.Events(ctx, truce.EventFilter{Order: "-date", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		g, err := dst.Event(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, e) {
			t.Errorf("event %d differs:\n got %+v\nwant %+v", e.ID, g, e)
		}
	}
	for _, q := range []string{"Kalbajar", "Kəlbəcər", "Lachin"} {
		a, errA := src.FindTerritory(ctx, q)
		b, errB := dst.FindTerritory(ctx, q)
		if truce.ErrorCode(errA) != truce.ErrorCode(errB) || (errA == nil && !reflect.DeepEqual(a, b)) {
			t.Errorf("FindTerritory %q: sqlite %v, %v; postgres %v, %v", q, a, errA, b, errB)
		}
	}
	// Copying into a record that is not empty fails and adds nothing.
	wantCode(t, dst.Copy(ctx, rec), truce.EINVALID, "Copy into a full record")
	if again, _ := sums(t, dst); !reflect.DeepEqual(again, want) {
		t.Errorf("a refused Copy changed the record")
	}
	// The copy is a working record: new ids follow the copied ones, and
	// rejecting an accepted transfer removes the entry it wrote.
	var acc *truce.Event
	all, _, _ := dst.Events(ctx, truce.EventFilter{Review: []truce.ReviewState{truce.ReviewAccepted}})
	for _, e := range all {
		if e.Control != nil && e.Status != truce.StatusPlanned {
			acc = e
			break
		}
	}
	if acc == nil {
		t.Fatal("the demo record has no accepted transfer")
	}
	before, _ := dst.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{acc.Control.TerritoryID}})
	if _, err := dst.ReviewEvent(ctx, acc.ID, truce.ReviewRejected, "copy test", acc.Version); err != nil {
		t.Fatal(err)
	}
	after, _ := dst.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{acc.Control.TerritoryID}})
	if len(after) != len(before)-1 {
		t.Errorf("rejecting copied event %d: %d control entries, then %d; want one fewer", acc.ID, len(before), len(after))
	}
	n := &truce.Event{SubType: truce.ArmedClash, Date: acc.Date, Actor1: acc.Actor1, Location: acc.Location}
	if err := dst.CreateEvent(ctx, n); err != nil {
		t.Fatal(err)
	}
	var maxID int64
	for _, e := range rec.Events {
		maxID = max(maxID, e.ID)
	}
	if n.ID <= maxID {
		t.Errorf("new event id %d, want more than the copied %d", n.ID, maxID)
	}
	// Copied tokens sign in; new users and tokens follow the copied ids.
	if tok, u, err := dst.TokenByHash(ctx, strings.Repeat("0", 64)); err != nil || tok.User != "ana" || u.Role != truce.RoleAnalyst || tok.LastUse.IsZero() {
		t.Errorf("copied token: %+v, %+v, %v", tok, u, err)
	}
	bo := &truce.User{Name: "bo", Role: truce.RoleAdmin}
	if err := dst.CreateUser(ctx, bo); err != nil {
		t.Fatal(err)
	}
	nt := &truce.Token{User: "bo", Role: truce.RoleAdmin, Hash: strings.Repeat("f", 64)}
	if err := dst.CreateToken(ctx, nt); err != nil {
		t.Fatal(err)
	}
	if bo.ID <= int64(len(rec.Users)) || nt.ID <= int64(len(rec.Tokens)) {
		t.Errorf("new user %d and token %d, want ids after the copied ones", bo.ID, nt.ID)
	}
}

// wantCode fails t unless err carries the domain error code.
func wantCode(t *testing.T, err error, code, what string) {
	t.Helper()
	if got := truce.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %q), want %q", what, err, got, code)
	}
}
