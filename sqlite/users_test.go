package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

func hash(c byte) string { return strings.Repeat(string(c), 64) }

func TestUsersAndTokens(t *testing.T) {
	ctx := truce.WithUser(context.Background(), "root")
	db := openTemp(t)
	defer db.Close()
	ana := &truce.User{Name: "ana", Role: truce.RoleAnalyst}
	if err := db.CreateUser(ctx, ana); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if ana.ID == 0 || ana.Created.IsZero() {
		t.Errorf("CreateUser left ID %d, Created %v", ana.ID, ana.Created)
	}
	errs := []struct {
		name string
		code string
		fn   func() error
	}{
		{"duplicate user", truce.ECONFLICT, func() error { return db.CreateUser(ctx, &truce.User{Name: "ana", Role: truce.RoleViewer}) }},
		{"bad role", truce.EINVALID, func() error { return db.CreateUser(ctx, &truce.User{Name: "bo", Role: "root"}) }},
		{"no name", truce.EINVALID, func() error { return db.CreateUser(ctx, &truce.User{Role: truce.RoleViewer}) }},
		{"token above user", truce.EINVALID, func() error {
			return db.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleAdmin, Hash: hash('a')})
		}},
		{"token of nobody", truce.ENOTFOUND, func() error {
			return db.CreateToken(ctx, &truce.Token{User: "nobody", Role: truce.RoleViewer, Hash: hash('b')})
		}},
		{"short hash", truce.EINVALID, func() error {
			return db.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleViewer, Hash: "abc"})
		}},
		{"update nobody", truce.ENOTFOUND, func() error { return db.UpdateUser(ctx, &truce.User{Name: "x", Role: truce.RoleViewer}) }},
		{"revoke nothing", truce.ENOTFOUND, func() error { return db.RevokeToken(ctx, 99) }},
	}
	for _, tt := range errs {
		if got := truce.ErrorCode(tt.fn()); got != tt.code {
			t.Errorf("%s: code %q, want %q", tt.name, got, tt.code)
		}
	}
	tok := &truce.Token{User: "ana", Name: "laptop", Role: truce.RoleViewer, Hash: hash('c'), Expires: time.Now().Add(time.Hour)}
	if err := db.CreateToken(ctx, tok); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	if err := db.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleViewer, Hash: hash('c')}); err == nil {
		t.Errorf("a second token with the same hash was stored")
	}
	got, u, err := db.TokenByHash(ctx, hash('c'))
	if err != nil {
		t.Fatalf("TokenByHash: %v", err)
	}
	if got.ID != tok.ID || got.User != "ana" || got.Role != truce.RoleViewer || u.Name != "ana" || got.Revoked || got.Expires.IsZero() {
		t.Errorf("TokenByHash = %+v, %+v", got, u)
	}
	if _, _, err := db.TokenByHash(ctx, hash('d')); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Errorf("TokenByHash(unknown): %v, want not found", err)
	}
	if err := db.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	if got, _, _ := db.TokenByHash(ctx, hash('c')); got == nil || !got.Revoked {
		t.Errorf("revoked token reads as %+v", got)
	}
	ana.Disabled = true
	if err := db.UpdateUser(ctx, ana); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	if u, _ := db.User(ctx, "ana"); u == nil || !u.Disabled {
		t.Errorf("User after disabling: %+v", u)
	}
	if ts, _ := db.Tokens(ctx, "ana"); len(ts) != 1 {
		t.Errorf("Tokens(ana): %d, want 1", len(ts))
	}
	// Every write is audited under the context's user, and no hash leaks
	// into the log.
	log, err := db.Audit(ctx, truce.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+" "+e.Entity)
		if e.User != "root" {
			t.Errorf("audit entry %d by %q, want root", e.ID, e.User)
		}
		if strings.Contains(string(e.Before)+string(e.After), hash('c')) {
			t.Errorf("audit entry %d holds a token hash", e.ID)
		}
	}
	if want := "create user,create token,revoke token,update user"; strings.Join(actions, ",") != want {
		t.Errorf("audit actions %q, want %q", strings.Join(actions, ","), want)
	}
}

// TestAppendOnly checks that the database itself refuses to change or
// delete audit entries, users and tokens, whatever program writes to it.
func TestAppendOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "truce.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, &truce.User{Name: "ana", Role: truce.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	tok := &truce.Token{User: "ana", Role: truce.RoleAdmin, Hash: hash('e')}
	if err := db.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Audit(ctx, truce.AuditFilter{})
	db.Close()

	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{
		`UPDATE audit SET user = 'mallory'`,
		`DELETE FROM audit`,
		`DELETE FROM audit WHERE id = 1`,
		`UPDATE audit SET after = NULL WHERE id = 1`,
		`DELETE FROM users`,
		`DELETE FROM tokens`,
		`UPDATE tokens SET revoked = 0`,
	} {
		if _, err := raw.Exec(q); err == nil {
			t.Errorf("%s: no error", q)
		}
	}
	raw.Close()
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after, _ := db.Audit(ctx, truce.AuditFilter{})
	if len(after) != len(before) || len(after) == 0 || after[0].User != before[0].User {
		t.Errorf("audit log changed: %d entries before, %d after", len(before), len(after))
	}
	if got, _, _ := db.TokenByHash(ctx, hash('e')); got == nil || !got.Revoked {
		t.Errorf("token after un-revoke attempt: %+v", got)
	}
}

func BenchmarkTokenByHash(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	defer db.Close()
	if err := db.CreateUser(ctx, &truce.User{Name: "ana", Role: truce.RoleViewer}); err != nil {
		b.Fatal(err)
	}
	for c := range byte(16) {
		if err := db.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleViewer, Hash: hash('a' + c)}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, _, err := db.TokenByHash(ctx, hash('h')); err != nil {
			b.Fatal(err)
		}
	}
}
