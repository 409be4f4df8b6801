package extract

import (
	"strings"

	"github.com/truce-monitor/truce/gazetteer"
)

// homeStrongPop is the population from which a city named in a report
// vouches for its country on its own: a reader takes "Delhi", "Dhaka" or
// "Peshawar" for the country it lies in, not for a namesake village.
const homeStrongPop = 100000

// homeWeakPop is the population from which towns vouch for their
// country when the report names no larger place, and all agree; a town
// abroad smaller than it is a misreading in a report about another
// country ("Jantar" is no Moldovan village in a report about Delhi),
// unless it is a seat whose population GeoNames does not give.
const homeWeakPop = 10000

// homeCountry returns the country a report's places vouch for when it
// names no country: that of the first-level areas and the cities of
// 100,000 or more it names, when they agree or one country has more of
// them than all others together. "Students of Delhi protested outside the
// University Grants Commission" is about India, and its "Grants" is no
// town in New Mexico. It returns "" when no such place is named.
func homeCountry(ms []gazetteer.Resolved) string {
	votes := map[string]int{}
	total := 0
	for _, m := range ms {
		if m.Demonym || m.Place.Name == "" {
			continue
		}
		p := m.Place
		switch {
		case p.Kind() == gazetteer.KindAdmin1,
			p.Kind() == gazetteer.KindCity && p.Population >= homeStrongPop && !m.Alternate:
			votes[p.Country]++
			total++
		}
	}
	if total == 0 {
		// no well-known place: the country of the towns of 10,000 or
		// more, when they agree ("Dogripora village in Pulwama district")
		for _, m := range ms {
			if !m.Demonym && !m.Alternate && m.Place.Kind() == gazetteer.KindCity && m.Place.Population >= homeWeakPop {
				votes[m.Place.Country]++
				total++
			}
		}
		if len(votes) > 1 {
			return ""
		}
	}
	best, n := "", 0
	for c, v := range votes {
		if v > n || v == n && c < best {
			best, n = c, v
		}
	}
	if n*2 <= total {
		return ""
	}
	return best
}

// readingIn returns the first reading among cs (best first) that lies in
// country iso and is a town or an area, not a country.
func readingIn(cs []gazetteer.Place, iso string) (gazetteer.Place, bool) {
	for _, c := range cs {
		if c.Country == iso && c.Kind() != gazetteer.KindCountry {
			return c, true
		}
	}
	return gazetteer.Place{}, false
}

// izafaJoints join the words of Urdu and Persian compound names.
var izafaJoints = []string{"-e-", "-i-", "-ul-", "-ud-", "-un-"}

// izafaName reports whether a name read off inside word w, off bytes in,
// ends an Urdu or Persian compound joined by "-e-" or "-ul-": the names of
// groups and parties ("Lashkar-e-Taiba", "Tehreek-e-Insaf",
// "Hizb-ul-Mujahideen"), not places.
func izafaName(w token, off int) bool {
	if off <= 0 || off > len(w.text) {
		return false
	}
	head := w.text[:off]
	for _, j := range izafaJoints {
		if len(head) > len(j) && head[len(head)-len(j):] == j {
			return true
		}
	}
	return false
}

// seatCode marks the GeoNames codes of the seats of administrative areas.
var seatCode = map[string]bool{"PPLA": true, "PPLA2": true, "PPLA3": true, "PPLC": true}

// locatesUnknown reports whether the area whose name starts at token i
// follows the name of a place the gazetteer lacks, which it locates:
// "near Baghanis, Tavush", "in Chora district, Urozgan", "Somdal village
// of Ukhrul". That place lies anywhere in the area, so the area's middle
// is a better guess than its seat.
func locatesUnknown(toks []token, i int) bool {
	if i <= 0 || i > len(toks) {
		return false
	}
	n := 0
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		t := toks[k]
		if connectWords[t.text] && !t.cap || t.text == "," || t.text == "(" {
			n++
			continue
		}
		return n > 0 && t.cap && k > 0 && !toks[k-1].punct
	}
	return false
}

// possessiveOf reports whether the tokens from s to e are a possessive
// "'s", alone or before a direction ("Assam's Kokrajhar", "south
// Kashmir's Pulwama" read from Kashmir, "Sindh's northern Ghotki").
func possessiveOf(toks []token, s, e int) bool {
	if s >= e || e > len(toks) || toks[s].text != "'s" {
		return false
	}
	for _, t := range toks[s+1 : e] {
		if !nearWords[t.text] {
			return false
		}
	}
	return true
}

// referencedAt reports whether the place starting at token i is a point
// a distance is measured from ("125km north of Ranchi", "20 kilometres
// west of"): where the scene is measured from, not the scene, when
// another place is named.
func referencedAt(toks []token, i int) bool {
	if i < 2 || i > len(toks) || toks[i-1].text != "of" || !nearWords[toks[i-2].text] {
		return false
	}
	for k := i - 3; k >= 0 && k >= i-5; k-- {
		t := toks[k].text
		switch {
		case t == "km" || t == "kms" || t == "kilometres" || t == "kilometers" || t == "miles":
			return true
		case toks[k].digit && (strings.HasSuffix(t, "km") || strings.HasSuffix(t, "kms")):
			return true
		}
	}
	return false
}

// izafaHead reports whether a name read off the first off bytes of word w
// begins such a compound ("Shahrak-e-Turkmania" is no town Shahrak).
func izafaHead(w token, off int) bool {
	if off <= 0 || off >= len(w.text) {
		return false
	}
	tail := w.text[off:]
	for _, j := range izafaJoints {
		if strings.HasPrefix(tail, j) {
			return true
		}
	}
	return false
}

// nearReadingKm is how near the town named after it ("Agarak, Meghri")
// the reading of an ambiguous town name must lie to be taken.
const nearReadingKm = 50

// nearReading: "Agarak, Meghri" names the Agarak near Meghri. A town read
// far from the town named after it takes its reading near that town, if
// it has one; it is no doubtful reading otherwise, for the two may be
// items of a list ("Chittagong, Dinajpur").
func nearReading(t *placeRef, other gazetteer.Place) {
	d := func(p gazetteer.Place) float64 { return gazetteer.DistanceKm(p.Lat, p.Lon, other.Lat, other.Lon) }
	if d(t.place) <= nearReadingKm {
		return
	}
	for _, c := range t.cands {
		if c.Kind() == gazetteer.KindCity && d(c) <= nearReadingKm {
			t.place = c
			return
		}
	}
}

// headquartersWords name the subdivision that holds a district's seat in
// South Asian reports, not a place: "Sadar upazila in Lakshmipur" is in
// Lakshmipur, "Jessore Sadar" in Jessore.
var headquartersWords = map[string]bool{"sadar": true}

// districtWords after a town make it the name of the district it is the
// seat of.
var districtWords = map[string]bool{
	"district": true, "districts": true, "municipality": true, "county": true, "rayon": true, "raion": true,
	"upazila": true, "upazilla": true, "tehsil": true, "taluk": true, "taluka": true, "township": true,
	"thana": true, "subdivision": true, "sub-division": true, "block": true, "mandal": true,
}

// orgNouns name bodies, and the words that open their names; a town
// called so is read off a name: "the 14-Party Alliance", "the Supreme
// Court", "Union Minister", "Kaziranga National Park".
var orgNouns = map[string]bool{
	"alliance": true, "union": true, "front": true, "party": true, "council": true, "league": true,
	"movement": true, "association": true, "committee": true, "commission": true, "court": true,
	"supreme": true, "central": true, "national": true, "federation": true, "congress": true, "forum": true,
	"grants": true, "corporation": true, "board": true, "authority": true, "assembly": true,
}

// orgNamePart reports whether the one-word name toks[s:e] is such a word
// inside a longer capitalised name: a capitalised word stands next to
// it that is no place word ("Union County" is a county).
func orgNamePart(toks []token, s, e int) bool {
	if e != s+1 || !orgNouns[toks[s].text] || !toks[s].cap {
		return false
	}
	before := s > 1 && !toks[s-1].punct && (toks[s-1].cap || toks[s-1].digit && strings.Contains(toks[s-1].text, "-")) // "20-Party Alliance"
	after := e < len(toks) && toks[e].cap && !toks[e].punct && !connectWords[toks[e].text] && !districtWords[toks[e].text]
	return before || after
}
