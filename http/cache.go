package http

import (
	"bytes"
	"net/http"
	"time"
)

// Bounds of the response cache of the control views.
const (
	// respCacheEntries and respCacheBytes bound the cache; when a new
	// response would pass either, the cache is emptied first.
	respCacheEntries = 128
	respCacheBytes   = 256 << 20
	// RespCacheTTL is how long a cached control view is served. Writes
	// made through the server drop the cache at once; the TTL bounds how
	// stale a view gets when another process (truce ingest) writes to the
	// record.
	RespCacheTTL = time.Minute
)

// cachedResp is one cached response, or one being computed.
type cachedResp struct {
	gen    uint64
	made   time.Time
	done   chan struct{} // closed once status, ctype and body are set
	status int
	ctype  string
	body   []byte
}

// respCache holds the encoded responses of the control views (a control
// snapshot of 10,000 territories over a million events takes seconds to
// compute), keyed by path and query, for the server's write generation:
// invalidate drops them. Concurrent misses on one key compute it once.
type respCache struct {
	m     map[string]*cachedResp
	bytes int
}

// cached serves h's successful responses from the cache.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Path + "?" + r.URL.Query().Encode()
		now := time.Now()
		s.mu.Lock()
		c := s.resp.m[key]
		if c != nil && (c.gen != s.gen || now.Sub(c.made) > RespCacheTTL) {
			c = nil
		}
		leader := c == nil
		if leader {
			c = &cachedResp{gen: s.gen, made: now, done: make(chan struct{})}
			if s.resp.m == nil {
				s.resp.m = map[string]*cachedResp{}
			}
			s.resp.m[key] = c
		}
		s.mu.Unlock()
		if !leader {
			select {
			case <-c.done:
			case <-r.Context().Done():
				return
			}
			if c.status == http.StatusOK {
				writeCached(w, c)
				return
			}
			h(w, r) // the first request failed (or went away): try ourselves
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		func() {
			defer func() {
				s.mu.Lock()
				switch {
				case rec.status != http.StatusOK || c.gen != s.gen:
					if s.resp.m[key] == c {
						delete(s.resp.m, key)
					}
				default:
					if len(s.resp.m) > respCacheEntries || s.resp.bytes+rec.body.Len() > respCacheBytes {
						clear(s.resp.m)
						s.resp.bytes = 0
						s.resp.m[key] = c
					}
					s.resp.bytes += rec.body.Len()
				}
				c.status, c.ctype, c.body = rec.status, rec.header.Get("Content-Type"), rec.body.Bytes()
				s.mu.Unlock()
				close(c.done)
			}()
			h(rec, r)
		}()
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.body.Bytes())
	}
}

func writeCached(w http.ResponseWriter, c *cachedResp) {
	w.Header().Set("Content-Type", c.ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(c.status)
	_, _ = w.Write(c.body)
}

// dropResponses empties the response cache; the caller holds s.mu.
func (s *Server) dropResponses() {
	clear(s.resp.m)
	s.resp.bytes = 0
}

// recorder keeps a response in memory.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}
