package http

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// timeNow is time.Now, replaceable in tests.
var timeNow = time.Now

// Histogram is the response of GET /api/histogram: events per day, by
// event type, and fatalities per day, from First to Last (every day in
// between has a slot, so index i is day First+i). Counts cover accepted
// and candidate events unless review= says otherwise.
type Histogram struct {
	First      truce.Date              `json:"first"`
	Last       truce.Date              `json:"last"`
	Types      []truce.EventType       `json:"types"`
	Counts     map[string][]int        `json:"counts"` // event type → count per day
	Fatalities []int                   `json:"fatalities"`
	Total      int                     `json:"total"`
	Max        int                     `json:"max"` // the largest number of events on one day
	ByType     map[truce.EventType]int `json:"by_type"`
}

type histKey struct {
	from, to truce.Date
	filter   string
}

// maxHistogramDays bounds the histogram's length (about 55 years).
const maxHistogramDays = 20_000

func (s *Server) handleHistogram(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := eventFilter(q)
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	if len(f.Review) == 0 {
		f.Review = []truce.ReviewState{truce.ReviewAccepted, truce.ReviewCandidate}
	}
	key := histKey{from: f.From, to: f.To, filter: r.URL.Query().Encode()}
	s.mu.Lock()
	h, ok := s.hist[key]
	gen := s.gen
	s.mu.Unlock()
	if !ok {
		var err error
		h, err = s.histogram(r, f)
		if err != nil {
			s.error(w, r, err)
			return
		}
		s.mu.Lock()
		if s.gen == gen && len(s.hist) < 256 {
			s.hist[key] = h
		}
		s.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, h)
}

// EventCounter is implemented by stores that count events per day and
// type themselves (sqlite and postgres); the histogram of another store
// reads every matching event.
type EventCounter interface {
	// EventCounts calls fn with the number of events matching f on each
	// day and of each type and the sum of their lowest fatality counts.
	EventCounts(ctx context.Context, f truce.EventFilter, fn func(day truce.Date, typ truce.EventType, n, fatalities int) error) error
}

// dayCount is the number of events of one type on one day and the sum of
// their (lowest) fatalities.
type dayCount struct {
	day        truce.Date
	typ        truce.EventType
	n          int
	fatalities int
}

// histogram counts the events matching f per day.
func (s *Server) histogram(r *http.Request, f truce.EventFilter) (*Histogram, error) {
	f.Order, f.Limit, f.Offset, f.NoEvidence = "date", 0, 0, true
	var counts []dayCount
	if c, ok := s.store.(EventCounter); ok {
		err := c.EventCounts(r.Context(), f, func(day truce.Date, typ truce.EventType, n, fatalities int) error {
			counts = append(counts, dayCount{day, typ, n, fatalities})
			return nil
		})
		if err != nil {
			return nil, err
		}
		return buildHistogram(counts, f.From, f.To)
	}
	evs, _, err := s.store.Events(r.Context(), f)
	if err != nil {
		return nil, err
	}
	return buildHistogram(eventCounts(evs), f.From, f.To)
}

// eventCounts returns one count per event.
func eventCounts(evs []*truce.Event) []dayCount {
	counts := make([]dayCount, len(evs))
	for i, e := range evs {
		counts[i] = dayCount{day: e.Date, typ: e.Type, n: 1}
		if e.Fatalities != nil {
			counts[i].fatalities = e.Fatalities.Low
		}
	}
	return counts
}

// buildHistogram counts events per day between from and to (the span of
// the events when zero).
func buildHistogram(counts []dayCount, from, to truce.Date) (*Histogram, error) {
	h := &Histogram{Types: EventTypes, Counts: map[string][]int{}, ByType: map[truce.EventType]int{}}
	for _, c := range counts {
		if from.IsZero() && (h.First.IsZero() || c.day < h.First) {
			h.First = c.day
		}
		if to.IsZero() && c.day > h.Last {
			h.Last = c.day
		}
	}
	if !from.IsZero() {
		h.First = from
	}
	if !to.IsZero() {
		h.Last = to
	}
	if h.First.IsZero() || h.Last < h.First {
		h.Fatalities = []int{}
		for _, t := range EventTypes {
			h.Counts[string(t)] = []int{}
		}
		return h, nil
	}
	n := int(h.Last-h.First) + 1
	if n > maxHistogramDays {
		return nil, truce.Errorf(truce.EINVALID, "histogram span %s to %s is longer than %d days: narrow from/to", h.First, h.Last, maxHistogramDays)
	}
	for _, t := range EventTypes {
		h.Counts[string(t)] = make([]int, n)
	}
	h.Fatalities = make([]int, n)
	perDay := make([]int, n)
	for _, dc := range counts {
		i := int(dc.day - h.First)
		if i < 0 || i >= n {
			continue
		}
		c, ok := h.Counts[string(dc.typ)]
		if !ok {
			continue
		}
		c[i] += dc.n
		perDay[i] += dc.n
		h.Total += dc.n
		h.ByType[dc.typ] += dc.n
		h.Fatalities[i] += dc.fatalities
	}
	if n > 0 {
		h.Max = slices.Max(perDay)
	}
	return h, nil
}

// Meta is the response of GET /api/meta: the span and size of the record.
type Meta struct {
	First       truce.Date                               `json:"first"`
	Last        truce.Date                               `json:"last"`
	Events      int                                      `json:"events"`
	Accepted    int                                      `json:"accepted"`
	Candidates  int                                      `json:"candidates"`
	Rejected    int                                      `json:"rejected"`
	Territories int                                      `json:"territories"`
	Controlled  int                                      `json:"controlled_territories"`
	Agreements  int                                      `json:"agreements"`
	Actors      []truce.Actor                            `json:"actors"`
	Types       []truce.EventType                        `json:"types"`
	SubTypes    map[truce.EventType][]truce.SubEventType `json:"subtypes"`
	ReadOnly    bool                                     `json:"read_only"`
}

func (s *Server) handleMeta(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := Meta{Types: EventTypes, SubTypes: map[truce.EventType][]truce.SubEventType{}, ReadOnly: s.readOnly, Actors: []truce.Actor{}}
	for _, st := range truce.SubEventTypes {
		m.SubTypes[st.Type()] = append(m.SubTypes[st.Type()], st)
	}
	first, total, err := s.store.Events(ctx, truce.EventFilter{Order: "date", Limit: 1, NoEvidence: true})
	if err != nil {
		s.error(w, r, err)
		return
	}
	m.Events = total
	if len(first) > 0 {
		m.First = first[0].Date
		last, _, err := s.store.Events(ctx, truce.EventFilter{Order: "-date", Limit: 1, NoEvidence: true})
		if err != nil {
			s.error(w, r, err)
			return
		}
		if len(last) > 0 {
			m.Last = max(last[0].Date, last[0].DateEnd)
		}
	}
	for _, c := range []struct {
		state truce.ReviewState
		n     *int
	}{{truce.ReviewAccepted, &m.Accepted}, {truce.ReviewCandidate, &m.Candidates}, {truce.ReviewRejected, &m.Rejected}} {
		_, n, err := s.store.Events(ctx, truce.EventFilter{Review: []truce.ReviewState{c.state}, Limit: 1, NoEvidence: true})
		if err != nil {
			s.error(w, r, err)
			return
		}
		*c.n = n
	}
	ts, err := s.store.Territories(ctx, truce.TerritoryFilter{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	m.Territories = len(ts)
	entries, err := s.store.ControlEntries(ctx, truce.ControlFilter{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	m.Controlled = len(territoryIDs(entries))
	ags, err := s.store.Agreements(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	m.Agreements = len(ags)
	actors, err := s.store.Actors(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, a := range actors {
		m.Actors = append(m.Actors, a.Ref())
	}
	slices.SortFunc(m.Actors, func(a, b truce.Actor) int { return strings.Compare(a.Name, b.Name) })
	writeJSON(w, http.StatusOK, m)
}

// AgreementList is the response of GET /api/agreements.
type AgreementList struct {
	Agreements []*truce.Agreement `json:"agreements"`
}

func (s *Server) handleAgreements(w http.ResponseWriter, r *http.Request) {
	ags, err := s.store.Agreements(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if ags == nil {
		ags = []*truce.Agreement{}
	}
	writeJSON(w, http.StatusOK, AgreementList{Agreements: ags})
}
