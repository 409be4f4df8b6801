package gazetteer

import (
	"math"
	"slices"
	"strings"

	"github.com/truce-monitor/truce/fold"
)

// Context is what is known of a text before its places are resolved.
type Context struct {
	Country   string   // ISO3 of the dateline's country, if any
	Countries []string // ISO3 of other countries the text is known to be about
}

// Resolved is a mention with the place chosen for it.
type Resolved struct {
	Mention
	Place Place   // zero when the mention has no candidates
	Score float64 // score of the chosen candidate
	// Margin is how far the chosen candidate's score is ahead of the
	// next candidate's (large when the choice is clear).
	Margin float64
	// Alternate is set when the chosen place was matched by one of its
	// alternate names only (GeoNames' other spellings, a skeleton), not
	// by its name or a curated alias: "Colonia" for Cologne, "Jang" for
	// Anyang.
	Alternate bool
}

// Weights of the context signals, added to a candidate's prior (about
// log10 of its population, more for capitals, areas and countries).
const (
	wCountryName  = 1.5 // a country called by its name ("China", not a town in Texas)
	wDateline     = 3.0 // in the dateline's country
	wContext      = 2.0 // in one of the context countries
	wNamedCountry = 2.5 // in a country named elsewhere in the text
	// in a country only a demonym names ("Russian forces"): the
	// nationality of an actor says less about where things happen.
	wDemonymCountry = 2.0
	wNamedAdmin1    = 2.0 // in an admin1 area named elsewhere in the text
	wComma          = 5.0 // "Tripoli, Lebanon": inside the area named next
	wQualifier      = 4.0 // "Kalbajar region": an area
	wCoCountry      = 0.8 // per other place resolved to the same country (max 3)
	wCoAdmin1       = 0.8 // per other place resolved to the same admin1 (max 2)
	wNear           = 0.7 // per other place resolved within nearKm (max 2)
	wContains       = 1.5 // per other place resolved inside this admin1 area (max 2)
	nearKm          = 150
	// wInCounty: "Paris and Henry County": a town inside a county named
	// in the text (Paris, Tennessee), weighing like "Paris, Tennessee";
	// wCountyHolds: the county holding a town named in the text
	wInCounty    = 5.0
	wCountyHolds = 2.0
	// wOwnName is taken from a place known by another of its names when
	// the name is another candidate's own
	wOwnName = 1.5
	// maxContext caps the sum of the country-level signals (dateline,
	// context, named country, other places in the country), so that they
	// cannot make a village outrank a country or a landmark of the same
	// name; local signals (same admin1 area, nearby places, "region") are
	// not capped.
	maxContext = 4.0
)

// Resolve chooses a place for every mention, by the candidates' priors
// (population, feature class) and the context: the dateline's country,
// the countries and areas named elsewhere in the text, the other places
// of the text (same country, same admin1 area, nearby), "Place, Country"
// patterns and a following "region"/"district". The result is parallel to
// ms.
func (g *Gazetteer) Resolve(ms []Mention, c Context) []Resolved {
	out := make([]Resolved, len(ms))
	// Countries and admin1 areas named in the text: mentions whose best
	// candidate is one.
	namedC := map[string]int{}  // ISO3 → mention index
	namedA1 := map[string]int{} // "AZ.26" → mention index
	for i, m := range ms {
		if len(m.Candidates) == 0 {
			continue
		}
		switch p := m.Candidates[0]; p.Kind() {
		case KindCountry:
			// A country named by its name outweighs one named by a
			// demonym ("Russian troops" names an actor).
			if j, ok := namedC[p.Country]; ok && m.Demonym && !ms[j].Demonym {
				break
			}
			namedC[p.Country] = i
		case KindAdmin1:
			if _, dup := namedA1[p.Admin1Key()]; !dup {
				namedA1[p.Admin1Key()] = i
			}
			if _, ok := namedC[p.Country]; !ok && unambiguousArea(m.Candidates) {
				namedC[p.Country] = i
			}
		}
	}
	// Counties among the candidates, and the towns they hold.
	counties := map[string][]int{} // "US.TN.079" → mention indices
	for i, m := range ms {
		for _, p := range m.Candidates {
			if p.Kind() == KindAdmin2 {
				counties[p.Admin1Key()+"."+p.Admin2Code] = append(counties[p.Admin1Key()+"."+p.Admin2Code], i)
			}
		}
	}
	countyOf := func(p Place) string {
		if len(counties) == 0 || p.Admin2Code == "" || p.Admin1Key() == "" {
			return ""
		}
		return p.Admin1Key() + "." + p.Admin2Code
	}
	// A name may be a town inside a county ("Paris", even "Lebanon")
	// unless it names a state holding one of the counties ("Florida",
	// whose village in Orange County, New York, says nothing).
	stateOfCounty := map[string]bool{}
	for k := range counties {
		stateOfCounty[k[:strings.LastIndexByte(k, '.')]] = true
	}
	town := func(m Mention) bool {
		for _, c := range m.Candidates {
			if c.Kind() == KindAdmin1 && stateOfCounty[c.Admin1Key()] {
				return false
			}
		}
		return true
	}
	heldTowns := map[string][]int{} // county key → mentions with a town in it
	for i, m := range ms {
		if !town(m) {
			continue
		}
		for _, p := range m.Candidates {
			if k := countyOf(p); k != "" && p.Kind() == KindCity && len(counties[k]) > 0 {
				heldTowns[k] = append(heldTowns[k], i)
			}
		}
	}
	// otherText reports whether one of the mentions js names something
	// else than mention i.
	otherText := func(i int, js []int) bool {
		for _, j := range js {
			if j != i && !sameName(ms[j].Text, ms[i].Text) {
				return true
			}
		}
		return false
	}
	areaIn := map[string]bool{} // countries with an admin1 area named in the text
	for a, i := range namedA1 {
		if unambiguousArea(ms[i].Candidates) {
			areaIn[ms[i].Candidates[0].Country] = a != ""
		}
	}
	// fixed is the prior and the local signals; ctx the country-level
	// signals, capped together with country coherence at maxContext.
	base := make([][]float64, len(ms))
	fixed := make([][]float64, len(ms))
	ctx := make([][]float64, len(ms))
	for i, m := range ms {
		// a name that is some place's own name is less likely another
		// place's other name ("Aldama" the town, not the colonia)
		ownName := false
		for _, f := range m.flags {
			ownName = ownName || f == matchName || f == matchAlias
		}
		base[i] = make([]float64, len(m.Candidates))
		fixed[i] = make([]float64, len(m.Candidates))
		ctx[i] = make([]float64, len(m.Candidates))
		for k, p := range m.Candidates {
			prior := p.prior()
			if k < len(m.flags) && m.flags[k] == matchAlternate {
				// known by another name: no bonus for being big
				// ("Mexico" for Mexico City)
				prior -= p.altPenalty() + p.bigCityBonus()
				if ownName && p.Population < 1000000 {
					prior -= wOwnName // a city of millions is known by many names ("New York")
				}
			}
			var s float64
			if (p.Kind() == KindCountry || p.Kind() == KindRegion) && k < len(m.flags) && (m.flags[k] == matchName || m.flags[k] == matchAlias) {
				prior += wCountryName
			}
			if c.Country != "" && p.Country == c.Country {
				s += wDateline
			} else if slices.Contains(c.Countries, p.Country) {
				s += wContext
			}
			if j, ok := namedC[p.Country]; ok && j != i && !sameName(ms[j].Text, m.Text) {
				if ms[j].Demonym {
					s += wDemonymCountry
				} else {
					s += wNamedCountry
				}
			}
			var loc float64 // local evidence, not capped
			if j, ok := namedA1[p.Admin1Key()]; ok && j != i && p.Kind() != KindAdmin1 && !sameName(ms[j].Text, m.Text) {
				loc += wNamedAdmin1
			}
			if p.Kind() == KindCountry && areaIn[p.Country] {
				s += wNamedAdmin1
			}
			if m.Qualifier != "" {
				if p.Kind() == KindAdmin1 || p.Kind() == KindAdmin2 || p.Kind() == KindRegion {
					loc += wQualifier
				}
			}
			if ck := countyOf(p); ck != "" {
				if p.Kind() == KindCity && town(m) && otherText(i, counties[ck]) {
					loc += wInCounty
				} else if p.Kind() == KindAdmin2 && otherText(i, heldTowns[ck]) {
					loc += wCountyHolds
				}
			}
			ctx[i][k] = s
			fixed[i][k] = prior + loc
			if m.comma && i+1 < len(ms) && ms[i+1].Start <= m.End+m.tail+3 && inside(p, ms[i+1].Candidates) {
				fixed[i][k] += wComma
			}
			// "Savannah, Georgia": the area that holds the place named
			// just before.
			if i > 0 && ms[i-1].comma && m.Start <= ms[i-1].End+ms[i-1].tail+3 && holds(p, ms[i-1].Candidates) {
				fixed[i][k] += wComma
			}
			base[i][k] = fixed[i][k] + min(s, maxContext)
		}
	}
	// First pass: the best candidate by the signals above.
	choice := make([]int, len(ms))
	for i := range ms {
		choice[i] = argmax(base[i])
	}
	// Second pass: coherence with the places chosen for the other
	// mentions (each distinct name once).
	type chosen struct {
		text string
		p    Place
		kind Kind
		a1   string
	}
	var others []chosen
	seen := map[string]bool{}
	for j, o := range ms {
		if choice[j] >= 0 && !seen[fold.Key(o.Text)] {
			seen[fold.Key(o.Text)] = true
			q := o.Candidates[choice[j]]
			others = append(others, chosen{fold.Key(o.Text), q, q.Kind(), q.Admin1Key()})
		}
	}
	for i, m := range ms {
		if len(m.Candidates) == 0 {
			continue
		}
		scores := make([]float64, len(m.Candidates))
		key := fold.Key(m.Text)
		for k, p := range m.Candidates {
			var co, a1, near, contains float64
			pk, pa1 := p.Kind(), p.Admin1Key()
			for _, o := range others {
				if o.text == key {
					continue
				}
				q, qk := o.p, o.kind
				if q.Country == p.Country && qk != KindCountry {
					co++
				}
				// counties count as places here: "Henry County" and
				// "Paris" vouch for each other in Tennessee
				qLocal, pLocal := qk == KindCity || qk == KindAdmin2, pk == KindCity || pk == KindAdmin2
				if qLocal && pa1 != "" && o.a1 == pa1 {
					switch {
					case pk == KindAdmin1:
						contains++
					case pk == KindAdmin2 && qk == KindCity && q.Admin2Code == p.Admin2Code:
						contains++
					default:
						a1++
					}
				}
				if qLocal && pLocal && near < 2 && distanceKm(p.Lat, p.Lon, q.Lat, q.Lon) < nearKm {
					near++
				}
			}
			local := wCoAdmin1*math.Min(a1, 2) + wNear*math.Min(near, 2) + wContains*math.Min(contains, 2)
			scores[k] = fixed[i][k] + local + min(ctx[i][k]+wCoCountry*math.Min(co, 3), maxContext)
		}
		k := argmax(scores)
		r := Resolved{Mention: m, Place: m.Candidates[k], Score: scores[k], Alternate: k < len(m.flags) && m.flags[k] == matchAlternate}
		r.Margin = math.Inf(1)
		for j, s := range scores {
			if j != k && scores[k]-s < r.Margin {
				r.Margin = scores[k] - s
			}
		}
		if math.IsInf(r.Margin, 1) {
			r.Margin = scores[k]
		}
		out[i] = r
	}
	for i, m := range ms {
		if len(m.Candidates) == 0 {
			out[i] = Resolved{Mention: m}
		}
	}
	return out
}

// sameName reports whether two mentions write one name ("COLUMBUS" in a
// dateline and "Columbus"): one name vouches for no other.
func sameName(a, b string) bool { return a == b || fold.Key(a) == fold.Key(b) }

// unambiguousArea reports whether all candidates lie in one country.
func unambiguousArea(cs []Place) bool {
	for _, p := range cs[1:] {
		if p.Country != cs[0].Country {
			return false
		}
	}
	return true
}

// inside reports whether p lies in one of the areas (countries, admin1,
// admin2) among cs.
func inside(p Place, cs []Place) bool {
	for _, a := range cs {
		switch a.Kind() {
		case KindCountry:
			if a.Country == p.Country && p.Kind() != KindCountry {
				return true
			}
		case KindAdmin1:
			if p.Kind() != KindAdmin1 && p.Kind() != KindCountry && a.Admin1Key() == p.Admin1Key() {
				return true
			}
		case KindAdmin2:
			// "Santa Ana, Orange County"
			if p.Kind() == KindCity && a.Admin1Key() == p.Admin1Key() && a.Admin2Code == p.Admin2Code {
				return true
			}
		}
	}
	return false
}

// holds reports whether the area p (a country or admin1 area) holds one
// of the places cs.
func holds(p Place, cs []Place) bool {
	for _, c := range cs {
		if inside(c, []Place{p}) {
			return true
		}
	}
	return false
}

func argmax(xs []float64) int {
	best := -1
	for i, x := range xs {
		if best < 0 || x > xs[best] {
			best = i
		}
	}
	return best
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// DistanceKm is the great-circle distance in kilometres between two
// latitude/longitude points.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 { return distanceKm(lat1, lon1, lat2, lon2) }
