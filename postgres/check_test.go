package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/postgres/pgtest"
)

// TestCheck builds a small record (territories, control entries, events
// with evidence, accepted transfers, a user and a token) and checks that
// Check finds it sound; then it breaks the record one way after another,
// behind the database's back (session_replication_role = replica turns off
// foreign keys and triggers), and checks that Check names each breakage.
func TestCheck(t *testing.T) {
	ctx := truce.WithUser(context.Background(), "checker")
	dsn := pgtest.TempDatabase(t)
	db := openDSN(t, dsn)
	defer db.Close()
	cfg := synth.Config{Territories: 16, Events: 300, Seed: 3, Batch: 100, TransferEvery: 10}
	if err := synth.Build(ctx, db, cfg); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, &truce.User{Name: "ana", Role: truce.RoleAnalyst}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleAnalyst, Hash: strings.Repeat("a", 64)}); err != nil {
		t.Fatal(err)
	}
	// Reviews and an edit after the import, so that versions and their
	// audit entries are checked too.
	evs, _, err := db.Events(ctx, truce.EventFilter{Review: []truce.ReviewState{truce.ReviewCandidate}, Limit: 5})
	if err != nil || len(evs) == 0 {
		t.Fatalf("candidates: %v, %v", evs, err)
	}
	for _, e := range evs {
		if _, err := db.ReviewEvent(ctx, e.ID, truce.ReviewAccepted, "checked", e.Version); err != nil {
			t.Fatal(err)
		}
	}
	r, err := postgres.Check(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Err(); err != nil {
		t.Fatalf("sound record: %v", err)
	}
	if !r.Amcheck || r.BTreeIndexes < 20 || r.Tables < 10 || r.Queries < 20 {
		t.Errorf("check did not look everywhere: %+v", r)
	}
	t.Logf("sound record: %+v", r)

	raw, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close(context.Background())
	if _, err := raw.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		t.Fatal(err)
	}
	breakages := []struct {
		name, sql, want string
	}{
		{"event deleted under its evidence",
			`DELETE FROM events WHERE id = (SELECT min(v.event_id) FROM evidence v JOIN events e ON e.id = v.event_id WHERE e.ctl_territory_id IS NULL)`, "evidence without its event"},
		{"control entry of an accepted transfer deleted",
			`DELETE FROM control_entries WHERE id = (SELECT min(c.id) FROM control_entries c JOIN events e ON e.id = c.event_id WHERE c.from_event)`, "accepted transfers without their control entry"},
		{"event-derived control entry moved",
			`UPDATE control_entries SET at = at + 1 WHERE id = (SELECT max(c.id) FROM control_entries c JOIN events e ON e.id = c.event_id WHERE c.from_event)`, "control entries that disagree with their event"},
		{"version bumped without an audited change",
			`UPDATE events SET version = version + 5 WHERE id = (SELECT max(id) FROM events)`, "version exceeds their audited changes"},
		{"source written without audit",
			`INSERT INTO sources(outlet, content_hash, created_at) VALUES ('Ghost Wire', 'deadbeef', 0)`, "sources without a create audit entry"},
		{"audit entry garbled",
			`UPDATE audit SET after = '{"half":' WHERE id = (SELECT max(id) FROM audit)`, "audit entries with invalid JSON"},
		{"token of a missing user",
			`INSERT INTO tokens(user_id, role, hash, created_at) VALUES (999, 'viewer', repeat('b', 64), 0)`, "rows of tokens refer to missing rows of users"},
	}
	for _, b := range breakages {
		if _, err := raw.Exec(ctx, b.sql); err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		r, err := postgres.Check(ctx, dsn)
		if err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: check says %v, want %q", b.name, err, b.want)
		}
	}
}
