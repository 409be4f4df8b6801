// Package extract turns news reports into candidate events: who did what
// to whom, where and when, typed with ACLED's 25 sub-event types, with the
// sentence that reports each as evidence, the party that claims it, its
// status (occurred, planned, disputed), casualty figures and the change
// of control of territory it brings.
//
// Extraction is a pipeline of rule-based stages, one file each: actors
// (a dictionary with demonyms, data/actors.tsv), classify (trigger words
// and ACLED's precedence rules), status, attribution, fatalities, dates,
// location, control and confidence; pipeline ties them together per
// sentence. The rules are data-light and allocation-light so that one core
// reads thousands of reports a second.
//
// An Extractor is safe for concurrent use.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/article"
)

// Event is a candidate event extracted from a report. Its JSON form is
// documented in docs/extract.md and read by other tools.
type Event struct {
	Type          truce.EventType    `json:"type"`
	SubType       truce.SubEventType `json:"subtype"`
	Date          truce.Date         `json:"date"`
	DatePrecision truce.Precision    `json:"date_precision"`
	Status        truce.Status       `json:"status"`
	Actor1        Actor              `json:"actor1"`
	Actor2        *Actor             `json:"actor2"`
	Location      *Location          `json:"location"` // null when the report names no place
	Fatalities    *truce.Range       `json:"fatalities"`
	Injured       *truce.Range       `json:"injured"`
	Control       *Control           `json:"control"`
	ClaimedBy     string             `json:"claimed_by"`
	Evidence      Evidence           `json:"evidence"`
	Confidence    float64            `json:"confidence"`
}

// Control is the change of control an event reports.
type Control struct {
	Territory string `json:"territory"` // as the report names it: "Kalbajar"
	To        Actor  `json:"to"`
	From      *Actor `json:"from"` // null when the report does not say
}

// Evidence is the sentence that reports an event: bytes [Start, End) of
// the article's text.
type Evidence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// ArticleInfo describes the report events were extracted from.
type ArticleInfo struct {
	Title     string     `json:"title"`
	Published truce.Date `json:"published"`
	Dateline  string     `json:"dateline"`
	URL       string     `json:"url"`
}

// Result is what one report gave: the report and its events.
type Result struct {
	Article ArticleInfo `json:"article"`
	Events  []Event     `json:"events"`
}

// Option configures an Extractor.
type Option func(*config)

type config struct {
	actorsFile string
	minConf    float64
	maxBytes   int
}

// WithActorsFile adds the actor dictionary at path (the format of
// data/actors.tsv); its lines win over the embedded defaults.
func WithActorsFile(path string) Option { return func(c *config) { c.actorsFile = path } }

// WithMinConfidence drops events whose confidence is below min.
func WithMinConfidence(min float64) Option { return func(c *config) { c.minConf = min } }

// WithMaxBytes caps the size of a text ExtractText reads (default
// article.DefaultMaxBytes).
func WithMaxBytes(n int) Option { return func(c *config) { c.maxBytes = n } }

// Extractor extracts events from reports. It is safe for concurrent use.
type Extractor struct {
	places    Places // nil: countries only
	countries *countryIndex
	actors    *actorDict
	cls       *classifier
	cfg       config
}

// New returns an Extractor that locates events with places (usually a
// *gazetteer.Gazetteer); with a nil places only country-level locations
// are found.
func New(places Places, opts ...Option) (*Extractor, error) {
	x := &Extractor{places: places}
	for _, o := range opts {
		o(&x.cfg)
	}
	ci, err := parseCountries(bytes.NewReader(defaultCountries))
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if places != nil {
		ci.extra = func(word string) (*Country, bool) {
			gc, ok := places.Country(word)
			if !ok {
				return nil, false
			}
			if c := ci.byISO[gc.ISO3]; c != nil {
				return c, true
			}
			return &Country{ISO3: gc.ISO3, Name: gc.Name}, true
		}
	}
	x.countries = ci
	if x.actors, err = newActorDict(ci, x.cfg.actorsFile); err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if x.cls, err = newClassifier(); err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return x, nil
}

// Extract returns the events reported by an article read by package
// article.
func (x *Extractor) Extract(a *article.Article) ([]Event, error) {
	if a == nil || len(bytes.TrimSpace([]byte(a.Text))) == 0 {
		return nil, article.ErrEmpty
	}
	r := x.run(a.Text, meta{
		title:     a.Title,
		published: truce.DateOf(a.Published),
		dateline:  a.Dateline, datelinePlace: a.DatelinePlace, datelineCountry: a.DatelineCountry,
	})
	return r.Events, nil
}

// ExtractText reads text as a plain-text report published on published
// (zero: the date the text gives, else today) and returns its events.
// Unreadable input gives article's errors (ErrEmpty, ErrBinary,
// ErrTooLarge, ErrNotEnglish) and no result.
func (x *Extractor) ExtractText(text string, published truce.Date, url string) (*Result, error) {
	return x.ExtractBytes([]byte(text), article.Options{URL: url, ContentType: "text/plain", Published: published.Time()})
}

// ExtractBytes reads a report (plain text or HTML, sniffed unless
// opts.ContentType says) with package article and returns its events.
// Evidence offsets point into data; they are both 0 when the reader had
// to repair the sentence (bad encoding) so that it is no span of data.
func (x *Extractor) ExtractBytes(data []byte, opts article.Options) (*Result, error) {
	if opts.MaxBytes == 0 {
		opts.MaxBytes = x.cfg.maxBytes
	}
	a, err := article.Read(data, opts)
	if errors.Is(err, article.ErrEmpty) && len(bytes.TrimSpace(data)) > 0 && utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		// a one-line report that looks like page furniture to the reader
		// (a note ending in "[size=...]"): read it as it is
		a, err = &article.Article{Text: strings.TrimSpace(string(data)), Published: opts.Published}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	pub := truce.DateOf(a.Published)
	if pub.IsZero() {
		pub = truce.DateOf(time.Now().UTC())
	}
	r := x.run(a.Text, meta{
		title: a.Title, published: pub, url: opts.URL,
		dateline: a.Dateline, datelinePlace: a.DatelinePlace, datelineCountry: a.DatelineCountry,
	})
	// evidence offsets point into the text given, not the cleaned body
	if a.Text != string(data) {
		text := string(data)
		for i := range r.Events {
			ev := &r.Events[i].Evidence
			if j := strings.Index(text, ev.Text); j >= 0 {
				ev.Start, ev.End = j, j+len(ev.Text)
			} else if s, e, ok := findLoose(text, ev.Text); ok {
				ev.Start, ev.End, ev.Text = s, e, text[s:e]
			} else {
				ev.Start, ev.End = 0, 0 // the reader repaired the text: no span of the input
			}
		}
	}
	return r, nil
}

// findLoose finds sentence in text where runs of white space may differ
// (the reader joins wrapped lines and collapses spaces).
func findLoose(text, sentence string) (start, end int, ok bool) {
	first, _, _ := strings.Cut(sentence, " ")
	if first == "" {
		return 0, 0, false
	}
	for from := 0; from < len(text); {
		j := strings.Index(text[from:], first)
		if j < 0 {
			return 0, 0, false
		}
		start = from + j
		t, k := start, 0
		for k < len(sentence) && t < len(text) {
			switch {
			case isSpace(sentence[k]) && isSpace(text[t]):
				for k < len(sentence) && isSpace(sentence[k]) {
					k++
				}
				for t < len(text) && isSpace(text[t]) {
					t++
				}
			case sentence[k] == text[t]:
				k++
				t++
			default:
				t = -1
			}
			if t < 0 {
				break
			}
		}
		if t >= 0 && k == len(sentence) {
			return start, t, true
		}
		from = start + 1
	}
	return 0, 0, false
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// ToDomain returns the event as a candidate truce.Event with its evidence,
// ready for a Store.
func (e Event) ToDomain() truce.Event {
	ev := truce.Event{
		Type: e.Type, SubType: e.SubType, Date: e.Date, DatePrecision: e.DatePrecision,
		Actor1: truce.Actor{Name: e.Actor1.Name, Country: e.Actor1.Country, Kind: e.Actor1.Kind},
		Status: e.Status, Review: truce.ReviewCandidate, Confidence: e.Confidence,
		Evidence: []truce.Evidence{{Text: e.Evidence.Text, Start: e.Evidence.Start, End: e.Evidence.End, ClaimedBy: e.ClaimedBy, Stance: truce.Asserts}},
	}
	if e.Actor2 != nil {
		ev.Actor2 = &truce.Actor{Name: e.Actor2.Name, Country: e.Actor2.Country, Kind: e.Actor2.Kind}
	}
	if e.Location != nil {
		ev.Location = truce.Location{Name: e.Location.Name, Lat: e.Location.Lat, Lon: e.Location.Lon,
			Country: e.Location.Country, Admin1: e.Location.Admin1, GeoNameID: e.Location.GeoNameID, Precision: e.Location.Precision}
	}
	if e.Fatalities != nil {
		r := *e.Fatalities
		ev.Fatalities = &r
	}
	if e.Injured != nil {
		r := *e.Injured
		ev.Injured = &r
	}
	if e.Control != nil {
		c := &truce.ControlChange{Territory: e.Control.Territory,
			To: truce.Actor{Name: e.Control.To.Name, Country: e.Control.To.Country, Kind: e.Control.To.Kind}}
		if e.Control.From != nil {
			c.From = &truce.Actor{Name: e.Control.From.Name, Country: e.Control.From.Country, Kind: e.Control.From.Kind}
		}
		ev.Control = c
	}
	return ev
}
