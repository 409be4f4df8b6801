package auth_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/sqlite"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		s, h, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if !auth.WellFormed(s) {
			t.Fatalf("NewToken made %q, not well formed", s)
		}
		if h != auth.Hash(s) || len(h) != 64 || strings.Contains(h, s) {
			t.Fatalf("hash %q of %q", h, s)
		}
		if seen[s] {
			t.Fatalf("NewToken repeated %q", s)
		}
		seen[s] = true
	}
}

func TestWellFormed(t *testing.T) {
	good, _, _ := auth.NewToken()
	tests := []struct {
		in   string
		want bool
	}{
		{good, true},
		{"", false},
		{"truce_", false},
		{strings.TrimPrefix(good, "truce_"), false},
		{good + "A", false},
		{good[:len(good)-1] + "!", false},
		{"Bearer " + good, false},
		{"truce_" + strings.Repeat("\xff", 43), false},
	}
	for _, tt := range tests {
		if got := auth.WellFormed(tt.in); got != tt.want {
			t.Errorf("WellFormed(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRoleAllows(t *testing.T) {
	tests := []struct {
		has, need truce.Role
		want      bool
	}{
		{truce.RoleViewer, truce.RoleViewer, true},
		{truce.RoleViewer, truce.RoleAnalyst, false},
		{truce.RoleAnalyst, truce.RoleViewer, true},
		{truce.RoleAnalyst, truce.RoleAdmin, false},
		{truce.RoleAdmin, truce.RoleAnalyst, true},
		{"", truce.RoleViewer, false},
		{"root", truce.RoleViewer, false},
		{truce.RoleAdmin, "root", false},
	}
	for _, tt := range tests {
		if got := tt.has.Allows(tt.need); got != tt.want {
			t.Errorf("%q.Allows(%q) = %v, want %v", tt.has, tt.need, got, tt.want)
		}
		p := auth.Principal{User: "u", Role: tt.has}
		if err := p.Require(tt.need); (err == nil) != tt.want || (err != nil && truce.ErrorCode(err) != truce.EFORBIDDEN) {
			t.Errorf("Require(%q) with %q: %v", tt.need, tt.has, err)
		}
	}
}

func TestValidUserName(t *testing.T) {
	for _, name := range []string{"ana", "ana.k@example.org", "bot-1_x"} {
		if err := auth.ValidUserName(name); err != nil {
			t.Errorf("ValidUserName(%q): %v", name, err)
		}
	}
	for _, name := range []string{"", "system", "a b", "<script>", "ana\n", strings.Repeat("a", 65), "\xff"} {
		if err := auth.ValidUserName(name); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("ValidUserName(%q): %v, want invalid", name, err)
		}
	}
}

// fixture is a store with users of each kind and a token for each case.
type fixture struct {
	a      *auth.Authenticator
	db     truce.UserStore
	tokens map[string]string // case → secret
	now    time.Time
}

func newFixture(t testing.TB) *fixture {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{db: db, tokens: map[string]string{}, now: time.Date(2020, 11, 25, 12, 0, 0, 0, time.UTC)}
	f.a = &auth.Authenticator{Store: db, Now: func() time.Time { return f.now }}
	now := f.now
	for _, u := range []truce.User{{Name: "ana", Role: truce.RoleAnalyst}, {Name: "vic", Role: truce.RoleViewer}, {Name: "ada", Role: truce.RoleAdmin}, {Name: "gone", Role: truce.RoleAdmin}} {
		if err := db.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(name, user string, role truce.Role, expires time.Time) *truce.Token {
		s, h, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		tok := &truce.Token{User: user, Role: role, Hash: h, Expires: expires}
		if err := db.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		f.tokens[name] = s
		return tok
	}
	mk("analyst", "ana", truce.RoleAnalyst, time.Time{})
	mk("analyst-as-viewer", "ana", truce.RoleViewer, time.Time{})
	mk("admin", "ada", truce.RoleAdmin, now.Add(time.Hour))
	mk("expired", "ada", truce.RoleAdmin, now.Add(-time.Second))
	rv := mk("revoked", "ana", truce.RoleAnalyst, time.Time{})
	if err := db.RevokeToken(ctx, rv.ID); err != nil {
		t.Fatal(err)
	}
	mk("disabled", "gone", truce.RoleAdmin, time.Time{})
	mk("demoted", "vic", truce.RoleViewer, time.Time{})
	if err := db.UpdateUser(ctx, &truce.User{Name: "gone", Role: truce.RoleAdmin, Disabled: true}); err != nil {
		t.Fatal(err)
	}
	// A user demoted after the token was made gets the lower role.
	demoted := mk("ana-demoted", "ada", truce.RoleAdmin, time.Time{})
	_ = demoted
	if err := db.UpdateUser(ctx, &truce.User{Name: "ada", Role: truce.RoleAnalyst}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestAuthenticate(t *testing.T) {
	f := newFixture(t)
	unknown, _, _ := auth.NewToken()
	tests := []struct {
		name, secret string
		user         string
		role         truce.Role // "" means refused
	}{
		{"analyst", f.tokens["analyst"], "ana", truce.RoleAnalyst},
		{"token below user", f.tokens["analyst-as-viewer"], "ana", truce.RoleViewer},
		{"admin token, user demoted", f.tokens["admin"], "ada", truce.RoleAnalyst},
		{"demoted", f.tokens["ana-demoted"], "ada", truce.RoleAnalyst},
		{"viewer", f.tokens["demoted"], "vic", truce.RoleViewer},
		{"expired", f.tokens["expired"], "", ""},
		{"revoked", f.tokens["revoked"], "", ""},
		{"disabled user", f.tokens["disabled"], "", ""},
		{"unknown", unknown, "", ""},
		{"empty", "", "", ""},
		{"garbage", "truce_<script>alert(1)</script>", "", ""},
		{"hash instead of secret", auth.Hash(f.tokens["analyst"]), "", ""},
	}
	for _, tt := range tests {
		p, err := f.a.Authenticate(context.Background(), tt.secret)
		if tt.role == "" {
			if truce.ErrorCode(err) != truce.EFORBIDDEN {
				t.Errorf("%s: %+v, %v; want forbidden", tt.name, p, err)
			} else if msg := truce.ErrorMessage(err); msg != "invalid or expired token" {
				t.Errorf("%s: message %q tells too much", tt.name, msg)
			}
			continue
		}
		if err != nil || p.User != tt.user || p.Role != tt.role {
			t.Errorf("%s: %+v, %v; want %s as %s", tt.name, p, err, tt.user, tt.role)
		}
	}
}

func TestSessions(t *testing.T) {
	s := auth.NewSessions(time.Hour, 3)
	a, err := s.Create("h1")
	if err != nil {
		t.Fatal(err)
	}
	got, ok := s.Get(a.ID)
	if !ok || got.TokenHash != "h1" || !got.CheckCSRF(a.CSRF) {
		t.Fatalf("Get(%q) = %+v, %v", a.ID, got, ok)
	}
	for _, bad := range []string{"", a.ID, a.CSRF + "x", strings.ToUpper(a.CSRF)} {
		if bad != a.CSRF && got.CheckCSRF(bad) {
			t.Errorf("CheckCSRF(%q) accepted", bad)
		}
	}
	if _, ok := s.Get("nope"); ok {
		t.Errorf("Get(unknown) found a session")
	}
	// The table holds at most three sessions.
	var last auth.Session
	for i := range 5 {
		if last, err = s.Create("h" + string(rune('2'+i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := s.Get(last.ID); !ok {
		t.Errorf("newest session evicted")
	}
	if _, ok := s.Get(a.ID); ok {
		t.Errorf("oldest session kept past the limit")
	}
	s.Delete(last.ID)
	if _, ok := s.Get(last.ID); ok {
		t.Errorf("deleted session still there")
	}
	short := auth.NewSessions(-time.Second, 10)
	x, _ := short.Create("h")
	if _, ok := short.Get(x.ID); ok {
		t.Errorf("expired session returned")
	}
}

func BenchmarkAuthenticate(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	secret := f.tokens["analyst"]
	for b.Loop() {
		if _, err := f.a.Authenticate(ctx, secret); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAuthenticateRecordsUse: an accepted token's last use is recorded, at
// most once per auth.TouchEvery; a refused token's is not.
func TestAuthenticateRecordsUse(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	lastUse := func(secret string) time.Time {
		t.Helper()
		tok, _, err := f.db.TokenByHash(ctx, auth.Hash(secret))
		if err != nil {
			t.Fatal(err)
		}
		return tok.LastUse
	}
	start := f.now
	steps := []struct {
		after time.Duration
		want  time.Time
	}{
		{0, start},
		{30 * time.Second, start}, // within TouchEvery: not written again
		{auth.TouchEvery + time.Second, start.Add(auth.TouchEvery + time.Second)},
	}
	for _, st := range steps {
		f.now = start.Add(st.after)
		if _, err := f.a.Authenticate(ctx, f.tokens["analyst"]); err != nil {
			t.Fatal(err)
		}
		if got := lastUse(f.tokens["analyst"]); !got.Equal(st.want) {
			t.Errorf("after %v: last use %v, want %v", st.after, got, st.want)
		}
	}
	if _, err := f.a.Authenticate(ctx, f.tokens["revoked"]); err == nil {
		t.Fatal("revoked token accepted")
	}
	if got := lastUse(f.tokens["revoked"]); !got.IsZero() {
		t.Errorf("revoked token's last use recorded: %v", got)
	}
}
