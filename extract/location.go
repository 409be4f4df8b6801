package extract

import (
	"sort"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
)

// Places finds toponyms and countries; *gazetteer.Gazetteer satisfies it,
// and tests use small fakes.
type Places interface {
	Scan(text string) []gazetteer.Mention
	Resolve(ms []gazetteer.Mention, c gazetteer.Context) []gazetteer.Resolved
	Lookup(name string) []gazetteer.Place
	Country(nameOrDemonym string) (gazetteer.Country, bool)
}

// seater finds the seat of a first-level area; *gazetteer.Gazetteer
// satisfies it.
type seater interface {
	Seat(a gazetteer.Place) (gazetteer.Place, bool)
}

// Location is where an extracted event happened.
type Location struct {
	Name      string             `json:"name"`
	Lat       float64            `json:"lat"`
	Lon       float64            `json:"lon"`
	Country   string             `json:"country"` // ISO 3166-1 alpha-3
	Admin1    string             `json:"admin1"`
	GeoNameID int64              `json:"geonameid"`
	Precision truce.GeoPrecision `json:"precision"`
}

// placeRef is a toponym of a sentence, resolved to one place.
type placeRef struct {
	start, end int // tokens
	place      gazetteer.Place
	kind       gazetteer.Kind
	qualifier  string
	text       string            // as written: "Kalbajar"
	cands      []gazetteer.Place // every reading of the mention, best first
	locator    bool              // an area that only locates the town before it
	outside    bool              // a town whose reading lies outside the area named next
	// facility is set for a name that names a road, a neighbourhood or a
	// building ("Murree road", "Colonia Benito Juarez"), likelier than
	// not elsewhere than the town it is named after
	facility bool
}

// nearWords before a town make the location approximate (ACLED precision 2).
var nearWords = map[string]bool{
	"near": true, "outskirts": true, "outside": true, "vicinity": true, "around": true, "area": true,
	"countryside": true, "rural": true, "between": true, "north": true, "south": true, "east": true,
	"west": true, "northeast": true, "northwest": true, "southeast": true, "southwest": true,
	"km": true, "kilometres": true, "kilometers": true, "miles": true, "direction": true, "environs": true,
	"northern": true, "southern": true, "eastern": true, "western": true, "surroundings": true, "nearby": true,
}

// sentencePlaces returns the resolved toponyms inside the sentence's
// tokens, less those inside actor names and the claimant.
//
// A small town outside every country the report is about is a misreading
// ("Nadas" in Syria is no Romanian village, "Gorgan" near Tartar no
// Iranian city) and is left out.
func sentencePlaces(ms []gazetteer.Resolved, toks []token, skip func(s, e int) bool, ctx []string) []placeRef {
	if len(toks) == 0 {
		return nil
	}
	lo, hi := toks[0].start, toks[len(toks)-1].end
	supported := supportedCountries(ms)
	// The report's countries mark misreadings only when its places
	// confirm one of them: countries known only from foreign actors
	// ("Russian forces arrested managers in Tartous city") say nothing of
	// where things happened.
	var filter []string
	for _, m := range ms {
		if !m.Demonym && m.Place.Name != "" && contains(ctx, m.Place.Country) {
			filter = ctx
			break
		}
	}
	home := ""
	if len(filter) == 0 {
		// a report that names no country of its places is about the
		// country its well-known places lie in ("protests in Delhi
		// outside the University Grants Commission")
		if home = homeCountry(ms); home != "" {
			filter = []string{home}
		}
	}
	var out []placeRef
	for _, m := range ms {
		if m.Start < lo || m.End > hi || m.Demonym || len(m.Candidates) == 0 || m.Place.Name == "" {
			continue
		}
		s := sort.Search(len(toks), func(i int) bool { return toks[i].end > m.Start })
		e := sort.Search(len(toks), func(i int) bool { return toks[i].start >= m.End })
		if s >= e || skip(s, e) || izafaName(toks[s], m.Start-toks[s].start) || izafaHead(toks[e-1], m.End-toks[e-1].start) ||
			headquartersWords[toks[s].text] && e == s+1 || orgNamePart(toks, s, e) {
			continue
		}
		if home != "" && m.Place.Country != home && m.Place.Kind() != gazetteer.KindCountry {
			// a namesake abroad: the reading of the name in the report's
			// country, else no place when it is a village
			if c, ok := readingIn(m.Candidates, home); ok {
				m.Place = c
			} else if m.Place.Population < homeWeakPop && (m.Place.Population > 0 || !seatCode[m.Place.Code]) {
				continue
			}
		}
		if len(filter) > 0 && !contains(filter, m.Place.Country) && !supported[m.Place.Country] &&
			(m.Place.Kind() == gazetteer.KindCity && m.Place.Population < 500000 || m.Place.Kind() == gazetteer.KindRegion) {
			continue
		}
		// A city of any size outside the report's countries, known by
		// another of its names only, is a misreading too ("Colonia" in
		// Mexico is no Cologne, "Jang" in Pakistan no Anyang).
		if m.Alternate && m.Place.Kind() == gazetteer.KindCity && (len(filter) > 0 || len(supported) > 0) &&
			!contains(filter, m.Place.Country) && !supported[m.Place.Country] {
			continue
		}
		out = append(out, placeRef{start: s, end: e, place: m.Place, kind: m.Place.Kind(), qualifier: m.Qualifier, text: m.Text, cands: m.Candidates,
			facility: e < len(toks) && facilityWords[toks[e].text] || neighbourhoodWords[toks[s].text]})
	}
	townProvince(out, toks, ctx)
	anchorTowns(out)
	return out
}

// anchorTowns: once a sentence has placed a town in its province ("in
// Sao Goncalo, Rio de Janeiro, police raided the Jardim Catarina
// neighborhood"), its other towns are read inside that province when
// they can be, and are doubtful (outside) when they cannot: the names of
// neighbourhoods, hospitals and streets that happen to be towns
// elsewhere ("Jardim" in Parana).
func anchorTowns(ps []placeRef) {
	var anchors []gazetteer.Place
	isAnchor := make([]bool, len(ps))
	for i := 0; i+1 < len(ps); i++ {
		if ps[i].kind == gazetteer.KindCity && !ps[i].outside && ps[i+1].locator {
			anchors = append(anchors, ps[i].place)
			isAnchor[i] = true
		}
	}
	if len(anchors) == 0 {
		return
	}
	inside := func(p gazetteer.Place) bool {
		for _, a := range anchors {
			if p.Country == a.Country && p.Admin1Code == a.Admin1Code {
				return true
			}
		}
		return false
	}
	for i := range ps {
		p := &ps[i]
		if isAnchor[i] || p.kind != gazetteer.KindCity || p.locator || inside(p.place) {
			continue
		}
		p.outside = true
		for _, c := range p.cands {
			if c.Kind() == gazetteer.KindCity && inside(c) {
				p.place, p.outside = c, false
				break
			}
		}
	}
}

// supportedCountries returns the countries the text's own places vouch
// for: that of an admin1 area it names, or one that two differently
// named places near each other lie in ("Darbasiyah in Al-Hasakeh" in a
// note about Russian patrols). Their small towns are no misreadings.
func supportedCountries(ms []gazetteer.Resolved) map[string]bool {
	out := map[string]bool{}
	var towns []gazetteer.Resolved
	for _, m := range ms {
		if m.Demonym || m.Place.Name == "" {
			continue
		}
		switch m.Place.Kind() {
		case gazetteer.KindAdmin1:
			out[m.Place.Country] = true
		case gazetteer.KindCity:
			for _, t := range towns {
				if t.Text != m.Text && t.Place.Country == m.Place.Country &&
					gazetteer.DistanceKm(t.Place.Lat, t.Place.Lon, m.Place.Lat, m.Place.Lon) < supportKm {
					out[m.Place.Country] = true
				}
			}
			towns = append(towns, m)
		}
	}
	return out
}

// supportKm is how near each other two towns must lie to vouch for their
// country.
const supportKm = 200

// townProvince reads "Town, Area" and "Town in Area" as ACLED writes them
// ("near Pisky, Donetsk", "Al Bab in Aleppo", "Mets Masrik village of
// Gegharkunik"): the name after the town is the town's province when it
// can be one, even if read as its namesake city (Donetsk the city), and
// the town is the reading of its name inside that province when there is
// one. The province then only locates the town; a town that lies
// elsewhere is marked outside, and its province wins.
func townProvince(ps []placeRef, toks []token, ctx []string) {
	for i := 1; i < len(ps); i++ {
		t, a := &ps[i-1], &ps[i]
		if t.kind != gazetteer.KindCity || a.kind == gazetteer.KindCountry || !connects(toks, t.end, a.start) {
			continue
		}
		area := a.place
		if a.kind != gazetteer.KindAdmin1 {
			var ok bool
			if area, ok = admin1Of(a.cands, t.place.Country); !ok {
				for _, c := range ctx {
					if area, ok = admin1Of(a.cands, c); ok {
						break
					}
				}
			}
			if !ok {
				// "Sharan town in Aleppo": the area that holds another
				// reading of the town.
				area, ok = areaHolding(a.cands, t.cands)
			}
			if !ok {
				if a.kind == gazetteer.KindCity && districtWords[a.qualifier] && !t.outside &&
					gazetteer.DistanceKm(t.place.Lat, t.place.Lon, a.place.Lat, a.place.Lon) <= nearAreaKm {
					// "Siliguri town (Darjeeling district": the
					// district only locates the town
					a.locator = true
					continue
				}
				if a.kind == gazetteer.KindCity && !hasPunct(toks[t.end:a.start]) {
					nearArea(t, a.place) // not in lists ("Chittagong, Dinajpur")
				} else if a.kind == gazetteer.KindCity {
					nearReading(t, a.place) // "Agarak, Meghri": the Agarak near Meghri
				}
				continue
			}
			a.place, a.kind = area, gazetteer.KindAdmin1
		}
		a.locator = true
		if t.place.Country == area.Country && t.place.Admin1Code == area.Admin1Code {
			continue
		}
		t.outside = true
		for _, c := range t.cands {
			if c.Kind() == gazetteer.KindCity && c.Country == area.Country && c.Admin1Code == area.Admin1Code {
				t.place, t.outside = c, false
				break
			}
		}
	}
}

// connectWords may stand between a town and the area that holds it:
// "Sfuhen village in the southern countryside of Idleb".
var connectWords = map[string]bool{
	",": true, "in": true, "of": true, "the": true, "village": true, "town": true, "city": true,
	"area": true, "countryside": true, "northern": true, "southern": true, "eastern": true, "western": true,
	"north": true, "south": true, "east": true, "west": true, "rural": true, "province": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	// "Ludhiana district (Punjab)"
	"(": true, "district": true, "region": true, "governorate": true, "county": true, "municipality": true,
	// "Kadikoy town center, Istanbul", "Shahpur sector (Poonch district)"
	"center": true, "centre": true, "sector": true,
}

// connects reports whether the tokens from s to e (exclusive) join a town
// to its area: one to six connecting words.
func connects(toks []token, s, e int) bool {
	if e <= s || e-s > 6 || e > len(toks) {
		return false
	}
	for _, t := range toks[s:e] {
		if !connectWords[t.text] {
			return false
		}
	}
	return true
}

// nearArea: "Kelly in the northern countryside of Idleb" with Idleb read
// as a town only. A town read far from it takes its reading near it,
// else is doubtful.
func nearArea(t *placeRef, area gazetteer.Place) {
	far := func(p gazetteer.Place) bool {
		return gazetteer.DistanceKm(p.Lat, p.Lon, area.Lat, area.Lon) > nearAreaKm
	}
	if !far(t.place) {
		return
	}
	t.outside = true
	for _, c := range t.cands {
		if c.Kind() == gazetteer.KindCity && !far(c) {
			t.place, t.outside = c, false
			return
		}
	}
}

func hasPunct(toks []token) bool {
	for _, t := range toks {
		if t.punct {
			return true
		}
	}
	return false
}

// nearAreaKm is how far from the town that names an area ("in Idleb") a
// town said to lie in it may be.
const nearAreaKm = 150

// areaHolding returns the first admin1 area among areas that holds one
// of the towns.
func areaHolding(areas, towns []gazetteer.Place) (gazetteer.Place, bool) {
	for _, a := range areas {
		if a.Kind() != gazetteer.KindAdmin1 {
			continue
		}
		for _, t := range towns {
			if t.Kind() == gazetteer.KindCity && t.Country == a.Country && t.Admin1Code == a.Admin1Code {
				return a, true
			}
		}
	}
	return gazetteer.Place{}, false
}

// admin1Of returns the admin1 area among cs in country iso.
func admin1Of(cs []gazetteer.Place, iso string) (gazetteer.Place, bool) {
	for _, c := range cs {
		if c.Kind() == gazetteer.KindAdmin1 && c.Country == iso {
			return c, true
		}
	}
	return gazetteer.Place{}, false
}

// pickPlace chooses the event's place: the town nearest the trigger, else
// the nearest province or region, else the nearest country. Places after
// "in", "at", "near" are likelier the scene, those after "of" and "from"
// an origin ("residents of Yeghegnut ... protested in Yerevan"). A town
// that the next words put in another province ("Aygedzor, Tavush" read as
// a village of Ararat) gives way to that province.
func pickPlace(toks []token, ps []placeRef, ts, te int) (placeRef, bool) {
	best, bestDist := placeRef{}, -1
	for pass := 0; pass < 3 && bestDist < 0; pass++ {
		for i, p := range ps {
			level := 1
			switch {
			case p.kind == gazetteer.KindCountry:
				level = 2
			case p.kind == gazetteer.KindCity && (p.qualifier == "" || districtWords[p.qualifier]):
				// a town, or the district named after it ("Hays
				// district"): no wider than the town
				level = 0
				if p.outside || i+1 < len(ps) && misplaced(p, ps[i+1]) || referencedAt(toks, p.start) {
					level = 1 // doubtful: its province wins on the next pass
				}
			}
			if level != pass {
				continue
			}
			// "Koti, Tavush": the admin area after a town only locates it
			if i > 0 && p.kind == gazetteer.KindAdmin1 && p.qualifier == "" && ps[i-1].end+1 == p.start && ps[i-1].kind == gazetteer.KindCity && !misplaced(ps[i-1], p) {
				continue
			}
			// "Assam's Kokrajhar district", "Yala's Betong district": the
			// area or town before a possessive only locates the place
			// after it
			if p.kind != gazetteer.KindCountry && i+1 < len(ps) && ps[i+1].kind == gazetteer.KindCity &&
				!ps[i+1].outside && possessiveOf(toks, p.end, ps[i+1].start) {
				continue
			}
			if p.locator && !ps[i-1].outside {
				continue
			}
			if p.kind == gazetteer.KindCity && (p.outside || i+1 < len(ps) && misplaced(p, ps[i+1])) {
				continue
			}
			dist := 0
			switch {
			case p.end <= ts:
				dist = (ts - p.end) * 2 // places after the trigger are likelier its object
			case p.start >= te:
				dist = p.start - te
			}
			if p.facility {
				dist += 20 // only when no other place is named
			}
			if p.start > 0 {
				switch toks[p.start-1].text {
				case "of", "from":
					// "areas of Ludhiana" is where, "residents of" whence
					if p.start < 2 || !placeNouns[toks[p.start-2].text] || toks[p.start-1].text == "from" {
						dist += 6
					} else if referencedAt(toks, p.start) {
						dist += 10 // "125km north of Ranchi": whence the scene is measured
					}
				case "in", "at", "near", "outside", "into":
					dist -= 2
				}
			}
			if bestDist < 0 || dist < bestDist {
				best, bestDist = p, max(dist, 0)
			}
		}
	}
	return best, bestDist >= 0
}

// facilityWords after a place name make it the name of a road, a
// quarter or a building: "Murree road in Rawalpindi", "the Jardim Oasis
// neighborhood".
var facilityWords = map[string]bool{
	"road": true, "street": true, "avenue": true, "highway": true, "neighborhood": true, "neighbourhood": true,
	"square": true, "market": true, "bridge": true, "junction": true, "roundabout": true, "hospital": true,
	"prison": true, "jail": true, "school": true, "university": true, "college": true, "club": true, "mosque": true,
	"church": true, "station": true, "stadium": true, "hotel": true, "community": true, "colony": true,
}

// neighbourhoodWords begin the names of quarters in Latin America and the
// Philippines: "Colonia Moises Saenz", "Barangay Labangal".
var neighbourhoodWords = map[string]bool{
	"colonia": true, "barrio": true, "barangay": true, "fraccionamiento": true, "jardim": true, "vila": true,
	"bairro": true, "villa": true, "parque": true,
}

// placeNouns before "of" make the place that follows the scene ("in
// different areas of Ludhiana", "the outskirts of Aleppo").
var placeNouns = map[string]bool{
	"area": true, "areas": true, "outskirts": true, "countryside": true, "village": true, "town": true,
	"city": true, "district": true, "province": true, "region": true, "part": true, "parts": true,
	"centre": true, "center": true, "suburbs": true, "suburb": true, "streets": true, "vicinity": true,
	"environs": true, "edge": true, "heart": true, "west": true, "east": true, "north": true, "south": true,
}

// misplaced reports whether town p is followed by ", Province" that puts
// it elsewhere than the gazetteer's reading of p.
func misplaced(p, next placeRef) bool {
	return next.kind == gazetteer.KindAdmin1 && next.start == p.end+1 &&
		(next.place.Country != p.place.Country || next.place.Admin1Code != p.place.Admin1Code)
}

// locationOf turns a chosen place into the event's location with ACLED's
// geo precision.
func (x *Extractor) locationOf(p placeRef, toks []token) Location {
	if p.kind == gazetteer.KindAdmin1 && x.places != nil {
		// ACLED codes a province to its capital
		found := false
		for _, c := range x.places.Lookup(p.place.Name) {
			if c.Code == "PPLA" && c.Country == p.place.Country && c.Admin1Code == p.place.Admin1Code {
				p.place.Lat, p.place.Lon, p.place.ID = c.Lat, c.Lon, c.ID
				found = true
				break
			}
		}
		// whose name may differ: Bihar's is Patna, Dhaka division's the
		// national capital
		if s, ok := x.places.(seater); ok && !found && !locatesUnknown(toks, p.start) {
			if c, ok := s.Seat(p.place); ok {
				p.place.Lat, p.place.Lon, p.place.ID = c.Lat, c.Lon, c.ID
			}
		}
	}
	l := Location{Name: p.place.Name, Lat: p.place.Lat, Lon: p.place.Lon, Country: p.place.Country,
		Admin1: p.place.Admin1, GeoNameID: p.place.ID, Precision: truce.GeoExact}
	switch {
	case p.kind == gazetteer.KindCity && (districtWords[p.qualifier] || p.end > 0 && p.end < len(toks) && districtWords[toks[p.end].text]):
		// "Kokrajhar district", "Parbatipur upazila": the district's
		// seat stands for the district (ACLED's "coordinates are for
		// the district's headquarters", precision 2)
		l.Precision = truce.GeoNear
	case p.kind != gazetteer.KindCity || p.qualifier != "":
		l.Precision = truce.GeoRegional
	default:
		for k := p.start - 1; k >= 0 && k >= p.start-4; k-- {
			if toks[k].text == "," || toks[k].text == "." {
				break
			}
			if nearWords[toks[k].text] {
				l.Precision = truce.GeoNear
				break
			}
		}
	}
	if l.Admin1 == "" && p.kind == gazetteer.KindAdmin1 {
		l.Admin1 = p.place.Name
	}
	return l
}

// countryLocation is a country-level location: the capital's coordinates
// (ACLED's convention when only the country is known), precision 3.
func countryLocation(c *Country) Location {
	return Location{Name: c.Name, Lat: c.Lat, Lon: c.Lon, Country: c.ISO3, Precision: truce.GeoRegional}
}

// placeBefore returns the location of the last town or province named
// in the sentences before an event's sentence (toks: their tokens), for
// events whose own sentence names no place and follow no located event:
// "On 9 May, in Sao Goncalo, Rio de Janeiro, police raided a community.
// A shoot-out broke out ..." happened in Sao Goncalo. It returns nil
// when those sentences name neither.
func (x *Extractor) placeBefore(toks []token, places []gazetteer.Resolved, ctx []string) *Location {
	if len(toks) == 0 {
		return nil
	}
	ps := sentencePlaces(places, toks, func(s, e int) bool { return false }, ctx)
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		if p.kind == gazetteer.KindCountry || p.kind == gazetteer.KindRegion || p.locator || p.outside || i+1 < len(ps) && misplaced(p, ps[i+1]) {
			continue
		}
		l := x.locationOf(p, toks)
		return &l
	}
	return nil
}
