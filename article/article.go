// Package article turns the raw bytes of a news report, HTML or plain
// text, into a clean article: headline, body text without page furniture,
// publication date, dateline, outlet, language, paragraphs and sentences
// with byte offsets into the body.
//
// Everything downstream (evidence spans, extraction) points into
// Article.Text, so its offsets are the contract: Paragraphs and Sentences
// are byte spans of Text, and the dateline stays in Text (its span is
// DatelineSpan) while the first sentence starts after it.
package article

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/dates"
)

// DefaultMaxBytes caps the input Read looks at when Options.MaxBytes is 0.
const DefaultMaxBytes = 5 << 20

// Errors returned by Read. They are *truce.Error values with code
// truce.EINVALID, wrapped with details; test for them with errors.Is.
//
// ErrEmpty and ErrBinary come with a nil Article. ErrNotEnglish and
// ErrTooLarge come with a usable Article: a non-English text is returned
// with Language set, and input over MaxBytes is cut at the last line break
// before the cap, read, and marked Truncated.
var (
	ErrEmpty      = &truce.Error{Code: truce.EINVALID, Message: "article has no text"}
	ErrBinary     = &truce.Error{Code: truce.EINVALID, Message: "input is binary, not text or HTML"}
	ErrTooLarge   = &truce.Error{Code: truce.EINVALID, Message: "input is larger than the size cap"}
	ErrNotEnglish = &truce.Error{Code: truce.EINVALID, Message: "article is not in English"}
)

// Options tells Read what it is reading.
type Options struct {
	URL string // where the report came from; helps HTML extraction
	// ContentType is "text/html", "text/plain" (parameters such as charset
	// are honoured) or "" to sniff the bytes.
	ContentType string
	// Published is the publication time given by the caller (a feed, the
	// user); it wins over any date found in the report.
	Published time.Time
	// MaxBytes caps the input read; 0 means DefaultMaxBytes.
	MaxBytes int
}

// Span is a byte range [Start, End) of Article.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Sentence is one sentence of the body.
type Sentence struct {
	Start     int    `json:"start"` // byte offsets into Article.Text
	End       int    `json:"end"`
	Text      string `json:"text"`      // Article.Text[Start:End]
	Paragraph int    `json:"paragraph"` // index into Article.Paragraphs
}

// Article is a report read by Read.
type Article struct {
	Title string `json:"title"`
	// Text is the body: one paragraph per line, without headline, page
	// furniture, captions or duplicated summaries.
	Text      string    `json:"text"`
	Published time.Time `json:"published,omitzero"`
	// PublishedSource says where Published came from: "given" (Options),
	// "meta" (HTML metadata), "text" (an "Updated 25 November 2020" line),
	// "dateline" (a dateline that states its year) or "none".
	PublishedSource string `json:"published_source"`
	Dateline        string `json:"dateline,omitempty"`         // "BAKU, Azerbaijan", as written
	DatelinePlace   string `json:"dateline_place,omitempty"`   // "BAKU"
	DatelineCountry string `json:"dateline_country,omitempty"` // "Azerbaijan"; "" when the dateline names none
	// DatelineDate is the date a wire dateline carries ("MOSCOW, Nov 10
	// (Reuters)"), resolved against Published; zero when absent.
	DatelineDate truce.Date `json:"dateline_date,omitzero"`
	// DatelineSpan covers the dateline and its separator in Text ("BAKU,
	// Azerbaijan: ", or an outlet alone: "(CNN) — "); zero when there is
	// none.
	DatelineSpan Span       `json:"dateline_span,omitzero"`
	Outlet       string     `json:"outlet,omitempty"` // "AP", "Reuters", "AFP" when the dateline or byline names one
	Language     string     `json:"language"`         // ISO 639-1 ("en"), "und" when unknown
	Paragraphs   []Span     `json:"paragraphs"`
	Sentences    []Sentence `json:"sentences"`
	// Truncated is set when the input was cut at MaxBytes.
	Truncated bool `json:"truncated,omitempty"`
	// Warnings lists repairs made on the way (bad encoding, fallbacks).
	Warnings []string `json:"warnings,omitempty"`

	datelineDate string // the date part of the dateline, unresolved
}

// Read reads a report from data. See the Err variables for the failures
// and for which of them still return an Article.
func Read(data []byte, opts Options) (*Article, error) {
	maxBytes := opts.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("article: %w: %d bytes of white space", ErrEmpty, len(data))
	}
	if what := binaryKind(data); what != "" {
		return nil, fmt.Errorf("article: %w (%s)", ErrBinary, what)
	}
	a := &Article{Language: "und", PublishedSource: "none"}
	var errs []error
	if len(data) > maxBytes {
		errs = append(errs, fmt.Errorf("article: %w: %d bytes, read the first %d", ErrTooLarge, len(data), maxBytes))
		data = cut(data, maxBytes)
		a.Truncated = true
	}
	mediaType, params, _ := mime.ParseMediaType(opts.ContentType)
	isHTML := false
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		isHTML = true
	case "text/plain":
	default:
		isHTML = sniffHTML(data)
	}
	if isHTML && !hasTag(data) {
		isHTML = false
		a.Warnings = append(a.Warnings, "declared HTML has no tags: read as plain text")
	}

	var text, title string
	var meta time.Time
	if isHTML {
		var err error
		text, title, meta, err = readHTML(data, opts, params["charset"], a)
		if err != nil {
			return nil, err
		}
	} else {
		text = decodeText(data, params["charset"], a)
	}
	build(a, text, title)
	if len(a.Paragraphs) == 0 && a.Title != "" {
		// Only a headline, perhaps repeated: it is the report.
		a.Text = a.Title
		a.Paragraphs = []Span{{0, len(a.Text)}}
		a.Sentences = splitSentences(a.Text, 0, len(a.Text), 0, nil)
	}
	if len(a.Paragraphs) == 0 {
		return nil, fmt.Errorf("article: %w: nothing left after removing page furniture", ErrEmpty)
	}

	switch {
	case !opts.Published.IsZero():
		a.Published, a.PublishedSource = opts.Published, "given"
	case !meta.IsZero():
		a.Published, a.PublishedSource = meta, "meta"
	case !a.Published.IsZero():
		a.PublishedSource = "text"
	}
	a.resolveDatelineDate()

	a.Language = language(a.Title, a.Text)
	if a.Language != "en" {
		errs = append(errs, fmt.Errorf("article: %w (detected %q)", ErrNotEnglish, a.Language))
	}
	return a, errors.Join(errs...)
}

// binaryKind names the kind of binary data, or returns "" for text.
func binaryKind(data []byte) string {
	head := data[:min(len(data), 1024)]
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return "" // UTF-16 text
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.name
		}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "NUL bytes"
	}
	// Many control characters other than white space: not text.
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	if ctl*10 > len(head) {
		return "control characters"
	}
	return ""
}

var magics = []struct{ prefix, name string }{
	{"\x89PNG", "PNG image"}, {"%PDF-", "PDF document"}, {"GIF8", "GIF image"},
	{"\xff\xd8\xff", "JPEG image"}, {"PK\x03\x04", "ZIP archive"}, {"\x1f\x8b", "gzip data"},
	{"RIFF", "RIFF media"}, {"\x7fELF", "ELF binary"}, {"BZh", "bzip2 data"},
	{"\xfd7zXZ", "xz data"}, {"OggS", "Ogg media"}, {"ID3", "MP3 audio"},
	{"\x00\x00\x00", "binary data"}, {"{\\rtf", "RTF document"},
}

// cut returns data cut to at most n bytes at the last line break (or, if
// there is none in the last quarter, the last complete rune).
func cut(data []byte, n int) []byte {
	data = data[:n]
	if i := bytes.LastIndexByte(data, '\n'); i > n*3/4 {
		return data[:i+1]
	}
	for i := 0; i < utf8.UTFMax && len(data) > 0; i++ {
		r, size := utf8.DecodeLastRune(data)
		if r != utf8.RuneError || size > 1 {
			break
		}
		data = data[:len(data)-1]
	}
	return data
}

// sniffHTML reports whether data looks like HTML.
func sniffHTML(data []byte) bool {
	head := bytes.TrimLeft(data[:min(len(data), 1024)], "\ufeff \t\r\n")
	if len(head) == 0 || head[0] != '<' {
		return false
	}
	l := strings.ToLower(string(head[:min(len(head), 512)]))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div", "<p>", "<p ", "<article", "<script", "<style", "<!--", "<?xml", "<h1", "<section", "<main", "<span", "<table", "<a ", "<br"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return strings.Contains(l, "</")
}

// hasTag reports whether data holds anything like an HTML tag or comment.
func hasTag(data []byte) bool {
	for i := bytes.IndexByte(data, '<'); i >= 0 && i+1 < len(data); {
		if c := data[i+1]; c|0x20 >= 'a' && c|0x20 <= 'z' || c == '/' || c == '!' || c == '?' {
			return true
		}
		j := bytes.IndexByte(data[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// resolveDatelineDate resolves the date of a wire dateline against the
// publication date. A dateline that states its year ("BAKU, Dec. 13,
// 2020 -") is the publication date when nothing else gave one.
func (a *Article) resolveDatelineDate() {
	if a.datelineDate == "" {
		return
	}
	m, ok := dates.Resolve(a.datelineDate, truce.DateOf(a.Published))
	if !ok || m.Precision != truce.PrecisionDay {
		return
	}
	a.DatelineDate = m.Date
	if a.Published.IsZero() {
		// The year is stated when another reference gives the same day.
		if m2, ok := dates.Resolve(a.datelineDate, m.Date.AddDays(3*365)); ok && m2.Date == m.Date {
			a.Published, a.PublishedSource = m.Date.Time(), "dateline"
		}
	}
}

// Reason says in a few words why a report could not be read, for a
// message naming the report: "empty report (no text left)", "report too
// large: capped at 5242880 bytes (5 MiB), not read". ok is false when err
// is none of this package's errors.
func Reason(err error) (reason string, ok bool) {
	switch {
	case errors.Is(err, ErrEmpty):
		return "empty report (no text left)", true
	case errors.Is(err, ErrBinary):
		return "binary input, not a text or HTML report", true
	case errors.Is(err, ErrTooLarge):
		return fmt.Sprintf("report too large: capped at %d bytes (%d MiB), not read", DefaultMaxBytes, DefaultMaxBytes>>20), true
	case errors.Is(err, ErrNotEnglish):
		return "report is not in English", true
	}
	return "", false
}
