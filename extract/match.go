package extract

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce/fold"
)

// token is a word or a punctuation mark of a sentence.
type token struct {
	text       string // lower-cased, folded word; the mark itself for punctuation
	start, end int    // byte offsets in the text that was tokenized
	cap        bool   // the word starts with an upper-case letter
	punct      bool   // a punctuation mark, not a word
	digit      bool   // the word starts with a digit
}

// tokenize splits s into word and punctuation tokens, with offsets shifted
// by base. Words keep inner hyphens, apostrophes, periods between letters
// (U.S) and commas between digits (1,000); a possessive "'s" is a token of
// its own.
func tokenize(s string, base int, toks []token) []token {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isWordRune(r2) {
					j += n2
					continue
				}
				if (r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.' || r2 == ',') && j+n2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+n2:])
					if !isWordRune(r3) {
						break
					}
					if r2 == '\'' || r2 == '’' {
						// possessive 's ends the word
						if (r3 == 's' || r3 == 'S') && (j+n2+1 >= len(s) || !isWordByte(s[j+n2+1])) {
							break
						}
					}
					if r2 == ',' && !(isDigitByte(s[j-1]) && isDigitByte(s[j+n2])) {
						break
					}
					if r2 == '.' && (isDigitByte(s[j-1]) || !unicode.IsUpper(r3)) && !(isDigitByte(s[j-1]) && isDigitByte(s[j+n2])) {
						break
					}
					j += n2
					continue
				}
				break
			}
			w := s[i:j]
			toks = append(toks, token{text: normWord(w), start: base + i, end: base + j, cap: unicode.IsUpper(r), digit: r >= '0' && r <= '9'})
			i = j
		case unicode.IsSpace(r):
			i += n
		default:
			if (r == '\'' || r == '’') && i+n < len(s) && (s[i+n] == 's' || s[i+n] == 'S') && (i+n+1 >= len(s) || !isWordByte(s[i+n+1])) && len(toks) > 0 && toks[len(toks)-1].end == base+i {
				toks = append(toks, token{text: "'s", start: base + i, end: base + i + n + 1})
				i += n + 1
				continue
			}
			p := s[i : i+n]
			switch r {
			case '“', '”', '‘', '’', '«', '»':
				p = "\""
			case '—', '–':
				p = "-"
			}
			toks = append(toks, token{text: p, start: base + i, end: base + i + n, punct: true})
			i += n
		}
	}
	return toks
}

func isWordRune(r rune) bool  { return unicode.IsLetter(r) || unicode.IsDigit(r) }
func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= utf8.RuneSelf
}

// normWord lower-cases and folds a word; ASCII words take a fast path.
func normWord(w string) string {
	ascii, lower := true, true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return w
		}
		return strings.ToLower(w)
	}
	k := fold.Key(w)
	// fold.Key turns inner punctuation into spaces; keep one word.
	return strings.ReplaceAll(k, " ", "-")
}

// elemKind says what one element of a phrase pattern matches.
type elemKind uint8

const (
	elemWords   elemKind = iota // one of a set of words
	elemAny                     // any one word
	elemOptAny                  // zero or one word
	elemCountry                 // a country name or demonym, with an optional 's
)

type elem struct {
	kind  elemKind
	words []string
}

// phrase is a compiled pattern.
type phrase struct {
	elems []elem
	id    int // the caller's id for the pattern
}

// hit is one match of a phrase in a token slice: tokens [start, end).
type hit struct {
	id         int
	start, end int
	country    string // ISO3 of the {D} element, when the phrase has one
	cStart     int    // token index of the {D} element
}

// matcher finds every match of a set of phrase patterns in tokens.
type matcher struct {
	phrases   []phrase
	byFirst   map[string][]int // phrase indexes by their first word
	anyFirst  []int            // phrases starting with {D}
	dNext     map[string]bool  // words that may follow a {D}
	countries *countryIndex
}

func newMatcher(c *countryIndex) *matcher {
	return &matcher{byFirst: map[string][]int{}, dNext: map[string]bool{"'s": true}, countries: c}
}

// add compiles pattern and adds it under id. Syntax: words separated by
// spaces; "a|b" word alternatives; "(a b|c)" alternatives of word
// sequences (expanded); "_" any word; "_?" an optional word; "{D}" a
// country name or demonym.
func (m *matcher) add(pattern string, id int) error {
	seqs, err := expandPattern(pattern)
	if err != nil {
		return err
	}
	for _, seq := range seqs {
		var p phrase
		p.id = id
		for _, w := range strings.Fields(seq) {
			switch {
			case w == "_":
				p.elems = append(p.elems, elem{kind: elemAny})
			case w == "_?":
				p.elems = append(p.elems, elem{kind: elemOptAny})
			case w == "{D}":
				p.elems = append(p.elems, elem{kind: elemCountry})
			default:
				alts := strings.Split(w, "|")
				var words []string
				poss := false
				for _, a := range alts {
					if strings.HasSuffix(a, "'s") && len(alts) == 1 {
						a = strings.TrimSuffix(a, "'s")
						poss = true
					}
					words = append(words, normWord(a))
				}
				p.elems = append(p.elems, elem{kind: elemWords, words: words})
				if poss {
					p.elems = append(p.elems, elem{kind: elemWords, words: []string{"'s"}})
				}
			}
		}
		if len(p.elems) == 0 {
			return fmt.Errorf("empty pattern %q", pattern)
		}
		for k, e := range p.elems {
			if e.kind == elemCountry && k+1 < len(p.elems) {
				for _, w := range p.elems[k+1].words {
					m.dNext[w] = true
				}
			}
		}
		idx := len(m.phrases)
		m.phrases = append(m.phrases, p)
		switch first := p.elems[0]; first.kind {
		case elemWords:
			for _, w := range first.words {
				m.byFirst[w] = append(m.byFirst[w], idx)
			}
		case elemCountry:
			m.anyFirst = append(m.anyFirst, idx)
		default:
			return fmt.Errorf("pattern %q starts with a wildcard", pattern)
		}
	}
	return nil
}

// expandPattern expands "(a b|c d)" groups into separate sequences.
func expandPattern(p string) ([]string, error) {
	open := strings.IndexByte(p, '(')
	if open < 0 {
		if strings.ContainsAny(p, ")") {
			return nil, fmt.Errorf("unbalanced parenthesis in %q", p)
		}
		return []string{p}, nil
	}
	cl := strings.IndexByte(p[open:], ')')
	if cl < 0 {
		return nil, fmt.Errorf("unbalanced parenthesis in %q", p)
	}
	cl += open
	rest, err := expandPattern(p[cl+1:])
	if err != nil {
		return nil, err
	}
	var out []string
	for _, alt := range strings.Split(p[open+1:cl], "|") {
		for _, r := range rest {
			out = append(out, p[:open]+alt+r)
		}
	}
	return out, nil
}

// find appends every match in toks to hits.
func (m *matcher) find(toks []token, hits []hit) []hit {
	for i := range toks {
		if toks[i].punct && toks[i].text != "'s" {
			continue
		}
		for _, pi := range m.byFirst[toks[i].text] {
			hits = m.try(toks, i, pi, hits)
		}
		if len(m.anyFirst) > 0 && toks[i].cap {
			// the country is looked up once for every {D} phrase
			c, n := m.countryAt(toks, i)
			if n == 0 {
				continue
			}
			j := i + n
			if j < len(toks) && toks[j].text == "'s" {
				j++
			}
			for _, pi := range m.anyFirst {
				p := &m.phrases[pi]
				h := hit{id: p.id, start: i, country: c.ISO3, cStart: i}
				if end, ok := m.matchFrom(toks, j, p.elems[1:], &h); ok {
					h.end = end
					hits = append(hits, h)
				}
			}
		}
	}
	return hits
}

func (m *matcher) try(toks []token, i, pi int, hits []hit) []hit {
	p := &m.phrases[pi]
	h := hit{id: p.id, start: i, cStart: -1}
	if end, ok := m.matchFrom(toks, i, p.elems, &h); ok {
		h.end = end
		hits = append(hits, h)
	}
	return hits
}

// matchFrom matches elems against toks from i and returns the end index.
func (m *matcher) matchFrom(toks []token, i int, elems []elem, h *hit) (int, bool) {
	for k, e := range elems {
		switch e.kind {
		case elemWords:
			if i >= len(toks) || !contains(e.words, toks[i].text) {
				return 0, false
			}
			i++
		case elemAny:
			if i >= len(toks) || toks[i].punct {
				return 0, false
			}
			i++
		case elemOptAny:
			if end, ok := m.matchFrom(toks, i, elems[k+1:], h); ok {
				return end, true
			}
			if i >= len(toks) || toks[i].punct {
				return 0, false
			}
			return m.matchFrom(toks, i+1, elems[k+1:], h)
		case elemCountry:
			if m.countries == nil || i >= len(toks) || !toks[i].cap {
				return 0, false
			}
			c, n := m.countryAt(toks, i)
			if n == 0 {
				return 0, false
			}
			h.country, h.cStart = c.ISO3, i
			i += n
			if i < len(toks) && toks[i].text == "'s" {
				i++
			}
		}
	}
	return i, true
}

// countryAt returns the country named or described at toks[i]; names the
// table lacks are asked of the gazetteer when a {D} phrase's next word
// follows ("Burkinabe troops").
func (m *matcher) countryAt(toks []token, i int) (*Country, int) {
	if m.countries == nil {
		return nil, 0
	}
	c, n := m.countries.match(toks[i:])
	if n == 0 && m.countries.extra != nil && i+1 < len(toks) && m.dNext[toks[i+1].text] {
		if xc, ok := m.countries.extra(toks[i].text); ok {
			return xc, 1
		}
	}
	return c, n
}

func contains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// longest keeps, of overlapping hits, the longest (then the earliest),
// sorted by start.
func longest(hits []hit) []hit {
	if len(hits) < 2 {
		return hits
	}
	// insertion sort by length desc, then start: hits are few.
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && better(hits[j], hits[j-1]); j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	out := hits[:0:0]
	for _, h := range hits {
		overlap := false
		for _, o := range out {
			if h.start < o.end && o.start < h.end {
				overlap = true
				break
			}
		}
		if !overlap {
			out = append(out, h)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func better(a, b hit) bool {
	la, lb := a.end-a.start, b.end-b.start
	if la != lb {
		return la > lb
	}
	return a.start < b.start
}
