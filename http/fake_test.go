package http

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// memStore is an in-memory truce.Store for the handler tests: enough of
// each method's contract (filters, versions, control entries of accepted
// transfers, audit) to exercise the API.
type memStore struct {
	mu          sync.Mutex
	sources     []*truce.Source
	actors      []*truce.Actor
	territories []*truce.Territory
	events      []*truce.Event
	control     []truce.ControlEntry
	agreements  []*truce.Agreement
	audit       []truce.AuditEntry
	failEvents  error // when set, Events fails with it
}

var _ truce.Store = (*memStore)(nil)

func newMemStore() *memStore { return &memStore{} }

func clone[T any](v *T) *T {
	b, _ := json.Marshal(v)
	var c T
	_ = json.Unmarshal(b, &c)
	return &c
}

func (m *memStore) log(ctx context.Context, action, entity string, id string, before, after any) {
	e := truce.AuditEntry{ID: int64(len(m.audit) + 1), At: time.Now(), User: truce.UserFromContext(ctx), Action: action, Entity: entity, EntityID: id}
	if before != nil {
		e.Before, _ = json.Marshal(before)
	}
	if after != nil {
		e.After, _ = json.Marshal(after)
	}
	m.audit = append(m.audit, e)
}

func (m *memStore) Close() error { return nil }

func (m *memStore) PutSource(ctx context.Context, s *truce.Source) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.sources {
		if (s.URL != "" && x.URL == s.URL) || x.ContentHash == s.ContentHash {
			s.ID = x.ID
			return false, nil
		}
	}
	s.ID = int64(len(m.sources) + 1)
	m.sources = append(m.sources, clone(s))
	m.log(ctx, "create", "source", strconv.FormatInt(s.ID, 10), nil, s)
	return true, nil
}

func (m *memStore) Source(_ context.Context, id int64) (*truce.Source, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.sources {
		if x.ID == id {
			return clone(x), nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no source %d", id)
}

func (m *memStore) Sources(_ context.Context, f truce.SourceFilter) ([]*truce.Source, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*truce.Source
	for _, x := range m.sources {
		if len(f.IDs) > 0 && !slices.Contains(f.IDs, x.ID) {
			continue
		}
		out = append(out, clone(x))
	}
	return out, nil
}

func (m *memStore) PutActor(_ context.Context, a *truce.Actor) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.putActor(a)
	return nil
}

func (m *memStore) putActor(a *truce.Actor) {
	for _, x := range m.actors {
		if x.Name == a.Name {
			a.ID = x.ID
			if a.Country != "" {
				x.Country = a.Country
			}
			if a.Kind != "" {
				x.Kind = a.Kind
			}
			return
		}
	}
	a.ID = int64(len(m.actors) + 1)
	m.actors = append(m.actors, clone(a))
}

func (m *memStore) FindActor(_ context.Context, name string) (*truce.Actor, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := fold.Key(name)
	for _, x := range m.actors {
		if fold.Key(x.Name) == k {
			return clone(x), nil
		}
		for _, al := range x.Aliases {
			if fold.Key(al) == k {
				return clone(x), nil
			}
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no actor %q", name)
}

func (m *memStore) Actors(context.Context) ([]*truce.Actor, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*truce.Actor
	for _, x := range m.actors {
		out = append(out, clone(x))
	}
	return out, nil
}

func (m *memStore) PutTerritory(ctx context.Context, t *truce.Territory) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(t.Geometry) > 0 {
		var g struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(t.Geometry, &g) != nil || (g.Type != "Polygon" && g.Type != "MultiPolygon") {
			return truce.Errorf(truce.EINVALID, "geometry of %q: want a GeoJSON Polygon or MultiPolygon", t.Name)
		}
		t.BBox = geometryBBox(t.Geometry)
	}
	for i, x := range m.territories {
		if x.Name == t.Name {
			t.ID = x.ID
			m.territories[i] = clone(t)
			return nil
		}
	}
	t.ID = int64(len(m.territories) + 1)
	m.territories = append(m.territories, clone(t))
	m.log(ctx, "create", "territory", strconv.FormatInt(t.ID, 10), nil, t)
	return nil
}

// geometryBBox computes the box of a polygon's coordinates.
func geometryBBox(g json.RawMessage) *[4]float64 {
	var v struct {
		Coordinates json.RawMessage `json:"coordinates"`
	}
	_ = json.Unmarshal(g, &v)
	b := [4]float64{180, 90, -180, -90}
	var walk func(json.RawMessage)
	walk = func(r json.RawMessage) {
		var pt [2]float64
		if json.Unmarshal(r, &pt) == nil {
			b[0], b[1] = min(b[0], pt[0]), min(b[1], pt[1])
			b[2], b[3] = max(b[2], pt[0]), max(b[3], pt[1])
			return
		}
		var arr []json.RawMessage
		if json.Unmarshal(r, &arr) == nil {
			for _, a := range arr {
				walk(a)
			}
		}
	}
	walk(v.Coordinates)
	return &b
}

func (m *memStore) Territory(_ context.Context, id int64) (*truce.Territory, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.territories {
		if x.ID == id {
			return clone(x), nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no territory %d", id)
}

func (m *memStore) FindTerritory(_ context.Context, name string) (*truce.Territory, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.findTerritory(name)
}

func (m *memStore) findTerritory(name string) (*truce.Territory, error) {
	k := fold.Key(name)
	for _, x := range m.territories {
		if fold.Key(x.Name) == k || slices.ContainsFunc(x.Aliases, func(a string) bool { return fold.Key(a) == k }) {
			return clone(x), nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no territory %q", name)
}

func (m *memStore) Territories(_ context.Context, f truce.TerritoryFilter) ([]*truce.Territory, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*truce.Territory
	for _, x := range m.territories {
		if len(f.IDs) > 0 && !slices.Contains(f.IDs, x.ID) ||
			len(f.Kinds) > 0 && !slices.Contains(f.Kinds, x.Kind) ||
			f.Country != "" && f.Country != x.Country {
			continue
		}
		if f.BBox != nil && (x.BBox == nil || !f.BBox.Intersects(truce.BBox{MinLon: x.BBox[0], MinLat: x.BBox[1], MaxLon: x.BBox[2], MaxLat: x.BBox[3]})) {
			continue
		}
		c := clone(x)
		if !f.Geometry {
			c.Geometry = nil
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *truce.Territory) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (m *memStore) CreateEvent(ctx context.Context, e *truce.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.createEvent(ctx, e)
}

func (m *memStore) createEvent(ctx context.Context, e *truce.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	a1 := e.Actor1
	m.putActor(&a1)
	if e.Control != nil {
		t, err := m.findTerritory(e.Control.Territory)
		if err != nil {
			return truce.Errorf(truce.EINVALID, "control change: unknown territory %q", e.Control.Territory)
		}
		e.Control.TerritoryID = t.ID
	}
	e.ID = int64(len(m.events) + 1)
	e.Version = 1
	for i := range e.Evidence {
		e.Evidence[i].ID = int64(i + 1)
		e.Evidence[i].EventID = e.ID
	}
	m.events = append(m.events, clone(e))
	m.log(ctx, "create", "event", strconv.FormatInt(e.ID, 10), nil, e)
	m.syncControl(e)
	return nil
}

// syncControl keeps the control entry of an accepted transfer.
func (m *memStore) syncControl(e *truce.Event) {
	m.control = slices.DeleteFunc(m.control, func(c truce.ControlEntry) bool { return c.EventID == e.ID })
	if e.Control != nil && e.Review == truce.ReviewAccepted {
		m.control = append(m.control, truce.ControlEntry{
			ID: int64(len(m.control) + 1000), TerritoryID: e.Control.TerritoryID, Territory: e.Control.Territory,
			At: e.Date, Controller: e.Control.To, From: e.Control.From, Status: truce.Assessed, EventID: e.ID,
		})
	}
}

func (m *memStore) CreateEvents(ctx context.Context, es []*truce.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range es {
		if err := m.createEvent(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) event(id int64) (*truce.Event, error) {
	for _, x := range m.events {
		if x.ID == id {
			return x, nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no event %d", id)
}

func (m *memStore) Event(_ context.Context, id int64) (*truce.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, err := m.event(id)
	if err != nil {
		return nil, err
	}
	return m.withSources(clone(e)), nil
}

func (m *memStore) withSources(e *truce.Event) *truce.Event {
	for i, ev := range e.Evidence {
		for _, s := range m.sources {
			if s.ID == ev.SourceID {
				e.Evidence[i].URL, e.Evidence[i].Outlet = s.URL, s.Outlet
			}
		}
	}
	e.Sources = len(e.Evidence)
	return e
}

func (m *memStore) Events(_ context.Context, f truce.EventFilter) ([]*truce.Event, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failEvents != nil {
		return nil, 0, m.failEvents
	}
	var out []*truce.Event
	for _, e := range m.events {
		if !matches(e, f) {
			continue
		}
		out = append(out, e)
	}
	switch f.Order {
	case "-date":
		slices.SortStableFunc(out, func(a, b *truce.Event) int { return int(b.Date - a.Date) })
	case "-confidence":
		slices.SortStableFunc(out, func(a, b *truce.Event) int {
			switch {
			case a.Confidence > b.Confidence:
				return -1
			case a.Confidence < b.Confidence:
				return 1
			}
			return 0
		})
	default:
		slices.SortStableFunc(out, func(a, b *truce.Event) int { return int(a.Date - b.Date) })
	}
	total := len(out)
	out = out[min(f.Offset, len(out)):]
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	res := make([]*truce.Event, len(out))
	for i, e := range out {
		res[i] = m.withSources(clone(e))
	}
	return res, total, nil
}

func matches(e *truce.Event, f truce.EventFilter) bool {
	switch {
	case len(f.IDs) > 0 && !slices.Contains(f.IDs, e.ID),
		!f.From.IsZero() && e.Date < f.From,
		!f.To.IsZero() && e.Date > f.To,
		f.BBox != nil && !f.BBox.Contains(e.Location.Lat, e.Location.Lon),
		len(f.SubTypes) > 0 && !slices.Contains(f.SubTypes, e.SubType),
		len(f.Types) > 0 && !slices.Contains(f.Types, e.Type),
		f.Country != "" && e.Location.Country != f.Country,
		len(f.Review) > 0 && !slices.Contains(f.Review, e.Review),
		len(f.Status) > 0 && !slices.Contains(f.Status, e.Status):
		return false
	}
	if f.Actor != "" && e.Actor1.Name != f.Actor && (e.Actor2 == nil || e.Actor2.Name != f.Actor) {
		return false
	}
	if f.Text != "" {
		hay := e.Notes
		for _, ev := range e.Evidence {
			hay += " " + ev.Text
		}
		if !strings.Contains(strings.ToLower(hay), strings.ToLower(f.Text)) {
			return false
		}
	}
	return true
}

func (m *memStore) UpdateEvent(ctx context.Context, e *truce.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, err := m.event(e.ID)
	if err != nil {
		return err
	}
	if old.Version != e.Version {
		return truce.Errorf(truce.ECONFLICT, "event %d: version %d is stale", e.ID, e.Version)
	}
	if err := e.Validate(); err != nil {
		return err
	}
	before := clone(old)
	ev := old.Evidence
	*old = *clone(e)
	old.Evidence = ev
	old.Version++
	e.Version = old.Version
	m.log(ctx, "update", "event", strconv.FormatInt(e.ID, 10), before, old)
	m.syncControl(old)
	return nil
}

func (m *memStore) ReviewEvent(ctx context.Context, id int64, state truce.ReviewState, note string, version int) (*truce.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !state.Valid() {
		return nil, truce.Errorf(truce.EINVALID, "unknown review state %q", state)
	}
	e, err := m.event(id)
	if err != nil {
		return nil, err
	}
	if version != 0 && version != e.Version {
		return nil, truce.Errorf(truce.ECONFLICT, "event %d: version %d is stale", id, version)
	}
	before := clone(e)
	e.Review = state
	e.Version++
	m.log(ctx, "review", "event", strconv.FormatInt(id, 10), before, e)
	m.syncControl(e)
	return m.withSources(clone(e)), nil
}

func (m *memStore) AddEvidence(_ context.Context, id int64, ev *truce.Evidence) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, err := m.event(id)
	if err != nil {
		return err
	}
	ev.EventID = id
	e.Evidence = append(e.Evidence, *ev)
	return nil
}

func (m *memStore) AddControlEntry(ctx context.Context, c *truce.ControlEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.findTerritory(c.Territory)
	if c.TerritoryID == 0 && err != nil {
		return err
	}
	if c.TerritoryID == 0 {
		c.TerritoryID = t.ID
	}
	a := c.Controller
	m.putActor(&a)
	c.Controller.ID = a.ID
	c.ID = int64(len(m.control) + 1)
	m.control = append(m.control, *c)
	m.log(ctx, "create", "control", strconv.FormatInt(c.ID, 10), nil, c)
	return nil
}

func (m *memStore) ControlEntries(_ context.Context, f truce.ControlFilter) ([]truce.ControlEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []truce.ControlEntry
	for _, c := range m.control {
		if len(f.TerritoryIDs) > 0 && !slices.Contains(f.TerritoryIDs, c.TerritoryID) || !f.Until.IsZero() && c.At > f.Until {
			continue
		}
		for _, t := range m.territories {
			if t.ID == c.TerritoryID {
				c.Territory = t.Name
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b truce.ControlEntry) int {
		if a.TerritoryID != b.TerritoryID {
			return int(a.TerritoryID - b.TerritoryID)
		}
		if a.At != b.At {
			return int(a.At - b.At)
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}

func (m *memStore) PutAgreement(ctx context.Context, a *truce.Agreement) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range a.Obligations {
		a.Obligations[i].AgreementID = a.ID
		if t, err := m.findTerritory(a.Obligations[i].Territory); err == nil {
			a.Obligations[i].TerritoryID = t.ID
		}
	}
	m.agreements = slices.DeleteFunc(m.agreements, func(x *truce.Agreement) bool { return x.ID == a.ID })
	m.agreements = append(m.agreements, clone(a))
	m.log(ctx, "create", "agreement", a.ID, nil, a)
	return nil
}

func (m *memStore) Agreement(_ context.Context, id string) (*truce.Agreement, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.agreements {
		if a.ID == id {
			return clone(a), nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no agreement %q", id)
}

func (m *memStore) Agreements(context.Context) ([]*truce.Agreement, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*truce.Agreement
	for _, a := range m.agreements {
		out = append(out, clone(a))
	}
	return out, nil
}

func (m *memStore) AddAmendment(_ context.Context, am *truce.Amendment) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.agreements {
		if a.ID != am.AgreementID {
			continue
		}
		for i := range a.Obligations {
			if a.Obligations[i].ID == am.ObligationID {
				am.ID = int64(i + 1)
				a.Obligations[i].Amendments = append(a.Obligations[i].Amendments, *am)
				return nil
			}
		}
	}
	return truce.Errorf(truce.ENOTFOUND, "no obligation %s/%s", am.AgreementID, am.ObligationID)
}

func (m *memStore) ReviewAmendment(context.Context, int64, truce.ReviewState) error {
	return truce.Errorf(truce.EINVALID, "memStore: amendments are stored accepted")
}

func (m *memStore) Audit(_ context.Context, f truce.AuditFilter) ([]truce.AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []truce.AuditEntry
	for _, a := range m.audit {
		if f.Entity != "" && a.Entity != f.Entity || f.EntityID != "" && a.EntityID != f.EntityID || f.User != "" && a.User != f.User {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}
