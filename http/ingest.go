package http

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/ingest/canon"
	"github.com/truce-monitor/truce/ingest/feed"
)

// MaxReportBytes is the longest report text POST /api/ingest takes.
const MaxReportBytes = 512 << 10

// IngestRequest is the body of POST /api/ingest: a report's text, or a URL
// to fetch it from, and what is known of it.
type IngestRequest struct {
	Text      string `json:"text,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD; empty: the date the report gives
	Title     string `json:"title,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	// Accept is "review" (the default: events stay candidates) or "auto"
	// (confident events are accepted, as truce ingest --accept auto).
	Accept ingest.Accept `json:"accept,omitempty"`
}

// IngestResponse is the answer of POST /api/ingest: the ingest summary,
// the source the report was stored as (or was already stored as), and
// the ids of the events the report created or added evidence to.
type IngestResponse struct {
	Summary   ingest.Summary `json:"summary"`
	SourceID  int64          `json:"source_id,omitempty"`
	Duplicate bool           `json:"duplicate"`
	Events    []int64        `json:"events"`
}

// WithIngest lets the server ingest reports (POST /api/ingest) with the
// extractor load returns. load runs on the first ingest request, not at
// start-up (loading the gazetteer takes a while); until it succeeds the
// endpoint answers 503. Without WithIngest the endpoint answers 503.
func WithIngest(load func() (*extract.Extractor, error)) Option {
	return func(s *Server) { s.ing.load = load }
}

// WithFetcher sets how POST /api/ingest fetches a report given by URL
// only. The default is a polite client (package feed) that refuses
// loopback, private and link-local addresses.
func WithFetcher(f ingest.Fetcher) Option { return func(s *Server) { s.ing.fetch = f } }

// DefaultExtractor returns an extractor over the default gazetteer index
// (gazetteer.Default); it fails with an error wrapping
// gazetteer.ErrNotFound when the index is missing.
func DefaultExtractor() (*extract.Extractor, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	x, err := extract.New(g)
	if err != nil {
		return nil, fmt.Errorf("http: extractor: %w", err)
	}
	return x, nil
}

// PublicFetcher returns a feed client that fetches only from public
// addresses: the address is checked after name resolution, when the
// connection is made, so a name that resolves to 127.0.0.1 or 10.x is
// refused too, and no proxy from the environment is used.
func PublicFetcher() *feed.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return fmt.Errorf("fetch: bad address %q", address)
		}
		ip := net.ParseIP(host)
		if ip == nil || !publicIP(ip) {
			return fmt.Errorf("fetch: %s is not a public address", host)
		}
		return nil
	}}
	tr := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: 10 * time.Second, MaxIdleConns: 4}
	return &feed.Client{HTTP: &http.Client{Transport: tr, Timeout: feed.DefaultTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > feed.DefaultMaxRedirects {
				return fmt.Errorf("stopped after %d redirects", feed.DefaultMaxRedirects)
			}
			return nil
		}}}
}

func publicIP(ip net.IP) bool {
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast()
}

// errIngestUnavailable marks the failures of loading the extractor that a
// client cannot fix (503).
var errIngestUnavailable = errors.New("ingest unavailable")

// ingestState is the server's ingest machinery: the extractor, loaded
// once, and one Ingester per acceptance mode, serialised by the server's
// ingest lock (an Ingester is not safe for concurrent use).
type ingestState struct {
	load  func() (*extract.Extractor, error)
	fetch ingest.Fetcher
	x     *extract.Extractor
	ins   map[ingest.Accept]*ingest.Ingester
	// gen is the server's write generation after the last ingest: when
	// other writes went through the server since, the Ingesters' caches
	// of events may be stale and they are built again.
	gen uint64
}

// ingester returns the Ingester for acc, building it (and the extractor)
// when needed. The caller holds s.ingMu.
func (s *Server) ingester(acc ingest.Accept) (*ingest.Ingester, error) {
	st := &s.ing
	if st.load == nil {
		return nil, fmt.Errorf("%w: this server does not ingest reports (serve it with truce serve)", errIngestUnavailable)
	}
	if st.x == nil {
		x, err := st.load()
		switch {
		case errors.Is(err, gazetteer.ErrNotFound):
			return nil, fmt.Errorf("%w: gazetteer index not found: run make build", errIngestUnavailable)
		case err != nil:
			return nil, fmt.Errorf("http: load extractor: %w", err)
		}
		st.x = x
	}
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	if gen != st.gen || st.ins == nil {
		st.ins = map[ingest.Accept]*ingest.Ingester{}
		st.gen = gen
	}
	if in := st.ins[acc]; in != nil {
		return in, nil
	}
	in, err := ingest.New(s.store, st.x, ingest.Options{Accept: acc, Workers: 1, Batch: 1, KeepIDs: true})
	if err != nil {
		return nil, err
	}
	st.ins[acc] = in
	return in, nil
}

// handleIngest ingests one report, as truce ingest does: POST /api/ingest.
func (s *Server) handleIngest(w http.ResponseWriter, r *http.Request) {
	if !s.writable(w, r) {
		return
	}
	var req IngestRequest
	if err := decodeBody(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.ingestReport(r.Context(), &req)
	if err != nil {
		s.error(w, r, err)
		return
	}
	resp, err := s.runIngest(r.Context(), req.Accept, rep)
	if errors.Is(err, errIngestUnavailable) {
		var b errorBody
		b.Error.Code = "unavailable"
		b.Error.Message = strings.TrimPrefix(err.Error(), errIngestUnavailable.Error()+": ")
		writeJSON(w, http.StatusServiceUnavailable, b)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if resp.Summary.Failed > 0 {
		reason := "the report could not be read"
		if len(resp.Summary.Failures) > 0 {
			reason = resp.Summary.Failures[0].Reason
		}
		s.error(w, r, truce.Errorf(truce.EINVALID, "%s", reason))
		return
	}
	status := http.StatusOK
	if !resp.Duplicate {
		status = http.StatusCreated
	}
	writeJSON(w, status, resp)
}

// ingestReport validates a request and makes the report to ingest,
// fetching it when only a URL is given.
func (s *Server) ingestReport(ctx context.Context, req *IngestRequest) (ingest.Report, error) {
	var rep ingest.Report
	switch req.Accept {
	case "":
		req.Accept = ingest.AcceptReview
	case ingest.AcceptReview, ingest.AcceptAuto:
	default:
		return rep, truce.Errorf(truce.EINVALID, "accept %q: want review or auto", req.Accept)
	}
	if len(req.Text) > MaxReportBytes {
		return rep, truce.Errorf(truce.EINVALID, "text is %d bytes, more than the %d a report may have", len(req.Text), MaxReportBytes)
	}
	if req.Published != "" {
		t, err := time.Parse(time.DateOnly, req.Published)
		if err != nil {
			return rep, truce.Errorf(truce.EINVALID, "published %q: want YYYY-MM-DD", req.Published)
		}
		rep.Published = t
	}
	text := strings.TrimSpace(req.Text)
	switch {
	case text == "" && req.Text != "":
		return rep, truce.Errorf(truce.EINVALID, "empty report: text has only spaces")
	case text == "" && strings.TrimSpace(req.URL) == "":
		return rep, truce.Errorf(truce.EINVALID, "empty report: send text, or a url to fetch")
	case text == "":
		f := s.ing.fetch
		if f == nil {
			return rep, truce.Errorf(truce.EINVALID, "this server fetches no URLs: send the report's text")
		}
		got, err := f.Fetch(ctx, strings.TrimSpace(req.URL))
		if err != nil {
			return rep, truce.Errorf(truce.EINVALID, "fetch %s: %v", req.URL, err)
		}
		got.Outlet, got.Published = req.Outlet, rep.Published
		return got, nil
	}
	rep.Name, rep.URL, rep.Outlet = "request", strings.TrimSpace(req.URL), req.Outlet
	if rep.URL != "" {
		if _, err := canon.URL(rep.URL); err != nil {
			return rep, truce.Errorf(truce.EINVALID, "url %q: %v", req.URL, err)
		}
		rep.Name = rep.URL
	}
	rep.FetchedAt = time.Now().UTC()
	// A plain-text report's first line, when it reads like a headline, is
	// its title: the title given goes there.
	if title := strings.Join(strings.Fields(req.Title), " "); title != "" && !strings.HasPrefix(text, "<") {
		text = title + "\n\n" + text
	}
	rep.Data = []byte(text)
	return rep, nil
}

// runIngest ingests rep and finds the events it created or merged into.
func (s *Server) runIngest(ctx context.Context, acc ingest.Accept, rep ingest.Report) (*IngestResponse, error) {
	s.ingMu.Lock()
	defer s.ingMu.Unlock()
	in, err := s.ingester(acc)
	if err != nil {
		return nil, err
	}
	sum, err := in.Ingest(ctx, rep)
	if sum.Read > sum.Duplicates+sum.Failed {
		s.invalidate()
	}
	s.mu.Lock()
	s.ing.gen = s.gen
	s.mu.Unlock()
	if err != nil {
		s.ing.ins = nil // a failed write may leave an Ingester's caches wrong
		return nil, fmt.Errorf("http: ingest: %w", err)
	}
	resp := &IngestResponse{Summary: sum, Duplicate: sum.Duplicates > 0, Events: []int64{}}
	if len(sum.SourceIDs) > 0 {
		resp.SourceID = sum.SourceIDs[0]
	}
	if !resp.Duplicate {
		resp.Events = append(resp.Events, sum.EventIDs...)
	}
	return resp, nil
}
