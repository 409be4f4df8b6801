package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/dates"
)

// dateline is what parseDateline finds at the start of a paragraph.
type dateline struct {
	text    string // "BAKU, Azerbaijan", "MOSCOW, Nov 10"
	place   string
	country string
	outlet  string
	date    string // "Nov 10", unresolved
	end     int    // byte offset in the paragraph where the body starts
}

// wires maps the outlet names datelines carry to the names truce uses.
var wires = map[string]string{
	"AP": "AP", "Reuters": "Reuters", "REUTERS": "Reuters", "AFP": "AFP", "dpa": "dpa", "DPA": "dpa",
	"Xinhua": "Xinhua", "TASS": "TASS", "UPI": "UPI", "Bloomberg": "Bloomberg", "RFE/RL": "RFE/RL",
	"Anadolu": "Anadolu", "AA": "Anadolu", "ANI": "ANI", "IANS": "IANS", "CNN": "CNN", "AP Photo": "AP",
}

// parseDateline recognises a dateline at the start of paragraph p: "BAKU,
// Azerbaijan: ", "KYIV, Ukraine (AP) — ", "MOSCOW, Nov 10 (Reuters) - ",
// "YEREVAN (AFP) - ", "Beirut, Lebanon – ", or an outlet alone: "(CNN) — ".
func parseDateline(p string) (dateline, bool) {
	var d dateline
	head, end := "", -1
	limit := min(len(p), 100)
	for i := 1; i < limit && end < 0; i++ {
		switch {
		case p[i] == ':' && i+1 < len(p) && p[i+1] == ' ':
			head, end = p[:i], i+1
		case strings.HasPrefix(p[i:], "—") || strings.HasPrefix(p[i:], "–"):
			head, end = p[:i], i+3
		case p[i] == '-' && i+1 < len(p) && (p[i-1] == ' ' && p[i+1] == ' ' || p[i+1] == '-'):
			head, end = p[:i], i+1
			if p[i+1] == '-' {
				end++
			}
		case p[i] == '"' || p[i] == '!' || p[i] == '?':
			return d, false
		case p[i] == '.' && i+1 < len(p) && p[i+1] == ' ':
			j := i
			for j > 0 && (p[j-1]|0x20 >= 'a' && p[j-1]|0x20 <= 'z') {
				j--
			}
			if i-j >= 4 {
				return d, false // the end of a sentence
			}
		}
	}
	if end < 0 {
		return d, false
	}
	for end < len(p) && p[end] == ' ' {
		end++
	}
	if end >= len(p) {
		return d, false
	}
	head = strings.TrimSpace(head)
	if strings.HasSuffix(head, ")") {
		i := strings.LastIndexByte(head, '(')
		if i < 0 {
			return d, false
		}
		o := strings.TrimSpace(head[i+1 : len(head)-1])
		if w, ok := wires[o]; ok {
			o = w
		} else if !outletLike(o) {
			return d, false
		}
		d.outlet = o
		head = strings.TrimSpace(head[:i])
	}
	head = strings.TrimRight(head, ", ")
	if head == "" && d.outlet != "" { // "(CNN) — ": an outlet, no place
		d.end = end
		return d, true
	}
	parts := strings.Split(head, ",")
	if len(parts) > 4 || len(parts) == 4 && !isYear(strings.TrimSpace(parts[3])) || head == "" {
		return d, false
	}
	d.place = strings.TrimSpace(parts[0])
	if !placeLike(d.place) {
		return d, false
	}
	for _, part := range parts[1:] {
		part = strings.TrimSpace(part)
		switch {
		case d.date == "" && isDatePart(part):
			d.date = part
		case d.date != "" && isYear(part) && !strings.Contains(d.date, ","):
			d.date += ", " + part // "BAKU, Dec. 13, 2020 -"
		case d.country == "" && placeLike(part):
			d.country = part
		default:
			return d, false
		}
	}
	if !isUpperWord(d.place) && d.country == "" && d.outlet == "" && d.date == "" {
		return d, false // "Officials: ..." or "President Ilham Aliyev — "
	}
	if stopPlaces[firstWord(d.place)] {
		return d, false
	}
	d.text = head
	d.end = end
	return d, true
}

// outletLike reports whether s can be an outlet named in a dateline that
// truce does not know: a short name or call sign such as "WKYT" or "ABC7".
func outletLike(s string) bool {
	if s == "" || len(s) > 24 || strings.Count(s, " ") > 2 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// probeRef is a reference date for recognising a dateline's date part.
var probeRef = truce.MustDate("2001-06-15")

func isDatePart(s string) bool {
	m, ok := dates.Resolve(s, probeRef)
	return ok && m.Kind == dates.Absolute && m.Precision == truce.PrecisionDay
}

// isYear reports whether s is a year a dateline may carry after its date.
func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s >= "1900" && s <= "2199"
}

// placeLike reports whether s can be a place name in a dateline: one to
// five capitalised words (particles such as "de" or "al-" allowed inside),
// no digits.
func placeLike(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 5 {
		return false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			if i == 0 || !particles[strings.ToLower(w)] {
				return false
			}
		}
		for _, r := range w {
			if unicode.IsDigit(r) {
				return false
			}
			if !unicode.IsLetter(r) && r != '-' && r != '.' && r != '\'' && r != '’' {
				return false
			}
		}
	}
	return true
}

var particles = map[string]bool{"and": true, "of": true, "de": true, "al": true, "el": true, "la": true, "the": true, "upon": true, "on": true}

// stopPlaces are capitalised words that start sentences, not datelines.
var stopPlaces = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "They": true, "We": true, "It": true,
	"But": true, "However": true, "Meanwhile": true, "President": true, "Prime": true, "Minister": true,
	"Officials": true, "Mr.": true, "Ms.": true, "Update": true, "UPDATE": true, "Editor's": true, "Note": true,
	"THE": true, "Photo": true, "Watch": true, "Read": true, "Video": true,
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// isUpperWord reports whether s has letters and none in lower case.
func isUpperWord(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters
}

// dateKeywords start a publication-date line.
var dateKeywords = []string{"last updated", "updated", "first published", "published", "posted", "date:", "modified"}

// timeWords may surround the date on a date line.
var timeWords = map[string]bool{
	"am": true, "pm": true, "a.m": true, "p.m": true, "gmt": true, "utc": true, "est": true, "edt": true,
	"bst": true, "cet": true, "cest": true, "msk": true, "et": true, "on": true, "at": true, "hrs": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"ist": true, "azt": true, "amt": true, "eet": true, "eest": true, "pst": true, "pdt": true, "z": true,
}

// dateLine recognises a publication-date line: "Updated 25 November 2020",
// "Published: Nov. 25, 2020 10:05 AM", or, in the header, a line that is
// only a date.
func dateLine(s string, header bool) (truce.Date, bool) {
	rest, keyword := s, false
	for _, k := range dateKeywords {
		if hasPrefixFold(rest, k) {
			rest, keyword = strings.TrimLeft(rest[len(k):], " :-–—|"), true
			for _, k2 := range []string{"on ", "at "} {
				if hasPrefixFold(rest, k2) {
					rest = rest[len(k2):]
				}
			}
			break
		}
	}
	if !keyword && !header {
		return 0, false
	}
	ms := dates.Find(rest, 0)
	if len(ms) == 0 || ms[0].Precision != truce.PrecisionDay || ms[0].Kind != dates.Absolute {
		return 0, false
	}
	m := ms[0]
	if keyword && m.Start < 40 {
		return m.Date, true
	}
	if onlyTimeWords(rest[:m.Start]) && onlyTimeWords(rest[m.End:]) {
		return m.Date, true
	}
	return 0, false
}

// onlyTimeWords reports whether s holds nothing but times, zones,
// weekdays and punctuation.
func onlyTimeWords(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '.'
	}) {
		w = strings.Trim(w, ".")
		if w != "" && !timeWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}
