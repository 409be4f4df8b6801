package gazetteer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce/fold"
)

// Mention is a toponym found in a text.
type Mention struct {
	Start, End int    // byte offsets in the text
	Text       string // text[Start:End]
	Candidates []Place
	// Demonym is set when the mention is a demonym or adjective of a
	// country ("Azerbaijani", "Syrians").
	Demonym bool
	// Qualifier is the administrative word following the name, folded
	// ("region" in "Kalbajar region"), which makes an area likelier than a
	// town.
	Qualifier string
	// flags of the candidates, parallel to Candidates.
	flags []uint8
	// comma is set when a comma follows the mention ("Tripoli, Lebanon"),
	// tail bytes after End: the county word of "Orange county, Florida".
	comma bool
	tail  int
	// weak is set for a one-word alternate name of small places only.
	weak bool
	// locative is set when a locative word precedes the mention ("near
	// Opytne").
	locative bool
	// loose is set when the mention was matched by its skeleton.
	loose bool
}

// maxTokens is the longest name Scan matches, in words.
const maxTokens = 6

// minAlternatePrior is the prior (about log10 population) a place must
// have to be found by a one-word alternate name at the start of a
// sentence, where capitals say nothing.
const minAlternatePrior = 5.0

// maxCandidates caps the candidates kept per mention.
const maxCandidates = 40

// connectors may stand lower-case inside a name ("Bosnia and Herzegovina",
// "Rio de Janeiro") but never begin or end one.
var connectors = map[string]bool{
	"and": true, "of": true, "de": true, "del": true, "la": true, "le": true, "al": true, "el": true,
	"upon": true, "on": true, "sur": true, "du": true, "des": true, "da": true, "do": true, "dos": true,
	"di": true, "am": true, "im": true, "an": true, "der": true, "den": true, "y": true, "the": true, "ad": true,
	// the Arabic article before sun letters: "Deir ez-Zor", "Jisr ash-Shughur"
	"ez": true, "es": true, "ed": true, "er": true, "et": true, "ash": true, "as": true, "ar": true,
	"at": true, "az": true, "adh": true, "ath": true, "ul": true,
}

// qualifiers are administrative words that, following a name, say it is
// an area.
var qualifiers = map[string]bool{
	"region": true, "district": true, "province": true, "oblast": true, "rayon": true, "raion": true,
	"governorate": true, "state": true, "county": true, "prefecture": true, "department": true,
	"municipality": true, "regions": true, "districts": true, "provinces": true,
}

// titles before a name make it a person's ("Mr Jackson", "President Lincoln").
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "sir": true, "president": true, "senator": true,
	"sen": true, "rep": true, "gov": true, "governor": true, "minister": true, "general": true, "gen": true, "col": true,
	"judge": true, "prof": true, "professor": true, "coach": true, "lt": true, "sgt": true, "capt": true, "officer": true,
	"pope": true, "king": true, "queen": true, "prince": true, "princess": true, "lord": true, "lady": true, "saint": true,
	"mayor": true, "chancellor": true, "premier": true, "commander": true, "spokesman": true, "spokeswoman": true,
}

type token struct {
	start, end int
	capital    bool // begins with an upper-case letter
	upper      bool // all letters upper case
	sentence   bool // first token of a sentence (or text)
}

// tokenize splits text into words: letters, digits and marks, with
// apostrophes inside words; a final "'s" is left out.
func tokenize(text string, dst []token) []token {
	toks := dst[:0]
	sentence := true
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWord(r) {
			switch r {
			case '.':
				if !abbrevBefore(text, i) {
					sentence = true
				}
			case '!', '?', '\n', ':', ';', '"', '“', '”', '—', '|':
				sentence = true
			}
			i += n
			continue
		}
		start := i
		capital := unicode.IsUpper(r)
		upper := true
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if isWord(r) {
				if unicode.IsLower(r) {
					upper = false
				}
				i += n
				continue
			}
			if isApostrophe(r) && i+n < len(text) {
				r2, _ := utf8.DecodeRuneInString(text[i+n:])
				if isWord(r2) {
					// "'s" at the end of a word is a possessive.
					if (r2 == 's' || r2 == 'S') && (i+n+1 >= len(text) || !isWordByte(text, i+n+1)) {
						break
					}
					if !capital && i-start == 1 && unicode.IsUpper(r2) {
						capital = true // d'Ivoire
					}
					i += n
					continue
				}
			}
			break
		}
		end := i
		toks = append(toks, token{start: start, end: end, capital: capital, upper: upper && capital, sentence: sentence})
		sentence = false
		// skip a possessive
		if i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if isApostrophe(r) && i+n < len(text) && (text[i+n] == 's' || text[i+n] == 'S') {
				i += n + 1
			}
		}
	}
	return toks
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isWordByte(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWord(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' }

// abbrevBefore reports whether the period at i ends an abbreviation such
// as "U.S." or "Mr." rather than a sentence.
func abbrevBefore(text string, i int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= n
	}
	w := text[j:i]
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true
	}
	switch strings.ToLower(w) {
	case "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "jr", "sr", "no", "vs", "prof", "mt", "ft":
		return true
	}
	return false
}

// joinable reports whether two adjacent tokens may be parts of one name:
// only spaces, a hyphen or an abbreviation period between them.
func joinable(text string, a, b token) bool {
	gap := text[a.end:b.start]
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	for _, r := range gap {
		switch r {
		case ' ', '-', '.', '\u00a0':
		default:
			return false
		}
	}
	if !strings.Contains(gap, ".") {
		return true
	}
	// "U.S.", "St. Louis", "Ft. Worth"
	switch strings.ToLower(text[a.start:a.end]) {
	case "st", "ste", "ft", "mt", "pt":
		return true
	}
	return a.end-a.start == 1
}

// Scan returns every toponym mention in text, longest match first at
// each position, in text order. A mention starts with a capital letter;
// capitalised words that are rarely places ("Monday", "President") and
// surnames after a title or a given name are skipped.
func (g *Gazetteer) Scan(text string) []Mention {
	toks := tokenize(text, make([]token, 0, len(text)/5))
	// Words seen after a given name or a title ("John Kelly") are
	// surnames everywhere in the text ("Kelly said").
	surnames := map[string]bool{}
	for i := 1; i < len(toks); i++ {
		if toks[i].capital && !toks[i].upper && personBefore(g, text, toks, i) && (i+1 == len(toks) || !toks[i+1].capital || !joinable(text, toks[i], toks[i+1])) {
			surnames[text[toks[i].start:toks[i].end]] = true
		}
	}
	var out []Mention
	var key strings.Builder
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.capital {
			continue
		}
		// "Wichita, Kan.", "Kelowna, B.C.": a state or province
		// abbreviated
		afterPlace := len(out) > 0 && strings.TrimRight(text[out[len(out)-1].End:t.start], " ") == ","
		if end, last, pos, ok := g.scanAbbrev(text, toks, i, afterPlace); ok {
			m := Mention{Start: t.start, End: end, Text: text[t.start:end]}
			g.setCandidates(&m, pos)
			m.comma = end < len(text) && text[end] == ','
			out = append(out, m)
			i = last
			continue
		}
		best, bestPos := -1, 0
		key.Reset()
		for j := i; j < len(toks) && j < i+maxTokens; j++ {
			if j > i {
				if !joinable(text, toks[j-1], toks[j]) {
					break
				}
				if !toks[j].capital && !connectors[lower(text, toks[j])] {
					break
				}
				key.WriteByte(' ')
			}
			key.WriteString(fold.Key(text[toks[j].start:toks[j].end]))
			pos, exact, more := g.ix.probe(key.String())
			if exact && toks[j].capital {
				best, bestPos = j, pos
			}
			if !more {
				break
			}
		}
		loose := false
		if best <= i && locative(text, toks, i) {
			// A spelling the index lacks, where a place is expected: try
			// the skeletons of other romanisations of the same name
			// ("near Tryokhizbenka", "in Tal Tamer").
			if lb, lp := g.scanLoose(text, toks, i); lb > best {
				best, bestPos, loose = lb, lp, true
			}
		}
		if best < 0 {
			continue
		}
		m := Mention{Start: t.start, End: toks[best].end}
		m.Text = text[m.Start:m.End]
		ok, weak := g.accept(text, toks, i, best, bestPos)
		if !ok {
			continue
		}
		// A name matched loosely stands only beside places of its country.
		weak = weak || loose
		if best == i && surnames[m.Text] && !g.strong(bestPos) && !g.area(bestPos) && g.bestPrior(bestPos) < 6 {
			continue
		}
		if best+1 < len(toks) && joinable(text, toks[best], toks[best+1]) {
			if q := lower(text, toks[best+1]); qualifiers[q] {
				m.Qualifier = q
			}
		}
		// "Orange county": the counties called Orange County.
		if pos, ok := g.countyKey(m.Text, m.Qualifier); ok {
			bestPos = pos
			// "Orange county, Florida": the comma after the county word
			if e := toks[best+1].end; e < len(text) && text[e] == ',' {
				m.comma, m.tail = true, e-m.End
			}
		}
		cs := g.ix.cands(bestPos, nil)
		if limit := maxCandidates * (1 + 4*btoi(loose)); len(cs) > limit {
			// a skeleton is shared by many names: keep more of its
			// places, so that the one in the province named next is there
			cs = cs[:limit]
		}
		m.Candidates = make([]Place, len(cs))
		m.flags = make([]uint8, len(cs))
		m.Demonym = true
		for k, c := range cs {
			m.Candidates[k] = g.place(int(c.idx))
			m.flags[k] = c.flag
			if c.flag != matchDemonym {
				m.Demonym = false
			}
		}
		if m.End < len(text) && text[m.End] == ',' {
			m.comma = true
		}
		m.weak = weak
		m.loose = loose
		m.locative = i > 0 && !toks[i-1].capital && text[toks[i-1].end:t.start] == " " && locativeWords[lower(text, toks[i-1])]
		out = append(out, m)
		i = best
	}
	return dropWeak(out)
}

// dropWeak removes the weak mentions none of whose candidates lies in a
// country of the other mentions' best candidates. In a text that names
// no other place, a weak mention after a locative word ("observed
// explosions near Opytne") stays when it has one reading and was not
// matched loosely: it is the only clue to where things happened.
func dropWeak(ms []Mention) []Mention {
	countries := map[string]bool{}
	weak := false
	for _, m := range ms {
		if m.weak {
			weak = true
		} else {
			countries[m.Candidates[0].Country] = true
		}
	}
	if !weak {
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		keep := !m.weak || len(countries) == 0 && m.locative && !m.loose && len(m.Candidates) == 1
		for _, p := range m.Candidates {
			keep = keep || countries[p.Country]
		}
		if keep {
			out = append(out, m)
		}
	}
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func lower(text string, t token) string {
	return strings.ToLower(text[t.start:t.end])
}

// accept applies the rules against common words and people's names to a
// match of tokens i..j found at key position pos; weak is set for a
// one-word alternate name of small places only.
func (g *Gazetteer) accept(text string, toks []token, i, j, pos int) (ok, weak bool) {
	first := fold.Key(text[toks[i].start:toks[i].end])
	if i > 0 && joinable(text, toks[i-1], toks[i]) && titles[fold.Key(text[toks[i-1].start:toks[i-1].end])] {
		return false, false
	}
	if i != j {
		return true, false
	}
	t := toks[i]
	if g.stop[first] || g.given[first] || t.end-t.start < 2 || contraction(text[t.start:t.end]) {
		return false, false
	}
	cs := g.ix.cands(pos, nil)
	strong := false     // a country, an alias or a demonym
	alternate := true   // matched by alternate names only
	bestPrior := -100.0 // of the biggest candidate
	for _, c := range cs {
		if c.flag == matchAlias || c.flag == matchDemonym || g.ix.code(int(c.idx)) == "PCLI" {
			strong = true
		}
		if c.flag != matchAlternate {
			alternate = false
		}
		bestPrior = max(bestPrior, g.priorAt(int(c.idx)))
	}
	if t.end-t.start <= 2 && !strong {
		return false, false
	}
	// A word known only as an alternate spelling of a small place is
	// often a common word ("Human" for Uman): at the start of a sentence
	// drop it; elsewhere Scan keeps it only when the text names another
	// place in its country.
	if alternate && bestPrior < minAlternatePrior && t.sentence {
		return false, false
	}
	// Short all-capital words are acronyms ("AP", "ABC") unless a
	// country goes by them ("US", "UAE").
	if t.upper && t.end-t.start <= 3 && !strong {
		return false, false
	}
	weak = alternate && bestPrior < minAlternatePrior
	if strong {
		return true, false
	}
	// A capitalised word right before or after makes a longer proper
	// name of which this is part: a person ("Andrew Jackson") or an
	// organisation ("Washington Post").
	if personBefore(g, text, toks, i) {
		return false, false
	}
	if i+1 < len(toks) && joinable(text, t, toks[i+1]) && toks[i+1].capital && !toks[i+1].upper {
		w := fold.Key(text[toks[i+1].start:toks[i+1].end])
		if orgWords[w] {
			return false, false
		}
		// A big place may modify a name ("Seattle Seahawks", "Dubai
		// Police"); a small one is more likely a given name.
		if !g.stop[w] && !qualifiers[w] && bestPrior < 6 {
			if _, ok := g.ix.find(w); !ok {
				return false, false
			}
		}
	}
	// "Kelly said": a person, unless a big place speaking for its
	// government ("Moscow said").
	if i+1 < len(toks) && text[t.end:toks[i+1].start] == " " && speechVerbs[lower(text, toks[i+1])] && bestPrior < 6.5 {
		return false, false
	}
	return true, weak
}

// contraction reports whether w is a pronoun or a verb with a clitic
// ("I’ll", "We're", "Don't"), which folds like a place's short name
// ("Ill." for Illinois).
func contraction(w string) bool {
	for _, a := range []string{"'", "’", "ʼ"} {
		if i := strings.LastIndex(w, a); i > 0 {
			switch strings.ToLower(w[i+len(a):]) {
			case "ll", "re", "ve", "m", "d", "t":
				return true
			}
		}
	}
	return false
}

// personBefore reports whether token i follows a capitalised word that is
// no function word: a given name or a title.
func personBefore(g *Gazetteer, text string, toks []token, i int) bool {
	if i == 0 || text[toks[i-1].end:toks[i].start] != " " || !toks[i-1].capital {
		return false
	}
	w := fold.Key(text[toks[i-1].start:toks[i-1].end])
	return titles[w] || g.given[w] || (!g.stop[w] && !toks[i-1].upper)
}

// orgWords after a place name make it an organisation's.
var orgWords = map[string]bool{
	"post": true, "times": true, "news": true, "herald": true, "tribune": true, "journal": true, "gazette": true,
	"telegraph": true, "chronicle": true, "university": true, "college": true, "bank": true, "company": true,
	"group": true, "corporation": true, "inc": true, "fc": true, "united": true, "rovers": true, "club": true,
}

// speechVerbs after a name make it a speaker's.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "added": true, "wrote": true, "explained": true, "argued": true,
	"noted": true, "asked": true, "replied": true, "tweeted": true, "insisted": true, "recalled": true,
}

// MentionAt returns the mention of text[start:end] as if Scan had found
// it, with every candidate the gazetteer has for that name (none when it
// knows no such name). It lets a caller resolve names found by other
// means (a named-entity tagger, gold annotations) with Resolve.
func (g *Gazetteer) MentionAt(text string, start, end int) Mention {
	if start < 0 || end > len(text) || start > end {
		return Mention{}
	}
	m := Mention{Start: start, End: end, Text: text[start:end]}
	name := m.Text
	pos, ok := g.findAbbrev(name) // "Kan.", "B.C."
	if !ok {
		pos, ok = g.ix.find(fold.Key(name))
	}
	if !ok {
		// "Russia's", "the Gaza Strip": try without the possessive or
		// the article.
		for _, alt := range []string{strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s"), strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The ")} {
			if pos, ok = g.ix.find(fold.Key(alt)); ok {
				break
			}
		}
	}
	if !ok {
		// "Colorado State University", "Eastern Ghouta", "Cuyahoga
		// County": the longest place name inside the name.
		pos, ok = g.innerName(name)
	}
	if !ok {
		// "Dubai World Cup", "Liverpool Academy": a city of 100,000
		// people or more that begins the name of an event or a
		// building.
		pos, ok = g.leadingCity(name)
	}
	institution := false
	if !ok {
		// "European Commission", "US Federal Reserve", "Bank of
		// Mexico": an institution named after the country, state or
		// region it serves.
		pos, ok = g.namedArea(name)
		institution = ok
	}
	if ok {
		cs := g.ix.cands(pos, nil)
		if institution {
			// the area by its own names only, not the towns of
			// that name ("Florida Atlantic University")
			cs = slices.DeleteFunc(cs, func(c candidate) bool {
				return c.flag == matchAlternate || g.place(int(c.idx)).Kind() == KindCity
			})
		}
		if len(cs) > maxCandidates {
			cs = cs[:maxCandidates]
		}
		m.Candidates = make([]Place, len(cs))
		m.flags = make([]uint8, len(cs))
		m.Demonym = true
		for k, c := range cs {
			m.Candidates[k] = g.place(int(c.idx))
			m.flags[k] = c.flag
			m.Demonym = m.Demonym && c.flag == matchDemonym
		}
	}
	rest := text[end:]
	if strings.HasPrefix(rest, ",") {
		m.comma = true
	}
	rest = strings.TrimLeft(rest, " -")
	w := rest
	if i := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		w = rest[:i]
	}
	if q := strings.ToLower(w); qualifiers[q] {
		m.Qualifier = q
	}
	if pos, ok := g.countyKey(m.Text, m.Qualifier); ok {
		cs := g.ix.cands(pos, nil)
		m.Candidates = make([]Place, len(cs))
		m.flags = make([]uint8, len(cs))
		m.Demonym = false
		for k, c := range cs {
			m.Candidates[k] = g.place(int(c.idx))
			m.flags[k] = c.flag
		}
	}
	return m
}

// countyKey returns the key position of the counties called name followed
// by qualifier, when it is "county" ("Orange county" → Orange County),
// so that the county word, written apart or in lower case, reads the name
// as a county's rather than a town's.
func (g *Gazetteer) countyKey(name, qualifier string) (int, bool) {
	if qualifier != "county" {
		return 0, false
	}
	return g.ix.find(fold.Key(name) + " county")
}

// innerName finds a known place name inside name whose other words are
// generic ("Cuyahoga County", "Eastern Ghouta", "Colorado State
// University") and returns its key position.
func (g *Gazetteer) innerName(name string) (int, bool) {
	toks := tokenize(name, nil)
	for n := len(toks) - 1; n >= 1; n-- {
		for i := 0; i+n <= len(toks); i++ {
			if !toks[i].capital || !toks[i+n-1].capital {
				continue
			}
			generic := true
			for j, t := range toks {
				if (j < i || j >= i+n) && !genericWords[strings.ToLower(name[t.start:t.end])] {
					generic = false
				}
			}
			if !generic {
				continue
			}
			k := fold.Key(name[toks[i].start:toks[i+n-1].end])
			if pos, ok := g.ix.find(k); ok {
				return pos, true
			}
		}
	}
	return 0, false
}

// leadingCity finds a city of minAlternatePrior or more whose name
// begins name and is followed by capitalised words only, and returns its
// key position.
func (g *Gazetteer) leadingCity(name string) (int, bool) {
	toks := tokenize(name, nil)
	for n := len(toks) - 1; n >= 1; n-- {
		capital := true
		for _, t := range toks {
			capital = capital && t.capital
		}
		if !capital || genericWords[strings.ToLower(name[toks[0].start:toks[0].end])] {
			return 0, false
		}
		head := name[toks[0].start:toks[n-1].end]
		next := strings.ToLower(name[toks[n].start:toks[n].end])
		if next == "county" || next == "co" {
			// "Montgomery County History Center", "PLYMOUTH CO."
			if pos, ok := g.countyKey(head, "county"); ok {
				return pos, true
			}
		}
		if localWords[next] {
			return 0, false // "Hampton Avenue", "Madison Twp.": a part of a town, not it
		}
		pos, ok := g.ix.find(fold.Key(head))
		if !ok {
			continue
		}
		cs := g.ix.cands(pos, nil)
		if len(cs) > 0 && g.place(int(cs[0].idx)).Kind() == KindCity && cs[0].flag == matchName &&
			g.priorAt(int(cs[0].idx)) >= minAlternatePrior {
			return pos, true
		}
	}
	return 0, false
}

// namedArea finds the country, admin1 area, region or landmark that
// names an institution or an event: by its name or demonym at the start,
// followed by capitalised words ("European Commission", "US Federal
// Reserve", "African National Congress", "Heathrow Animal Reception
// Centre"), or by its name after a last "of" ("Bank of Japan",
// "University of Alberta"). It returns the key position.
func (g *Gazetteer) namedArea(name string) (int, bool) {
	toks := tokenize(name, nil)
	if len(toks) < 2 {
		return 0, false
	}
	word := func(i int) string { return strings.ToLower(name[toks[i].start:toks[i].end]) }
	institution := false
	for i := range toks {
		if !toks[i].capital && !areaLinkWords[word(i)] {
			return 0, false
		}
		institution = institution || institutionWords[word(i)]
	}
	if !institution {
		return 0, false // "Gulf of Mexico", "Indian Orchard", "Tennessee Colony"
	}
	for n := len(toks) - 1; n >= 1; n-- {
		if !toks[n-1].capital || localWords[word(n)] || areaLinkWords[word(n)] && n == len(toks)-1 {
			continue
		}
		generic := true // "Northern Trust" is no area's
		for i := 0; i < n; i++ {
			generic = generic && (genericWords[word(i)] || adjectiveWords[word(i)])
		}
		if generic {
			continue
		}
		if pos, ok := g.ix.find(fold.Key(name[toks[0].start:toks[n-1].end])); ok && g.areaByName(pos) {
			return pos, true
		}
	}
	for i := len(toks) - 2; i >= 1; i-- {
		if word(i) != "of" {
			continue
		}
		j := i + 1
		if word(j) == "the" && j+1 < len(toks) {
			j++
		}
		if pos, ok := g.ix.find(fold.Key(name[toks[j].start:toks[len(toks)-1].end])); ok && g.areaByName(pos) {
			return pos, true
		}
		break
	}
	return 0, false
}

// institutionWords make a name an institution's, an office's or a
// building's, which an area may name ("Bank of Canada"), unlike a
// natural feature ("Gulf of Mexico") or a town ("Indian Orchard").
// Embassies and consulates are not here: a "British Embassy" is abroad.
var institutionWords = map[string]bool{
	"commission": true, "parliament": true, "bank": true, "ministry": true, "senate": true, "congress": true,
	"government": true, "army": true, "navy": true, "police": true, "university": true, "college": true,
	"school": true, "hospital": true, "council": true, "court": true, "union": true, "agency": true,
	"authority": true, "committee": true, "federation": true, "reserve": true, "guard": true, "office": true,
	"department": true, "institute": true, "museum": true, "airport": true, "terminal": true, "party": true,
	"league": true, "association": true, "chamber": true, "chambers": true, "assembly": true, "cabinet": true,
	"centre": true, "center": true, "library": true, "academy": true, "forces": true, "service": true,
}

// adjectiveWords begin many institutions' names without naming a place
// ("Federal University", "Northwestern Memorial Hospital").
var adjectiveWords = map[string]bool{
	"northwestern": true, "northeastern": true, "southwestern": true, "southeastern": true, "northwest": true,
	"northeast": true, "southwest": true, "southeast": true, "federal": true, "national": true, "royal": true,
	"capital": true, "united": true, "new": true, "general": true,
}

// areaLinkWords may join the capitalised words of an institution's name.
var areaLinkWords = map[string]bool{"of": true, "the": true, "and": true, "for": true, "on": true, "de": true}

// areaByName reports whether the best candidate at key position pos is a
// country, an admin1 area, a region or a landmark called by its name, an
// alias or a demonym (not by a GeoNames alternate name).
func (g *Gazetteer) areaByName(pos int) bool {
	cs := g.ix.cands(pos, nil)
	if len(cs) == 0 || cs[0].flag == matchAlternate {
		return false
	}
	switch code := g.ix.code(int(cs[0].idx)); {
	case code == "ADM1", code == "RGN", code == "CONT", code == "SEA", code == "LMK", strings.HasPrefix(code, "PCL"):
		return true
	}
	return false
}

// localWords after a town's name make a street, a park or a township,
// which may be anywhere in a county.
var localWords = map[string]bool{
	"avenue": true, "ave": true, "street": true, "road": true, "rd": true, "boulevard": true, "blvd": true,
	"drive": true, "lane": true, "park": true, "square": true, "twp": true, "township": true, "county": true,
	"co": true, "parish": true, "borough": true, "heights": true, "hills": true, "village": true,
}

// genericWords may surround a place name in a longer name without
// changing where it is.
var genericWords = map[string]bool{
	"city": true, "state": true, "university": true, "college": true, "province": true,
	"region": true, "district": true, "governorate": true, "oblast": true, "municipality": true,
	"eastern": true, "western": true, "northern": true, "southern": true, "central": true, "upper": true,
	"lower": true, "greater": true, "north": true, "south": true, "east": true, "west": true, "metro": true,
	"downtown": true, "airport": true, "international": true, "of": true, "the": true, "area": true, "town": true,
	"township": true, "village": true, "valley": true, "port": true, "harbour": true, "harbor": true, "old": true,
}

// strong reports whether the key at pos names a country, a region, or
// anything by a curated alias or a demonym.
func (g *Gazetteer) strong(pos int) bool {
	for _, c := range g.ix.cands(pos, nil) {
		if c.flag == matchAlias || c.flag == matchDemonym || g.ix.code(int(c.idx)) == "PCLI" {
			return true
		}
	}
	return false
}

// bestPrior returns the highest prior among the places of key position pos.
func (g *Gazetteer) bestPrior(pos int) float64 {
	best := -100.0
	for _, c := range g.ix.cands(pos, nil) {
		best = max(best, g.priorAt(int(c.idx)))
	}
	return best
}

// area reports whether the key at pos names an admin1 area, a region or a
// country: names that are rarely surnames.
func (g *Gazetteer) area(pos int) bool {
	for _, c := range g.ix.cands(pos, nil) {
		switch code := g.ix.code(int(c.idx)); {
		case code == "ADM1", code == "ADM2", code == "RGN", code == "CONT", code == "SEA", strings.HasPrefix(code, "PCL"):
			return true
		}
	}
	return false
}

// setCandidates gives m the places of key position pos.
func (g *Gazetteer) setCandidates(m *Mention, pos int) {
	cs := g.ix.cands(pos, nil)
	if len(cs) > maxCandidates {
		cs = cs[:maxCandidates]
	}
	m.Candidates = make([]Place, len(cs))
	m.flags = make([]uint8, len(cs))
	m.Demonym = len(cs) > 0
	for k, c := range cs {
		m.Candidates[k] = g.place(int(c.idx))
		m.flags[k] = c.flag
		m.Demonym = m.Demonym && c.flag == matchDemonym
	}
}
