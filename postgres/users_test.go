package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/postgres/pgtest"
)

// TestAppendOnly checks that the database itself refuses to change or
// delete audit entries, users and tokens, and to restore a revoked token,
// whatever program writes to it.
func TestAppendOnly(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.TempDatabase(t)
	db := openDSN(t, dsn)
	if err := db.CreateUser(ctx, &truce.User{Name: "ana", Role: truce.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	tok := &truce.Token{User: "ana", Role: truce.RoleAdmin, Hash: strings.Repeat("e", 64)}
	if err := db.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	before, err := db.Audit(ctx, truce.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	raw, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close(ctx)
	for _, q := range []string{
		`UPDATE audit SET "user" = 'mallory'`,
		`DELETE FROM audit`,
		`TRUNCATE audit`,
		`UPDATE audit SET after = NULL WHERE id = 1`,
		`DELETE FROM users`,
		`TRUNCATE users CASCADE`,
		`DELETE FROM tokens`,
		`TRUNCATE tokens`,
		`UPDATE tokens SET revoked = false`,
		`INSERT INTO tokens(user_id, role, hash, created_at) VALUES (1, 'admin', 'short', 0)`,
		`INSERT INTO users(name, role, created_at) VALUES ('root', 'root', 0)`,
	} {
		if _, err := raw.Exec(ctx, q); err == nil {
			t.Errorf("%s: no error", q)
		}
	}
	db = openDSN(t, dsn)
	defer db.Close()
	after, err := db.Audit(ctx, truce.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) || len(after) == 0 || after[0].User != before[0].User {
		t.Errorf("audit log changed: %d entries before, %d after", len(before), len(after))
	}
	if got, _, _ := db.TokenByHash(ctx, tok.Hash); got == nil || !got.Revoked {
		t.Errorf("token after un-revoke attempt: %+v", got)
	}
	if users, _ := db.Users(ctx); len(users) != 1 {
		t.Errorf("users after delete attempts: %d, want 1", len(users))
	}
}

// openDSN opens a store on the database dsn; the caller closes it.
func openDSN(t *testing.T, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

// BenchmarkTokenByHash measures the look-up every authenticated request
// makes.
func BenchmarkTokenByHash(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	defer db.Close()
	if err := db.CreateUser(ctx, &truce.User{Name: "ana", Role: truce.RoleViewer}); err != nil {
		b.Fatal(err)
	}
	for c := range byte(16) {
		if err := db.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleViewer, Hash: strings.Repeat(string('a'+c), 64)}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, _, err := db.TokenByHash(ctx, strings.Repeat("h", 64)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMigrateOutOfOrder checks that a record migrated before a core
// migration numbered below the users migration (00100) existed still gets
// it: 00002 is removed by hand, and the next open applies it again.
func TestMigrateOutOfOrder(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.TempDatabase(t)
	openDSN(t, dsn).Close()
	raw, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close(ctx)
	for _, q := range []string{`DROP INDEX events_review_queue`, `DELETE FROM goose_db_version WHERE version_id = 2`} {
		if _, err := raw.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	v, err := postgres.Migrate(ctx, dsn)
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	var n int
	if err := raw.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE indexname = 'events_review_queue'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 || v != 100 {
		t.Errorf("after Migrate: version %d, review queue index %d; want 100 and 1", v, n)
	}
}
