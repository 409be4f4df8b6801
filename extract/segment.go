package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a sentence of the article text: bytes [start, end).
type span struct {
	start, end int
	para       int  // paragraph (line) number
	bullet     bool // a summary bullet
}

// page is an article's text cut into title, dateline and sentences, with
// page furniture left out.
type page struct {
	title           string
	dateline        string // "BAKU, Azerbaijan"
	datelinePlace   string // "BAKU"
	datelineCountry string // "Azerbaijan"
	updated         string // the "Updated ..." or "Published ..." line, for a missing publication date
	sents           []span
}

// furniture lines are page chrome, not report text.
var furniturePrefixes = []string{
	"short url", "follow", "share", "updated", "published", "last updated", "read more", "advertisement",
	"subscribe", "sign up", "click here", "copyright", "©", "photo:", "image:", "video:", "file photo",
	"related:", "also read", "tags:", "topics:", "print", "email", "whatsapp", "facebook", "twitter",
	"listen to", "most popular", "recommended", "loading", "comments",
}

// captionCredit matches a photo credit closing a caption: "(AFP)",
// "(AP Photo/Name)", "(Reuters)", "(Getty Images)".
var captionCredit = regexp.MustCompile(`\((?:[A-Z]{2,}(?:[ /][A-Za-z. ]{0,30})?|[A-Za-z. ]{0,20}(?:Photo|Images?|File|Getty|Reuters|Pool)[A-Za-z./ ]{0,30})\)\s*$`)

// datelineRE matches "BAKU, Azerbaijan: ", "KYIV (Reuters) - ", "BEIRUT — ".
var datelineRE = regexp.MustCompile(`^\s*([A-Z][A-Z.'\- ]{1,40}?[A-Z.])(?:,\s*([A-Z][A-Za-z.\- ]{1,30}?))?\s*(?:\(([A-Za-z.& ]{1,25})\))?\s*(?::|—|–|--?)\s+`)

// abbrevs end with a period that ends no sentence.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "gen": true, "lt": true, "col": true, "sgt": true,
	"st": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "no": true, "vs": true, "etc": true,
	"inc": true, "co": true, "jr": true, "sr": true, "rep": true, "sen": true, "gov": true, "maj": true,
	"capt": true, "brig": true, "prof": true, "corp": true, "ltd": true, "u.s": true, "u.n": true, "u.k": true,
	"e.g": true, "i.e": true, "approx": true, "est": true, "mt": true, "ft": true, "pres": true, "adm": true,
	"cmdr": true, "cpl": true, "pvt": true, "messrs": true, "ave": true, "blvd": true, "rd": true,
}

// segment cuts text into its title, dateline and sentences.
func segment(text string) page {
	var p page
	type line struct{ start, end int }
	var lines []line
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			j = len(text) - i
		}
		lines = append(lines, line{i, i + j})
		i += j + 1
	}
	nonEmpty := 0
	for _, l := range lines {
		if strings.TrimSpace(text[l.start:l.end]) != "" {
			nonEmpty++
		}
	}
	seen := map[string]int{} // sentence text → index in p.sents
	dateline := false
	for n, l := range lines {
		raw := text[l.start:l.end]
		s := strings.TrimSpace(raw)
		if s == "" {
			continue
		}
		off := l.start + strings.Index(raw, s)
		words := countWords(s)
		if p.title == "" && nonEmpty > 1 && !endsSentence(s) && words <= 30 && len(p.sents) == 0 {
			p.title = s
			continue
		}
		if s == p.title {
			continue
		}
		low := strings.ToLower(s)
		if words <= 8 {
			furn := false
			for _, f := range furniturePrefixes {
				if strings.HasPrefix(low, f) {
					furn = true
					break
				}
			}
			if furn {
				if (strings.HasPrefix(low, "updated") || strings.HasPrefix(low, "published")) && p.updated == "" {
					p.updated = s
				}
				continue
			}
		}
		if captionCredit.MatchString(s) {
			continue
		}
		if words < 5 && !endsSentence(s) {
			continue
		}
		bullet := false
		if r, n := utf8.DecodeRuneInString(s); r == '•' || r == '·' || r == '*' || r == '▪' || r == '●' || (r == '-' && len(s) > 1 && s[1] == ' ') {
			bullet = true
			s = strings.TrimSpace(s[n:])
			off = l.start + strings.Index(raw, s)
		}
		if !dateline && !bullet {
			if m := datelineRE.FindStringSubmatchIndex(s); m != nil && m[3]-m[2] >= 3 && isUpperWord(s[m[2]:m[3]]) {
				p.datelinePlace = strings.TrimSpace(s[m[2]:m[3]])
				if m[4] >= 0 {
					p.datelineCountry = strings.TrimSpace(s[m[4]:m[5]])
					p.dateline = p.datelinePlace + ", " + p.datelineCountry
				} else {
					p.dateline = p.datelinePlace
				}
				dateline = true
				off += m[1]
				s = s[m[1]:]
			}
		}
		for _, sp := range splitSentences(s, off) {
			sp.para, sp.bullet = n, bullet
			key := strings.TrimSpace(text[sp.start:sp.end])
			if i, dup := seen[key]; dup {
				// a summary bullet repeated in the body: keep the body's copy
				if p.sents[i].bullet && !bullet {
					p.sents[i] = sp
				}
				continue
			}
			seen[key] = len(p.sents)
			p.sents = append(p.sents, sp)
		}
	}
	return p
}

// countWords counts the space-separated words of s without allocating.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

func isUpperWord(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 3
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \"'”’)")
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':', ']':
		return true
	}
	return false
}

// splitSentences splits one paragraph at sentence ends; offsets are
// shifted by base.
func splitSentences(s string, base int) []span {
	var out []span
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.ContainsRune("\"')]”’", rune(s[j])) {
			j++
		}
		// closing curly quotes are multi-byte
		for j+2 < len(s) && (s[j:j+3] == "”" || s[j:j+3] == "’") {
			j += 3
		}
		if j < len(s) && s[j] != ' ' && s[j] != '\t' {
			continue
		}
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		if k < len(s) {
			r, _ := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' && r != '“' && r != '\'' && r != '‘' && r != '(' {
				continue
			}
		}
		if c == '.' {
			w := i
			for w > 0 && (isWordByte(s[w-1]) || s[w-1] == '.') {
				w--
			}
			word := strings.ToLower(s[w:i])
			if abbrevs[word] || (len(word) == 1 && unicode.IsLetter(rune(word[0]))) {
				continue
			}
		}
		if t := strings.TrimSpace(s[start:j]); t != "" {
			out = append(out, trimSpan(s, start, j, base))
		}
		start = k
		i = k - 1
	}
	if strings.TrimSpace(s[start:]) != "" {
		out = append(out, trimSpan(s, start, len(s), base))
	}
	return out
}

func trimSpan(s string, a, b, base int) span {
	for a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r') {
		a++
	}
	for b > a && (s[b-1] == ' ' || s[b-1] == '\t' || s[b-1] == '\r') {
		b--
	}
	return span{start: base + a, end: base + b}
}
