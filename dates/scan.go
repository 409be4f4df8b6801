package dates

import (
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

type tokKind uint8

const (
	tWord tokKind = iota + 1
	tNum
	tPunct
)

// Number suffixes.
const (
	sufNone  uint8 = iota
	sufOrd         // 15th, 1st
	sufS           // 1990s
	sufOther       // 9mm
)

type tok struct {
	start, end int
	kind       tokKind
	w          word
	v          int   // month, weekday, count or number value
	nd         uint8 // digits in a number
	suf        uint8
	upper      bool // starts with an upper-case letter
	abbr       bool // a month abbreviation that may take a full stop
	p          rune // the punctuation character; dashes are '-'
}

type scanner struct {
	text  string
	ref   truce.Date
	toks  []tok
	refY  int
	refM  time.Month
	refD  int
	noTok tok
}

func (s *scanner) init(text string, ref truce.Date) {
	s.text, s.ref = text, ref
	if !ref.IsZero() {
		s.refY, s.refM, s.refD = ref.Time().Date()
	}
	s.tokenize()
}

// tokPool recycles token buffers between calls of Find.
var tokPool = sync.Pool{New: func() any { return new([]tok) }}

// tok returns token i, or an empty token when i is out of range, so that
// the patterns can look ahead without bounds checks.
func (s *scanner) tok(i int) *tok {
	if i < 0 || i >= len(s.toks) {
		return &s.noTok
	}
	return &s.toks[i]
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
func isDigit(b byte) bool  { return b >= '0' && b <= '9' }

func (s *scanner) tokenize() {
	t := s.text
	var lower [12]byte
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
		case isDigit(c):
			j, v := i, 0
			for j < len(t) && isDigit(t[j]) {
				if v < 1e8 {
					v = v*10 + int(c2i(t[j]))
				}
				j++
			}
			tk := tok{start: i, kind: tNum, v: v, nd: uint8(min(j-i, 255))}
			if k := j; k < len(t) && isLetter(t[k]) {
				for k < len(t) && isLetter(t[k]) {
					k++
				}
				switch suf := t[j:k]; {
				case eqFold(suf, "st"), eqFold(suf, "nd"), eqFold(suf, "rd"), eqFold(suf, "th"):
					tk.suf = sufOrd
				case suf == "s":
					tk.suf = sufS
				default:
					tk.suf = sufOther
				}
				j = k
			}
			tk.end = j
			s.toks = append(s.toks, tk)
			i = j
		case isLetter(c):
			j, ascii := i, true
			for j < len(t) {
				if isLetter(t[j]) {
					j++
					continue
				}
				if t[j] < utf8.RuneSelf {
					break
				}
				r, n := utf8.DecodeRuneInString(t[j:])
				if !unicode.IsLetter(r) {
					break
				}
				ascii = false
				j += n
			}
			tk := tok{start: i, end: j, kind: tWord, upper: c <= 'Z'}
			if ascii && j-i <= len(lower) {
				n := lowerInto(t[i:j], lower[:])
				if e, ok := keywords[string(lower[:n])]; ok {
					tk.w, tk.v, tk.abbr = e.w, e.v, e.abbr
				}
			}
			s.toks = append(s.toks, tk)
			i = j
		case c < utf8.RuneSelf:
			s.toks = append(s.toks, tok{start: i, end: i + 1, kind: tPunct, p: rune(c)})
			i++
		default:
			r, n := utf8.DecodeRuneInString(t[i:])
			if unicode.IsLetter(r) {
				j := i + n
				for j < len(t) {
					r2, n2 := utf8.DecodeRuneInString(t[j:])
					if !unicode.IsLetter(r2) && !isDigit(t[j]) {
						break
					}
					j += n2
				}
				s.toks = append(s.toks, tok{start: i, end: j, kind: tWord, upper: unicode.IsUpper(r)})
				i = j
				continue
			}
			if unicode.IsSpace(r) {
				i += n
				continue
			}
			if r == '–' || r == '—' || r == '‑' || r == '‐' {
				r = '-'
			}
			s.toks = append(s.toks, tok{start: i, end: i + n, kind: tPunct, p: r})
			i += n
		}
	}
}

func c2i(b byte) byte { return b - '0' }

// lowerInto lower-cases the ASCII letters of s into buf, which must be long
// enough, and returns the length written.
func lowerInto(s string, buf []byte) int {
	for i := 0; i < len(s); i++ {
		buf[i] = s[i] | 0x20
	}
	return len(s)
}

// eqFold reports whether the ASCII letters s equal the lower-case lit.
func eqFold(s, lit string) bool {
	if len(s) != len(lit) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != lit[i] {
			return false
		}
	}
	return true
}
