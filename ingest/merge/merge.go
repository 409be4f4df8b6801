// Package merge decides when events extracted from different reports
// describe the same happening, so that they become one event with several
// pieces of evidence, and what the merged event's status is when the
// evidence disagrees.
package merge

import (
	"math"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// DefaultRadiusKm is how far apart two locations may be and still be the
// place of one happening: a town and the district around it, two spellings
// geocoded to different points.
const DefaultRadiusKm = 25

// Rules tune Same. The zero value uses DefaultRadiusKm.
type Rules struct {
	RadiusKm float64
}

// Same reports whether a and b describe the same happening:
//   - the same sub-event type (any two that transfer territory count as
//     one: reports call a handover "regained" as often as "handed over"),
//   - both planned or both not (an announcement is not the event),
//   - dates whose spans (Event.Span: day, week or month) overlap,
//   - the same place: the same territory changing hands, or location
//     names that fold to the same key, or points within the radius, or the
//     same admin-1 area when one of them is located only that precisely,
//   - compatible actors: an actor of each side matches by name or country
//     (one report's "Armenia hands over" and another's "Azerbaijani troops
//     enter" name both sides), and transfers give territory to the same
//     side.
func (r Rules) Same(a, b *truce.Event) bool {
	if a.SubType != b.SubType && !(a.SubType.TransfersTerritory() && b.SubType.TransfersTerritory()) {
		return false
	}
	if (a.Status == truce.StatusPlanned) != (b.Status == truce.StatusPlanned) {
		return false
	}
	af, al := a.Span()
	bf, bl := b.Span()
	if af > bl || bf > al {
		return false
	}
	if !r.samePlace(a, b) {
		return false
	}
	if a.Control != nil && b.Control != nil && !sameActor(a.Control.To, b.Control.To) {
		return false
	}
	return actorsCompatible(a, b)
}

// Same is Rules{}.Same.
func Same(a, b *truce.Event) bool { return Rules{}.Same(a, b) }

func (r Rules) samePlace(a, b *truce.Event) bool {
	if a.Control != nil && b.Control != nil {
		if a.Control.TerritoryID != 0 && a.Control.TerritoryID == b.Control.TerritoryID {
			return true
		}
		if key(a.Control.Territory) != "" && key(a.Control.Territory) == key(b.Control.Territory) {
			return true
		}
	}
	la, lb := a.Location, b.Location
	if la.Country != "" && lb.Country != "" && la.Country != lb.Country {
		return false
	}
	if k := key(la.Name); k != "" && k == key(lb.Name) {
		return true
	}
	if located(la) && located(lb) {
		radius := r.RadiusKm
		if radius <= 0 {
			radius = DefaultRadiusKm
		}
		if DistanceKm(la.Lat, la.Lon, lb.Lat, lb.Lon) <= radius {
			return true
		}
	}
	if (la.Precision == truce.GeoRegional || lb.Precision == truce.GeoRegional) &&
		la.Admin1 != "" && key(la.Admin1) == key(lb.Admin1) {
		return true
	}
	return false
}

// located reports whether l has coordinates (0, 0 is "none").
func located(l truce.Location) bool { return l.Lat != 0 || l.Lon != 0 }

func key(s string) string { return fold.Key(s) }

// sameActor reports whether two actor references name the same party: the
// same folded name, or the same country and kind.
func sameActor(a, b truce.Actor) bool {
	if a.Name != "" && key(a.Name) == key(b.Name) {
		return true
	}
	return a.Country != "" && a.Country == b.Country && a.Kind == b.Kind
}

// sameSide reports whether two actors are on one side: the same party or
// the same country (a state's government and its forces).
func sameSide(a, b truce.Actor) bool {
	return sameActor(a, b) || a.Country != "" && a.Country == b.Country
}

func actorsCompatible(a, b *truce.Event) bool {
	as := actors(a)
	bs := actors(b)
	if len(as) == 0 || len(bs) == 0 {
		return true
	}
	for _, x := range as {
		for _, y := range bs {
			if sameSide(x, y) {
				return true
			}
		}
	}
	return false
}

// actors lists the parties an event names: its two actors and the sides
// of its change of control.
func actors(e *truce.Event) []truce.Actor {
	var out []truce.Actor
	if e.Actor1.Name != "" {
		out = append(out, e.Actor1)
	}
	if e.Actor2 != nil && e.Actor2.Name != "" {
		out = append(out, *e.Actor2)
	}
	if c := e.Control; c != nil {
		out = append(out, c.To)
		if c.From != nil {
			out = append(out, *c.From)
		}
	}
	return out
}

// Status returns the status of an event with the given evidence: disputed
// when some evidence asserts it and some denies it, else the status it
// has (a planned event stays planned; an event only denied stays as
// reported, since its one source's denial is already in its status).
func Status(current truce.Status, evidence []truce.Evidence) truce.Status {
	asserts, denies := false, false
	for _, ev := range evidence {
		if ev.Stance == truce.Denies {
			denies = true
		} else {
			asserts = true
		}
	}
	if asserts && denies && current != truce.StatusPlanned {
		return truce.StatusDisputed
	}
	return current
}

// DistanceKm is the great-circle distance between two points.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}
