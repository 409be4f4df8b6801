package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/truce-monitor/truce/ingest"
)

// Feed is a subscribed RSS or Atom feed with what the last poll learned.
type Feed struct {
	URL          string    `json:"url"`
	Title        string    `json:"title,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPolled   time.Time `json:"last_polled,omitzero"`
	LastError    string    `json:"last_error,omitempty"`
	Items        int       `json:"items"` // items read over all polls
}

// List is the subscribed feeds, kept in a JSON file beside the record.
type List struct {
	Path  string  `json:"-"`
	Feeds []*Feed `json:"feeds"`
}

// Load reads the list at path; a missing file is an empty list.
func Load(path string) (*List, error) {
	l := &List{Path: path}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feed: load %s: %w", path, err)
	}
	if err := json.Unmarshal(b, l); err != nil {
		return nil, fmt.Errorf("feed: load %s: %w", path, err)
	}
	return l, nil
}

// Save writes the list, through a temporary file so that a crash leaves
// the old list.
func (l *List) Save() error {
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("feed: save %s: %w", l.Path, err)
	}
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o755); err != nil {
		return fmt.Errorf("feed: save %s: %w", l.Path, err)
	}
	tmp := l.Path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("feed: save %s: %w", l.Path, err)
	}
	if err := os.Rename(tmp, l.Path); err != nil {
		return fmt.Errorf("feed: save %s: %w", l.Path, err)
	}
	return nil
}

// Add subscribes to a feed; it reports false when the URL is listed
// already.
func (l *List) Add(url string) bool {
	for _, f := range l.Feeds {
		if f.URL == url {
			return false
		}
	}
	l.Feeds = append(l.Feeds, &Feed{URL: url})
	sort.Slice(l.Feeds, func(i, j int) bool { return l.Feeds[i].URL < l.Feeds[j].URL })
	return true
}

// Remove unsubscribes from a feed; it reports false when the URL is not
// listed.
func (l *List) Remove(url string) bool {
	for i, f := range l.Feeds {
		if f.URL == url {
			l.Feeds = append(l.Feeds[:i], l.Feeds[i+1:]...)
			return true
		}
	}
	return false
}

// minItemText is the length of an item's own content below which the
// item's page is fetched for the full report.
const minItemText = 400

// Poll fetches a feed with a conditional GET and returns its items as
// reports: an unchanged feed (304) gives nil, a changed feed without
// items an empty slice. An item whose content is
// short is fetched from its link. The feed's ETag, Last-Modified, title
// and counters are updated.
func (c *Client) Poll(ctx context.Context, f *Feed) ([]ingest.Report, error) {
	f.LastPolled = time.Now().UTC()
	resp, err := c.Get(ctx, f.URL, f.ETag, f.LastModified)
	if err != nil {
		f.LastError = err.Error()
		return nil, err
	}
	f.ETag, f.LastModified, f.LastError = resp.ETag, resp.LastModified, ""
	if resp.NotModified {
		return nil, nil
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		f.LastError = err.Error()
		return nil, fmt.Errorf("feed: parse %s: %w", f.URL, err)
	}
	if parsed.Title != "" {
		f.Title = parsed.Title
	}
	out := []ingest.Report{} // not nil: nil means not modified
	for _, it := range parsed.Items {
		r := ingest.Report{Name: it.Link, URL: it.Link, Outlet: parsed.Title, FetchedAt: resp.FetchedAt}
		if it.PublishedParsed != nil {
			r.Published = it.PublishedParsed.UTC()
		} else if it.UpdatedParsed != nil {
			r.Published = it.UpdatedParsed.UTC()
		}
		body := it.Content
		if body == "" {
			body = it.Description
		}
		if len(body) < minItemText && it.Link != "" {
			page, err := c.Get(ctx, it.Link, "", "")
			if err == nil {
				r.Data, r.ContentType = page.Body, page.ContentType
			}
		}
		if r.Data == nil {
			if body == "" {
				continue
			}
			html := "<html><head><title>" + it.Title + "</title></head><body><article>" + body + "</article></body></html>"
			r.Data, r.ContentType = []byte(html), "text/html"
		}
		if r.Name == "" {
			r.Name = f.URL + "#" + strings.TrimSpace(it.Title)
		}
		out = append(out, r)
	}
	f.Items += len(out)
	return out, nil
}
