package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitSentences appends the sentences of text[start:end] (one paragraph)
// to out. A sentence ends at '.', '!' or '?' (with any closing quotes or
// brackets) followed by white space and a capital, a digit or an opening
// quote, unless the full stop ends an abbreviation: titles ("Gen.", "Lt.
// Col.", "St.") never end a sentence, month abbreviations not before a
// number ("Nov. 15"), and initials ("U.S.", "John F.", "a.m.") only
// before a word that usually starts one ("The", "He", ...).
func splitSentences(text string, start, end, para int, out []Sentence) []Sentence {
	for start < end && text[start] == ' ' {
		start++
	}
	s := start
	for i := start; i < end; {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			i++
			continue
		}
		j := i + 1
		for j < end && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
			j++
		}
		for j < end {
			if b := text[j]; b == '"' || b == '\'' || b == ')' || b == ']' {
				j++
				continue
			}
			if strings.HasPrefix(text[j:end], "”") || strings.HasPrefix(text[j:end], "’") {
				j += len("”")
				continue
			}
			break
		}
		if j >= end || text[j] != ' ' {
			i = j
			continue
		}
		k := j
		for k < end && text[k] == ' ' {
			k++
		}
		if k >= end {
			break
		}
		if !isBoundary(text, s, i, c, k, end) {
			i = j
			continue
		}
		out = append(out, Sentence{Start: s, End: j, Text: text[s:j], Paragraph: para})
		s, i = k, k
	}
	e := end
	for e > s && text[e-1] == ' ' {
		e--
	}
	if e > s {
		out = append(out, Sentence{Start: s, End: e, Text: text[s:e], Paragraph: para})
	}
	return out
}

// isBoundary decides whether the punctuation c at i, with the next
// sentence candidate starting at k, ends the sentence that began at s.
func isBoundary(text string, s, i int, c byte, k, end int) bool {
	r, _ := utf8.DecodeRuneInString(text[k:end])
	openQuote := r == '"' || r == '“' || r == '‘' || r == '\''
	quote := openQuote || r == '(' || r == '['
	digit := r >= '0' && r <= '9'
	if !unicode.IsUpper(r) && !digit && !quote {
		return false
	}
	if c != '.' {
		return true
	}
	// The token before the full stop.
	t0 := i
	for t0 > s && text[t0-1] != ' ' && text[t0-1] != '(' && text[t0-1] != '"' {
		t0--
	}
	tok := text[t0:i]
	if tok == "" {
		return true
	}
	tok = strings.TrimPrefix(tok, "“")
	var buf [12]byte
	class := abNone
	if len(tok) <= len(buf) {
		for n := 0; n < len(tok); n++ {
			buf[n] = tok[n] | 0x20
		}
		class = abbrevs[string(buf[:len(tok)])]
	}
	switch class {
	case abTitle:
		return false
	case abMonth:
		return !digit && startsSentence(text[k:end])
	case abNumber:
		return !digit
	case abEnds:
		return startsSentence(text[k:end]) || openQuote
	}
	// Initials and initialisms: "F", "U.S", "a.m" ("at 9 a.m. (0600 GMT)").
	if initialism(tok) {
		return startsSentence(text[k:end]) || openQuote
	}
	return true
}

// abbreviation classes.
const (
	abNone   = iota
	abTitle  // never ends a sentence: Gen. Vladimir ...
	abMonth  // Nov. 15
	abNumber // No. 5
	abEnds   // may end a sentence: Inc., Jr.
)

var abbrevs = map[string]int{
	"mr": abTitle, "mrs": abTitle, "ms": abTitle, "dr": abTitle, "gen": abTitle, "lt": abTitle, "col": abTitle,
	"maj": abTitle, "capt": abTitle, "cpt": abTitle, "sgt": abTitle, "cpl": abTitle, "pvt": abTitle, "adm": abTitle,
	"cmdr": abTitle, "gov": abTitle, "sen": abTitle, "rep": abTitle, "rev": abTitle, "prof": abTitle,
	"st": abTitle, "mt": abTitle, "ft": abTitle, "pres": abTitle, "amb": abTitle, "brig": abTitle, "insp": abTitle,
	"supt": abTitle, "hon": abTitle, "messrs": abTitle, "gens": abTitle, "lt.-gen": abTitle, "maj.-gen": abTitle,
	"brig.-gen": abTitle, "sgt.-maj": abTitle, "vs": abTitle, "v": abNone, "approx": abTitle, "dept": abTitle,
	"jan": abMonth, "feb": abMonth, "mar": abMonth, "apr": abMonth, "jun": abMonth, "jul": abMonth,
	"aug": abMonth, "sep": abMonth, "sept": abMonth, "oct": abMonth, "nov": abMonth, "dec": abMonth,
	"no": abNumber, "nos": abNumber, "art": abNumber, "fig": abNumber, "vol": abNumber, "p": abNumber, "pp": abNumber,
	"inc": abEnds, "ltd": abEnds, "co": abEnds, "corp": abEnds, "jr": abEnds, "sr": abEnds, "bros": abEnds,
	"etc": abEnds, "km": abEnds, "mi": abEnds, "mph": abEnds, "est": abEnds,
	"sens": abTitle, "reps": abTitle, "det": abTitle, "det.-sgt": abTitle, "const": abTitle, "cst": abTitle,
	"atty": abTitle, "lt.-col": abTitle, "sgt.-maj.": abTitle, "msgr": abTitle, "fr": abTitle,
	"pct": abNumber, "ext": abNumber, "ch": abNumber, "rte": abNumber, "hwy": abNumber,
}

func init() {
	// US state abbreviations of AP style: "Severn, Md."; they end a
	// sentence only before a word that usually starts one.
	for _, st := range strings.Fields("ala ariz ark calif colo conn del fla ga ill ind kan ky la mass md mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo") {
		abbrevs[st] = abEnds
	}
}

// initialism reports whether tok is an initial ("F") or dotted letters
// ("U.S", "a.m", "U.N").
func initialism(tok string) bool {
	if len(tok) == 1 {
		return tok[0] >= 'A' && tok[0] <= 'Z'
	}
	if !strings.Contains(tok, ".") {
		return false
	}
	for _, part := range strings.Split(tok, ".") {
		if len(part) != 1 || !(part[0]|0x20 >= 'a' && part[0]|0x20 <= 'z') {
			return false
		}
	}
	return true
}

// startsSentence reports whether s begins with a word that usually opens a
// sentence in news copy.
func startsSentence(s string) bool {
	n := 0
	for n < len(s) && n < 12 && (s[n]|0x20 >= 'a' && s[n]|0x20 <= 'z') {
		n++
	}
	if n == 0 || n >= 12 {
		return false
	}
	return starters[s[:n]]
}

var starters = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`The A An He She It They We I You His Her Its Their Our This That These Those
There But And Or In On At After As When While Since However Meanwhile Earlier Later Last On According Officials
Some Many No Both Two Three Four Five Several Most More Such If Although Though Despite Yet So Still Then
What Who Why How Where Asked Nobody Nothing Neither Each Every One Other Another`) {
		starters[w] = true
	}
}
