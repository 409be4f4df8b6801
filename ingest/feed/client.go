// Package feed fetches reports and RSS/Atom feeds politely: conditional
// GET with ETag and Last-Modified, one request at a time per host with a
// pause between them, timeouts, a redirect limit and a cap on the bytes
// read.
package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/truce-monitor/truce/ingest"
)

// Defaults of a Client.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 5 << 20
	DefaultMaxRedirects = 5
	DefaultHostInterval = time.Second
	DefaultUserAgent    = "truce/1 (+https://github.com/truce-monitor/truce; ceasefire monitor)"
)

// ErrTooLarge is returned for a body longer than the client's cap (a feed
// that never ends).
var ErrTooLarge = errors.New("feed: body larger than the size cap")

// Client is a polite HTTP client. The zero value uses the defaults; it is
// safe for concurrent use.
type Client struct {
	HTTP         *http.Client // nil: one with DefaultTimeout and the redirect limit
	MaxBytes     int64
	MaxRedirects int
	HostInterval time.Duration // pause between two requests to one host
	UserAgent    string

	once  sync.Once
	mu    sync.Mutex
	hosts map[string]*hostGate
}

type hostGate struct {
	mu   sync.Mutex
	next time.Time
}

// Response is what a conditional GET returned.
type Response struct {
	URL          string // after redirects
	Status       int
	NotModified  bool // 304: the cached copy is current
	ContentType  string
	ETag         string
	LastModified string
	Body         []byte
	FetchedAt    time.Time
}

func (c *Client) init() {
	c.once.Do(func() {
		if c.MaxBytes <= 0 {
			c.MaxBytes = DefaultMaxBytes
		}
		if c.MaxRedirects <= 0 {
			c.MaxRedirects = DefaultMaxRedirects
		}
		if c.HostInterval == 0 {
			c.HostInterval = DefaultHostInterval
		}
		if c.UserAgent == "" {
			c.UserAgent = DefaultUserAgent
		}
		if c.HTTP == nil {
			max := c.MaxRedirects
			c.HTTP = &http.Client{
				Timeout: DefaultTimeout,
				CheckRedirect: func(req *http.Request, via []*http.Request) error {
					if len(via) > max {
						return fmt.Errorf("stopped after %d redirects", max)
					}
					return nil
				},
			}
		}
		c.hosts = map[string]*hostGate{}
	})
}

// wait blocks until the host may be asked again, then books the next slot.
func (c *Client) wait(ctx context.Context, host string) error {
	c.mu.Lock()
	g := c.hosts[host]
	if g == nil {
		g = &hostGate{}
		c.hosts[host] = g
	}
	c.mu.Unlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	if d := time.Until(g.next); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	g.next = time.Now().Add(c.HostInterval)
	return nil
}

// Get fetches rawURL, sending If-None-Match and If-Modified-Since when
// etag or lastModified are given. A 304 gives NotModified and no body;
// other statuses than 2xx are errors.
func (c *Client) Get(ctx context.Context, rawURL, etag, lastModified string) (*Response, error) {
	c.init()
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("feed: %q is no http(s) URL", rawURL)
	}
	if err := c.wait(ctx, u.Host); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("feed: %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml, text/html, text/plain;q=0.9, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("feed: get %s: %w", rawURL, err)
	}
	defer resp.Body.Close()
	r := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), FetchedAt: time.Now().UTC()}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		r.NotModified = true
		if r.ETag == "" {
			r.ETag = etag
		}
		if r.LastModified == "" {
			r.LastModified = lastModified
		}
		return r, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return r, fmt.Errorf("feed: get %s: %s", rawURL, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.MaxBytes+1))
	if err != nil {
		return r, fmt.Errorf("feed: read %s: %w", rawURL, err)
	}
	if int64(len(body)) > c.MaxBytes {
		return r, fmt.Errorf("feed: read %s: %w (%d bytes)", rawURL, ErrTooLarge, c.MaxBytes)
	}
	r.Body = body
	return r, nil
}

// Fetch fetches a report page; it implements ingest.Fetcher.
func (c *Client) Fetch(ctx context.Context, rawURL string) (ingest.Report, error) {
	r, err := c.Get(ctx, rawURL, "", "")
	if err != nil {
		return ingest.Report{Name: rawURL}, err
	}
	return ingest.Report{Name: rawURL, URL: r.URL, ContentType: r.ContentType, FetchedAt: r.FetchedAt, Data: r.Body}, nil
}
