package http

import (
	"encoding/json"
	"net/http"

	"github.com/truce-monitor/truce"
)

// TerritoryProps are the properties of a territory feature.
type TerritoryProps struct {
	ID       int64               `json:"id"`
	Name     string              `json:"name"`
	Kind     truce.TerritoryKind `json:"kind"`
	Country  string              `json:"country,omitempty"`
	Code     string              `json:"code,omitempty"`
	ParentID int64               `json:"parent_id,omitempty"`
}

// territoryKinds parses the kind= parameter.
func territoryKinds(q *query) []truce.TerritoryKind {
	var kinds []truce.TerritoryKind
	for _, v := range q.list("kind") {
		k := truce.TerritoryKind(v)
		switch k {
		case truce.TerritoryCountry, truce.TerritoryAdmin1, truce.TerritoryAdmin2, truce.TerritoryRegion,
			truce.TerritoryCorridor, truce.TerritoryLocality:
			kinds = append(kinds, k)
		default:
			q.fail("kind: unknown territory kind %q: want country, admin1, admin2, region, corridor or locality", v)
		}
	}
	return kinds
}

func territoryFeature(t *truce.Territory, props any) Feature {
	g := t.Geometry
	if len(g) == 0 {
		g = json.RawMessage("null")
	}
	return Feature{Type: "Feature", ID: t.ID, Geometry: g, Properties: props, BBox: t.BBox}
}

func (s *Server) handleTerritories(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := truce.TerritoryFilter{
		Kinds:    territoryKinds(q),
		Country:  q.str("country"),
		BBox:     q.bbox("bbox"),
		Geometry: q.str("geometry") != "false",
		Limit:    q.intIn("limit", 0, 0, 1<<20),
		Offset:   q.intIn("offset", 0, 0, 1<<30),
	}
	if q.err != nil {
		s.error(w, r, q.err)
		return
	}
	ts, err := s.store.Territories(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	fc := FeatureCollection{Type: "FeatureCollection", Features: make([]Feature, 0, len(ts))}
	for _, t := range ts {
		fc.Features = append(fc.Features, territoryFeature(t, TerritoryProps{
			ID: t.ID, Name: t.Name, Kind: t.Kind, Country: t.Country, Code: t.Code, ParentID: t.ParentID,
		}))
	}
	writeGeoJSON(w, fc)
}
