package cdop_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

// dt reads a YYYY-MM-DD literal.
func dt(s string) cdop.Date { return cdop.MustParseDate(s) }

// dates reads YYYY-MM-DD literals.
func dates(ss ...string) []cdop.Date {
	out := make([]cdop.Date, len(ss))
	for i, s := range ss {
		out[i] = dt(s)
	}
	return out
}

func dateList(ds []cdop.Date) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.String() + " " + d.Weekday().String()[:3]
	}
	return strings.Join(s, ", ")
}

// publishedBankHolidays are the bank holidays of England and Wales as
// published on GOV.UK (and, before 2019, as proclaimed), independent of the
// rules in calendar.go. 2028 follows the standing rules: 1 January 2028 is a
// Saturday, so the substitute day is Monday 3 January.
var publishedBankHolidays = map[int][]string{
	1995: { // early May moved to 8 May for the 50th anniversary of VE Day
		"1995-01-02", "1995-04-14", "1995-04-17", "1995-05-08", "1995-05-29", "1995-08-28", "1995-12-25", "1995-12-26"},
	1999: { // Christmas on a Saturday; the millennium on 31 December
		"1999-01-01", "1999-04-02", "1999-04-05", "1999-05-03", "1999-05-31", "1999-08-30", "1999-12-27", "1999-12-28", "1999-12-31"},
	2000: { // 1 January 2000 a Saturday
		"2000-01-03", "2000-04-21", "2000-04-24", "2000-05-01", "2000-05-29", "2000-08-28", "2000-12-25", "2000-12-26"},
	2002: { // Golden Jubilee: spring bank holiday moved to 4 June, jubilee on 3 June
		"2002-01-01", "2002-03-29", "2002-04-01", "2002-05-06", "2002-06-03", "2002-06-04", "2002-08-26", "2002-12-25", "2002-12-26"},
	2011: { // royal wedding on 29 April
		"2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30", "2011-08-29", "2011-12-26", "2011-12-27"},
	2012: { // Diamond Jubilee: spring bank holiday moved to 4 June, jubilee on 5 June
		"2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05", "2012-08-27", "2012-12-25", "2012-12-26"},
	2019: {"2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26"},
	2020: { // early May moved to Friday 8 May (VE Day 75); Boxing Day on a Saturday
		"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"},
	2021: { // Christmas and Boxing Day on Saturday and Sunday
		"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"},
	2022: { // New Year on a Saturday; spring bank holiday 2 June, Platinum Jubilee 3 June,
		// state funeral 19 September; Christmas on a Sunday
		"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"},
	2023: { // New Year on a Sunday; coronation on 8 May
		"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"},
	2024: {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"},
	2025: {"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"},
	2026: { // Boxing Day on a Saturday
		"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"},
	2027: { // Christmas and Boxing Day on Saturday and Sunday
		"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"},
	2028: {"2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"},
}

func TestBankHolidaysMatchPublishedLists(t *testing.T) {
	years := make([]int, 0, len(publishedBankHolidays))
	for y := range publishedBankHolidays {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, year := range years {
		t.Run(strconv.Itoa(year), func(t *testing.T) {
			want := dates(publishedBankHolidays[year]...)
			got := cdop.BankHolidays(year)
			if !slices.Equal(got, want) {
				t.Errorf("BankHolidays(%d)\n got  %s\n want %s", year, dateList(got), dateList(want))
			}
		})
	}
}

// The headline substitute and proclaimed days, one by one, so a failure
// names the day that went wrong.
func TestBankHolidayOneOffsAndSubstitutes(t *testing.T) {
	tests := []struct {
		name    string
		day     string
		holiday bool
	}{
		{"VE Day 75: Friday 8 May 2020", "2020-05-08", true},
		{"no early May holiday on 4 May 2020", "2020-05-04", false},
		{"spring bank holiday moved to Thursday 2 June 2022", "2022-06-02", true},
		{"Platinum Jubilee Friday 3 June 2022", "2022-06-03", true},
		{"no spring bank holiday on 30 May 2022", "2022-05-30", false},
		{"state funeral Monday 19 September 2022", "2022-09-19", true},
		{"coronation Monday 8 May 2023", "2023-05-08", true},
		{"early May 2023 still on 1 May", "2023-05-01", true},
		{"royal wedding Friday 29 April 2011", "2011-04-29", true},
		{"Diamond Jubilee Tuesday 5 June 2012", "2012-06-05", true},
		{"no spring bank holiday on 28 May 2012", "2012-05-28", false},
		{"millennium Friday 31 December 1999", "1999-12-31", true},
		{"Friday 29 December 2000 is no holiday", "2000-12-29", false},
		{"Boxing Day 2020 substitute Monday 28 December", "2020-12-28", true},
		{"Christmas 2021 substitute Monday 27 December", "2021-12-27", true},
		{"Boxing Day 2021 substitute Tuesday 28 December", "2021-12-28", true},
		{"Boxing Day 2022 on Monday 26 December", "2022-12-26", true},
		{"Christmas 2022 substitute Tuesday 27 December", "2022-12-27", true},
		{"Christmas 2027 substitute Monday 27 December", "2027-12-27", true},
		{"Boxing Day 2027 substitute Tuesday 28 December", "2027-12-28", true},
		{"Christmas 2026 Friday 25 December", "2026-12-25", true},
		{"Boxing Day 2026 substitute Monday 28 December", "2026-12-28", true},
		{"Tuesday 29 December 2026 is no holiday", "2026-12-29", false},
		{"New Year 2022 substitute Monday 3 January", "2022-01-03", true},
		{"New Year 2023 substitute Monday 2 January", "2023-01-02", true},
		{"Tuesday 3 January 2023 is no holiday", "2023-01-03", false},
		{"New Year 2028 substitute Monday 3 January", "2028-01-03", true},
		{"New Year 2033 substitute Monday 3 January", "2033-01-03", true},
		{"New Year 2034 substitute Monday 2 January", "2034-01-02", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dt(tt.day)
			if got := slices.Contains(cdop.BankHolidays(d.Year()), d); got != tt.holiday {
				t.Errorf("%s (%s) in BankHolidays = %v, want %v", d, d.Weekday(), got, tt.holiday)
			}
		})
	}
}

// The standing rules, stated independently of calendar.go, hold every year:
// every holiday is a weekday of its own year, listed once and in order; New
// Year's Day is 1 January or the first weekday after; Christmas is the 25th
// or the first weekday after, and Boxing Day the weekday after that; Good
// Friday and Easter Monday frame Easter. Years without a proclamation have
// exactly eight holidays, with the May and August ones on the right Mondays.
func TestBankHolidayRulesEveryYear(t *testing.T) {
	proclaimed := map[int]bool{1995: true, 1999: true, 2002: true, 2011: true, 2012: true, 2020: true, 2022: true, 2023: true}
	for y := range cdop.Proclaimed {
		if !proclaimed[y] {
			t.Errorf("Proclaimed lists %d, which this test does not know", y)
		}
	}
	weekdayOnOrAfter := func(d cdop.Date) cdop.Date {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDays(1)
		}
		return d
	}
	for year := 1900; year <= 2199; year++ {
		got := cdop.BankHolidays(year)
		if !slices.IsSortedFunc(got, func(a, b cdop.Date) int { return a.Time().Compare(b.Time()) }) {
			t.Errorf("%d: not in date order: %s", year, dateList(got))
		}
		if len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Errorf("%d: a day listed twice: %s", year, dateList(got))
		}
		for _, d := range got {
			if d.Year() != year || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				t.Errorf("%d: %s (%s) is not a weekday of the year", year, d, d.Weekday())
			}
		}
		has := func(d cdop.Date, what string) {
			if !slices.Contains(got, d) {
				t.Errorf("%d: %s %s (%s) missing from %s", year, what, d, d.Weekday(), dateList(got))
			}
		}
		newYear := weekdayOnOrAfter(cdop.NewDate(year, 1, 1))
		has(newYear, "New Year")
		christmas := weekdayOnOrAfter(cdop.NewDate(year, 12, 25))
		has(christmas, "Christmas")
		has(weekdayOnOrAfter(christmas.AddDays(1)), "Boxing Day")
		easter := cdop.Easter(year)
		has(easter.AddDays(-2), "Good Friday")
		has(easter.AddDays(1), "Easter Monday")
		if proclaimed[year] {
			continue
		}
		if len(got) != 8 {
			t.Errorf("%d: %d holidays, want 8: %s", year, len(got), dateList(got))
		}
		var may, august []cdop.Date
		for _, d := range got {
			switch d.Month() {
			case time.May:
				may = append(may, d)
			case time.August:
				august = append(august, d)
			}
		}
		if len(may) != 2 || may[0].Weekday() != time.Monday || may[0].Day() > 7 ||
			may[1].Weekday() != time.Monday || may[1].Day() < 25 {
			t.Errorf("%d: May holidays %s, want the first and last Mondays", year, dateList(may))
		}
		if len(august) != 1 || august[0].Weekday() != time.Monday || august[0].Day() < 25 {
			t.Errorf("%d: August holidays %s, want the last Monday", year, dateList(august))
		}
	}
}

func TestBankHolidaysDoNotChangeBetweenCalls(t *testing.T) {
	for _, year := range []int{2020, 2022, 2023, 2025} {
		first := slices.Clone(cdop.BankHolidays(year))
		got := cdop.BankHolidays(year)
		got[0] = dt("1900-01-01") // the caller owns the slice
		if again := cdop.BankHolidays(year); !slices.Equal(again, first) {
			t.Errorf("%d: second call gave %s, first %s", year, dateList(again), dateList(first))
		}
	}
}

func TestEasterKnownDates(t *testing.T) {
	tests := map[int]string{
		1818: "1818-03-22", // earliest possible
		1900: "1900-04-15",
		1943: "1943-04-25", // latest possible
		1954: "1954-04-18", // Gauss's second exception
		1981: "1981-04-19", // Gauss's first exception
		2000: "2000-04-23",
		2008: "2008-03-23",
		2011: "2011-04-24",
		2019: "2019-04-21",
		2020: "2020-04-12",
		2021: "2021-04-04",
		2022: "2022-04-17",
		2023: "2023-04-09",
		2024: "2024-03-31",
		2025: "2025-04-20",
		2026: "2026-04-05",
		2027: "2027-03-28",
		2028: "2028-04-16",
		2038: "2038-04-25",
		2285: "2285-03-22",
	}
	for year, want := range tests {
		if got := cdop.Easter(year); got.String() != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

// gaussEaster is Gauss's Easter algorithm (1816 form, with its two exceptions).
func gaussEaster(y int) cdop.Date {
	a, b, c := y%19, y%4, y%7
	k := y / 100
	p := (13 + 8*k) / 25
	q := k / 4
	m := (15 - p + k - q) % 30
	n := (4 + k - q) % 7
	d := (19*a + m) % 30
	e := (2*b + 4*c + 6*d + n) % 7
	if d == 29 && e == 6 {
		return cdop.NewDate(y, time.April, 19)
	}
	if d == 28 && e == 6 && (11*m+11)%30 < 19 {
		return cdop.NewDate(y, time.April, 18)
	}
	if 22+d+e <= 31 {
		return cdop.NewDate(y, time.March, 22+d+e)
	}
	return cdop.NewDate(y, time.April, d+e-9)
}

// oudinEaster is Oudin's algorithm (1940) as given by Claus Tøndering.
func oudinEaster(y int) cdop.Date {
	g := y % 19
	c := y / 100
	h := (c - c/4 - (8*c+13)/25 + 19*g + 15) % 30
	i := h - (h/28)*(1-(29/(h+1))*((21-g)/11))
	j := (y + y/4 + i + 2 - c + c/4) % 7
	l := i - j
	month := 3 + (l+40)/44
	day := l + 28 - 31*(month/4)
	return cdop.NewDate(y, time.Month(month), day)
}

func TestEasterAgreesWithIndependentAlgorithms(t *testing.T) {
	for year := 1583; year <= 4099; year++ {
		got := cdop.Easter(year)
		if g := gaussEaster(year); got != g {
			t.Errorf("Easter(%d) = %s, Gauss gives %s", year, got, g)
		}
		if o := oudinEaster(year); got != o {
			t.Errorf("Easter(%d) = %s, Oudin gives %s", year, got, o)
		}
		if got.Weekday() != time.Sunday {
			t.Errorf("Easter(%d) = %s is a %s", year, got, got.Weekday())
		}
		if got.Before(cdop.NewDate(year, 3, 22)) || got.After(cdop.NewDate(year, 4, 25)) {
			t.Errorf("Easter(%d) = %s is outside 22 March to 25 April", year, got)
		}
	}
}

// publishedHolidaySet is every published holiday of 2019–2028.
func publishedHolidaySet() map[cdop.Date]bool {
	set := map[cdop.Date]bool{}
	for y := 2019; y <= 2028; y++ {
		for _, d := range dates(publishedBankHolidays[y]...) {
			set[d] = true
		}
	}
	return set
}

func TestIsWorkingDayEveryDay2019To2028(t *testing.T) {
	holidays := publishedHolidaySet()
	var cal cdop.WorkingCalendar
	for d := dt("2019-01-01"); d.Year() <= 2028; d = d.AddDays(1) {
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		want := !weekend && !holidays[d]
		if got := cal.IsWorkingDay(d); got != want {
			t.Errorf("IsWorkingDay(%s, %s) = %v, want %v", d, d.Weekday(), got, want)
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		name  string
		extra []cdop.Date
		day   string
		want  bool
	}{
		{"an ordinary Wednesday", nil, "2025-06-11", true},
		{"a Saturday", nil, "2025-06-14", false},
		{"a Sunday", nil, "2025-06-15", false},
		{"Good Friday", nil, "2025-04-18", false},
		{"Easter Monday", nil, "2025-04-21", false},
		{"Maundy Thursday", nil, "2025-04-17", true},
		{"the Tuesday after Easter", nil, "2025-04-22", true},
		{"Christmas Eve", nil, "2025-12-24", true},
		{"an extra holiday", dates("2025-06-11"), "2025-06-11", false},
		{"the day after an extra holiday", dates("2025-06-11"), "2025-06-12", true},
		{"one of several extra holidays", dates("2025-06-10", "2025-06-12"), "2025-06-12", false},
		{"an extra holiday on a bank holiday", dates("2025-12-25"), "2025-12-25", false},
		{"an extra holiday in another year", dates("2024-06-11"), "2025-06-11", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal := cdop.WorkingCalendar{Extra: tt.extra}
			if got := cal.IsWorkingDay(dt(tt.day)); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		name  string
		extra []cdop.Date
		from  string
		n     int
		want  string
	}{
		{"one day, Monday to Tuesday", nil, "2025-06-09", 1, "2025-06-10"},
		{"five days, Monday to Monday", nil, "2025-06-09", 5, "2025-06-16"},
		{"Friday plus one is Monday", nil, "2025-06-13", 1, "2025-06-16"},
		{"Saturday plus one is Monday", nil, "2025-06-14", 1, "2025-06-16"},
		{"Sunday plus one is Monday", nil, "2025-06-15", 1, "2025-06-16"},
		{"Saturday plus five is Friday", nil, "2025-06-14", 5, "2025-06-20"},
		{"zero days is the day itself", nil, "2025-06-14", 0, "2025-06-14"},
		{"zero days from a holiday is the holiday", nil, "2025-12-25", 0, "2025-12-25"},
		{"a negative count is the day itself", nil, "2025-06-11", -3, "2025-06-11"},
		{"five from Maundy Thursday 2025", nil, "2025-04-17", 5, "2025-04-28"},
		{"one from Maundy Thursday 2025", nil, "2025-04-17", 1, "2025-04-22"},
		{"five from Maundy Thursday 2024 (Easter in March)", nil, "2024-03-28", 5, "2024-04-08"},
		{"five from Good Friday 2026", nil, "2026-04-03", 5, "2026-04-13"},
		{"one from Christmas Eve 2025", nil, "2025-12-24", 1, "2025-12-29"},
		{"fifteen from 22 December 2025", nil, "2025-12-22", 15, "2026-01-15"},
		{"one from Christmas Eve 2026 (Boxing Day substitute)", nil, "2026-12-24", 1, "2026-12-29"},
		{"one from Christmas Eve 2027 (two substitutes)", nil, "2027-12-24", 1, "2027-12-29"},
		{"one from Friday 23 December 2022", nil, "2022-12-23", 1, "2022-12-28"},
		{"one from New Year's Eve 2021 (New Year substitute)", nil, "2021-12-31", 1, "2022-01-04"},
		{"one from Friday 30 December 2022 (2 January substitute)", nil, "2022-12-30", 1, "2023-01-03"},
		{"three from Wednesday 31 December 2025", nil, "2025-12-31", 3, "2026-01-06"},
		{"one from Wednesday 1 June 2022 (jubilee)", nil, "2022-06-01", 1, "2022-06-06"},
		{"one from Friday 16 September 2022 (state funeral)", nil, "2022-09-16", 1, "2022-09-20"},
		{"one from Friday 5 May 2023 (coronation)", nil, "2023-05-05", 1, "2023-05-09"},
		{"one from Thursday 7 May 2020 (VE Day)", nil, "2020-05-07", 1, "2020-05-11"},
		{"one from Friday 1 May 2020 (4 May a working day)", nil, "2020-05-01", 1, "2020-05-04"},
		{"an extra holiday is skipped", dates("2026-12-29"), "2026-12-24", 1, "2026-12-30"},
		{"extra holidays on consecutive days", dates("2025-06-10", "2025-06-11"), "2025-06-09", 1, "2025-06-12"},
		{"an extra holiday at a weekend changes nothing", dates("2025-06-14"), "2025-06-13", 1, "2025-06-16"},
		{"an extra holiday as the start day", dates("2025-06-09"), "2025-06-09", 1, "2025-06-10"},
		{"twenty working days over a month", nil, "2025-06-02", 20, "2025-06-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal := cdop.WorkingCalendar{Extra: tt.extra}
			if got := cal.AddWorkingDays(dt(tt.from), tt.n); got.String() != tt.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s (%s), want %s", tt.from, tt.n, got, got.Weekday(), tt.want)
			}
		})
	}
}

// Every start day of 2019–2027 and every count up to 20: the result is a
// working day and exactly n working days of the published lists lie after
// the start, up to and including the result.
func TestAddWorkingDaysAgainstPublishedLists(t *testing.T) {
	holidays := publishedHolidaySet()
	working := func(d cdop.Date) bool {
		return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && !holidays[d]
	}
	var cal cdop.WorkingCalendar
	for start := dt("2019-01-01"); start.Before(dt("2027-12-01")); start = start.AddDays(1) {
		for n := 1; n <= 20; n++ {
			got := cal.AddWorkingDays(start, n)
			if !working(got) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, not a working day", start, n, got)
			}
			count := 0
			for d := start.AddDays(1); !d.After(got); d = d.AddDays(1) {
				if working(d) {
					count++
				}
			}
			if count != n {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, which is %d working days on", start, n, got, count)
			}
		}
	}
}
