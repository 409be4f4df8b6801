package extract

import (
	"sort"
	"strings"

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
	since      bool // a start ("since Sept. 27", "after Nov. 10")
	lead       bool // opens the sentence ("On 9 May 2020, ..."): governs all of it
	// attrib marks a date that names a thing rather than dating a
	// happening: "the April 15 election", "the fatal Dec. 22 shooting".
	attrib bool
	// clause is the token index of the last clause opener before the date
	// ("who", "after", "protesting the killing"), -1 when none: a date
	// after the trigger and behind such an opener dates the background
	// the clause tells, not the event.
	clause int
	// span is true for a span of days that runs through the report's day
	// ("from 9-13 August" in a 11 August report, "for the last four
	// days"): the event is going on when reported.
	span bool
	// poss marks a date with a possessive "'s": "Sunday's attack" names
	// a deed by its day.
	poss bool
	// closed is the comma that ends the clause the date is in ("Areas
	// which go to polls on April 25, saw bombings"), -1 when none.
	closed int
}

// labelEnd returns the index of the colon ending a short label that opens
// the sentence ("Non-violent activity: Around 8 May 2020, ..."), or -1.
func labelEnd(toks []token) int {
	for k := 0; k < len(toks) && k < 5; k++ {
		if toks[k].text == ":" {
			return k
		}
		if toks[k].punct && toks[k].text != "-" {
			return -1
		}
	}
	return -1
}

// hasComma reports whether a comma lies among tokens [i, j).
func hasComma(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		if toks[k].text == "," {
			return true
		}
	}
	return false
}

// leadWords may stand before a sentence-initial date.
var leadWords = map[string]bool{
	"on": true, "around": true, "as": true, "reported": true, "between": true, "during": true, "in": true,
	"the": true, "night": true, "of": true, "late": true, "early": true, "overnight": true, "from": true,
	"\"": true, "since": true, "at": true, "midday": true, "morning": true, "evening": true,
}

// sentenceDates maps the article's date mentions that fall inside the
// sentence's tokens to token indexes.
func sentenceDates(ms []dates.Mention, toks []token, ref truce.Date) []dateMention {
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
			future: m.Future, until: m.Kind == dates.Until, since: m.Kind == dates.Since}
		if dm.prec == 0 {
			dm.prec = truce.PrecisionDay
		}
		if !ref.IsZero() && !m.Year && m.Date <= ref && (m.Kind == dates.Interval && ref <= m.EndDate && !pastDay(m) || ongoingSince(m) && ongoing(toks)) {
			// "protests from 9-13 August" reported on the 11th, "have been
			// on hunger strike for the last four days", "since Monday": the
			// event is going on on the report's day, and ACLED codes each
			// day of a span of days as an event of that day
			dm.date, dm.prec, dm.span = ref, truce.PrecisionDay, true
		}
		// "Around 29 April 2020 (midweek)": ACLED codes the week
		if (s > 0 && toks[s-1].text == "around") || (e+1 < len(toks) && toks[e].text == "(" && toks[e+1].text == "midweek") {
			if dm.prec == truce.PrecisionDay {
				dm.prec = truce.PrecisionWeek
			}
		}
		k0 := 0
		if c := labelEnd(toks); c >= 0 && c < s {
			k0 = c + 1 // "Property destruction: On 7 May 2020, ..."
		}
		lead := s-k0 < 5
		for k := k0; k < s && lead; k++ {
			if !leadWords[toks[k].text] {
				lead = false
			}
		}
		dm.lead = lead
		dm.attrib = attributive(toks, s, e)
		dm.clause = clauseOpener(toks, s)
		dm.poss = e < len(toks) && toks[e].text == "'s"
		dm.closed = -1
		if dm.clause >= 0 && toks[dm.clause].text != "that" && !hasComma(toks, dm.clause, s) {
			// ("said that on Monday, militants attacked": the main clause)
			for k := e; k < len(toks); k++ {
				if toks[k].text == "," {
					dm.closed = k
					break
				}
			}
		}
		out = append(out, dm)
	}
	pairedDays(out, toks, ref)
	return out
}

// pairedDays dates the report's day two days joined by "and" that run
// through it: "staged a sit-in on Monday and Tuesday", "clashes on
// Wednesday night and Thursday" in a Tuesday or Thursday report, like a
// span of days.
func pairedDays(ds []dateMention, toks []token, ref truce.Date) {
	if ref.IsZero() {
		return
	}
	for i := 0; i+1 < len(ds); i++ {
		a, b := &ds[i], &ds[i+1]
		if a.prec != truce.PrecisionDay || b.prec != truce.PrecisionDay || a.year || b.year || a.span || b.span {
			continue
		}
		k := a.end
		for k < b.start && (toks[k].text == "," || toks[k].text == "on") {
			k++
		}
		if k >= b.start || toks[k].text != "and" {
			continue
		}
		for k++; k < b.start && !toks[k].punct; k++ {
			// "between 10pm on Tuesday and 4 am Wednesday"
		}
		if k != b.start || a.date >= b.date || b.date-a.date > 7 || ref < a.date || ref > b.date {
			continue
		}
		a.date, b.date = ref, ref
		a.span, b.span = true, true
	}
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
		if d.since && d.prec == truce.PrecisionMonth {
			continue // "unpaid since July": the start of a state, not the day of an event
		}
		if d.attrib && d.end != ts {
			continue // "protested before the April 15 election": the election's day
		}
		if d.poss && (ts < d.end || ts-d.end > 3) {
			continue // "staged strikes protesting Sunday's police attack"
		}
		if d.start >= te && d.clause >= te {
			continue // "protested after a girl was killed on April 29": the killing's day
		}
		if d.end <= ts && d.closed >= 0 && d.closed < ts {
			continue // "After police shot a boy on Monday, crowds rioted"
		}
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

// ongoingSince reports whether m is a start of a state lasting to the
// report, "since Monday night", "since January 16" ("after Friday" is not).
func ongoingSince(m dates.Mention) bool {
	return m.Kind == dates.Since && len(m.Text) > 6 && strings.EqualFold(m.Text[:6], "since ")
}

// pastDay reports whether m counts a day back from the report ("in the
// past 24 hours", "over the past day"): a tally of the day before, no span
// of days.
func pastDay(m dates.Mention) bool {
	if m.EndDate-m.Date > 1 {
		return false
	}
	w, _, _ := strings.Cut(strings.ToLower(m.Text), " ")
	return w == "the" || w == "past" || w == "last"
}

// ongoingWords say a state lasts to the report: "have been on strike",
// "continued their sit-in", "remain closed", "still".
var ongoingWords = map[string]bool{
	"been": true, "continue": true, "continues": true, "continued": true, "continuing": true,
	"remain": true, "remains": true, "remained": true, "still": true, "ongoing": true,
	"indefinite": true,
}

// ongoing reports whether the sentence toks speaks of a state lasting to
// the report: "have been on hunger strike since Monday", not "three
// soldiers were killed since Sunday" (a tally of the days since).
func ongoing(toks []token) bool {
	for _, t := range toks {
		if ongoingWords[t.text] {
			return true
		}
	}
	return false
}

// attribStop may follow a date that dates what comes before it ("the
// night of 15 November and", "the 9 May 2020 at"): no noun it names.
var attribStop = map[string]bool{
	"and": true, "or": true, "to": true, "at": true, "in": true, "on": true, "when": true, "as": true,
	"while": true, "after": true, "before": true, "until": true, "till": true, "through": true, "with": true,
	"by": true, "from": true, "for": true, "of": true, "that": true, "which": true, "last": true, "this": true,
	"night": true, "morning": true, "afternoon": true, "evening": true, "midnight": true, "noon": true,
	"onwards": true, "amid": true, "during": true, "near": true, "between": true, "against": true,
	"over": true, "around": true, "about": true, "where": true, "following": true, "is": true, "was": true,
	"were": true, "are": true, "has": true, "had": true, "have": true, "will": true, "onward": true,
}

// attributive reports whether the date at tokens [s, e) stands before a
// noun it names, after "the" or "a" (and maybe an adjective): "the April 15
// election", "the fatal Dec. 22 shooting", "a 25 May deadline".
func attributive(toks []token, s, e int) bool {
	if s == 0 || e >= len(toks) {
		return false
	}
	if n := toks[e]; n.punct || n.digit || attribStop[n.text] {
		return false
	}
	switch p := toks[s-1]; {
	case p.text == "the" || p.text == "a" || p.text == "an":
		return true
	case s >= 2 && toks[s-2].text == "the" && !p.punct && !p.cap && !p.digit && !attribStop[p.text]:
		return true // "the fatal Dec. 22 shooting"
	}
	return false
}

// clauseWords open a clause that tells of something else than the main
// verb: a relative clause ("who attacked a post in March") or a cause
// ("after a girl was killed on April 29", "following clashes on Sunday").
var clauseWords = map[string]bool{
	"who": true, "whom": true, "whose": true, "which": true, "that": true,
	"after": true, "following": true, "since": true, "where": true,
	"ahead": true, "scheduled": true, "threatened": true, "threatening": true, "warned": true,
	"started": true, "began": true, "begun": true, "announced": true,
}

// grievanceWords name a deed a protest is about: "protested against the
// killing of a boy on Monday" dates the killing.
var grievanceWords = map[string]bool{
	"killing": true, "killings": true, "murder": true, "murders": true, "arrest": true, "arrests": true,
	"attack": true, "attacks": true, "assault": true, "death": true, "deaths": true, "shooting": true,
	"detention": true, "abduction": true, "kidnapping": true, "rape": true, "lathicharge": true,
	"firing": true, "incident": true, "encounter": true, "suicide": true, "lynching": true,
	"beating": true, "torture": true, "demolition": true, "eviction": true, "verdict": true,
	"decision": true, "remarks": true, "announcement": true, "crackdown": true, "clashes": true,
	"violence": true, "blast": true, "bombing": true, "raid": true, "charge": true,
	"massacre": true, "torching": true, "manhandling": true, "custody": true,
}

// grievanceHeads come before a grievance word: "against the killing",
// "protesting the arrest", "over the clashes", "into the death".
var grievanceHeads = map[string]bool{
	"against": true, "over": true, "protesting": true, "condemning": true, "denouncing": true,
	"demanding": true, "into": true, "about": true, "for": true, "protest": true,
}

// clauseOpener returns the index of the last token before s that opens a
// clause of clauseWords or a grievance ("against the police baton charge"),
// or -1.
func clauseOpener(toks []token, s int) int {
	for i := s - 1; i >= 0; i-- {
		t := toks[i].text
		if clauseWords[t] {
			return i
		}
		if grievanceWords[t] {
			for k := i - 1; k >= 0 && k >= i-4; k-- {
				if grievanceHeads[toks[k].text] {
					return k
				}
				if toks[k].punct {
					break
				}
			}
		}
	}
	return -1
}
