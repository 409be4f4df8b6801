package dates

import (
	"sort"
	"time"

	"github.com/truce-monitor/truce"
)

// hit is a Mention under construction, with what an interval needs to
// re-resolve a year-less start against its end's year.
type hit struct {
	Mention
	month, day int  // for a year-less date or month; day 0 for a month
	yearless   bool // the year was inferred
	explicitY  int  // the year written, if any
}

// match tries every pattern at token i and returns the mention found and
// the index of the first token after it.
func (s *scanner) match(i int) (Mention, int, bool) {
	t := s.tok(i)
	switch t.w {
	case wSince, wAfter:
		return s.bounded(i, Since)
	case wBy, wUntil, wBefore:
		return s.bounded(i, Until)
	case wBetween, wFrom:
		if h, next, ok := s.interval(i); ok {
			return h.Mention, next, true
		}
		return Mention{}, 0, false
	case wIn:
		h, next, ok := s.core(i+1, true)
		if !ok {
			return Mention{}, 0, false
		}
		if h.Year || h.Precision == truce.PrecisionMonth {
			h.Start = t.start
		}
		return h.Mention, next, true
	}
	h, next, ok := s.core(i, false)
	if !ok {
		return Mention{}, 0, false
	}
	if h.Kind == Relative || h.Kind == Weekday {
		next = s.bracketDate(&h, next)
	}
	return h.Mention, next, true
}

// bracketDate lets a numeric day and month in brackets after a relative
// date or a weekday fix the date, day first: "on Sunday (14/02)", "began
// five days ago (09/02/2015)". It returns the index after the brackets.
func (s *scanner) bracketDate(h *hit, i int) int {
	o, d, sl, m := s.tok(i), s.tok(i+1), s.tok(i+2), s.tok(i+3)
	if o.p != '(' && o.p != '[' {
		return i
	}
	if d.kind != tNum || d.nd > 2 || sl.p != '/' || m.kind != tNum || m.nd > 2 {
		// "last night (5 May)", "yesterday [15 April 2015]"
		if b, k, ok := s.core(i+1, false); ok && b.Kind == Absolute && b.Precision == truce.PrecisionDay {
			if c := s.tok(k); c.p == ')' || c.p == ']' {
				h.Date, h.Alt, h.Precision, h.End = b.Date, 0, truce.PrecisionDay, c.end
				return k + 1
			}
		}
		return i
	}
	k, year := i+4, 0
	if sl2, y := s.tok(k), s.tok(k+1); sl2.p == '/' && isYear(y) {
		k, year = k+2, y.v
	}
	c := s.tok(k)
	if c.p != ')' && c.p != ']' {
		return i
	}
	if year == 0 {
		if s.ref.IsZero() {
			return i
		}
		y, _ := s.inferMonth(time.Month(m.v), false)
		year = y
	}
	date, ok := mkDate(year, time.Month(m.v), d.v)
	if !ok {
		return i
	}
	h.Date, h.Alt, h.Precision, h.End = date, 0, truce.PrecisionDay, c.end
	return k + 1
}

func (s *scanner) bounded(i int, k Kind) (Mention, int, bool) {
	h, next, ok := s.core(i+1, true)
	if !ok {
		return Mention{}, 0, false
	}
	h.Start = s.toks[i].start
	if h.Kind != Interval {
		h.Kind = k
	}
	return h.Mention, next, true
}

// interval matches "between X and Y" and "from X to|until|through Y".
func (s *scanner) interval(i int) (hit, int, bool) {
	a, j, ok := s.core(i+1, true)
	if !ok {
		return hit{}, 0, false
	}
	sep := s.tok(j)
	switch {
	case s.toks[i].w == wBetween && sep.w == wAnd:
	case s.toks[i].w == wFrom && (sep.w == wTo || sep.w == wUntil || sep.w == wThrough || sep.p == '-'):
	default:
		return hit{}, 0, false
	}
	b, next, ok := s.core(j+1, true)
	if !ok {
		return hit{}, 0, false
	}
	h, ok := s.join(a, b)
	if !ok {
		return hit{}, 0, false
	}
	h.Start = s.toks[i].start
	h.End = b.End
	return h, next, true
}

// join makes an interval of a and b, giving a year-less a the year of b.
func (s *scanner) join(a, b hit) (hit, bool) {
	switch {
	case a.yearless && b.explicitY != 0:
		a = s.withYear(a, b.explicitY)
		if a.Date > b.Date {
			a = s.withYear(a, b.explicitY-1)
		}
	case a.yearless && a.Date > b.Date:
		a = s.withYear(a, a.Date.Time().Year()-1)
	case b.yearless && a.explicitY != 0 && b.Date < a.Date:
		b = s.withYear(b, a.Date.Time().Year())
		if b.Date < a.Date {
			b = s.withYear(b, a.Date.Time().Year()+1)
		}
	}
	_, last := b.Precision.Span(b.Date)
	if b.EndDate != 0 {
		last = b.EndDate
	}
	if last < a.Date {
		return hit{}, false // "between 2020 and 10 Nov 2019": not a span
	}
	h := a
	h.Kind = Interval
	h.EndDate = last
	h.Alt = 0
	h.Year = a.Year && b.Year
	if b.Precision > h.Precision {
		h.Precision = b.Precision
	}
	return h, true
}

func (s *scanner) withYear(h hit, y int) hit {
	day := h.day
	if day == 0 {
		day = 1
	}
	if d, ok := mkDate(y, time.Month(h.month), day); ok {
		h.Date = d
	}
	return h
}

// core matches one date expression starting at token i. With bare set,
// a month name or a year on its own counts ("since November", "in 1994").
func (s *scanner) core(i int, bare bool) (hit, int, bool) {
	t := s.tok(i)
	switch t.kind {
	case tNum:
		return s.numeric(i, bare)
	case tWord:
	default:
		return hit{}, 0, false
	}
	switch t.w {
	case wMonth:
		return s.monthFirst(i, bare, 0, -1)
	case wWeekday:
		return s.weekday(i, i, wNone)
	case wEnd, wBegin, wMiddle:
		return s.periodOf(i)
	case wPast, wRecent:
		return s.rolling(i)
	case wThe:
		if h, next, ok := s.periodOf(i); ok {
			return h, next, true
		}
		if h, next, ok := s.rolling(i); ok {
			return h, next, true
		}
		n := s.tok(i + 1)
		if n.kind == tNum && n.suf == sufS && n.nd == 4 && n.v%10 == 0 && bare {
			h := s.years(n.v, n.v+9)
			h.Start, h.End = t.start, n.end
			return h, i + 2, true
		}
		if n.w == wWeekend {
			return s.weekend(i, i+1, wNone)
		}
	case wToday, wTonight:
		if s.ref.IsZero() {
			break
		}
		h := s.rel(t.start, t.end, s.ref, truce.PrecisionDay)
		return h, i + 1, true
	case wYesterday, wTomorrow:
		if s.ref.IsZero() {
			break
		}
		d := s.ref.AddDays(-1)
		if t.w == wTomorrow {
			d = s.ref.AddDays(1)
		}
		end, next := t.end, i+1
		if n := s.tok(i + 1); n.w == wMorning || n.w == wNight {
			end, next = n.end, i+2
		}
		return s.rel(t.start, end, d, truce.PrecisionDay), next, true
	case wOvernight:
		if p := s.tok(i - 1); p.w == wCount && p.v == 1 || p.w == wThe { // "an overnight protest"
			break
		}
		if n := s.tok(i + 1); n.w == wWeekday {
			return s.weekday(i+1, i, wNone)
		}
		if s.ref.IsZero() {
			break
		}
		return s.rel(t.start, t.end, s.ref.AddDays(-1), truce.PrecisionDay), i + 1, true
	case wLast, wThis, wNext:
		if n := s.tok(i + 1); t.w == wLast && (n.kind == tNum || n.w == wCount || n.w == wSeveral) {
			return s.rolling(i) // "last 24 hours", not "last week"
		}
		return s.deictic(i, t.w)
	case wEarlier, wLater:
		n := s.tok(i + 1)
		if n.w == wToday && !s.ref.IsZero() {
			return s.rel(t.start, n.end, s.ref, truce.PrecisionDay), i + 2, true
		}
		if n.w == wThis {
			h, next, ok := s.deictic(i+1, wThis)
			if ok {
				h.Start = t.start
				if t.w == wLater {
					h.Future = true
				}
			}
			return h, next, ok
		}
	case wEarly, wLate, wMid:
		return s.part(i)
	case wCount, wSeveral:
		return s.ago(i, t.v)
	}
	return hit{}, 0, false
}

// rolling matches spans that end at the report: "the past 24 hours",
// "the last two weeks", "past few days", "recent days", "the past week".
// It gives an Interval ending at ref: day precision up to two days, week
// precision up to two weeks, month precision beyond.
func (s *scanner) rolling(i int) (hit, int, bool) {
	if s.ref.IsZero() {
		return hit{}, 0, false
	}
	j := i
	if s.tok(j).w == wThe {
		j++
	}
	n, count, several := 1, false, false
	switch s.tok(j).w {
	case wPast, wLast:
		j++
		switch t := s.tok(j); {
		case t.kind == tNum && t.suf == sufNone && t.nd <= 3:
			n, count = t.v, true
			j++
		case t.w == wCount:
			n, count = t.v, true
			j++
			if s.tok(j).w == wSeveral { // "a few"
				several = true
				j++
			}
		case t.w == wSeveral:
			several = true
			j++
		}
	case wRecent:
		j++
		several = true
	default:
		return hit{}, 0, false
	}
	days := 0
	switch u := s.tok(j); u.w {
	case wHour:
		if !count {
			return hit{}, 0, false
		}
		days = (n + 23) / 24
	case wDay:
		days = n
		if several {
			days = 7
		}
	case wWeek:
		days = 7 * n
		if several {
			days = 21
		}
	case wMonthUnit:
		days = 30 * n
		if several {
			days = 90
		}
	default:
		return hit{}, 0, false
	}
	if s.tok(i).w == wLast && !count && !several {
		return hit{}, 0, false // "last week" is the calendar week: deictic
	}
	days = min(days, 3660)
	h := hit{Mention: Mention{Start: s.toks[i].start, End: s.tok(j).end, Kind: Interval, Date: s.ref.AddDays(-days), EndDate: s.ref}}
	switch {
	case days <= 2:
		h.Precision = truce.PrecisionDay
	case days <= 14:
		h.Precision = truce.PrecisionWeek
	default:
		h.Precision = truce.PrecisionMonth
	}
	return h, j + 1, true
}

// periodOf matches "the end of November", "the beginning of October
// 2020", "the middle of September", "the end of 2020": month precision on
// the 25th, 5th or 15th, or the year.
func (s *scanner) periodOf(i int) (hit, int, bool) {
	j := i
	if s.tok(j).w == wThe {
		j++
	}
	day := 0
	switch s.tok(j).w {
	case wEnd:
		day = 25
	case wBegin:
		day = 5
	case wMiddle:
		day = 15
	default:
		return hit{}, 0, false
	}
	if s.tok(j+1).w != wOf {
		return hit{}, 0, false
	}
	k := j + 2
	switch n := s.tok(k); {
	case n.w == wMonth && n.upper:
		return s.monthFirst(k, true, day, s.toks[i].start)
	case isYear(n):
		h := s.years(n.v, n.v)
		h.Start, h.End = s.toks[i].start, n.end
		return h, k + 1, true
	}
	return hit{}, 0, false
}

// part matches "early October", "mid-November", "late 2019", "early
// Sunday", "late on Monday".
func (s *scanner) part(i int) (hit, int, bool) {
	t := &s.toks[i]
	j := i + 1
	if n := s.tok(j); n.p == '-' && n.start == t.end {
		j++
	}
	n := s.tok(j)
	if n.w == wOn && t.w != wMid {
		j++
		n = s.tok(j)
	}
	day := 15
	switch t.w {
	case wEarly:
		day = 5
	case wLate:
		day = 25
	}
	switch {
	case n.w == wMonth && n.upper:
		// "early Sept. 27": early on that day
		if h, next, ok := s.monthFirst(j, false, 0, t.start); ok && h.Precision == truce.PrecisionDay && t.w != wMid {
			return h, next, true
		}
		return s.monthFirst(j, true, day, t.start)
	case n.w == wWeekday && n.upper && t.w != wMid:
		return s.weekday(j, i, wNone)
	case n.kind == tNum && n.nd == 4 && n.suf == sufNone && yearOK(n.v):
		h := s.years(n.v, n.v)
		h.Start, h.End = t.start, n.end
		return h, j + 1, true
	}
	return hit{}, 0, false
}

// numeric matches expressions that start with a number: "2020-11-15",
// "15 November 2020", "9-10 November", "three days ago" (as digits),
// "1994" when bare.
func (s *scanner) numeric(i int, bare bool) (hit, int, bool) {
	t := &s.toks[i]
	// ISO 8601 day.
	if t.nd == 4 && t.suf == sufNone && yearOK(t.v) {
		a, b, c, d := s.tok(i+1), s.tok(i+2), s.tok(i+3), s.tok(i+4)
		if a.p == '-' && a.start == t.end && b.kind == tNum && b.nd == 2 && b.suf == sufNone && b.start == a.end &&
			c.p == '-' && c.start == b.end && d.kind == tNum && d.nd == 2 && d.start == c.end &&
			(d.suf == sufNone || d.suf == sufOther && s.text[d.start+2]|0x20 == 't') {
			if date, ok := mkDate(t.v, time.Month(b.v), d.v); ok {
				h := hit{Mention: Mention{Start: t.start, End: d.start + 2, Date: date, Precision: truce.PrecisionDay, Kind: Absolute}, explicitY: t.v}
				return h, i + 5, true
			}
			return hit{}, 0, false
		}
		if bare && yearOK(t.v) {
			h := s.years(t.v, t.v)
			h.Start, h.End = t.start, t.end
			return h, i + 1, true
		}
	}
	if t.nd == 4 && t.suf == sufS && bare && t.v%10 == 0 && yearOK(t.v) {
		h := s.years(t.v, t.v+9)
		h.Start, h.End = t.start, t.end
		return h, i + 1, true
	}
	// "25.11.2020": day, month and year with full stops, as European
	// pages print them.
	if t.nd <= 2 && t.suf == sufNone {
		a, b, c, d := s.tok(i+1), s.tok(i+2), s.tok(i+3), s.tok(i+4)
		if a.p == '.' && a.start == t.end && b.kind == tNum && b.nd <= 2 && b.suf == sufNone && b.start == a.end &&
			c.p == '.' && c.start == b.end && isYear(d) && d.start == c.end {
			if date, ok := mkDate(d.v, time.Month(b.v), t.v); ok {
				h := hit{Mention: Mention{Start: t.start, End: d.end, Date: date, Precision: truce.PrecisionDay, Kind: Absolute}, explicitY: d.v}
				return h, i + 5, true
			}
		}
	}
	if t.nd <= 2 && t.v >= 1 && t.v <= 31 && (t.suf == sufNone || t.suf == sufOrd) {
		// "9-10 November", "4 and 5 August"
		if d, n := s.tok(i+1), s.tok(i+2); (d.p == '-' || d.w == wAnd) && n.kind == tNum && n.nd <= 2 && n.v > t.v && n.v <= 31 {
			if m := s.tok(i + 3); m.w == wMonth && m.upper {
				b, next, ok := s.dayMonth(i+2, i+3)
				if ok {
					a := b
					a.day = t.v
					a = s.withYear(a, b.Date.Time().Year())
					if h, ok := s.join(a, b); ok {
						h.Start = t.start
						return h, next, true
					}
				}
			}
		}
		j := i + 1
		if s.tok(j).w == wOf {
			j++
		}
		if m := s.tok(j); m.w == wMonth && m.upper {
			if h, next, ok := s.dayMonth(i, j); ok {
				// "31 Jan - 6 Feb": a span of two dates
				if d := s.tok(next); d.p == '-' {
					if n, m2 := s.tok(next+1), s.tok(next+2); n.kind == tNum && n.nd <= 2 && m2.w == wMonth && m2.upper {
						if b, after, ok := s.dayMonth(next+1, next+2); ok {
							if iv, ok := s.join(h, b); ok {
								iv.Start, iv.End = h.Start, b.End
								return iv, after, true
							}
						}
					}
				}
				return h, next, true
			}
		}
	}
	if t.suf == sufNone {
		return s.ago(i, t.v)
	}
	return hit{}, 0, false
}

// dayMonth resolves "15 November [2020]" with the day at i and the month
// at j.
func (s *scanner) dayMonth(i, j int) (hit, int, bool) {
	d, m := &s.toks[i], &s.toks[j]
	end, next := m.end, j+1
	if n := s.tok(next); m.abbr && n.p == '.' && n.start == m.end {
		end, next = n.end, next+1
	}
	if n := s.tok(next); n.p == ',' {
		if y := s.tok(next + 1); isYear(y) {
			return s.dated(d.start, y.end, y.v, m.v, d.v, next+2)
		}
	}
	if y := s.tok(next); isYear(y) {
		return s.dated(d.start, y.end, y.v, m.v, d.v, next+1)
	}
	return s.dated(d.start, end, 0, m.v, d.v, next)
}

// monthFirst matches "Nov. 15", "November 15, 2020", "Nov. 9-10",
// "November 2020" and, when bare, "November". A non-zero day places a
// month-precision date ("early November": the 5th).
func (s *scanner) monthFirst(i int, bare bool, partDay, start int) (hit, int, bool) {
	m := &s.toks[i]
	if !m.upper {
		return hit{}, 0, false
	}
	if start < 0 {
		start = m.start
	}
	end, j := m.end, i+1
	if n := s.tok(j); m.abbr && n.p == '.' && n.start == m.end {
		end, j = n.end, j+1
	}
	n := s.tok(j)
	if partDay == 0 && n.kind == tNum && n.nd <= 2 && n.v >= 1 && n.v <= 31 && (n.suf == sufNone || n.suf == sufOrd) {
		dayEnd, k := n.end, j+1
		// "Nov. 9-10"
		if d, e := s.tok(k), s.tok(k+1); d.p == '-' && e.kind == tNum && e.nd <= 2 && e.v > n.v && e.v <= 31 && e.suf != sufOther {
			b, next, ok := s.yearAfter(start, e.end, m.v, e.v, k+2)
			if ok {
				a := b
				a.day = n.v
				a = s.withYear(a, b.Date.Time().Year())
				if h, ok := s.join(a, b); ok {
					h.Start = start
					return h, next, true
				}
			}
		}
		// "Sept. 27-Oct. 5"
		if d, e := s.tok(k), s.tok(k+1); d.p == '-' && e.w == wMonth && e.upper {
			if b, next, ok := s.monthFirst(k+1, false, 0, -1); ok && b.Kind == Absolute && b.Precision == truce.PrecisionDay {
				if a, _, ok := s.yearAfter(start, dayEnd, m.v, n.v, k); ok {
					if h, ok := s.join(a, b); ok {
						h.Start, h.End = start, b.End
						return h, next, true
					}
				}
			}
		}
		return s.yearAfter(start, dayEnd, m.v, n.v, k)
	}
	if c := s.tok(j); c.p == ',' && isYear(s.tok(j+1)) {
		j++
	}
	if y := s.tok(j); isYear(y) {
		h := s.month(start, y.end, y.v, m.v, partDay)
		return h, j + 1, true
	}
	if !bare || s.ref.IsZero() {
		return hit{}, 0, false
	}
	h := s.month(start, end, 0, m.v, partDay)
	return h, j, true
}

// yearAfter finishes "Nov. 15" with an optional ", 2020" at token k.
func (s *scanner) yearAfter(start, end, month, day, k int) (hit, int, bool) {
	if c := s.tok(k); c.p == ',' {
		if y := s.tok(k + 1); isYear(y) {
			return s.dated(start, y.end, y.v, month, day, k+2)
		}
	}
	if y := s.tok(k); isYear(y) {
		return s.dated(start, y.end, y.v, month, day, k+1)
	}
	return s.dated(start, end, 0, month, day, k)
}

func isYear(t *tok) bool {
	return t.kind == tNum && t.nd == 4 && t.suf == sufNone && yearOK(t.v)
}

func yearOK(y int) bool { return y >= 1800 && y <= 2200 }

// dated builds a day-precision hit; year 0 means "infer it".
func (s *scanner) dated(start, end, year, month, day, next int) (hit, int, bool) {
	h := hit{Mention: Mention{Start: start, End: end, Precision: truce.PrecisionDay, Kind: Absolute}, month: month, day: day}
	if year != 0 {
		d, ok := mkDate(year, time.Month(month), day)
		if !ok {
			return hit{}, 0, false
		}
		h.Date, h.explicitY = d, year
		return h, next, true
	}
	if s.ref.IsZero() {
		return hit{}, 0, false
	}
	if _, ok := mkDate(2000, time.Month(month), day); !ok { // 2000 is a leap year
		return hit{}, 0, false
	}
	h.yearless = true
	h.Future = s.futureCue(start)
	h.Date, h.Alt = s.inferDay(time.Month(month), day, h.Future)
	if h.Date == 0 {
		return hit{}, 0, false
	}
	return h, next, true
}

// month builds a month-precision hit on day partDay (or the 1st).
func (s *scanner) month(start, end, year, month, partDay int) hit {
	day := partDay
	if day == 0 {
		day = 1
	}
	h := hit{Mention: Mention{Start: start, End: end, Precision: truce.PrecisionMonth, Kind: Absolute}, month: month, day: partDay}
	if year != 0 {
		h.Date, _ = mkDate(year, time.Month(month), day)
		h.explicitY = year
		return h
	}
	h.yearless = true
	h.Future = s.futureCue(start)
	y, alt := s.inferMonth(time.Month(month), h.Future)
	h.Date, _ = mkDate(y, time.Month(month), day)
	if alt != 0 {
		h.Alt, _ = mkDate(alt, time.Month(month), day)
	}
	return h
}

// years builds a year-only hit for the years first..last.
func (s *scanner) years(first, last int) hit {
	h := hit{Mention: Mention{Precision: truce.PrecisionMonth, Kind: Absolute, Year: true}, explicitY: first}
	h.Date = truce.NewDate(first, time.January, 1)
	h.EndDate = truce.NewDate(last, time.December, 31)
	return h
}

func (s *scanner) rel(start, end int, d truce.Date, p truce.Precision) hit {
	return hit{Mention: Mention{Start: start, End: end, Date: d, Precision: p, Kind: Relative}}
}

// weekday resolves the weekday at token i; the expression starts at token
// from ("early Sunday", "late on Monday", "last Sunday") and mod is wLast,
// wThis, wNext or wNone.
func (s *scanner) weekday(i, from int, mod word) (hit, int, bool) {
	t := &s.toks[i]
	if !t.upper {
		return hit{}, 0, false
	}
	end, next := t.end, i+1
	// "Sunday, Nov. 15", "Tuesday [18 August]": the date wins.
	j := next
	if p := s.tok(j).p; p == ',' || p == '(' || p == '[' {
		j++
	}
	if n := s.tok(j); n.w == wMonth || n.kind == tNum {
		if h, k, ok := s.core(j, false); ok && h.Kind == Absolute && h.Precision == truce.PrecisionDay {
			h.Start = s.toks[from].start
			if p := s.tok(k).p; (p == ')' || p == ']') && j > next {
				h.End, k = s.tok(k).end, k+1
			}
			return h, k, true
		}
	}
	if n := s.tok(next); n.w == wNight || n.w == wMorning {
		end, next = n.end, next+1
	}
	if s.ref.IsZero() {
		return hit{}, 0, false
	}
	wd := time.Weekday(t.v)
	back := (int(s.ref.Weekday()) - int(wd) + 7) % 7 // days since the last such day, 0 today
	past := s.ref.AddDays(-back)
	fut := s.ref.AddDays((7 - back) % 7) // today or the next one
	h := hit{Mention: Mention{Start: s.toks[from].start, End: end, Precision: truce.PrecisionDay, Kind: Weekday}}
	switch mod {
	case wLast:
		if back == 0 {
			past = past.AddDays(-7)
		}
		h.Date = past
	case wNext:
		if fut == s.ref {
			fut = fut.AddDays(7)
		}
		h.Date, h.Future = fut, true
	case wThis:
		h.Date, h.Alt = fut, past
	default:
		h.Future = s.futureCue(h.Start)
		if h.Future {
			h.Date, h.Alt = fut, past
		} else {
			h.Date = past
			if back != 0 {
				h.Alt = fut
			}
		}
	}
	if h.Alt == h.Date {
		h.Alt = 0
	}
	return h, next, true
}

// weekend resolves "the weekend", "last weekend", "next weekend" (from
// token from, "weekend" at i) as the week of its Saturday.
func (s *scanner) weekend(from, i int, mod word) (hit, int, bool) {
	if s.ref.IsZero() {
		return hit{}, 0, false
	}
	wd := s.ref.Weekday()
	in := wd == time.Saturday || wd == time.Sunday
	sat := s.ref.AddDays(-((int(wd) - int(time.Saturday) + 7) % 7))
	nextSat := s.ref.AddDays((int(time.Saturday) - int(wd) + 7) % 7)
	h := hit{Mention: Mention{Start: s.toks[from].start, End: s.toks[i].end, Precision: truce.PrecisionWeek, Kind: Relative}}
	if mod == wNone && s.futureCue(h.Start) {
		mod = wThis
	}
	switch mod {
	case wLast:
		h.Date = sat
		if in {
			h.Date = sat.AddDays(-7)
		}
	case wThis:
		h.Date = nextSat
		if in {
			h.Date = sat
		}
	case wNext:
		h.Date = nextSat
		if nextSat == s.ref {
			h.Date = nextSat.AddDays(7)
		}
	default:
		h.Date = sat
	}
	return h, i + 1, true
}

// deictic matches "last week", "this month", "next year", "last night",
// "this morning", "last Sunday", "last November".
func (s *scanner) deictic(i int, mod word) (hit, int, bool) {
	t := &s.toks[i]
	n := s.tok(i + 1)
	if s.ref.IsZero() {
		return hit{}, 0, false
	}
	off := 0
	switch mod {
	case wLast:
		off = -1
	case wNext:
		off = 1
	}
	var h hit
	switch n.w {
	case wWeekday:
		return s.weekday(i+1, i, mod)
	case wWeekend:
		return s.weekend(i, i+1, mod)
	case wNight:
		if mod == wNext {
			return hit{}, 0, false
		}
		d := s.ref
		if mod == wLast {
			d = d.AddDays(-1)
		}
		h = s.rel(t.start, n.end, d, truce.PrecisionDay)
	case wMorning:
		if mod != wThis {
			return hit{}, 0, false
		}
		h = s.rel(t.start, n.end, s.ref, truce.PrecisionDay)
	case wWeek:
		first, _ := truce.PrecisionWeek.Span(s.ref)
		h = s.rel(t.start, n.end, first.AddDays(7*off), truce.PrecisionWeek)
	case wMonthUnit:
		h = s.rel(t.start, n.end, truce.NewDate(s.refY, s.refM+time.Month(off), 1), truce.PrecisionMonth)
	case wYear:
		y := s.refY + off
		h = s.rel(t.start, n.end, truce.NewDate(y, time.January, 1), truce.PrecisionMonth)
		h.EndDate = truce.NewDate(y, time.December, 31)
		h.Year = true
	case wMonth:
		if !n.upper || mod == wThis {
			return hit{}, 0, false
		}
		y := s.refY
		if mod == wLast && time.Month(n.v) >= s.refM {
			y--
		}
		if mod == wNext && time.Month(n.v) <= s.refM {
			y++
		}
		h = s.month(t.start, n.end, y, n.v, 0)
		h.Kind = Relative
	default:
		return hit{}, 0, false
	}
	if off > 0 {
		h.Future = true
	}
	return h, i + 2, true
}

// ago matches "three days ago", "a week ago", "10 days ago" with the count
// at token i.
func (s *scanner) ago(i, n int) (hit, int, bool) {
	u, a := s.tok(i+1), s.tok(i+2)
	if a.w != wAgo || s.ref.IsZero() {
		return hit{}, 0, false
	}
	several := s.toks[i].w == wSeveral
	start := s.toks[i].start
	if several && i > 0 && s.toks[i-1].w == wCount { // "a few"
		start = s.toks[i-1].start
	}
	h := hit{Mention: Mention{Start: start, End: a.end, Kind: Relative}}
	switch u.w {
	case wHour:
		h.Date, h.Precision = s.ref.AddDays(-n/24), truce.PrecisionDay
	case wDay:
		h.Date, h.Precision = s.ref.AddDays(-n), truce.PrecisionDay
		if several {
			h.Date, h.Precision = s.ref.AddDays(-4), truce.PrecisionWeek
		}
	case wWeek:
		if several {
			n = 3
		}
		h.Date, h.Precision = s.ref.AddDays(-7*n), truce.PrecisionWeek
	case wMonthUnit:
		if several {
			n = 3
		}
		h.Date, h.Precision = truce.NewDate(s.refY, s.refM-time.Month(n), 1), truce.PrecisionMonth
	case wYear:
		if several {
			n = 3
		}
		h.Date, h.Precision = truce.NewDate(s.refY-n, time.January, 1), truce.PrecisionMonth
		h.EndDate = truce.NewDate(s.refY-n, time.December, 31)
		h.Year = true
	default:
		return hit{}, 0, false
	}
	return h, i + 3, true
}

// futureCue reports whether the sentence before byte offset pos speaks of
// the future: "will", "is due to", "is expected to", "plans to".
func (s *scanner) futureCue(pos int) bool {
	i := sort.Search(len(s.toks), func(k int) bool { return s.toks[k].start >= pos }) - 1
	for k := 0; i >= 0 && k < 12; i, k = i-1, k+1 {
		t := &s.toks[i]
		switch t.w {
		case wWill, wTomorrow:
			return true
		case wPlan:
			if p := s.tok(i - 1); !(p.kind == tWord && (eqFold(s.text[p.start:p.end], "had") || eqFold(s.text[p.start:p.end], "was"))) {
				return true // "plans to", not "had plans to"
			}
		case wDue:
			if s.tok(i-1).w == wBe {
				return true
			}
		case wNone:
			// A past participle between the cue and the date ("will
			// investigate the attack that happened on Sunday") speaks of
			// the past, unless passive ("will be deployed on Friday").
			if w := s.text[t.start:t.end]; t.kind == tWord && len(w) > 4 && eqFold(w[len(w)-2:], "ed") {
				if p := s.tok(i - 1); p.w != wBe && !(p.kind == tWord && eqFold(s.text[p.start:p.end], "been")) {
					return false
				}
			}
		}
		if t.kind == tPunct && (t.p == '.' || t.p == '!' || t.p == '?' || t.p == ';') {
			if p := s.tok(i - 1); t.p == '.' && (p.abbr || (p.kind == tWord && p.end-p.start == 1)) {
				continue
			}
			return false
		}
	}
	return false
}

// inferDay picks the year of a year-less month and day: the most recent
// past one, unless the next one is within 45 days and nearer; with a future
// cue the next one, unless the past one is within a week and nearer. alt is
// the other candidate.
func (s *scanner) inferDay(m time.Month, day int, future bool) (d, alt truce.Date) {
	var past, fut truce.Date
	for y := s.refY - 1; y <= s.refY+1; y++ {
		c, ok := mkDate(y, m, day)
		if !ok {
			continue
		}
		if c <= s.ref {
			past = c
		} else if fut == 0 {
			fut = c
		}
	}
	for y := s.refY - s.refY%4; past == 0 && y > s.refY-12; y -= 4 {
		if c, ok := mkDate(y, m, day); ok && c <= s.ref { // Feb. 29: the last leap year
			past = c
		}
	}
	pastGap, futGap := int(s.ref-past), int(fut-s.ref)
	if fut == 0 {
		return past, 0
	}
	if future {
		if pastGap < futGap && pastGap <= 7 {
			return past, fut
		}
		return fut, past
	}
	if futGap < pastGap && futGap <= 45 {
		return fut, past
	}
	return past, fut
}

// inferMonth picks the year of a year-less month: the current or most
// recent past one, unless the next one is at most two months ahead and
// nearer; with a future cue the next one unless it is the current month.
func (s *scanner) inferMonth(m time.Month, future bool) (y, alt int) {
	past, fut := s.refY, s.refY+1
	if m > s.refM {
		past, fut = s.refY-1, s.refY
	}
	ref := s.refY*12 + int(s.refM)
	pastGap, futGap := ref-(past*12+int(m)), fut*12+int(m)-ref
	if future {
		if pastGap == 0 {
			return past, fut
		}
		return fut, past
	}
	if futGap < pastGap && futGap <= 2 {
		return fut, past
	}
	return past, fut
}

// mkDate returns the date if the day exists in that month.
func mkDate(y int, m time.Month, d int) (truce.Date, bool) {
	if m < time.January || m > time.December || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	return truce.DateOf(t), true
}
