package truce

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day, counted in days so that comparisons and interval
// arithmetic are plain integer operations. The zero Date means "no date".
type Date int32

// dateEpoch is the Unix day of 0001-01-01 minus one, so that every real date
// is a positive number and the zero value stays free.
const dateEpoch = -719162 - 1

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return 0
	}
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	return Date(u - dateEpoch)
}

// NewDate returns the Date of the given year, month and day. Out-of-range
// days are normalised as time.Date does; use ParseDate to reject them.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// ParseDate parses a date in the form YYYY-MM-DD and rejects days that do
// not exist (2021-02-31).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, Errorf(EINVALID, "bad date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for constants in tests and fixtures; it panics on a
// bad date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of d; the zero Date gives the zero time.
func (d Date) Time() time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Unix((int64(d)+dateEpoch)*86400, 0).UTC()
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes the zero Date as null and any other as "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts null, "" or "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	return d.UnmarshalText([]byte(s))
}

// Precision is ACLED's time_precision: how exactly an event's date is known.
type Precision int

const (
	PrecisionDay   Precision = 1 // the day is known
	PrecisionWeek  Precision = 2 // the week is known; the date is a day inside it
	PrecisionMonth Precision = 3 // the month is known; the date is a day inside it
)

// Span returns the first and last day that an event dated d with precision
// p may have happened on: the day itself, its Monday-to-Sunday week, or its
// month. Unknown precisions are treated as day precision.
func (p Precision) Span(d Date) (first, last Date) {
	switch p {
	case PrecisionWeek:
		off := (int(d.Weekday()) + 6) % 7 // days since Monday
		first = d.AddDays(-off)
		return first, first.AddDays(6)
	case PrecisionMonth:
		t := d.Time()
		first = NewDate(t.Year(), t.Month(), 1)
		return first, NewDate(t.Year(), t.Month()+1, 1).AddDays(-1)
	default:
		return d, d
	}
}

// Valid reports whether p is one of ACLED's three codes.
func (p Precision) Valid() bool { return p >= PrecisionDay && p <= PrecisionMonth }
