// Package auth authenticates the users of a served record and checks what
// they may do.
//
// API tokens are 32 random bytes, written "truce_" followed by their
// unpadded base64url text. The store keeps only the hex SHA-256 of a
// token: with that much entropy a plain hash cannot be reversed, and a
// stolen database yields no usable token. A token carries a role no higher
// than its user's; a request made with it has the lower of the two.
//
// The web UI exchanges a token for a session (see Sessions): an opaque
// cookie with a CSRF token that every write made with the cookie must echo.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// TokenPrefix starts every API token, so that a leaked one is easy to
// recognise (and to search for in logs and repositories).
const TokenPrefix = "truce_"

// secretBytes is the entropy of a token.
const secretBytes = 32

// NewToken returns a new random token secret and its hash.
func NewToken() (secret, hash string, err error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: new token: %w", err)
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, Hash(secret), nil
}

// Hash returns the hex SHA-256 of a token secret, the form the store keeps.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// WellFormed reports whether s looks like a token NewToken makes, so that
// garbage is refused before it reaches the store.
func WellFormed(s string) bool {
	rest, ok := strings.CutPrefix(s, TokenPrefix)
	if !ok || len(rest) != base64.RawURLEncoding.EncodedLen(secretBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}

// Principal is who makes a request and with which role.
type Principal struct {
	User    string     // the user's name, recorded in the audit log
	Role    truce.Role // the lower of the token's and the user's role
	TokenID int64      // 0 when not authenticated by a token
}

// Anonymous is the principal of requests to a server without
// authentication (loopback only): every right, recorded under the name the
// request gives or truce.SystemUser.
var Anonymous = Principal{User: truce.SystemUser, Role: truce.RoleAdmin}

// Authenticator checks tokens against a UserStore.
type Authenticator struct {
	Store truce.UserStore
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
}

// errBadToken is the one answer to every failed authentication, so that a
// caller learns nothing about which tokens or users exist.
var errBadToken = truce.Errorf(truce.EFORBIDDEN, "invalid or expired token")

// Authenticate returns the principal the token secret stands for. Any
// failure — malformed, unknown, revoked or expired token, disabled user —
// is the same EFORBIDDEN error; store failures are returned as they are.
func (a *Authenticator) Authenticate(ctx context.Context, secret string) (Principal, error) {
	if !WellFormed(secret) {
		return Principal{}, errBadToken
	}
	h := Hash(secret)
	tok, u, err := a.Store.TokenByHash(ctx, h)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		return Principal{}, errBadToken
	}
	if err != nil {
		return Principal{}, fmt.Errorf("auth: authenticate: %w", err)
	}
	// The store found the row by its hash; compare again in constant time
	// so that no code path depends on how much of a hash matched.
	if subtle.ConstantTimeCompare([]byte(tok.Hash), []byte(h)) != 1 {
		return Principal{}, errBadToken
	}
	return a.checkAndTouch(ctx, tok, u)
}

// TouchEvery is how stale a token's recorded last use may grow before an
// authentication records it again: often enough for an administrator to
// see which tokens are in use, rarely enough that reads stay reads.
const TouchEvery = time.Minute

// checkAndTouch is check, then records the token's use when the last one
// recorded is older than TouchEvery. Failing to record it does not refuse
// the request.
func (a *Authenticator) checkAndTouch(ctx context.Context, tok *truce.Token, u *truce.User) (Principal, error) {
	p, err := a.check(tok, u)
	if err != nil {
		return p, err
	}
	now := a.now()
	if now.Sub(tok.LastUse) >= TouchEvery {
		if err := a.Store.TouchToken(ctx, tok.ID, now); err != nil {
			slog.WarnContext(ctx, "auth: record token use", "token", tok.ID, "err", err)
		}
	}
	return p, nil
}

func (a *Authenticator) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// check returns the principal of a token found in the store.
func (a *Authenticator) check(tok *truce.Token, u *truce.User) (Principal, error) {
	now := a.now()
	if tok.Revoked || u.Disabled || (!tok.Expires.IsZero() && !now.Before(tok.Expires)) {
		return Principal{}, errBadToken
	}
	role := tok.Role
	if !u.Role.Allows(role) {
		role = u.Role
	}
	if !role.Valid() {
		return Principal{}, errBadToken
	}
	return Principal{User: u.Name, Role: role, TokenID: tok.ID}, nil
}

// Require returns nil when p may do what needs role need, else an
// EFORBIDDEN error that says which role is needed.
func (p Principal) Require(need truce.Role) error {
	if p.Role.Allows(need) {
		return nil
	}
	if p.User == "" {
		return truce.Errorf(truce.EFORBIDDEN, "authentication required")
	}
	return truce.Errorf(truce.EFORBIDDEN, "%s needs the %s role (has %s)", p.User, need, p.Role)
}

type ctxKey struct{}

// WithPrincipal returns a context carrying p; it also names p.User for
// the audit log (truce.WithUser).
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(truce.WithUser(ctx, p.User), ctxKey{}, p)
}

// FromContext returns the principal WithPrincipal stored, and whether
// there is one.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}

// ValidUserName checks a user name: 1 to 64 characters, letters, digits
// and . _ - @ only, so that names print safely in logs and tables.
func ValidUserName(name string) error {
	if name == "" || len(name) > 64 {
		return truce.Errorf(truce.EINVALID, "user name must have 1 to 64 characters")
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '.' || r == '_' || r == '-' || r == '@'
		if !ok {
			return truce.Errorf(truce.EINVALID, "user name %q: only letters, digits and . _ - @", name)
		}
	}
	if name == truce.SystemUser {
		return truce.Errorf(truce.EINVALID, "user name %q is reserved", name)
	}
	return nil
}

// AuthenticateHash is Authenticate for a token known by its hash, as a
// browser session keeps it.
func (a *Authenticator) AuthenticateHash(ctx context.Context, hash string) (Principal, error) {
	tok, u, err := a.Store.TokenByHash(ctx, hash)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		return Principal{}, errBadToken
	}
	if err != nil {
		return Principal{}, fmt.Errorf("auth: authenticate: %w", err)
	}
	return a.checkAndTouch(ctx, tok, u)
}
