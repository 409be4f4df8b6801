package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"sync"
	"time"
)

// Session is a logged-in browser: the token it logged in with (by hash,
// checked again on every request, so that revoking the token ends the
// session) and the CSRF token its writes must carry.
type Session struct {
	ID        string
	TokenHash string
	CSRF      string
	Expires   time.Time
}

// Sessions keeps browser sessions in memory: a restart logs everyone out,
// which is the safe failure. The zero value is not usable; call
// NewSessions.
type Sessions struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu sync.Mutex
	m  map[string]Session
}

// NewSessions returns a session table whose sessions last ttl and which
// holds at most max sessions (the oldest expiring are dropped first).
func NewSessions(ttl time.Duration, max int) *Sessions {
	return &Sessions{ttl: ttl, max: max, now: time.Now, m: map[string]Session{}}
}

func randomID() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: session: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Create starts a session for a token (by hash).
func (s *Sessions) Create(tokenHash string) (Session, error) {
	id, err := randomID()
	if err != nil {
		return Session{}, err
	}
	csrf, err := randomID()
	if err != nil {
		return Session{}, err
	}
	now := s.now()
	ses := Session{ID: id, TokenHash: tokenHash, CSRF: csrf, Expires: now.Add(s.ttl)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= s.max {
		s.evict(now)
	}
	s.m[id] = ses
	return ses, nil
}

// evict drops expired sessions, then the one closest to expiry while the
// table is full. s.mu is held.
func (s *Sessions) evict(now time.Time) {
	for id, x := range s.m {
		if !now.Before(x.Expires) {
			delete(s.m, id)
		}
	}
	for len(s.m) >= s.max {
		var oldest string
		var at time.Time
		for id, x := range s.m {
			if oldest == "" || x.Expires.Before(at) {
				oldest, at = id, x.Expires
			}
		}
		delete(s.m, oldest)
	}
}

// Get returns the live session with the given id.
func (s *Sessions) Get(id string) (Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, ok := s.m[id]
	if !ok {
		return Session{}, false
	}
	if !s.now().Before(ses.Expires) {
		delete(s.m, id)
		return Session{}, false
	}
	return ses, true
}

// Delete ends a session.
func (s *Sessions) Delete(id string) {
	s.mu.Lock()
	delete(s.m, id)
	s.mu.Unlock()
}

// CheckCSRF reports whether got is the session's CSRF token, in constant
// time.
func (ses Session) CheckCSRF(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(ses.CSRF)) == 1
}
