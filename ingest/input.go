package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/article"
)

// Fetcher fetches a report by URL (package feed's Client is one).
type Fetcher interface {
	Fetch(ctx context.Context, url string) (Report, error)
}

// jsonLine is one line of a JSONL input, as `truce extract --input jsonl`
// reads it.
type jsonLine struct {
	ID        json.RawMessage `json:"id"`
	Text      string          `json:"text"`
	HTML      string          `json:"html,omitempty"`
	Published string          `json:"published,omitempty"` // YYYY-MM-DD or RFC 3339
	URL       string          `json:"url,omitempty"`
	Outlet    string          `json:"outlet,omitempty"`
}

// maxLine caps one JSONL line.
const maxLine = 16 << 20

// Inputs yields the reports of the named inputs in order: files (text or
// HTML, a .jsonl file one report per line), folders (their .txt, .html,
// .htm and .jsonl files, recursively, by name), a file of URLs (.urls, or
// any file whose lines are all URLs; each fetched with f), a URL (fetched
// with f), and "-" for standard input (JSONL when its first byte is "{").
// A report that cannot be read is yielded as an error with its name, and
// the next one follows.
func Inputs(ctx context.Context, names []string, stdin io.Reader, f Fetcher) func() (Report, bool, error) {
	var queue []func() (Report, bool, error) // sources of reports, in order
	for _, n := range names {
		queue = append(queue, input(ctx, n, stdin, f))
	}
	return func() (Report, bool, error) {
		for len(queue) > 0 {
			r, ok, err := queue[0]()
			if err != nil || ok {
				return r, err == nil, err
			}
			queue = queue[1:]
		}
		return Report{}, false, nil
	}
}

// one yields a single report, or a single error.
func one(r Report, err error) func() (Report, bool, error) {
	done := false
	return func() (Report, bool, error) {
		if done {
			return Report{}, false, nil
		}
		done = true
		return r, err == nil, err
	}
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

func input(ctx context.Context, name string, stdin io.Reader, f Fetcher) func() (Report, bool, error) {
	switch {
	case name == "-":
		br := bufio.NewReader(stdin)
		b, _ := br.Peek(1)
		if len(b) == 1 && b[0] == '{' {
			return jsonl("stdin", br)
		}
		data, err := io.ReadAll(io.LimitReader(br, article.DefaultMaxBytes+1))
		if err != nil {
			return one(Report{Name: "stdin"}, fmt.Errorf("read: %w", err))
		}
		return one(Report{Name: "stdin", Data: data}, nil)
	case isURL(name):
		return fetch(ctx, f, name)
	}
	st, err := os.Stat(name)
	if err != nil {
		return one(Report{Name: name}, fmt.Errorf("open input: %w", err))
	}
	if st.IsDir() {
		var files []string
		err := filepath.WalkDir(name, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".txt", ".html", ".htm", ".jsonl", ".urls":
				if !d.IsDir() {
					files = append(files, p)
				}
			}
			return nil
		})
		if err != nil {
			return one(Report{Name: name}, fmt.Errorf("read folder: %w", err))
		}
		sort.Strings(files)
		var sub []func() (Report, bool, error)
		for _, p := range files {
			sub = append(sub, input(ctx, p, stdin, f))
		}
		return func() (Report, bool, error) {
			for len(sub) > 0 {
				r, ok, err := sub[0]()
				if err != nil || ok {
					return r, err == nil, err
				}
				sub = sub[1:]
			}
			return Report{}, false, nil
		}
	}
	if strings.EqualFold(filepath.Ext(name), ".jsonl") {
		fh, err := os.Open(name)
		if err != nil {
			return one(Report{Name: name}, fmt.Errorf("open input: %w", err))
		}
		next := jsonl(name, fh)
		return func() (Report, bool, error) {
			r, ok, err := next()
			if !ok && err == nil {
				fh.Close()
			}
			return r, ok, err
		}
	}
	data, err := readCapped(name, st.Size())
	if err != nil {
		return one(Report{Name: name}, fmt.Errorf("read: %w", err))
	}
	if urls := urlList(data); urls != nil || strings.EqualFold(filepath.Ext(name), ".urls") {
		var sub []func() (Report, bool, error)
		for _, u := range urls {
			sub = append(sub, fetch(ctx, f, u))
		}
		return func() (Report, bool, error) {
			for len(sub) > 0 {
				r, ok, err := sub[0]()
				if err != nil || ok {
					return r, err == nil, err
				}
				sub = sub[1:]
			}
			return Report{}, false, nil
		}
	}
	r := Report{Name: name, Data: data}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt":
		r.ContentType = "text/plain"
	case ".html", ".htm":
		r.ContentType = "text/html"
	}
	return one(r, nil)
}

// urlList returns the URLs of a file whose non-empty lines (less "#"
// comments) are all http(s) URLs, else nil.
func urlList(data []byte) []string {
	var urls []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !isURL(line) || strings.ContainsAny(line, " \t") {
			return nil
		}
		urls = append(urls, line)
	}
	return urls
}

func fetch(ctx context.Context, f Fetcher, u string) func() (Report, bool, error) {
	if f == nil {
		return one(Report{Name: u}, fmt.Errorf("cannot fetch %s: no fetcher", u))
	}
	r, err := f.Fetch(ctx, u)
	if r.Name == "" {
		r.Name = u
	}
	return one(r, err)
}

// jsonl yields the reports of JSON lines {"id","text"|"html","published"?,
// "url"?,"outlet"?}.
func jsonl(name string, rd io.Reader) func() (Report, bool, error) {
	br := bufio.NewReaderSize(rd, 64<<10)
	n := 0
	done := false
	return func() (Report, bool, error) {
		for !done {
			raw, long, rerr := readLine(br)
			if rerr != nil && rerr != io.EOF {
				done = true
				return Report{Name: fmt.Sprintf("%s:%d", name, n+1)}, false, fmt.Errorf("read: %w", rerr)
			}
			done = rerr == io.EOF
			if done && len(raw) == 0 && !long {
				break // nothing after the last line break
			}
			n++
			lname := fmt.Sprintf("%s:%d", name, n)
			if long {
				return Report{Name: lname}, false, truce.Errorf(truce.EINVALID, "line %d: longer than %d MiB", n, maxLine>>20)
			}
			line := bytes.TrimSpace(raw)
			if len(line) == 0 {
				continue
			}
			var l jsonLine
			if err := json.Unmarshal(line, &l); err != nil {
				return Report{Name: lname}, false, truce.Errorf(truce.EINVALID, "line %d: bad JSON: %v", n, err)
			}
			if len(l.ID) > 0 {
				var id string
				if json.Unmarshal(l.ID, &id) != nil {
					id = string(l.ID)
				}
				lname = fmt.Sprintf("%s:%d (id %s)", name, n, id)
			}
			r := Report{Name: lname, URL: l.URL, Outlet: l.Outlet, Data: []byte(l.Text), ContentType: "text/plain"}
			if l.HTML != "" {
				r.Data, r.ContentType = []byte(l.HTML), "text/html"
			}
			if l.Published != "" {
				t, err := parseTime(l.Published)
				if err != nil {
					return Report{Name: lname}, false, truce.Errorf(truce.EINVALID, "line %d: published %q: want YYYY-MM-DD or RFC 3339", n, l.Published)
				}
				r.Published = t
			}
			return r, true, nil
		}
		return Report{}, false, nil
	}
}

// readLine reads one line without its end; a line longer than maxLine is
// read to its end and dropped, with long set. err is io.EOF after the
// last line.
func readLine(br *bufio.Reader) (line []byte, long bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !long {
			if len(line)+len(chunk) > maxLine {
				long, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == nil {
			line = bytes.TrimSuffix(line, []byte("\n"))
		}
		return line, long, err
	}
}

// readCapped reads a report file, or its first article.DefaultMaxBytes+1
// bytes when it is larger (article.Read then says it is too large), so
// that a huge file costs no more memory than the cap. URL lists may be
// larger: they are read whole up to maxLine.
func readCapped(name string, size int64) ([]byte, error) {
	limit := int64(article.DefaultMaxBytes) + 1
	if strings.EqualFold(filepath.Ext(name), ".urls") {
		limit = maxLine
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, min(size+1, limit)))
}

func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}
