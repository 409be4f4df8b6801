package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/sqlite"
)

// authServer serves a record with a viewer's, an analyst's and a revoked
// token, and one accepted-for-review event.
func authServer(t *testing.T) (h http.Handler, tokens map[string]string, db *sqlite.DB) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tokens = map[string]string{}
	for _, u := range []struct {
		name string
		role truce.Role
	}{{"vic", truce.RoleViewer}, {"ana", truce.RoleAnalyst}, {"rev", truce.RoleAnalyst}} {
		if err := db.CreateUser(ctx, &truce.User{Name: u.name, Role: u.role}); err != nil {
			t.Fatal(err)
		}
		s, hash, _ := auth.NewToken()
		tok := &truce.Token{User: u.name, Role: u.role, Hash: hash}
		if err := db.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if u.name == "rev" {
			db.RevokeToken(ctx, tok.ID)
		}
		tokens[u.name] = s
	}
	e := &truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-10-04"),
		Location: truce.Location{Name: "Jabrayil", Lat: 39.4, Lon: 47.03, Country: "AZE"},
		Actor1:   truce.Actor{Name: "Military Forces of Azerbaijan (2003-)"}, Notes: "fighting near Jabrayil"}
	if err := db.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	return trucehttp.NewServer(db, trucehttp.WithAuth(&auth.Authenticator{Store: db})).Handler(), tokens, db
}

func TestAuthRoles(t *testing.T) {
	h, tokens, db := authServer(t)
	review := `{"state":"accepted","note":"two sources"}`
	tests := []struct {
		name, method, path, body, auth string
		header                         map[string]string
		want                           int
	}{
		{"no token", "GET", "/api/events", "", "", nil, 401},
		{"garbage", "GET", "/api/events", "", "Bearer <script>", nil, 401},
		{"basic auth", "GET", "/api/events", "", "Basic YTpi", nil, 401},
		{"revoked", "GET", "/api/events", "", "Bearer " + tokens["rev"], nil, 401},
		{"viewer reads", "GET", "/api/events", "", "Bearer " + tokens["vic"], nil, 200},
		{"viewer cannot review", "POST", "/api/events/1/review", review, "Bearer " + tokens["vic"], nil, 403},
		{"spoofed user header", "POST", "/api/events/1/review", review, "Bearer " + tokens["vic"], map[string]string{"X-Truce-User": "ana"}, 403},
		{"analyst reviews", "POST", "/api/events/1/review", review, "Bearer " + tokens["ana"], map[string]string{"X-Truce-User": "mallory"}, 200},
		{"whoami", "GET", "/api/whoami", "", "Bearer " + tokens["ana"], nil, 200},
		{"static is public", "GET", "/login", "", "", nil, 200},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		for k, v := range tt.header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s: %s %s = %d, want %d: %s", tt.name, tt.method, tt.path, rec.Code, tt.want, rec.Body)
		}
		if strings.Contains(rec.Body.String(), "truce_") && tt.path != "/login" {
			t.Errorf("%s: response shows a token: %s", tt.name, rec.Body)
		}
	}
	// The review is recorded under the token's user, not the header's.
	log, err := db.Audit(context.Background(), truce.AuditFilter{Entity: "event", EntityID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	for _, e := range log {
		users = append(users, e.User+":"+e.Action)
	}
	if got := strings.Join(users, ","); !strings.HasSuffix(got, "ana:review") || strings.Contains(got, "mallory") {
		t.Errorf("audit of event 1: %s, want the review by ana", got)
	}
}

func TestLoginSessionCSRF(t *testing.T) {
	h, tokens, _ := authServer(t)
	do := func(method, path, body string, hdr map[string]string, cookies []*http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	if rec := do("POST", "/login", "token="+url.QueryEscape("truce_bad"), form, nil); rec.Code != 401 || len(rec.Result().Cookies()) != 0 {
		t.Fatalf("bad token login: %d, cookies %v", rec.Code, rec.Result().Cookies())
	}
	cross := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site"}
	if rec := do("POST", "/login", "token="+tokens["ana"], cross, nil); rec.Code != 403 {
		t.Errorf("cross-site login: %d, want 403", rec.Code)
	}
	rec := do("POST", "/login", "token="+tokens["ana"], form, nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d %s", rec.Code, rec.Body)
	}
	cookies := rec.Result().Cookies()
	var csrf string
	for _, c := range cookies {
		if c.Name == trucehttp.SessionCookie && (!c.HttpOnly || c.SameSite != http.SameSiteStrictMode) {
			t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict", c)
		}
		if c.Name == trucehttp.CSRFCookie {
			csrf = c.Value
		}
	}
	if csrf == "" {
		t.Fatalf("no CSRF cookie in %v", cookies)
	}
	review := `{"state":"rejected"}`
	tests := []struct {
		name string
		hdr  map[string]string
		want int
	}{
		{"read with cookie", nil, 200},
		{"write without CSRF token", map[string]string{}, 403},
		{"write with wrong CSRF token", map[string]string{trucehttp.CSRFHeader: csrf + "x"}, 403},
		{"cross-site write", map[string]string{trucehttp.CSRFHeader: csrf, "Sec-Fetch-Site": "cross-site"}, 403},
		{"foreign origin", map[string]string{trucehttp.CSRFHeader: csrf, "Origin": "https://evil.example"}, 403},
		{"write with CSRF token", map[string]string{trucehttp.CSRFHeader: csrf, "Origin": "http://example.com"}, 200},
	}
	for _, tt := range tests {
		var r *httptest.ResponseRecorder
		if tt.hdr == nil {
			r = do("GET", "/api/events/1", "", nil, cookies)
		} else {
			r = do("POST", "/api/events/1/review", review, tt.hdr, cookies)
		}
		if r.Code != tt.want {
			t.Errorf("%s: %d, want %d: %s", tt.name, r.Code, tt.want, r.Body)
		}
	}
	if r := do("POST", "/logout", "", nil, cookies); r.Code != http.StatusSeeOther {
		t.Errorf("logout: %d", r.Code)
	}
	if r := do("GET", "/api/events/1", "", nil, cookies); r.Code != 401 {
		t.Errorf("read after logout: %d, want 401", r.Code)
	}
}

func BenchmarkAuthenticatedRequest(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "truce.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.CreateUser(ctx, &truce.User{Name: "vic", Role: truce.RoleViewer})
	s, hash, _ := auth.NewToken()
	if err := db.CreateToken(ctx, &truce.Token{User: "vic", Role: truce.RoleViewer, Hash: hash}); err != nil {
		b.Fatal(err)
	}
	h := trucehttp.NewServer(db, trucehttp.WithAuth(&auth.Authenticator{Store: db})).Handler()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/api/whoami", nil)
		req.Header.Set("Authorization", "Bearer "+s)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
