package cdop_test

import (
	"testing"

	"casemanager/cdop"
)

func TestAgeAtAndBand(t *testing.T) {
	d := cdop.MustParseDate
	const born = "2020-03-15"
	tests := []struct {
		birth, day string
		years      int
		days       int
		band       cdop.AgeBand
	}{
		{born, "2020-03-15", 0, 0, cdop.AgeBandNeonatal},
		{born, "2020-04-11", 0, 27, cdop.AgeBandNeonatal},
		{born, "2020-04-12", 0, 28, cdop.AgeBandInfant},
		{born, "2021-03-14", 0, 364, cdop.AgeBandInfant},
		{born, "2021-03-15", 1, 365, cdop.AgeBand1to4},
		{born, "2025-03-14", 4, 1825, cdop.AgeBand1to4},
		{born, "2025-03-15", 5, 1826, cdop.AgeBand5to9},
		{born, "2030-03-14", 9, 3651, cdop.AgeBand5to9},
		{born, "2030-03-15", 10, 3652, cdop.AgeBand10to14},
		{born, "2035-03-14", 14, 5477, cdop.AgeBand10to14},
		{born, "2035-03-15", 15, 5478, cdop.AgeBand15to17},
		{born, "2038-03-14", 17, 6573, cdop.AgeBand15to17},
		// a year that holds 29 February has 366 days
		{"2019-03-15", "2020-03-14", 0, 365, cdop.AgeBandInfant},
		{"2019-03-15", "2020-03-15", 1, 366, cdop.AgeBand1to4},
		// born on 29 February: the birthday is 1 March in other years
		{"2024-02-29", "2025-02-28", 0, 365, cdop.AgeBandInfant},
		{"2024-02-29", "2025-03-01", 1, 366, cdop.AgeBand1to4},
		{"2024-02-29", "2028-02-28", 3, 1460, cdop.AgeBand1to4},
		{"2024-02-29", "2028-02-29", 4, 1461, cdop.AgeBand1to4},
		{"2008-02-29", "2026-02-28", 17, 6574, cdop.AgeBand15to17},
		// a birthday late in the year
		{"2014-12-31", "2024-12-30", 9, 3652, cdop.AgeBand5to9},
		{"2014-12-31", "2024-12-31", 10, 3653, cdop.AgeBand10to14},
	}
	for _, tt := range tests {
		t.Run(tt.birth+"→"+tt.day, func(t *testing.T) {
			a := cdop.AgeAt(d(tt.birth), d(tt.day))
			if !a.Known || a.Years != tt.years || a.Days != tt.days {
				t.Errorf("AgeAt = %+v; want %d years, %d days, known", a, tt.years, tt.days)
			}
			if got := a.Band(); got != tt.band {
				t.Errorf("Band() = %q; want %q", got, tt.band)
			}
			c := &cdop.Case{DateOfBirth: d(tt.birth), DateOfDeath: d(tt.day)}
			if got := c.Age(); got != a {
				t.Errorf("Case.Age() = %+v; want %+v", got, a)
			}
		})
	}
}

func TestAgeUnknown(t *testing.T) {
	d := cdop.MustParseDate
	tests := []struct {
		name       string
		birth, day cdop.Date
	}{
		{"no birth", cdop.Date{}, d("2025-01-01")},
		{"no day", d("2025-01-01"), cdop.Date{}},
		{"neither", cdop.Date{}, cdop.Date{}},
		{"day before birth", d("2025-01-02"), d("2025-01-01")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := cdop.AgeAt(tt.birth, tt.day)
			if a.Known {
				t.Errorf("AgeAt = %+v; want unknown", a)
			}
			if a.Band() != cdop.AgeBandNotKnown {
				t.Errorf("Band() = %q; want not known", a.Band())
			}
			if a.String() != "" {
				t.Errorf("String() = %q; want \"\"", a.String())
			}
		})
	}
}

func TestAgeBandsInOrder(t *testing.T) {
	want := []cdop.AgeBand{"0-27 days", "28-364 days", "1-4 years", "5-9 years", "10-14 years", "15-17 years"}
	if len(cdop.AgeBands) != len(want) {
		t.Fatalf("AgeBands = %q; want %q", cdop.AgeBands, want)
	}
	for i := range want {
		if cdop.AgeBands[i] != want[i] {
			t.Errorf("AgeBands[%d] = %q; want %q", i, cdop.AgeBands[i], want[i])
		}
	}
}

func TestBirthday(t *testing.T) {
	d := cdop.MustParseDate
	tests := []struct {
		birth string
		year  int
		want  string
	}{
		{"2015-04-10", 2033, "2033-04-10"},
		{"2008-02-29", 2026, "2026-03-01"},
		{"2008-02-29", 2028, "2028-02-29"},
		{"2008-02-29", 2100, "2100-03-01"}, // 2100 is not a leap year
		{"1996-02-29", 2000, "2000-02-29"}, // 2000 is
		{"2007-02-28", 2025, "2025-02-28"},
	}
	for _, tt := range tests {
		if got := cdop.Birthday(d(tt.birth), tt.year).String(); got != tt.want {
			t.Errorf("Birthday(%s, %d) = %s; want %s", tt.birth, tt.year, got, tt.want)
		}
	}
}

func TestAgeString(t *testing.T) {
	d := cdop.MustParseDate
	tests := []struct {
		birth, day string
		want       string
	}{
		{"2025-01-03", "2025-01-03", "under 1 day"},
		{"2025-01-03", "2025-01-04", "1 day"},
		{"2025-01-03", "2025-01-19", "16 days"},
		{"2025-01-03", "2025-01-30", "27 days"},
		{"2025-01-03", "2025-01-31", "1 month"},
		{"2025-01-03", "2025-03-10", "2 months"},
		{"2025-01-03", "2025-07-20", "6 months"},
		{"2024-10-02", "2025-02-08", "4 months"},
		{"2024-01-03", "2025-01-02", "11 months"},
		{"2024-01-03", "2025-01-03", "12 months"},
		{"2024-01-03", "2025-06-20", "17 months"},
		{"2023-01-03", "2025-01-02", "23 months"},
		{"2023-01-03", "2025-01-03", "2 years"},
		{"2020-03-15", "2025-03-14", "4 years"},
		{"2007-11-03", "2025-11-02", "17 years"},
		// Counting months from days alone drifts across 29 February; the
		// whole years completed keep the months in range.
		{"2023-03-01", "2024-02-29", "11 months"},
		{"2023-03-01", "2025-02-28", "23 months"},
		{"2025-01-01", "2025-03-01", "2 months"},
		{"2025-01-01", "2025-02-28", "1 month"},
		{"2025-01-31", "2025-02-28", "1 month"},
		{"2025-01-31", "2025-02-27", "27 days"},
		{"2024-12-31", "2025-04-29", "3 months"},
		{"2024-12-31", "2025-04-30", "4 months"},
	}
	for _, tt := range tests {
		a := cdop.AgeAt(d(tt.birth), d(tt.day))
		if got := a.String(); got != tt.want {
			t.Errorf("AgeAt(%s, %s).String() = %q (%+v); want %q", tt.birth, tt.day, got, a, tt.want)
		}
	}
}
