package dates

import "time"

// word identifies the keywords the patterns look for.
type word uint8

const (
	wNone word = iota
	wMonth
	wWeekday
	wCount // one, two, ..., a, an: v is the count
	wToday
	wTonight
	wYesterday
	wTomorrow
	wLast
	wThis
	wNext
	wEarlier
	wLater
	wAgo
	wOvernight
	wEarly
	wLate
	wMid
	wIn
	wOn
	wSince
	wAfter
	wBetween
	wFrom
	wAnd
	wTo
	wThrough
	wUntil
	wBy
	wBefore
	wNight
	wMorning // morning, afternoon, evening
	wHour
	wDay
	wWeek
	wMonthUnit
	wYear
	wWeekend
	wThe
	wOf
	wSeveral // several, few: an unknown count
	wWill    // will, shall: a future cue on its own
	wBe      // is, are, be: makes "due", "expected" ... future cues
	wDue     // due, expected, scheduled, set, slated, poised
	wPlan    // plans, intends, aims, upcoming, forthcoming
	wEnd     // end: "the end of November"
	wBegin   // beginning, start
	wMiddle  // middle
	wPast    // past: "the past 24 hours"
	wRecent  // recent: "in recent days"
)

type kw struct {
	w    word
	v    int
	abbr bool
}

var keywords = map[string]kw{
	"january": {wMonth, 1, false}, "jan": {wMonth, 1, true},
	"february": {wMonth, 2, false}, "feb": {wMonth, 2, true},
	"march": {wMonth, 3, false}, "mar": {wMonth, 3, true},
	"april": {wMonth, 4, false}, "apr": {wMonth, 4, true},
	"may":  {wMonth, 5, false},
	"june": {wMonth, 6, false}, "jun": {wMonth, 6, true},
	"july": {wMonth, 7, false}, "jul": {wMonth, 7, true},
	"august": {wMonth, 8, false}, "aug": {wMonth, 8, true},
	"september": {wMonth, 9, false}, "sep": {wMonth, 9, true}, "sept": {wMonth, 9, true},
	"october": {wMonth, 10, false}, "oct": {wMonth, 10, true},
	"november": {wMonth, 11, false}, "nov": {wMonth, 11, true},
	"december": {wMonth, 12, false}, "dec": {wMonth, 12, true},

	"sunday": {wWeekday, int(time.Sunday), false}, "monday": {wWeekday, int(time.Monday), false},
	"tuesday": {wWeekday, int(time.Tuesday), false}, "wednesday": {wWeekday, int(time.Wednesday), false},
	"thursday": {wWeekday, int(time.Thursday), false}, "friday": {wWeekday, int(time.Friday), false},
	"saturday": {wWeekday, int(time.Saturday), false},

	"a": {wCount, 1, false}, "an": {wCount, 1, false}, "one": {wCount, 1, false},
	"two": {wCount, 2, false}, "three": {wCount, 3, false}, "four": {wCount, 4, false},
	"five": {wCount, 5, false}, "six": {wCount, 6, false}, "seven": {wCount, 7, false},
	"eight": {wCount, 8, false}, "nine": {wCount, 9, false}, "ten": {wCount, 10, false},
	"eleven": {wCount, 11, false}, "twelve": {wCount, 12, false}, "fifteen": {wCount, 15, false},
	"twenty": {wCount, 20, false}, "thirty": {wCount, 30, false},

	"today": {wToday, 0, false}, "tonight": {wTonight, 0, false},
	"yesterday": {wYesterday, 0, false}, "tomorrow": {wTomorrow, 0, false},
	"last": {wLast, 0, false}, "this": {wThis, 0, false},
	"next": {wNext, 0, false}, "coming": {wNext, 0, false},
	"earlier": {wEarlier, 0, false}, "later": {wLater, 0, false}, "ago": {wAgo, 0, false},
	"overnight": {wOvernight, 0, false},
	"early":     {wEarly, 0, false}, "late": {wLate, 0, false}, "mid": {wMid, 0, false},
	"in": {wIn, 0, false}, "on": {wOn, 0, false},
	"since": {wSince, 0, false}, "after": {wAfter, 0, false},
	"between": {wBetween, 0, false}, "from": {wFrom, 0, false},
	"and": {wAnd, 0, false}, "to": {wTo, 0, false}, "through": {wThrough, 0, false},
	"until": {wUntil, 0, false}, "till": {wUntil, 0, false}, "by": {wBy, 0, false},
	"before": {wBefore, 0, false},
	"night":  {wNight, 0, false}, "morning": {wMorning, 0, false},
	"afternoon": {wMorning, 0, false}, "evening": {wMorning, 0, false},
	"hour": {wHour, 0, false}, "hours": {wHour, 0, false},
	"day": {wDay, 0, false}, "days": {wDay, 0, false},
	"week": {wWeek, 0, false}, "weeks": {wWeek, 0, false},
	"month": {wMonthUnit, 0, false}, "months": {wMonthUnit, 0, false},
	"year": {wYear, 0, false}, "years": {wYear, 0, false},
	"weekend": {wWeekend, 0, false}, "the": {wThe, 0, false}, "of": {wOf, 0, false},
	"several": {wSeveral, 0, false}, "few": {wSeveral, 0, false},
	"will": {wWill, 0, false}, "shall": {wWill, 0, false},
	"is": {wBe, 0, false}, "are": {wBe, 0, false}, "be": {wBe, 0, false},
	"due": {wDue, 0, false}, "expected": {wDue, 0, false}, "scheduled": {wDue, 0, false},
	"set": {wDue, 0, false}, "slated": {wDue, 0, false}, "poised": {wDue, 0, false},
	"plans": {wPlan, 0, false}, "intends": {wPlan, 0, false}, "aims": {wPlan, 0, false},
	"upcoming": {wPlan, 0, false}, "forthcoming": {wPlan, 0, false},
	"end": {wEnd, 0, false}, "beginning": {wBegin, 0, false}, "start": {wBegin, 0, false},
	"middle": {wMiddle, 0, false}, "past": {wPast, 0, false}, "recent": {wRecent, 0, false},
}
