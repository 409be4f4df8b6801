package http

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/truce-monitor/truce"
)

// views computes the record's derived views (control at a day, changes of
// control, obligation status). The values returned marshal to the JSON
// shapes of the timeline package.
type views interface {
	ControlAt(ctx context.Context, s truce.Store, at truce.Date, territories []string) (any, error)
	Diff(ctx context.Context, s truce.Store, from, to truce.Date) (any, error)
	Obligations(ctx context.Context, s truce.Store, agreementID string, at truce.Date) (any, error)
	Periods(entries []truce.ControlEntry) []truce.ControlPeriod
}

// Snapshot is the JSON shape of a control snapshot (GET /api/control), as
// the timeline package writes it; the server reads it back to join
// controllers onto territory polygons.
type Snapshot struct {
	At          truce.Date      `json:"at"`
	Territories []SnapshotEntry `json:"territories"`
}

// SnapshotEntry is one territory's controller in a snapshot.
type SnapshotEntry struct {
	TerritoryID int64               `json:"territory_id,omitempty"`
	Territory   string              `json:"territory"`
	Controller  *truce.Actor        `json:"controller"`
	Since       truce.Date          `json:"since"`
	Status      truce.ControlStatus `json:"status"`
	Evidence    json.RawMessage     `json:"evidence,omitempty"`
	Claims      json.RawMessage     `json:"claims,omitempty"`
}

func (s *Server) handleControl(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	at := q.requiredDate("at")
	names := q.list("territory")
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	snap, err := s.views.ControlAt(r.Context(), s.store, at, names)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, snap)
}

// ControlProps are the properties of a territory in
// /api/control.geojson: the territory and who controls it at the day.
type ControlProps struct {
	TerritoryProps
	Controller        string              `json:"controller,omitempty"`
	ControllerCountry string              `json:"controller_country,omitempty"`
	ControllerKind    truce.ActorKind     `json:"controller_kind,omitempty"`
	Since             truce.Date          `json:"since,omitempty"`
	Status            truce.ControlStatus `json:"status,omitempty"`
}

func (s *Server) handleControlGeoJSON(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	at := q.requiredDate("at")
	kinds := territoryKinds(q)
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	ctx := r.Context()
	v, err := s.views.ControlAt(ctx, s.store, at, nil)
	if err != nil {
		s.error(w, r, err)
		return
	}
	snap, err := asSnapshot(v)
	if err != nil {
		s.error(w, r, err)
		return
	}
	entries, err := s.store.ControlEntries(ctx, truce.ControlFilter{Until: at})
	if err != nil {
		s.error(w, r, err)
		return
	}
	ids := territoryIDs(entries)
	fc := FeatureCollection{Type: "FeatureCollection", Features: []Feature{}}
	if len(ids) > 0 {
		ts, err := s.store.Territories(ctx, truce.TerritoryFilter{IDs: ids, Kinds: kinds, Geometry: true})
		if err != nil {
			s.error(w, r, err)
			return
		}
		byName := make(map[string]SnapshotEntry, len(snap.Territories))
		byID := make(map[int64]SnapshotEntry, len(snap.Territories))
		for _, e := range snap.Territories {
			byName[e.Territory] = e
			if e.TerritoryID != 0 {
				byID[e.TerritoryID] = e
			}
		}
		for _, t := range ts {
			p := ControlProps{TerritoryProps: TerritoryProps{ID: t.ID, Name: t.Name, Kind: t.Kind, Country: t.Country, Code: t.Code, ParentID: t.ParentID}}
			e, ok := byID[t.ID]
			if !ok {
				e, ok = byName[t.Name]
			}
			if ok && e.Controller != nil {
				p.Controller, p.ControllerCountry, p.ControllerKind = e.Controller.Name, e.Controller.Country, e.Controller.Kind
				p.Since, p.Status = e.Since, e.Status
			}
			fc.Features = append(fc.Features, territoryFeature(t, p))
		}
	}
	writeGeoJSON(w, fc)
}

// asSnapshot reads a snapshot value back through its JSON form.
func asSnapshot(v any) (*Snapshot, error) {
	if s, ok := v.(*Snapshot); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("http: encode snapshot: %w", err)
	}
	var s Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("http: decode snapshot: %w", err)
	}
	return &s, nil
}

func territoryIDs(entries []truce.ControlEntry) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, e := range entries {
		if !seen[e.TerritoryID] {
			seen[e.TerritoryID] = true
			ids = append(ids, e.TerritoryID)
		}
	}
	return ids
}

// HistoryPeriod is one period of control in /api/control/history.
type HistoryPeriod struct {
	Controller truce.Actor         `json:"controller"`
	From       truce.Date          `json:"from"`
	To         truce.Date          `json:"to,omitempty"`
	Status     truce.ControlStatus `json:"status"`
	// Events are the ids of the accepted events behind the period.
	Events []int64 `json:"events,omitempty"`
}

// HistoryProps are the properties of a territory in
// /api/control/history: every period of control, so that the map can
// colour any day without asking the server again.
type HistoryProps struct {
	TerritoryProps
	Periods []HistoryPeriod `json:"periods"`
}

func (s *Server) handleControlHistory(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	kinds := territoryKinds(q)
	geometry := q.str("geometry") != "false"
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	ctx := r.Context()
	entries, err := s.store.ControlEntries(ctx, truce.ControlFilter{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	periods := s.views.Periods(entries)
	byTerritory := map[int64][]HistoryPeriod{}
	for _, p := range periods {
		hp := HistoryPeriod{Controller: p.Controller.Ref(), From: p.From, To: p.To, Status: p.Status}
		for _, e := range p.Entries {
			if e.EventID != 0 {
				hp.Events = append(hp.Events, e.EventID)
			}
		}
		byTerritory[p.TerritoryID] = append(byTerritory[p.TerritoryID], hp)
	}
	fc := FeatureCollection{Type: "FeatureCollection", Features: []Feature{}}
	if ids := territoryIDs(entries); len(ids) > 0 {
		ts, err := s.store.Territories(ctx, truce.TerritoryFilter{IDs: ids, Kinds: kinds, Geometry: geometry})
		if err != nil {
			s.error(w, r, err)
			return
		}
		for _, t := range ts {
			fc.Features = append(fc.Features, territoryFeature(t, HistoryProps{
				TerritoryProps: TerritoryProps{ID: t.ID, Name: t.Name, Kind: t.Kind, Country: t.Country, Code: t.Code, ParentID: t.ParentID},
				Periods:        byTerritory[t.ID],
			}))
		}
	}
	writeGeoJSON(w, fc)
}

func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	from, to := q.requiredDate("from"), q.requiredDate("to")
	if q.err == nil && to < from {
		q.fail("to (%s) is before from (%s)", to, from)
	}
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	changes, err := s.views.Diff(r.Context(), s.store, from, to)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "changes": changes})
}

func (s *Server) handleObligations(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	at := q.date("at")
	agreement := q.str("agreement")
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	if at.IsZero() {
		at = truce.DateOf(timeNow())
	}
	board, err := s.views.Obligations(r.Context(), s.store, agreement, at)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, board)
}
