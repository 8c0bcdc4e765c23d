package cdop

import (
	"fmt"
	"time"
)

// Age is a child's age on a day: whole years and months completed and days lived.
type Age struct {
	Years  int
	Months int // whole months completed since birth
	Days   int // days since birth
	Known  bool
}

// AgeAt returns the age on day of a child born on birth. It is unknown when
// either date is missing or day is before birth.
func AgeAt(birth, day Date) Age {
	if birth.IsZero() || day.IsZero() || day.Before(birth) {
		return Age{}
	}
	years := day.Year() - birth.Year()
	if day.Before(Birthday(birth, day.Year())) {
		years--
	}
	return Age{Years: years, Months: monthsBetween(birth, day), Days: birth.DaysUntil(day), Known: true}
}

// monthsBetween counts the whole months from birth to day; a monthly
// anniversary that falls past the end of a short month falls on its last day.
func monthsBetween(birth, day Date) int {
	months := (day.Year()-birth.Year())*12 + int(day.Month()) - int(birth.Month())
	anniversary := min(birth.Day(), daysIn(day.Year(), day.Month()))
	if day.Day() < anniversary {
		months--
	}
	return months
}

func daysIn(year int, month time.Month) int {
	return NewDate(year, month+1, 1).AddDays(-1).Day()
}

// Birthday returns the birthday of someone born on birth in year. A child born
// on 29 February has the birthday on 1 March in other years, as in English law.
func Birthday(birth Date, year int) Date {
	if birth.Month() == 2 && birth.Day() == 29 && !isLeap(year) {
		return NewDate(year, 3, 1)
	}
	return NewDate(year, birth.Month(), birth.Day())
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// String shows the age as a coordinator would say it: days for babies under
// four weeks, months under two years, years after that.
func (a Age) String() string {
	switch {
	case !a.Known:
		return ""
	case a.Days == 0:
		return "under 1 day"
	case a.Days < 28:
		return plural(a.Days, "day")
	case a.Years < 2:
		return plural(max(a.Months, 1), "month")
	}
	return plural(a.Years, "year")
}

func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// AgeBand is a statistical age band at death.
type AgeBand string

// The statistical age bands used in national child mortality figures.
const (
	AgeBandNeonatal AgeBand = "0-27 days"
	AgeBandInfant   AgeBand = "28-364 days"
	AgeBand1to4     AgeBand = "1-4 years"
	AgeBand5to9     AgeBand = "5-9 years"
	AgeBand10to14   AgeBand = "10-14 years"
	AgeBand15to17   AgeBand = "15-17 years"
	AgeBandNotKnown AgeBand = ""
)

// AgeBands lists the bands of a child born alive, youngest first.
var AgeBands = []AgeBand{AgeBandNeonatal, AgeBandInfant, AgeBand1to4, AgeBand5to9, AgeBand10to14, AgeBand15to17}

// AgeBandStillbirth is the band of an unattended stillbirth: a child never
// born alive is no neonatal death.
const AgeBandStillbirth AgeBand = "unattended stillbirth"

// CaseAgeBands lists the bands a case falls in (Case.AgeBand): an unattended
// stillbirth first, then the bands of a child born alive.
var CaseAgeBands = append([]AgeBand{AgeBandStillbirth}, AgeBands...)

// AgeBand returns the case's statistical band at death: an unattended
// stillbirth's own, else the band of the child's age.
func (c *Case) AgeBand() AgeBand {
	if c.BirthOutcome == "unattended_stillbirth" {
		return AgeBandStillbirth
	}
	return c.Age().Band()
}

// Band returns the statistical age band of the age.
func (a Age) Band() AgeBand {
	switch {
	case !a.Known:
		return AgeBandNotKnown
	case a.Days < 28:
		return AgeBandNeonatal
	case a.Years < 1:
		return AgeBandInfant
	case a.Years < 5:
		return AgeBand1to4
	case a.Years < 10:
		return AgeBand5to9
	case a.Years < 15:
		return AgeBand10to14
	}
	return AgeBand15to17
}
