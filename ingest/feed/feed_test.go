package feed

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const rss = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Caucasus Wire</title>
<item><title>Azerbaijani troops enter Kalbajar</title><link>LINK/kalbajar</link>
<pubDate>Wed, 25 Nov 2020 09:00:00 GMT</pubDate>
<description>Azerbaijani troops entered the Kalbajar district on Wednesday, the Defence Ministry said.</description></item>
<item><title>Lachin handed over</title><link>LINK/lachin</link>
<pubDate>Tue, 01 Dec 2020 10:00:00 GMT</pubDate>
<description>Azerbaijani army units entered the Lachin district on Tuesday.</description></item>
</channel></rss>`

const page = `<html><head><title>Azerbaijani troops enter Kalbajar</title></head><body><article>
<p>BAKU — Azerbaijani troops entered the Kalbajar district on Wednesday, the Defence Ministry said, after Armenian forces withdrew under the ceasefire agreement.</p>
</article></body></html>`

// server serves a feed with ETag or Last-Modified validation and counts
// the full responses.
func server(t *testing.T, validator string) (*httptest.Server, *atomic.Int32) {
	var full atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/feed":
			switch validator {
			case "etag":
				if r.Header.Get("If-None-Match") == `"v1"` {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("ETag", `"v1"`)
			case "last-modified":
				if r.Header.Get("If-Modified-Since") == "Wed, 25 Nov 2020 12:00:00 GMT" {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("Last-Modified", "Wed, 25 Nov 2020 12:00:00 GMT")
			}
			full.Add(1)
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, strings.ReplaceAll(rss, "LINK", srv.URL))
		case r.URL.Path == "/endless":
			w.Header().Set("Content-Type", "application/rss+xml")
			chunk := []byte(strings.Repeat("<item>x</item>", 100))
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop2", http.StatusFound)
		case r.URL.Path == "/loop2":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/kalbajar"), strings.HasPrefix(r.URL.Path, "/lachin"):
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, page)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &full
}

func TestPollConditional(t *testing.T) {
	for _, v := range []string{"etag", "last-modified"} {
		t.Run(v, func(t *testing.T) {
			srv, full := server(t, v)
			c := &Client{HostInterval: time.Millisecond}
			f := &Feed{URL: srv.URL + "/feed"}
			items, err := c.Poll(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 2 || f.Title != "Caucasus Wire" || !strings.Contains(string(items[0].Data), "Armenian forces withdrew") {
				t.Fatalf("first poll: %d items, title %q", len(items), f.Title)
			}
			if items[0].Published.Format(time.DateOnly) != "2020-11-25" {
				t.Errorf("published %v", items[0].Published)
			}
			items, err = c.Poll(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 0 || full.Load() != 1 {
				t.Errorf("second poll: %d items, %d full responses; want 0 and 1 (304)", len(items), full.Load())
			}
		})
	}
}

func TestGetErrors(t *testing.T) {
	srv, _ := server(t, "etag")
	c := &Client{HostInterval: time.Millisecond, MaxBytes: 64 << 10}
	tests := []struct {
		path, want string
	}{
		{"/endless", "larger than the size cap"},
		{"/loop", "stopped after 5 redirects"},
		{"/missing", "404"},
	}
	for _, tt := range tests {
		_, err := c.Get(context.Background(), srv.URL+tt.path, "", "")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Get %s: %v, want %q", tt.path, err, tt.want)
		}
	}
	if _, err := c.Get(context.Background(), "ftp://example.org/x", "", ""); err == nil {
		t.Error("ftp URL accepted")
	}
	_, err := c.Get(context.Background(), srv.URL+"/endless", "", "")
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("endless body: %v, want ErrTooLarge", err)
	}
}

func TestHostInterval(t *testing.T) {
	srv, _ := server(t, "etag")
	c := &Client{HostInterval: 50 * time.Millisecond}
	start := time.Now()
	for range 3 {
		if _, err := c.Get(context.Background(), srv.URL+"/kalbajar", "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("3 requests to one host in %v, want ≥ 100ms apart", d)
	}
}

func TestListSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.json")
	l, err := Load(path)
	if err != nil || len(l.Feeds) != 0 {
		t.Fatalf("Load missing: %v, %v", l, err)
	}
	if !l.Add("https://b.example/rss") || !l.Add("https://a.example/rss") || l.Add("https://a.example/rss") {
		t.Error("Add: want true, true, false")
	}
	l.Feeds[0].ETag = `"x"`
	if err := l.Save(); err != nil {
		t.Fatal(err)
	}
	m, err := Load(path)
	if err != nil || len(m.Feeds) != 2 || m.Feeds[0].URL != "https://a.example/rss" || m.Feeds[0].ETag != `"x"` {
		t.Errorf("Load = %+v, %v", m, err)
	}
}

func BenchmarkPoll304(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	c := &Client{HostInterval: -1}
	f := &Feed{URL: srv.URL + "/feed", ETag: `"v1"`}
	for b.Loop() {
		if _, err := c.Poll(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
}
