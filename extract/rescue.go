package extract

import (
	"github.com/truce-monitor/truce/fold"
	"github.com/truce-monitor/truce/gazetteer"
)

// rescueLocatives open the place a sentence names: "in Moulvibazar",
// "at Karimabad, Karachi", "a siege to Ranchi University".
var rescueLocatives = map[string]bool{
	"in": true, "at": true, "near": true, "outside": true, "to": true, "of": true, "from": true,
}

// rescuePop is the population from which a town read by name alone, for
// a sentence whose names the gazetteer's scan passed over, is taken.
const rescuePop = 50000

// rescuePlaces finds the place of a sentence in which the gazetteer's
// scan found none: a town of 50,000 or more named by a capitalised word
// after a locative, alone or ending a run of capitalised words ("in
// Moulvibazar", "in Karimabad Karachi", "Delhi University's students").
// The scan passes over such names when they look like a person's or an
// institution's; a sentence that reports an event names its place.
func (x *Extractor) rescuePlaces(toks []token, skip func(s, e int) bool, ctx []string) []placeRef {
	if x.places == nil {
		return nil
	}
	for i := 0; i < len(toks); i++ {
		if !rescueLocatives[toks[i].text] {
			continue
		}
		j := i + 1
		for j < len(toks) && j-i <= 3 && toks[j].cap && !toks[j].punct && !toks[j].digit {
			j++
		}
		if j == i+1 {
			continue
		}
		// "in Moulvibazar", "Madurai Corporation", "Karachi press club":
		// the first word of the run names the town (a building's, a
		// body's), never a later one ("Bharatiya Kisan Union",
		// "Ganatantrik Bam Morcha"); a word alone after "of" only when
		// no noun follows it ("the effigy of Union minister")
		if toks[i].text == "of" && j == i+2 && j < len(toks) && !toks[j].punct && !placeSlotEnd[toks[j].text] {
			continue
		}
		for k := i + 1; k < i+2; k++ {
			if skip(k, k+1) || bodyAdjectives[toks[k].text] {
				continue
			}
			if k+1 < len(toks) && unitWords[toks[k+1].text] {
				// "Safi Tehsil": the scan knows the districts it can
				// read; a town of the name is a namesake elsewhere
				continue
			}
			facility := j < len(toks) && facilityWords[toks[j].text] || j > k+1
			if p, ok := x.rescueName(toks[k].text, ctx); ok {
				return []placeRef{{start: k, end: k + 1, place: p, kind: p.Kind(), text: p.Name, cands: []gazetteer.Place{p},
					facility: facility}}
			}
		}
	}
	return nil
}

// rescueName returns the best town or area called name, in a context
// country when there is one, of rescuePop people or more.
func (x *Extractor) rescueName(name string, ctx []string) (gazetteer.Place, bool) {
	cs := x.places.Lookup(name)
	for pass := 0; pass < 2; pass++ {
		for _, c := range cs {
			if pass == 0 && !contains(ctx, c.Country) {
				continue
			}
			// its own name, not one of its other spellings ("Masr"),
			// unless it lies in the report's country
			own := fold.Key(c.Name) == fold.Key(name) || fold.Key(c.ASCIIName) == fold.Key(name)
			if c.Kind() == gazetteer.KindCity && c.Population >= rescuePop && (own || pass == 0) {
				return c, true
			}
		}
	}
	return gazetteer.Place{}, false
}

// placeSlotEnd may follow the name of the place of an event: "in
// Moulvibazar on Monday", "in Manikganj district".
var placeSlotEnd = map[string]bool{
	"on": true, "in": true, "at": true, "and": true, "to": true, "for": true, "near": true, "after": true,
	"over": true, "since": true, "with": true, "by": true, "from": true, "of": true, "as": true, "during": true,
	"where": true, "when": true, "while": true, "on-": true, "late": true, "early": true, "this": true, "last": true,
	"yesterday": true, "today": true, "district": true, "town": true, "city": true, "village": true, "area": true,
	"upazila": true, "tehsil": true, "province": true, "state": true, "division": true, "against": true, "'s": true,
}

// bodyAdjectives open the names of bodies, never a town's: "Union
// Minister", "Central Committee".
var bodyAdjectives = map[string]bool{"union": true, "central": true, "federal": true, "national": true, "supreme": true}

// unitWords after a name make it an administrative unit's.
var unitWords = map[string]bool{
	"district": true, "tehsil": true, "upazila": true, "township": true, "agency": true, "county": true,
	"province": true, "taluk": true, "taluka": true, "division": true, "municipality": true,
}
