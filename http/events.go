package http

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/truce-monitor/truce"
)

// EventPage is the response of GET /api/events and GET /api/review.
type EventPage struct {
	Total  int            `json:"total"`
	Limit  int            `json:"limit"`
	Offset int            `json:"offset"`
	Events []*truce.Event `json:"events"`
}

// eventFilter reads the event filter parameters shared by the list, GeoJSON
// and histogram endpoints.
func eventFilter(q *query) truce.EventFilter {
	f := truce.EventFilter{
		From:    q.date("from"),
		To:      q.date("to"),
		BBox:    q.bbox("bbox"),
		Actor:   q.str("actor"),
		Country: q.str("country"),
		Text:    q.str("q"),
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To < f.From {
		q.fail("to (%s) is before from (%s)", f.To, f.From)
	}
	for _, v := range q.list("type") {
		t := truce.EventType(v)
		if !validType(t) {
			q.fail("type: unknown event type %q", v)
		}
		f.Types = append(f.Types, t)
	}
	for _, v := range q.list("subtype") {
		st := truce.SubEventType(v)
		if !st.Valid() {
			q.fail("subtype: unknown sub-event type %q", v)
		}
		f.SubTypes = append(f.SubTypes, st)
	}
	for _, v := range q.list("review") {
		rs := truce.ReviewState(v)
		if !rs.Valid() {
			q.fail("review: unknown review state %q: want candidate, accepted or rejected", v)
		}
		f.Review = append(f.Review, rs)
	}
	for _, v := range q.list("status") {
		st := truce.Status(v)
		if !st.Valid() {
			q.fail("status: unknown status %q: want occurred, planned or disputed", v)
		}
		f.Status = append(f.Status, st)
	}
	switch o := q.str("order"); o {
	case "", "date", "-date", "-confidence":
		f.Order = o
	default:
		q.fail("order: unknown order %q: want date, -date or -confidence", o)
	}
	return f
}

// EventTypes lists ACLED's six event types in codebook order.
var EventTypes = []truce.EventType{
	truce.Battles, truce.ExplosionsRemote, truce.ViolenceAgainstCivilians,
	truce.Protests, truce.Riots, truce.StrategicDevelopments,
}

func validType(t truce.EventType) bool {
	for _, v := range EventTypes {
		if v == t {
			return true
		}
	}
	return false
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := eventFilter(q)
	f.Limit = q.intIn("limit", DefaultPageSize, 1, MaxPageSize)
	f.Offset = q.intIn("offset", 0, 0, 1<<30)
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	evs, total, err := s.store.Events(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if evs == nil {
		evs = []*truce.Event{}
	}
	writeJSON(w, http.StatusOK, EventPage{Total: total, Limit: f.Limit, Offset: f.Offset, Events: evs})
}

// FeatureCollection is a GeoJSON feature collection. Total, when set, is
// the number of matches before the limit.
type FeatureCollection struct {
	Type     string    `json:"type"`
	Features []Feature `json:"features"`
	Total    *int      `json:"total,omitempty"`
}

// Feature is a GeoJSON feature with a numeric id (the map keys feature
// state on it).
type Feature struct {
	Type       string          `json:"type"`
	ID         int64           `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties any             `json:"properties"`
	BBox       *[4]float64     `json:"bbox,omitempty"`
}

// EventProps are the properties of an event point in /api/events.geojson:
// just what the map draws and filters on. Day is the date as days since
// 1970-01-01, so the client compares numbers.
type EventProps struct {
	Type       truce.EventType    `json:"type"`
	SubType    truce.SubEventType `json:"subtype"`
	Date       truce.Date         `json:"date"`
	Day        int64              `json:"day"`
	Fatalities int                `json:"fatalities"`
	Place      string             `json:"place"`
	Country    string             `json:"country,omitempty"`
	Actor1     string             `json:"actor1"`
	Actor2     string             `json:"actor2,omitempty"`
	Review     truce.ReviewState  `json:"review"`
	Status     truce.Status       `json:"status"`
	Confidence float64            `json:"confidence"`
	Transfer   bool               `json:"transfer,omitempty"`
}

// unixDay returns d as days since 1970-01-01.
func unixDay(d truce.Date) int64 { return d.Time().Unix() / 86400 }

func pointGeometry(lon, lat float64) json.RawMessage {
	b := make([]byte, 0, 64)
	b = append(b, `{"type":"Point","coordinates":[`...)
	b = strconv.AppendFloat(b, lon, 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, lat, 'f', -1, 64)
	return append(b, "]}"...)
}

// eventFeature returns the map feature of an event.
func eventFeature(e *truce.Event) Feature {
	p := EventProps{
		Type: e.Type, SubType: e.SubType, Date: e.Date, Day: unixDay(e.Date),
		Place: e.Location.Name, Country: e.Location.Country,
		Actor1: e.Actor1.Name, Review: e.Review, Status: e.Status, Confidence: e.Confidence,
		Transfer: e.Control != nil,
	}
	if e.Actor2 != nil {
		p.Actor2 = e.Actor2.Name
	}
	if e.Fatalities != nil {
		p.Fatalities = e.Fatalities.Low
	}
	return Feature{Type: "Feature", ID: e.ID, Geometry: pointGeometry(e.Location.Lon, e.Location.Lat), Properties: p}
}

func (s *Server) handleEventsGeoJSON(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := eventFilter(q)
	f.Limit = q.intIn("limit", MaxFeatures, 1, MaxFeatures)
	f.Offset = q.intIn("offset", 0, 0, 1<<30)
	f.NoEvidence = true // a feature carries no evidence
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	evs, total, err := s.store.Events(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	fc := FeatureCollection{Type: "FeatureCollection", Features: make([]Feature, 0, len(evs)), Total: &total}
	for _, e := range evs {
		fc.Features = append(fc.Features, eventFeature(e))
	}
	writeGeoJSON(w, fc)
}

// EventDetail is the response of GET /api/events/{id}: the event with its
// evidence, the sources the evidence quotes (with their text, so the
// quoted span can be shown in context) and the event's audit trail.
type EventDetail struct {
	Event   *truce.Event       `json:"event"`
	Sources []*truce.Source    `json:"sources"`
	Audit   []truce.AuditEntry `json:"audit"`
}

func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d, err := s.eventDetail(r, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) eventDetail(r *http.Request, id int64) (*EventDetail, error) {
	ctx := r.Context()
	e, err := s.store.Event(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &EventDetail{Event: e, Sources: []*truce.Source{}}
	seen := map[int64]bool{}
	var ids []int64
	for _, ev := range e.Evidence {
		if ev.SourceID != 0 && !seen[ev.SourceID] {
			seen[ev.SourceID] = true
			ids = append(ids, ev.SourceID)
		}
	}
	if len(ids) > 0 {
		srcs, err := s.store.Sources(ctx, truce.SourceFilter{IDs: ids})
		if err != nil {
			return nil, err
		}
		d.Sources = srcs
	}
	d.Audit, err = s.store.Audit(ctx, truce.AuditFilter{Entity: "event", EntityID: strconv.FormatInt(id, 10)})
	if err != nil {
		return nil, err
	}
	if d.Audit == nil {
		d.Audit = []truce.AuditEntry{}
	}
	return d, nil
}

// ReviewRequest is the body of POST /api/events/{id}/review.
type ReviewRequest struct {
	State   truce.ReviewState `json:"state"`
	Note    string            `json:"note,omitempty"`
	Version int               `json:"version"`
}

func (s *Server) handleReviewEvent(w http.ResponseWriter, r *http.Request) {
	if !s.writable(w, r) {
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req ReviewRequest
	if err := decodeBody(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if !req.State.Valid() {
		s.error(w, r, truce.Errorf(truce.EINVALID, "state: unknown review state %q: want accepted, rejected or candidate", req.State))
		return
	}
	if req.Version < 0 {
		s.error(w, r, truce.Errorf(truce.EINVALID, "version: %d is negative", req.Version))
		return
	}
	e, err := s.store.ReviewEvent(r.Context(), id, req.State, req.Note, req.Version)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.invalidate()
	writeJSON(w, http.StatusOK, e)
}

// EventPatch is the body of PATCH /api/events/{id}: the fields to change
// (absent fields are kept) and the version the client last read.
type EventPatch struct {
	Version       int                 `json:"version"`
	Type          *truce.EventType    `json:"type,omitempty"`
	SubType       *truce.SubEventType `json:"subtype,omitempty"`
	Date          *truce.Date         `json:"date,omitempty"`
	DateEnd       *truce.Date         `json:"date_end,omitempty"`
	DatePrecision *truce.Precision    `json:"date_precision,omitempty"`
	Location      *truce.Location     `json:"location,omitempty"`
	Actor1        *truce.Actor        `json:"actor1,omitempty"`
	// Actor2 set to null removes the second actor; absent keeps it.
	Actor2     json.RawMessage `json:"actor2,omitempty"`
	Fatalities json.RawMessage `json:"fatalities,omitempty"`
	Status     *truce.Status   `json:"status,omitempty"`
	Notes      *string         `json:"notes,omitempty"`
}

// apply changes e by the patch.
func (p *EventPatch) apply(e *truce.Event) error {
	if p.SubType != nil {
		e.SubType = *p.SubType
		if p.Type == nil {
			e.Type = "" // Validate derives it from the sub-event type
		}
	}
	if p.Type != nil {
		e.Type = *p.Type
	}
	if p.Date != nil {
		e.Date = *p.Date
	}
	if p.DateEnd != nil {
		e.DateEnd = *p.DateEnd
	}
	if p.DatePrecision != nil {
		e.DatePrecision = *p.DatePrecision
	}
	if p.Location != nil {
		if p.Location.Name == "" {
			return truce.Errorf(truce.EINVALID, "location: name is required")
		}
		e.Location = *p.Location
	}
	if p.Actor1 != nil {
		if p.Actor1.Name == "" {
			return truce.Errorf(truce.EINVALID, "actor1: name is required")
		}
		e.Actor1 = p.Actor1.Ref()
	}
	if len(p.Actor2) > 0 {
		var a *truce.Actor
		if err := json.Unmarshal(p.Actor2, &a); err != nil {
			return truce.Errorf(truce.EINVALID, "actor2: %v", err)
		}
		if a != nil && a.Name == "" {
			return truce.Errorf(truce.EINVALID, "actor2: name is required (null removes the actor)")
		}
		if a != nil {
			ref := a.Ref()
			a = &ref
		}
		e.Actor2 = a
	}
	if len(p.Fatalities) > 0 {
		var f *truce.Range
		if err := json.Unmarshal(p.Fatalities, &f); err != nil {
			return truce.Errorf(truce.EINVALID, "fatalities: %v", err)
		}
		e.Fatalities = f
	}
	if p.Status != nil {
		e.Status = *p.Status
	}
	if p.Notes != nil {
		e.Notes = *p.Notes
	}
	return e.Validate()
}

func (s *Server) handlePatchEvent(w http.ResponseWriter, r *http.Request) {
	if !s.writable(w, r) {
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var p EventPatch
	if err := decodeBody(r, &p); err != nil {
		s.error(w, r, err)
		return
	}
	if p.Version <= 0 {
		s.error(w, r, truce.Errorf(truce.EINVALID, "version is required: send the version you last read"))
		return
	}
	e, err := s.store.Event(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if e.Version != p.Version {
		s.error(w, r, truce.Errorf(truce.ECONFLICT, "event %d changed since you read it (version %d, now %d): reload and retry", id, p.Version, e.Version))
		return
	}
	if err := p.apply(e); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.UpdateEvent(r.Context(), e); err != nil {
		s.error(w, r, err)
		return
	}
	s.invalidate()
	d, err := s.eventDetail(r, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	limit := q.intIn("limit", 50, 1, MaxPageSize)
	offset := q.intIn("offset", 0, 0, 1<<30)
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	evs, total, err := s.store.Events(r.Context(), truce.EventFilter{
		Review: []truce.ReviewState{truce.ReviewCandidate}, Order: "-confidence", Limit: limit, Offset: offset,
	})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if evs == nil {
		evs = []*truce.Event{}
	}
	writeJSON(w, http.StatusOK, EventPage{Total: total, Limit: limit, Offset: offset, Events: evs})
}
