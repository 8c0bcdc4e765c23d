package cdop

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database
)

// Date is a calendar day with no time zone: dates of birth, death and
// meetings are civil dates in England. The zero Date means "not recorded".
type Date struct {
	t time.Time // midnight UTC, or zero
}

// DateLayout is the interchange form of a date.
const DateLayout = "2006-01-02"

// NewDate returns the date for year, month and day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate reads a YYYY-MM-DD date; "" gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, ok := parseCanonicalDate(s)
	var err error
	if !ok {
		t, err = time.Parse(DateLayout, s)
	}
	if err != nil {
		return Date{}, fmt.Errorf("%s is not a date in the form YYYY-MM-DD", Quote(s))
	}
	if t.IsZero() { // 0001-01-01 would read back as "not recorded"
		return Date{}, fmt.Errorf("%s is not a date the app can record: the year is too early", Quote(s))
	}
	return Date{t}, nil
}

// parseCanonicalDate reads s when it is a real date written exactly as
// YYYY-MM-DD, as time.Parse(DateLayout, s) would, without parsing the
// layout; ok is false for anything else, which time.Parse then judges.
func parseCanonicalDate(s string) (t time.Time, ok bool) {
	if len(s) != len(DateLayout) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	digits := func(part string) (int, bool) {
		n := 0
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, false
			}
			n = n*10 + int(part[i]-'0')
		}
		return n, true
	}
	y, okY := digits(s[:4])
	m, okM := digits(s[5:7])
	d, okD := digits(s[8:])
	if !okY || !okM || !okD || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // past the month's end: time.Date rolled it over
		return time.Time{}, false
	}
	return t, true
}

// MustParseDate is ParseDate for literals known to be valid; it panics otherwise.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is not recorded.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.t.Date()
	if y < 0 || y > 9999 {
		return d.t.Format(DateLayout)
	}
	// As Format(DateLayout) writes it, without parsing the layout: dates
	// are written for every case a store reads or writes.
	b := [10]byte{'0' + byte(y/1000), '0' + byte(y/100%10), '0' + byte(y/10%10), '0' + byte(y%10), '-',
		'0' + byte(m/10), '0' + byte(m%10), '-', '0' + byte(day/10), '0' + byte(day%10)}
	return string(b[:])
}

// Display returns the date as people in England write it, e.g. "3 Jan 2025".
func (d Date) Display() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2 Jan 2006")
}

// Time returns midnight UTC at the start of the date.
func (d Date) Time() time.Time { return d.t }

// Year, Month and Day return the parts of the date.
func (d Date) Year() int { return d.t.Year() }

// Month returns the month of the date.
func (d Date) Month() time.Month { return d.t.Month() }

// Day returns the day of the month.
func (d Date) Day() int { return d.t.Day() }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.t.After(o.t) }

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths returns the same day n months later; a day past the end of the
// target month falls on its last day (31 August + 3 months is 30 November),
// as people reckon "three months from" a date.
func (d Date) AddMonths(n int) Date {
	first := NewDate(d.Year(), d.Month(), 1).t.AddDate(0, n, 0)
	return NewDate(first.Year(), first.Month(), min(d.Day(), daysIn(first.Year(), first.Month())))
}

// DaysUntil returns the number of days from d to o (negative when o is earlier).
func (d Date) DaysUntil(o Date) int {
	return int(o.t.Sub(d.t).Hours() / 24)
}

// Clock tells the current time; tests pass a fixed one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the machine's clock.
type SystemClock struct{}

// Now returns time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock always returns the same instant.
type FixedClock time.Time

// Now returns the fixed instant.
func (c FixedClock) Now() time.Time { return time.Time(c) }

// Today returns the clock's current date in England.
func Today(c Clock) Date {
	return DateOf(c.Now().In(england))
}

// england is the time zone the statutory process runs in.
var england = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()
