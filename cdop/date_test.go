package cdop_test

import (
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

func TestParseDate(t *testing.T) {
	good := []struct {
		in       string
		y, m, dd int
		display  string
		weekday  time.Weekday
	}{
		{"2025-01-03", 2025, 1, 3, "3 Jan 2025", time.Friday},
		{"2024-02-29", 2024, 2, 29, "29 Feb 2024", time.Thursday},
		{"2000-12-31", 2000, 12, 31, "31 Dec 2000", time.Sunday},
	}
	for _, tt := range good {
		d, err := cdop.ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if d.Year() != tt.y || int(d.Month()) != tt.m || d.Day() != tt.dd {
			t.Errorf("ParseDate(%q) = %d-%d-%d", tt.in, d.Year(), d.Month(), d.Day())
		}
		if d.String() != tt.in || d.Display() != tt.display || d.Weekday() != tt.weekday {
			t.Errorf("ParseDate(%q): String %q, Display %q, Weekday %v", tt.in, d.String(), d.Display(), d.Weekday())
		}
		if d != cdop.NewDate(tt.y, time.Month(tt.m), tt.dd) {
			t.Errorf("ParseDate(%q) differs from NewDate", tt.in)
		}
	}
	for _, in := range []string{"2023-02-29", "2025-04-31", "2025-00-10", "25-01-03", "2025/01/03", "03-01-2025", "2025-01-03 ", "2025-1-03"} {
		_, err := cdop.ParseDate(in)
		if err == nil {
			t.Errorf("ParseDate(%q) = nil error; want an error", in)
		} else if !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) error %q does not name the form", in, err)
		}
	}
}

func TestZeroDate(t *testing.T) {
	d, err := cdop.ParseDate("")
	if err != nil || !d.IsZero() {
		t.Fatalf("ParseDate(\"\") = %v, %v; want the zero Date", d, err)
	}
	if d.String() != "" || d.Display() != "" {
		t.Errorf("zero Date shows as %q / %q", d.String(), d.Display())
	}
	if cdop.NewDate(2025, 1, 1).IsZero() {
		t.Error("a real date is zero")
	}
}

func TestMustParseDatePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseDate of a bad date did not panic")
		}
	}()
	cdop.MustParseDate("2025-13-01")
}

func TestDateArithmetic(t *testing.T) {
	d := cdop.MustParseDate
	tests := []struct {
		name string
		got  cdop.Date
		want string
	}{
		{"add a day over a month end", d("2025-01-31").AddDays(1), "2025-02-01"},
		{"add a day on 28 Feb of a leap year", d("2024-02-28").AddDays(1), "2024-02-29"},
		{"subtract a day over a year end", d("2025-01-01").AddDays(-1), "2024-12-31"},
		{"add days across the clocks going forward", d("2025-03-29").AddDays(2), "2025-03-31"},
		{"add three months", d("2025-01-15").AddMonths(3), "2025-04-15"},
		{"add a month to 31 January", d("2025-01-31").AddMonths(1), "2025-02-28"},
		{"add a month to 31 January in a leap year", d("2024-01-31").AddMonths(1), "2024-02-29"},
		{"add three months to 31 August", d("2025-08-31").AddMonths(3), "2025-11-30"},
		{"add twelve months to 29 February", d("2024-02-29").AddMonths(12), "2025-02-28"},
		{"take a month from 31 March", d("2025-03-31").AddMonths(-1), "2025-02-28"},
		{"add six months", d("2025-11-02").AddMonths(6), "2026-05-02"},
	}
	for _, tt := range tests {
		if tt.got.String() != tt.want {
			t.Errorf("%s: got %s; want %s", tt.name, tt.got, tt.want)
		}
	}
	days := []struct {
		from, to string
		want     int
	}{
		{"2025-01-01", "2025-01-01", 0},
		{"2025-01-01", "2025-01-02", 1},
		{"2025-01-02", "2025-01-01", -1},
		{"2025-03-29", "2025-03-31", 2},
		{"2025-10-25", "2025-10-27", 2},
		{"2024-01-01", "2025-01-01", 366},
		{"2007-11-02", "2025-11-02", 6575},
	}
	for _, tt := range days {
		if got := d(tt.from).DaysUntil(d(tt.to)); got != tt.want {
			t.Errorf("%s.DaysUntil(%s) = %d; want %d", tt.from, tt.to, got, tt.want)
		}
	}
	a, b := d("2025-01-01"), d("2025-01-02")
	if !a.Before(b) || a.After(b) || b.Before(a) || !b.After(a) || a.Before(a) || a.After(a) {
		t.Error("Before/After disagree with the calendar")
	}
}

// Today is the date in England: late evening UTC in summer is already the
// next day in London, but not in winter.
func TestToday(t *testing.T) {
	tests := []struct {
		now  time.Time
		want string
	}{
		{time.Date(2025, 6, 30, 23, 30, 0, 0, time.UTC), "2025-07-01"},
		{time.Date(2025, 6, 30, 22, 59, 0, 0, time.UTC), "2025-06-30"},
		{time.Date(2025, 1, 1, 23, 30, 0, 0, time.UTC), "2025-01-01"},
		{time.Date(2025, 1, 2, 0, 30, 0, 0, time.UTC), "2025-01-02"},
		{time.Date(2025, 7, 1, 5, 0, 0, 0, time.FixedZone("EDT", -4*3600)), "2025-07-01"},  // 10:00 in London
		{time.Date(2025, 7, 1, 22, 0, 0, 0, time.FixedZone("EDT", -4*3600)), "2025-07-02"}, // 03:00 next day in London
	}
	for _, tt := range tests {
		if got := cdop.Today(cdop.FixedClock(tt.now)).String(); got != tt.want {
			t.Errorf("Today(%v) = %s; want %s", tt.now, got, tt.want)
		}
	}
	if got := cdop.DateOf(time.Date(2025, 3, 4, 23, 59, 0, 0, time.FixedZone("X", 5*3600))).String(); got != "2025-03-04" {
		t.Errorf("DateOf uses the time's own zone: got %s", got)
	}
}

func TestFinancialYear(t *testing.T) {
	tests := []struct {
		day         string
		want        string
		first, last string
	}{
		{"2024-04-01", "2024/25", "2024-04-01", "2025-03-31"},
		{"2025-03-31", "2024/25", "2024-04-01", "2025-03-31"},
		{"2025-01-15", "2024/25", "2024-04-01", "2025-03-31"},
		{"2024-12-31", "2024/25", "2024-04-01", "2025-03-31"},
		{"2024-03-31", "2023/24", "2023-04-01", "2024-03-31"},
		{"1999-06-01", "1999/00", "1999-04-01", "2000-03-31"},
		{"2009-05-05", "2009/10", "2009-04-01", "2010-03-31"},
	}
	for _, tt := range tests {
		y := cdop.FinancialYearOf(cdop.MustParseDate(tt.day))
		if y.String() != tt.want || y.First().String() != tt.first || y.Last().String() != tt.last {
			t.Errorf("FinancialYearOf(%s) = %s, %s to %s; want %s, %s to %s", tt.day, y, y.First(), y.Last(), tt.want, tt.first, tt.last)
		}
	}
}

func TestParseDateRefusesTheDateThatMeansNotRecorded(t *testing.T) {
	// The zero date stands for "not recorded": 0001-01-01 read as a date
	// would vanish without a word (found by FuzzParseDate).
	if d, err := cdop.ParseDate("0001-01-01"); err == nil {
		t.Errorf("ParseDate(0001-01-01) = %v, nil; want an error", d)
	}
	if d, err := cdop.ParseDate("0001-01-02"); err != nil || d.String() != "0001-01-02" {
		t.Errorf("ParseDate(0001-01-02) = %q, %v", d, err)
	}
}

func TestDate_StringIsTheInterchangeForm(t *testing.T) {
	for _, tt := range []struct {
		d    cdop.Date
		want string
	}{
		{cdop.Date{}, ""},
		{cdop.NewDate(2026, time.December, 6), "2026-12-06"},
		{cdop.NewDate(2024, time.February, 29), "2024-02-29"},
		{cdop.NewDate(1999, time.October, 31), "1999-10-31"},
		{cdop.NewDate(987, time.January, 1), "0987-01-01"},
		{cdop.NewDate(9999, time.December, 31), "9999-12-31"},
		{cdop.NewDate(10000, time.January, 1), "10000-01-01"},
	} {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// ParseDate reads the plain form itself: what it reads, and what it
// refuses, are what time.Parse gives.
func TestParseDate_AsTimeParseReadsIt(t *testing.T) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "2026-12-06", "2024-13-01", "2024-00-10", "2024-01-00",
		"2024-04-31", "2024-04-30", "0000-01-01", "0001-01-02", "9999-12-31", "2024-1-01", " 2024-01-01", "2024-01-01 ",
		"2024/01/01", "20x4-01-01", "2024-01-3a", "+024-01-01", "2024-01-1"} {
		want, wantErr := time.Parse(cdop.DateLayout, s)
		got, err := cdop.ParseDate(s)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("ParseDate(%q) error = %v; time.Parse's = %v", s, err, wantErr)
		} else if err == nil && !got.Time().Equal(want) {
			t.Errorf("ParseDate(%q) = %v, want %v", s, got.Time(), want)
		}
	}
	if _, err := cdop.ParseDate("0001-01-01"); err == nil {
		t.Error("0001-01-01 read as a date; it would read back as not recorded")
	}
}
