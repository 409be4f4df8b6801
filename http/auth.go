package http

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
)

// Cookies and headers of authentication.
const (
	// SessionCookie holds a browser's session id (HttpOnly).
	SessionCookie = "truce_session"
	// CSRFCookie holds the session's CSRF token, readable by the page's
	// script, which echoes it in CSRFHeader on every write (double submit).
	CSRFCookie = "truce_csrf"
	// CSRFHeader carries the CSRF token of a cookie-authenticated write.
	CSRFHeader = "X-CSRF-Token"
	// SessionTTL is how long a browser session lasts.
	SessionTTL = 12 * time.Hour
	// maxSessions bounds the session table.
	maxSessions = 10_000
)

// WithAuth makes the server require authentication: an API token in
// "Authorization: Bearer TOKEN", or the session cookie the login form
// (/login) sets for the web map. Reads need the viewer role, reviews and
// edits the analyst role. Without WithAuth every request may do
// everything, recorded under the name in the X-Truce-User header: serve so
// only on loopback.
func WithAuth(a *auth.Authenticator) Option {
	return func(s *Server) {
		s.auth = a
		s.sessions = auth.NewSessions(SessionTTL, maxSessions)
	}
}

// AuthRequired reports whether the server authenticates requests.
func (s *Server) AuthRequired() bool { return s.auth != nil }

// need wraps h so that it runs only for a principal with the role; the
// principal is in the request's context (auth.FromContext) and names the
// user of the audit log.
func (s *Server) need(role truce.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.auth == nil {
			p := auth.Anonymous
			if u := r.Header.Get(UserHeader); u != "" {
				p.User = u
			}
			h(w, r.WithContext(auth.WithPrincipal(r.Context(), p)))
			return
		}
		p, viaCookie, err := s.authenticate(r)
		if err != nil {
			if truce.ErrorCode(err) == truce.EFORBIDDEN {
				w.Header().Set("WWW-Authenticate", `Bearer realm="truce"`)
				var b errorBody
				b.Error.Code, b.Error.Message = "unauthorized", truce.ErrorMessage(err)
				writeJSON(w, http.StatusUnauthorized, b)
				return
			}
			s.error(w, r, err)
			return
		}
		if viaCookie && !safeMethod(r.Method) {
			if err := s.checkCSRF(r); err != nil {
				s.error(w, r, err)
				return
			}
		}
		if err := p.Require(role); err != nil {
			s.error(w, r, err)
			return
		}
		h(w, r.WithContext(auth.WithPrincipal(r.Context(), p)))
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// authenticate finds the request's principal: a bearer token first, else
// the session cookie. viaCookie says the browser sent the credential by
// itself, so that writes need the CSRF check.
func (s *Server) authenticate(r *http.Request) (p auth.Principal, viaCookie bool, err error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return p, false, truce.Errorf(truce.EFORBIDDEN, "Authorization must be \"Bearer TOKEN\"")
		}
		p, err = s.auth.Authenticate(r.Context(), strings.TrimSpace(tok))
		return p, false, err
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return p, false, truce.Errorf(truce.EFORBIDDEN, "authentication required: send an API token (Authorization: Bearer) or sign in at /login")
	}
	ses, ok := s.sessions.Get(c.Value)
	if !ok {
		return p, true, truce.Errorf(truce.EFORBIDDEN, "session expired: sign in again at /login")
	}
	// The token is checked again on every request, so that revoking it
	// or disabling its user ends the session.
	p, err = s.auth.AuthenticateHash(r.Context(), ses.TokenHash)
	if err != nil {
		s.sessions.Delete(ses.ID)
	}
	return p, true, err
}

// checkCSRF accepts a cookie-authenticated write only from the server's
// own pages: the browser must not call it cross-site, and the request must
// echo the session's CSRF token.
func (s *Server) checkCSRF(r *http.Request) error {
	if err := sameOrigin(r); err != nil {
		return err
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return truce.Errorf(truce.EFORBIDDEN, "no session")
	}
	ses, ok := s.sessions.Get(c.Value)
	if !ok || !ses.CheckCSRF(r.Header.Get(CSRFHeader)) {
		return truce.Errorf(truce.EFORBIDDEN, "missing or wrong CSRF token: reload the page")
	}
	return nil
}

// sameOrigin refuses requests a browser marks as cross-site, or whose
// Origin is not this host.
func sameOrigin(r *http.Request) error {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return truce.Errorf(truce.EFORBIDDEN, "cross-site request refused")
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return truce.Errorf(truce.EFORBIDDEN, "cross-origin request refused")
		}
	}
	return nil
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>truce — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>truce</h1>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/login">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Sign in</button>
</form>
<p>Ask an admin for a token (truce token create --user NAME).</p>
</main></body></html>
`))

// handleLoginPage serves the sign-in form.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = loginPage.Execute(w, struct{ Error string }{})
}

// handleLogin exchanges an API token (form field "token") for a session:
// an HttpOnly session cookie and a CSRF cookie for the page's script.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_ = loginPage.Execute(w, struct{ Error string }{msg})
	}
	if s.auth == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if err := sameOrigin(r); err != nil {
		fail(http.StatusForbidden, truce.ErrorMessage(err))
		return
	}
	if err := r.ParseForm(); err != nil {
		fail(http.StatusBadRequest, "bad form")
		return
	}
	secret := strings.TrimSpace(r.PostForm.Get("token"))
	if _, err := s.auth.Authenticate(r.Context(), secret); err != nil {
		if truce.ErrorCode(err) == truce.EFORBIDDEN {
			fail(http.StatusUnauthorized, "That token is not valid, or has expired or been revoked.")
			return
		}
		s.logger.Error("login failed", "err", err)
		fail(http.StatusInternalServerError, "internal error")
		return
	}
	ses, err := s.sessions.Create(auth.Hash(secret))
	if err != nil {
		s.logger.Error("login failed", "err", err)
		fail(http.StatusInternalServerError, "internal error")
		return
	}
	secure := r.TLS != nil
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: ses.ID, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteStrictMode, Expires: ses.Expires})
	http.SetCookie(w, &http.Cookie{Name: CSRFCookie, Value: ses.CSRF, Path: "/", Secure: secure,
		SameSite: http.SameSiteStrictMode, Expires: ses.Expires})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// handleLogout ends the browser's session.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := sameOrigin(r); err != nil {
		s.error(w, r, err)
		return
	}
	if c, err := r.Cookie(SessionCookie); err == nil && s.sessions != nil {
		s.sessions.Delete(c.Value)
	}
	for _, name := range []string{SessionCookie, CSRFCookie} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1})
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// handleWhoami answers who the request is made by and with which role.
func (s *Server) handleWhoami(w http.ResponseWriter, r *http.Request) {
	p, _ := auth.FromContext(r.Context())
	writeJSON(w, http.StatusOK, map[string]any{"user": p.User, "role": p.Role, "auth": s.auth != nil})
}
