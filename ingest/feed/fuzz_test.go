package feed

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// bytesTransport answers every request for the feed's URL with the
// fuzzed bytes and every other (an item's link) with 404: no network.
type bytesTransport struct{ body []byte }

func (b bytesTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	status, body := http.StatusNotFound, []byte("not found")
	if r.URL.Path == "/feed.xml" {
		status, body = http.StatusOK, b.body
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/rss+xml"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
}

// FuzzPoll parses arbitrary bytes as a feed (RSS, Atom or JSON Feed):
// Poll returns reports or an error, never panics, and every report it
// returns names where it came from.
func FuzzPoll(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Aghdam handed over</title><link>https://example.org/a</link><description>Azerbaijani units entered Aghdam on 20 November 2020.</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>Lachin</title><link href="https://example.org/l"/><content type="html">&lt;p&gt;The army took Lachin on 1 December.&lt;/p&gt;</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","content_text":"Kalbajar"}]}`))
	f.Add([]byte("<rss><channel><item><title>\xff\xfe bad utf-8</title></item></channel></rss>"))
	f.Add([]byte(strings.Repeat("<rss><channel>", 2000)))
	f.Add([]byte("<rss><channel><item><description>" + strings.Repeat("x", 1<<20) + "</description></item></channel></rss>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &Client{HTTP: &http.Client{Transport: bytesTransport{data}, Timeout: 5 * time.Second}, HostInterval: time.Nanosecond}
		fd := &Feed{URL: "http://feed.test/feed.xml"}
		reports, err := c.Poll(context.Background(), fd)
		if err != nil {
			if fd.LastError == "" {
				t.Error("a failed poll left no LastError")
			}
			return
		}
		for _, r := range reports {
			if r.Name == "" {
				t.Errorf("a report without a name: %+v", r)
			}
		}
	})
}
