// Package dates finds date expressions in news text and resolves them
// against the report's publication date, with ACLED's time precision.
//
// It knows the conventions of wire copy that general date libraries get
// wrong: a weekday named in a report is the most recent such day (the same
// day when the report was published on it: "said Wednesday" in a Wednesday
// report), a date without a year takes the year that puts it nearest the
// report, leaning to the past for reported events and to the future when the
// sentence speaks of the future ("is due to", "will", "expected to"),
// "last week" is the previous Monday-to-Sunday week, and year-only mentions
// ("in 1994", "since the 1990s") are flagged as background.
//
// The conventions, with ref the publication date:
//
//   - "today", "tonight", "this morning": ref; "yesterday", "last night",
//     "overnight": ref-1 (the night began the day before); "tomorrow": ref+1.
//   - A weekday: the most recent one on or before ref ("said Wednesday" in
//     a Wednesday report is ref), or the next one on or after ref when the
//     sentence speaks of the future; Alt holds the other one. "last Sunday"
//     is strictly before ref, "next Sunday" strictly after.
//   - "last week", "this week", "next week": week precision on the Monday;
//     "last month", "earlier this month": month precision on the 1st;
//     "early", "mid-", "late" a month: month precision on the 5th, 15th or
//     25th; "N days ago": day precision; "N weeks ago": week precision;
//     "last year", "in 1994", "N years ago": Year set, month precision on
//     January 1 with EndDate December 31.
//   - A date without a year: the most recent past one, unless the next one
//     is at most 45 days ahead and nearer; with a future cue the next one,
//     unless the past one is at most a week back and nearer.
//   - A date in brackets after a relative day or a weekday fixes it:
//     "yesterday (15 April)", "on Sunday (14/02)"; "early Sept. 27" is that
//     day, "early September" the month; "31 Jan - 6 Feb" is an Interval.
//
// Weeks run Monday to Sunday, as truce.PrecisionWeek's Span does.
package dates

import (
	"strings"

	"github.com/truce-monitor/truce"
)

// Kind says what sort of expression a Mention is.
type Kind uint8

// The kinds of date expressions.
const (
	Absolute Kind = iota + 1 // a calendar date, month or year: "Nov. 15", "in 1994"
	Relative                 // counted from the report: "yesterday", "last week", "three days ago"
	Weekday                  // a named day of the week: "on Sunday", "late on Monday"
	Since                    // a start: "since Sept. 27", "since 1994", "after Nov. 10"
	Until                    // a deadline or end: "by Dec. 1", "until Friday", "before 2021"
	Interval                 // a span: "between 27 Sep and 10 Nov", "Nov. 9-10"
)

var kindNames = [...]string{"", "absolute", "relative", "weekday", "since", "until", "interval"}

// String returns the lower-case name of k ("absolute", "weekday", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Mention is one date expression found in a text.
type Mention struct {
	Start, End int    // byte offsets of the expression in the text
	Text       string // text[Start:End]
	// Date is the day the expression points to. With week or month
	// precision it is a day inside that week or month (the Monday, the 1st,
	// or the 5th/15th/25th for "early"/"mid"/"late" month).
	Date truce.Date
	// EndDate is the last day of an Interval ("between 27 Sep and 10 Nov")
	// or of a year-only span ("in 1994": Dec. 31, 1994); zero otherwise.
	EndDate   truce.Date
	Precision truce.Precision
	Kind      Kind
	// Future reports that the expression points after the report's date,
	// or that its sentence speaks of the future ("is due to ... by Dec. 1").
	Future bool
	// Year reports a year-only mention ("in 1994", "since the 1990s", "last
	// year"): background, not the date of a current event.
	Year bool
	// Alt is the other reading of an ambiguous date: for a weekday or a
	// date without a year, the occurrence on the other side of the report
	// (the next one when Date is the past one, and vice versa). Zero when
	// the expression is unambiguous.
	Alt truce.Date
}

// Find returns the date expressions in text in order of appearance,
// resolved against ref, the report's publication date. With a zero ref only
// expressions that carry their own year are returned.
func Find(text string, ref truce.Date) []Mention {
	var s scanner
	buf := tokPool.Get().(*[]tok)
	s.toks = (*buf)[:0]
	s.init(text, ref)
	defer func() {
		if cap(s.toks) <= 1<<16 { // do not keep the buffers of huge texts
			*buf = s.toks[:0]
			tokPool.Put(buf)
		}
	}()
	var out []Mention
	for i := 0; i < len(s.toks); {
		m, next, ok := s.match(i)
		if !ok {
			i++
			continue
		}
		m.Text = text[m.Start:m.End]
		if !m.Future && !ref.IsZero() && m.Date > ref {
			m.Future = true
		}
		out = append(out, m)
		i = next
	}
	return out
}

// Resolve resolves a single date expression ("last week", "Nov. 15", "by
// Dec. 1") against ref. It reports false unless the whole expression, less
// a leading "on" or "at" and surrounding space or punctuation, is one date.
func Resolve(expr string, ref truce.Date) (Mention, bool) {
	e := strings.TrimSpace(expr)
	e = strings.TrimRight(e, ".,;:")
	ms := Find(e, ref)
	if len(ms) != 1 {
		return Mention{}, false
	}
	m := ms[0]
	head := strings.ToLower(strings.TrimSpace(e[:m.Start]))
	if (head != "" && head != "on" && head != "at") || strings.TrimSpace(e[m.End:]) != "" {
		return Mention{}, false
	}
	return m, true
}
