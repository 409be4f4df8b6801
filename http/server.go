// Package http serves the truce record over HTTP: a JSON REST API under
// /api/ and the web map (the front end built from web/ into static/dist and
// embedded in the binary).
//
// Other packages import it as trucehttp:
//
//	srv := trucehttp.NewServer(store)
//	err := srv.ListenAndServe(ctx, "127.0.0.1:8080")
//
// Errors are JSON objects {"error": {"code", "message"}} with the status
// that matches the truce error code: not_found 404, invalid 400, conflict
// 409, forbidden 403, and internal 500 (whose message never carries the
// internal error's text).
package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
)

// Limits and timeouts of the server.
const (
	// MaxBodyBytes is the largest request body the API reads (1 MiB).
	MaxBodyBytes = 1 << 20
	// MaxPageSize is the largest page of events /api/events returns.
	MaxPageSize = 1000
	// MaxFeatures is the largest number of events /api/events.geojson
	// returns in one response.
	MaxFeatures = 250_000
	// DefaultPageSize is the page size of /api/events without limit=.
	DefaultPageSize = 100
	// UserHeader names the user recorded in the audit log for writes.
	UserHeader = "X-Truce-User"
)

// Server serves the API and the web map for one store.
type Server struct {
	store    truce.Store
	readOnly bool
	logger   *slog.Logger
	auth     *auth.Authenticator // nil: no authentication (loopback only)
	sessions *auth.Sessions
	mux      *http.ServeMux

	// histogram cache, dropped on every write made through the server.
	mu    sync.Mutex
	hist  map[histKey]*Histogram
	gen   uint64
	resp  respCache // control views, dropped with hist
	views views

	// ingest (POST /api/ingest), one report at a time.
	ingMu sync.Mutex
	ing   ingestState
}

// Option configures a Server.
type Option func(*Server)

// ReadOnly makes every write endpoint answer 403 forbidden.
func ReadOnly() Option { return func(s *Server) { s.readOnly = true } }

// WithLogger sets the logger for requests that fail with internal errors
// (the default discards them).
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.logger = l } }

// NewServer returns a server for the store.
func NewServer(store truce.Store, opts ...Option) *Server {
	s := &Server{
		store:  store,
		logger: slog.New(slog.DiscardHandler),
		hist:   map[histKey]*Histogram{},
		views:  timelineViews{},
		ing:    ingestState{fetch: PublicFetcher()},
	}
	for _, o := range opts {
		o(s)
	}
	s.routes()
	return s
}

// Handler returns the server's handler: the API, the static front end and
// security headers.
func (s *Server) Handler() http.Handler { return s.secure(s.mux) }

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /api/meta", s.need(truce.RoleViewer, s.handleMeta))
	m.HandleFunc("GET /api/territories", s.need(truce.RoleViewer, s.handleTerritories))
	m.HandleFunc("GET /api/control", s.need(truce.RoleViewer, s.cached(s.handleControl)))
	m.HandleFunc("GET /api/control.geojson", s.need(truce.RoleViewer, s.cached(s.handleControlGeoJSON)))
	m.HandleFunc("GET /api/control/history", s.need(truce.RoleViewer, s.cached(s.handleControlHistory)))
	m.HandleFunc("GET /api/diff", s.need(truce.RoleViewer, s.handleDiff))
	m.HandleFunc("GET /api/events", s.need(truce.RoleViewer, s.handleEvents))
	m.HandleFunc("GET /api/events.geojson", s.need(truce.RoleViewer, s.handleEventsGeoJSON))
	m.HandleFunc("GET /api/events/{id}", s.need(truce.RoleViewer, s.handleEvent))
	m.HandleFunc("PATCH /api/events/{id}", s.need(truce.RoleAnalyst, s.handlePatchEvent))
	m.HandleFunc("POST /api/events/{id}/review", s.need(truce.RoleAnalyst, s.handleReviewEvent))
	m.HandleFunc("GET /api/histogram", s.need(truce.RoleViewer, s.handleHistogram))
	m.HandleFunc("GET /api/agreements", s.need(truce.RoleViewer, s.handleAgreements))
	m.HandleFunc("GET /api/obligations", s.need(truce.RoleViewer, s.handleObligations))
	m.HandleFunc("GET /api/review", s.need(truce.RoleViewer, s.handleReview))
	m.HandleFunc("POST /api/ingest", s.need(truce.RoleAnalyst, s.handleIngest))
	m.HandleFunc("GET /api/whoami", s.need(truce.RoleViewer, s.handleWhoami))
	m.HandleFunc("GET /login", s.handleLoginPage)
	m.HandleFunc("POST /login", s.handleLogin)
	m.HandleFunc("POST /logout", s.handleLogout)
	files := staticHandler()
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/"):
			s.error(w, r, truce.Errorf(truce.ENOTFOUND, "no API endpoint %s %s", r.Method, r.URL.Path))
		case r.Method != http.MethodGet && r.Method != http.MethodHead:
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		default:
			files.ServeHTTP(w, r)
		}
	})
	s.mux = m
}

// contentSecurityPolicy allows only the server's own scripts and styles;
// blob: workers and data: images are what the map library needs.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; worker-src 'self' blob:; child-src blob:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// secure adds security headers, limits request bodies and names the user
// for the audit log.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		}
		if u := r.Header.Get(UserHeader); u != "" && s.auth == nil {
			r = r.WithContext(truce.WithUser(r.Context(), u))
		}
		next.ServeHTTP(w, r)
	})
}

// ListenAndServe serves on addr until ctx is done, then shuts down
// gracefully, letting requests in flight finish for up to ten seconds.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("http: listen %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := NewHTTPServer(s.Handler())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("http: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http: serve: %w", err)
	}
	return nil
}

// NewHTTPServer returns an http.Server for h with the timeouts truce uses.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// invalidate drops cached aggregates after a write.
func (s *Server) invalidate() {
	s.mu.Lock()
	s.gen++
	clear(s.hist)
	s.dropResponses()
	s.mu.Unlock()
}

// writable answers 403 and returns false when the server is read-only.
func (s *Server) writable(w http.ResponseWriter, r *http.Request) bool {
	if s.readOnly {
		s.error(w, r, truce.Errorf(truce.EFORBIDDEN, "this server is read-only"))
		return false
	}
	return true
}
