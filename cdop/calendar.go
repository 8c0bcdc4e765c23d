package cdop

import (
	"sort"
	"time"
)

// WorkingCalendar knows which days are working days in England: Monday to
// Friday, less the bank holidays of England and Wales. Regular holidays are
// computed for any year (including Easter and substitute days); the rare
// one-off changes by royal proclamation are listed in Proclaimed, and a
// panel can add any future one as a setting through Extra.
type WorkingCalendar struct {
	Extra []Date // further non-working days, e.g. a newly proclaimed holiday
}

// proclamation is a one-off change to the bank holidays of a year.
type proclamation struct {
	add    []Date
	remove []Date
}

// Proclaimed lists the one-off changes to England and Wales bank holidays
// since 1995, as proclaimed: moved May holidays and extra days for royal events.
var Proclaimed = map[int]proclamation{
	1995: {add: []Date{NewDate(1995, 5, 8)}, remove: []Date{NewDate(1995, 5, 1)}},
	1999: {add: []Date{NewDate(1999, 12, 31)}},
	2002: {add: []Date{NewDate(2002, 6, 3), NewDate(2002, 6, 4)}, remove: []Date{NewDate(2002, 5, 27)}},
	2011: {add: []Date{NewDate(2011, 4, 29)}},
	2012: {add: []Date{NewDate(2012, 6, 4), NewDate(2012, 6, 5)}, remove: []Date{NewDate(2012, 5, 28)}},
	2020: {add: []Date{NewDate(2020, 5, 8)}, remove: []Date{NewDate(2020, 5, 4)}},
	2022: {add: []Date{NewDate(2022, 6, 2), NewDate(2022, 6, 3), NewDate(2022, 9, 19)}, remove: []Date{NewDate(2022, 5, 30)}},
	2023: {add: []Date{NewDate(2023, 5, 8)}},
}

// Easter returns Easter Sunday of a year (Gregorian calendar, the anonymous
// Gregorian algorithm).
func Easter(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return NewDate(year, time.Month(month), day)
}

// BankHolidays returns the bank holidays of England and Wales in a year, in date order.
func BankHolidays(year int) []Date {
	easter := Easter(year)
	days := []Date{
		nextWeekday(NewDate(year, 1, 1)), // New Year's Day, or the Monday after
		easter.AddDays(-2),               // Good Friday
		easter.AddDays(1),                // Easter Monday
		firstMonday(year, time.May),      // early May bank holiday
		lastMonday(year, time.May),       // spring bank holiday
		lastMonday(year, time.August),    // summer bank holiday
	}
	christmas, boxing := NewDate(year, 12, 25), NewDate(year, 12, 26)
	switch christmas.Weekday() {
	case time.Friday: // Boxing Day on Saturday: substitute Monday 28th
		days = append(days, christmas, NewDate(year, 12, 28))
	case time.Saturday: // substitutes Monday 27th and Tuesday 28th
		days = append(days, NewDate(year, 12, 27), NewDate(year, 12, 28))
	case time.Sunday: // Boxing Day on Monday; Christmas substitute Tuesday 27th
		days = append(days, boxing, NewDate(year, 12, 27))
	default:
		days = append(days, christmas, boxing)
	}
	if p, ok := Proclaimed[year]; ok {
		days = removeDates(days, p.remove)
		days = append(days, p.add...)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	return days
}

// IsWorkingDay reports whether d is a working day.
func (c WorkingCalendar) IsWorkingDay(d Date) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	for _, h := range BankHolidays(d.Year()) {
		if h == d {
			return false
		}
	}
	for _, h := range c.Extra {
		if h == d {
			return false
		}
	}
	return true
}

// AddWorkingDays returns the date n working days after d (d itself not
// counted), as statutory "within N working days" deadlines are reckoned.
func (c WorkingCalendar) AddWorkingDays(d Date, n int) Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

func nextWeekday(d Date) Date {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDays(1)
	}
	return d
}

func firstMonday(year int, month time.Month) Date {
	d := NewDate(year, month, 1)
	for d.Weekday() != time.Monday {
		d = d.AddDays(1)
	}
	return d
}

func lastMonday(year int, month time.Month) Date {
	d := NewDate(year, month+1, 1).AddDays(-1)
	for d.Weekday() != time.Monday {
		d = d.AddDays(-1)
	}
	return d
}

func removeDates(days, remove []Date) []Date {
	out := days[:0]
	for _, d := range days {
		if !containsDate(remove, d) {
			out = append(out, d)
		}
	}
	return out
}

func containsDate(list []Date, d Date) bool {
	for _, x := range list {
		if x == d {
			return true
		}
	}
	return false
}
