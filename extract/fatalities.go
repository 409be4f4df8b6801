package extract

import (
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
)

// Counts follow ACLED's conventions: the lowest reported figure; "at least
// 12" is 12; vague words take conservative figures.
var vagueCounts = map[string]truce.Range{
	"several": {Low: 3, High: 3}, "a number of": {Low: 3, High: 3}, "a few": {Low: 3, High: 3},
	"some": {Low: 3, High: 3}, "many": {Low: 10, High: 10}, "scores": {Low: 20, High: 20},
	"dozens": {Low: 12, High: 12}, "dozen": {Low: 12, High: 12}, "hundreds": {Low: 100, High: 100},
	"thousands": {Low: 1000, High: 1000}, "tens of thousands": {Low: 10000, High: 10000},
	"a couple of": {Low: 2, High: 2}, "a handful of": {Low: 3, High: 3},
}

// quantityStart are the words that may open a count besides numbers.
var quantityStart = map[string]bool{
	"at": true, "more": true, "over": true, "about": true, "around": true, "nearly": true,
	"almost": true, "some": true, "up": true,
}

// vagueStart are the first words of vagueCounts.
var vagueStart = map[string]bool{}

func init() {
	for k := range vagueCounts {
		w, _, _ := strings.Cut(k, " ")
		vagueStart[w] = true
	}
}

var killWords = map[string]bool{
	"killed": true, "killing": true, "dead": true, "died": true, "deaths": true, "death": true,
	"fatalities": true, "lives": true, "perished": true, "slain": true, "bodies": true, "body": true,
	"massacred": true, "executed": true, "murdered": true, "fatality": true, "kills": true, "kill": true,
}

var hurtWords = map[string]bool{
	"wounded": true, "injured": true, "injuring": true, "wounding": true, "hurt": true,
	"injuries": true, "wounds": true, "casualties": true, "injures": true, "wounds.": true,
}

// quantity is a count read at a token.
type quantity struct {
	r          truce.Range
	start, end int
}

// readQuantity reads a count at toks[i]: "12", "twelve", "at least 12",
// "dozens", "hundreds and possibly thousands", "a number of".
func readQuantity(toks []token, i int) (quantity, bool) {
	q := quantity{start: i}
	if t := toks[i].text; !toks[i].digit && !quantityStart[t] && !vagueStart[t] {
		if _, ok := numberWords[t]; !ok {
			return q, false
		}
	}
	j := i
	if j+1 < len(toks) && (toks[j].text == "at" && (toks[j+1].text == "least" || toks[j+1].text == "most")) {
		j += 2
	}
	for j < len(toks) && (toks[j].text == "more" || toks[j].text == "than" || toks[j].text == "over" || toks[j].text == "about" || toks[j].text == "around" || toks[j].text == "nearly" || toks[j].text == "almost" || toks[j].text == "some" && j+1 < len(toks) && isCount(toks[j+1].text) || toks[j].text == "up" || toks[j].text == "to") {
		j++
	}
	if j >= len(toks) {
		return q, false
	}
	low, n := countAt(toks, j)
	if n == 0 {
		return q, false
	}
	q.r = low
	j += n
	// "hundreds and possibly thousands", "12 to 15", "12-15"
	k := j
	for k < len(toks) && (toks[k].text == "and" || toks[k].text == "or" || toks[k].text == "to" || toks[k].text == "possibly" || toks[k].text == "perhaps" || toks[k].text == "even" || toks[k].text == "-") {
		k++
	}
	if k > j && k < len(toks) {
		if hi, m := countAt(toks, k); m > 0 && hi.Low > q.r.Low {
			q.r.High = hi.Low
			j = k + m
		}
	}
	q.end = j
	return q, true
}

func isCount(s string) bool { _, ok := numberWords[s]; return ok || isDigits(s) }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != ',' {
			return false
		}
	}
	return true
}

// countAt reads one count word or phrase at toks[j].
func countAt(toks []token, j int) (truce.Range, int) {
	for _, n := range [...]int{3, 2, 1} {
		if !vagueStart[toks[j].text] {
			break
		}
		if j+n > len(toks) {
			continue
		}
		var b strings.Builder
		for k := 0; k < n; k++ {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(toks[j+k].text)
		}
		if r, ok := vagueCounts[b.String()]; ok {
			return r, n
		}
	}
	t := toks[j].text
	if isDigits(t) {
		v, err := strconv.Atoi(strings.ReplaceAll(t, ",", ""))
		if err == nil && v >= 0 && v < 10_000_000 {
			if yearNumber(t) > 0 && j+1 < len(toks) && !killWords[toks[j+1].text] && !hurtWords[toks[j+1].text] && toks[j+1].text != "people" {
				return truce.Range{}, 0
			}
			return truce.Range{Low: v, High: v}, 1
		}
	}
	if v, ok := numberWords[t]; ok && t != "a" && t != "an" && t != "few" && t != "couple" {
		if v == 3 && t == "several" {
			return truce.Range{Low: 3, High: 3}, 1
		}
		return truce.Range{Low: v, High: v}, 1
	}
	if (t == "a" || t == "an" || t == "one") && j+1 < len(toks) && personNouns[toks[j+1].text] {
		return truce.Range{Low: 1, High: 1}, 1
	}
	return truce.Range{}, 0
}

// counts reads the killed and injured figures of a sentence. A count is
// tied to the nearest kill or injury word after it ("killing 12 people",
// "12 people were killed", "2 soldiers were wounded") or before it
// ("killed 12", "the death toll rose to 12"). "Neither fatalities nor
// injuries were reported" and "no casualties" give zero.
func counts(toks []token) (killed, injured *truce.Range) {
	for i := 0; i < len(toks); i++ {
		t := toks[i].text
		if t == "no" || t == "neither" || t == "nor" || t == "zero" {
			for k := i + 1; k < len(toks) && k <= i+3; k++ {
				switch {
				case killWords[toks[k].text]:
					if killed == nil {
						killed = &truce.Range{}
					}
				case hurtWords[toks[k].text]:
					if injured == nil {
						injured = &truce.Range{}
					}
				}
			}
			continue
		}
		q, ok := readQuantity(toks, i)
		if !ok {
			continue
		}
		// a count that is a calibre, a year, a date or a time is no casualty count
		if q.end < len(toks) {
			switch toks[q.end].text {
			case "mm", "km", "kilometers", "kilometres", "miles", "meters", "metres", "percent", "%", "hours", "days", "weeks", "months", "years", "minutes", "am", "pm", "times", "shells", "rockets", "missiles", "mortars", "shots", "incidents", "occasions", "vehicles", "trucks", "tanks", "villages", "houses", "homes", "drones", "uavs", "ceasefire", "violations":
				i = q.end - 1
				continue
			}
			if months[toks[q.end].text] && toks[q.end].cap {
				i = q.end - 1
				continue
			}
		}
		// a day after a month is a date ("Sept. 27"), no count
		if k := q.start - 1; k >= 0 && (months[toks[k].text] || toks[k].text == "." && k > 0 && months[toks[k-1].text]) {
			i = q.end - 1
			continue
		}
		// the verb right before the count governs it: "killing at least
		// four civilians and wounding 12 others"
		kind := 0
		if k := q.start - 1; k >= 0 {
			switch w := toks[k].text; {
			case killWords[w]:
				kind = 1
			case hurtWords[w]:
				kind = 2
			}
		}
		// else look for the count's verb within a short window
		for k := q.end; kind == 0 && k < len(toks) && k < q.end+8; k++ {
			w := toks[k].text
			if w == "." || w == ";" {
				break
			}
			if killWords[w] {
				kind = 1
				break
			}
			if hurtWords[w] {
				kind = 2
				break
			}
			if k > q.end && isCount(w) && w != "a" && w != "an" {
				break
			}
		}
		if kind == 0 && q.start > 0 {
			// "killing 12", "killed at least 12 people", "death toll rose to 12"
			for k := q.start - 1; k >= 0 && k >= q.start-4; k-- {
				w := toks[k].text
				if killWords[w] || w == "toll" {
					kind = 1
					break
				}
				if hurtWords[w] {
					kind = 2
					break
				}
			}
		}
		switch kind {
		case 1:
			killed = addRange(killed, q.r)
		case 2:
			injured = addRange(injured, q.r)
		}
		i = q.end - 1
	}
	return killed, injured
}

// addRange sums counts of different victims ("2 soldiers and a civilian").
func addRange(a *truce.Range, b truce.Range) *truce.Range {
	if a == nil {
		r := b
		if r.High < r.Low {
			r.High = r.Low
		}
		return &r
	}
	hi := b.High
	if hi < b.Low {
		hi = b.Low
	}
	return &truce.Range{Low: a.Low + b.Low, High: a.High + hi}
}

// personNouns make "a" a count: "a civilian was killed".
var personNouns = map[string]bool{
	"civilian": true, "soldier": true, "man": true, "woman": true, "child": true, "person": true,
	"officer": true, "policeman": true, "fighter": true, "member": true, "resident": true, "boy": true,
	"girl": true, "serviceman": true, "protester": true, "journalist": true, "militant": true, "villager": true,
	"farmer": true, "shepherd": true, "teenager": true, "guard": true, "commander": true, "worker": true,
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"hundred": 100, "couple": 2, "few": 3, "several": 3,
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// yearNumber parses a four-digit year from 1900 to 2100; 0 otherwise.
func yearNumber(s string) int {
	if len(s) != 4 {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1900 || n > 2100 {
		return 0
	}
	return n
}
