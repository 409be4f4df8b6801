package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// tokenHash is a well-formed token hash (64 hex digits) made of c.
func tokenHash(c byte) string { return strings.Repeat(string(c), 64) }

// testUsers checks truce.UserStore on stores that keep users: bad input
// and unknown names get their error codes, tokens are found by hash,
// revoked and touched, roles never exceed the user's, every write is
// audited under the context's user and no token hash reaches the audit
// log. Stores without users skip it.
func testUsers(t *testing.T, s truce.Store) {
	us, ok := s.(truce.UserStore)
	if !ok {
		t.Skip("this store keeps no users")
	}
	ctx := truce.WithUser(context.Background(), "root")
	start := time.Now().Add(-time.Second)
	ana := &truce.User{Name: "ana", Role: truce.RoleAnalyst}
	must(t, us.CreateUser(ctx, ana), "CreateUser")
	if ana.ID == 0 || ana.Created.Before(start) {
		t.Errorf("CreateUser left ID %d, Created %v", ana.ID, ana.Created)
	}
	must(t, us.CreateUser(ctx, &truce.User{Name: "vic", Role: truce.RoleViewer}), "CreateUser vic")
	errs := []struct {
		name string
		code string
		fn   func() error
	}{
		{"duplicate user", truce.ECONFLICT, func() error { return us.CreateUser(ctx, &truce.User{Name: "ana", Role: truce.RoleViewer}) }},
		{"bad role", truce.EINVALID, func() error { return us.CreateUser(ctx, &truce.User{Name: "bo", Role: "root"}) }},
		{"no name", truce.EINVALID, func() error { return us.CreateUser(ctx, &truce.User{Role: truce.RoleViewer}) }},
		{"token above user", truce.EINVALID, func() error {
			return us.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleAdmin, Hash: tokenHash('a')})
		}},
		{"token of nobody", truce.ENOTFOUND, func() error {
			return us.CreateToken(ctx, &truce.Token{User: "nobody", Role: truce.RoleViewer, Hash: tokenHash('b')})
		}},
		{"short hash", truce.EINVALID, func() error {
			return us.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleViewer, Hash: "abc"})
		}},
		{"bad token role", truce.EINVALID, func() error {
			return us.CreateToken(ctx, &truce.Token{User: "ana", Role: "owner", Hash: tokenHash('b')})
		}},
		{"update nobody", truce.ENOTFOUND, func() error { return us.UpdateUser(ctx, &truce.User{Name: "x", Role: truce.RoleViewer}) }},
		{"update to bad role", truce.EINVALID, func() error { return us.UpdateUser(ctx, &truce.User{Name: "ana", Role: "root"}) }},
		{"user nobody", truce.ENOTFOUND, func() error { _, err := us.User(ctx, "nobody"); return err }},
		{"revoke nothing", truce.ENOTFOUND, func() error { return us.RevokeToken(ctx, 987654) }},
		{"unknown hash", truce.ENOTFOUND, func() error { _, _, err := us.TokenByHash(ctx, tokenHash('d')); return err }},
	}
	for _, tt := range errs {
		wantCode(t, tt.fn(), tt.code, tt.name)
	}
	expires := time.Now().Add(time.Hour).Truncate(time.Microsecond)
	tok := &truce.Token{User: "ana", Name: "laptop", Role: truce.RoleViewer, Hash: tokenHash('c'), Expires: expires}
	must(t, us.CreateToken(ctx, tok), "CreateToken")
	if tok.ID == 0 || tok.UserID != ana.ID || tok.Created.IsZero() {
		t.Errorf("CreateToken left ID %d, UserID %d (want %d), Created %v", tok.ID, tok.UserID, ana.ID, tok.Created)
	}
	if err := us.CreateToken(ctx, &truce.Token{User: "vic", Role: truce.RoleViewer, Hash: tokenHash('c')}); err == nil {
		t.Errorf("a second token with the same hash was stored")
	}
	vt := &truce.Token{User: "vic", Name: "cron", Role: truce.RoleViewer, Hash: tokenHash('e')}
	must(t, us.CreateToken(ctx, vt), "CreateToken vic")

	got, u, err := us.TokenByHash(ctx, tokenHash('c'))
	must(t, err, "TokenByHash")
	if got == nil || u == nil || got.ID != tok.ID || got.User != "ana" || got.Name != "laptop" || got.Role != truce.RoleViewer ||
		got.Hash != tokenHash('c') || u.Name != "ana" || u.Role != truce.RoleAnalyst || got.Revoked || !got.Expires.Equal(expires) ||
		!got.LastUse.IsZero() {
		t.Fatalf("TokenByHash = %+v, %+v", got, u)
	}
	used := time.Now().Truncate(time.Microsecond)
	must(t, us.TouchToken(ctx, tok.ID, used), "TouchToken")
	if got, _, _ := us.TokenByHash(ctx, tokenHash('c')); got == nil || !got.LastUse.Equal(used) {
		t.Errorf("after TouchToken(%v): %+v", used, got)
	}

	lists := []struct {
		user string
		want []int64
	}{
		{"ana", []int64{tok.ID}},
		{"vic", []int64{vt.ID}},
		{"", []int64{tok.ID, vt.ID}},
		{"nobody", nil},
	}
	for _, tt := range lists {
		ts, err := us.Tokens(ctx, tt.user)
		must(t, err, "Tokens "+tt.user)
		var ids []int64
		for _, x := range ts {
			ids = append(ids, x.ID)
		}
		if fmt.Sprint(ids) != fmt.Sprint(tt.want) {
			t.Errorf("Tokens(%q) = %v, want %v", tt.user, ids, tt.want)
		}
	}
	users, err := us.Users(ctx)
	must(t, err, "Users")
	if len(users) != 2 || users[0].Name != "ana" || users[1].Name != "vic" || users[0].ID != ana.ID || !users[0].Created.Equal(ana.Created) {
		t.Errorf("Users = %+v, want ana then vic", users)
	}

	must(t, us.RevokeToken(ctx, tok.ID), "RevokeToken")
	must(t, us.RevokeToken(ctx, tok.ID), "RevokeToken again")
	if got, _, _ := us.TokenByHash(ctx, tokenHash('c')); got == nil || !got.Revoked {
		t.Errorf("revoked token reads as %+v", got)
	}
	ana.Disabled = true
	must(t, us.UpdateUser(ctx, ana), "UpdateUser")
	if u, _ := us.User(ctx, "ana"); u == nil || !u.Disabled || u.Role != truce.RoleAnalyst {
		t.Errorf("User after disabling: %+v", u)
	}
	wantCode(t, us.CreateToken(ctx, &truce.Token{User: "ana", Role: truce.RoleViewer, Hash: tokenHash('f')}), truce.EINVALID, "token of a disabled user")
	if _, u, _ := us.TokenByHash(ctx, tokenHash('c')); u == nil || !u.Disabled {
		t.Errorf("TokenByHash does not show the user disabled: %+v", u)
	}

	// Every write is audited under the context's user, and no hash leaks
	// into the log; rejected writes and TouchToken write nothing.
	log, err := s.Audit(ctx, truce.AuditFilter{})
	must(t, err, "Audit")
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+" "+e.Entity)
		if e.User != "root" {
			t.Errorf("audit entry %d by %q, want root", e.ID, e.User)
		}
		for _, h := range []string{tokenHash('c'), tokenHash('e')} {
			if strings.Contains(string(e.Before)+string(e.After), h) {
				t.Errorf("audit entry %d holds a token hash", e.ID)
			}
		}
	}
	want := "create user,create user,create token,create token,revoke token,update user"
	if got := strings.Join(actions, ","); got != want {
		t.Errorf("audit actions %q, want %q", got, want)
	}
}

// testUsersConcurrent creates the same user and the same token hash from
// several goroutines at once: exactly one of each is stored. The losers of
// the user race get ECONFLICT; those of the hash race get an error (the
// interface gives no code: equal hashes of random secrets do not happen).
func testUsersConcurrent(t *testing.T, s truce.Store) {
	us, ok := s.(truce.UserStore)
	if !ok {
		t.Skip("this store keeps no users")
	}
	ctx := truce.WithUser(context.Background(), "root")
	const n = 6
	race := func(what string, code string, fn func(i int) error) {
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { errs[i] = fn(i) })
		}
		wg.Wait()
		okN := 0
		for _, err := range errs {
			switch {
			case err == nil:
				okN++
			case code != "" && truce.ErrorCode(err) != code:
				t.Errorf("%s: %v, want code %q", what, err, code)
			}
		}
		if okN != 1 {
			t.Errorf("%s: %d of %d concurrent writes succeeded, want 1", what, okN, n)
		}
	}
	race("same user", truce.ECONFLICT, func(int) error { return us.CreateUser(ctx, &truce.User{Name: "sam", Role: truce.RoleAdmin}) })
	race("same token hash", "", func(i int) error {
		return us.CreateToken(ctx, &truce.Token{User: "sam", Name: fmt.Sprint(i), Role: truce.RoleAdmin, Hash: tokenHash('9')})
	})
	if users, _ := us.Users(ctx); len(users) != 1 {
		t.Errorf("%d users stored, want 1", len(users))
	}
	if ts, _ := us.Tokens(ctx, ""); len(ts) != 1 {
		t.Errorf("%d tokens stored, want 1", len(ts))
	}
}
