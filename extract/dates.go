package extract

import (
	"sort"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/dates"
)

// dateMention is a date expression of a sentence, resolved against the
// publication date by package dates.
type dateMention struct {
	start, end int // tokens [start, end)
	date       truce.Date
	prec       truce.Precision
	year       bool // a year alone ("since 1994", "in 1994"): background, never an event date
	future     bool // after the report, or in a sentence about the future
	until      bool // a deadline ("by Dec. 1")
	lead       bool // opens the sentence ("On 9 May 2020, ..."): governs all of it
}

// leadWords may stand before a sentence-initial date.
var leadWords = map[string]bool{
	"on": true, "around": true, "as": true, "reported": true, "between": true, "during": true, "in": true,
	"the": true, "night": true, "of": true, "late": true, "early": true, "overnight": true, "from": true,
	"\"": true, "since": true, "at": true, "midday": true, "morning": true, "evening": true,
}

// sentenceDates maps the article's date mentions that fall inside the
// sentence's tokens to token indexes.
func sentenceDates(ms []dates.Mention, toks []token) []dateMention {
	if len(toks) == 0 {
		return nil
	}
	lo, hi := toks[0].start, toks[len(toks)-1].end
	var out []dateMention
	for _, m := range ms {
		if m.Start < lo || m.End > hi {
			continue
		}
		if m.Kind == dates.Interval && !m.EndDate.IsZero() && m.EndDate-m.Date > 62 {
			// "unpaid for the last 17 months", "over the past two years": how
			// long a state has lasted, not the day of the event
			continue
		}
		s := sort.Search(len(toks), func(i int) bool { return toks[i].end > m.Start })
		e := sort.Search(len(toks), func(i int) bool { return toks[i].start >= m.End })
		if s >= e {
			continue
		}
		dm := dateMention{start: s, end: e, date: m.Date, prec: m.Precision, year: m.Year,
			future: m.Future, until: m.Kind == dates.Until}
		if dm.prec == 0 {
			dm.prec = truce.PrecisionDay
		}
		// "Around 29 April 2020 (midweek)": ACLED codes the week
		if (s > 0 && toks[s-1].text == "around") || (e+1 < len(toks) && toks[e].text == "(" && toks[e+1].text == "midweek") {
			if dm.prec == truce.PrecisionDay {
				dm.prec = truce.PrecisionWeek
			}
		}
		lead := s < 5
		for k := 0; k < s && lead; k++ {
			if !leadWords[toks[k].text] {
				lead = false
			}
		}
		dm.lead = lead
		out = append(out, dm)
	}
	return out
}

// eventDate picks the date governing an event whose trigger is tokens
// [ts, te): a sentence-initial date governs the whole sentence; otherwise
// the date nearest the trigger. ok is false when the sentence has no date.
func eventDate(ds []dateMention, ts, te int) (dateMention, bool) {
	for _, d := range ds {
		if d.lead && !d.year {
			return d, true
		}
	}
	best, bestDist := dateMention{}, -1
	for _, d := range ds {
		dist := 0
		switch {
		case d.end <= ts:
			dist = ts - d.end
		case d.start >= te:
			dist = d.start - te
		}
		if bestDist < 0 || dist < bestDist || (dist == bestDist && !d.year && best.year) {
			best, bestDist = d, dist
		}
	}
	return best, bestDist >= 0
}
