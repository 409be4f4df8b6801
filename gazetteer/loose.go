package gazetteer

import (
	"strings"

	"github.com/truce-monitor/truce/fold"
)

// romanisation maps the ISO 3166-1 alpha-2 codes of countries whose
// place names reach English news in competing romanisations to the
// family of rules (fold.Skeleton) that relates their spellings. Their
// places are indexed under their skeletons too, and a name the index
// lacks is looked up by its skeleton: "Tal Tamer" finds Tall Tamr,
// "Svitlodarsk" Svetlodarsk.
var romanisation = map[string]fold.Family{}

func init() {
	for _, cc := range strings.Fields(arabicCountries) {
		romanisation[cc] = fold.Arabic
	}
	for _, cc := range strings.Fields(slavicCountries) {
		romanisation[cc] = fold.Slavic
	}
}

// arabicCountries write their names in Arabic or Persian script.
const arabicCountries = "SY IQ LB JO PS IL EG LY TN DZ MA EH MR SD YE SA OM AE QA KW BH IR AF"

// slavicCountries write theirs in Cyrillic, or were romanised through
// Russian in Soviet times.
const slavicCountries = "UA RU BY MD KZ KG TJ UZ TM AZ AM GE"

// looseKey is the index key of skeleton sk in family f: "~a dr l zr".
// Folded keys never begin with "~", so the two kinds never meet.
func looseKey(f fold.Family, sk string) string {
	return "~" + string(rune(f)) + " " + sk
}

// findLoose returns the key position of a name the index lacks, by its
// skeleton in each family, or false.
func (g *Gazetteer) findLoose(k string) (int, bool) {
	for _, f := range fold.Families {
		if sk := fold.Skeleton(k, f); sk != "" {
			if pos, ok := g.ix.find(looseKey(f, sk)); ok {
				return pos, true
			}
		}
	}
	return 0, false
}

// scanLoose matches tokens from i by their skeletons, for a capitalised
// word that begins no known name: the longest run whose skeleton is a
// key, and its key position; best is -1 when none is.
func (g *Gazetteer) scanLoose(text string, toks []token, i int) (best, pos int) {
	best = -1
	var key strings.Builder
	for _, f := range fold.Families {
		key.Reset()
		for j := i; j < len(toks) && j < i+maxTokens; j++ {
			if j > i {
				if !joinable(text, toks[j-1], toks[j]) || !toks[j].capital && !connectors[lower(text, toks[j])] {
					break
				}
				key.WriteByte(' ')
			}
			key.WriteString(fold.Key(text[toks[j].start:toks[j].end]))
			sk, n := fold.Loose(key.String(), f)
			if sk == "" {
				break
			}
			p, exact, more := g.ix.probe(looseKey(f, sk))
			if exact && toks[j].capital && n >= fold.MinSkeleton && j > best && (j > i || toks[i].end-toks[i].start >= minLooseWord) {
				best, pos = j, p
			}
			// A leading article is dropped once a second word follows, so
			// the first word alone says nothing of what may extend it.
			if !more && j > i {
				break
			}
		}
	}
	return best, pos
}

// locativeWords before a name say that a place follows.
var locativeWords = map[string]bool{
	"in": true, "near": true, "at": true, "of": true, "from": true, "outside": true, "into": true,
	"towards": true, "toward": true, "around": true, "village": true, "town": true, "city": true,
	"villages": true, "towns": true, "between": true, "to": true, "rural": true,
}

// locative reports whether token i stands where a place is expected:
// after a locative word ("near Koti"), or before ", Area" ("Koti,
// Tavush").
func locative(text string, toks []token, i int) bool {
	if i > 0 && !toks[i-1].capital && text[toks[i-1].end:toks[i].start] == " " && locativeWords[lower(text, toks[i-1])] {
		return true
	}
	j := i
	for j+1 < len(toks) && toks[j+1].capital && joinable(text, toks[j], toks[j+1]) {
		j++
	}
	return j+1 < len(toks) && toks[j+1].capital && strings.TrimSpace(text[toks[j].end:toks[j+1].start]) == ","
}

// minLooseWord is the fewest bytes a one-word name must have to be
// matched loosely.
const minLooseWord = 5
