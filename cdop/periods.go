package cdop

import (
	"fmt"
	"time"
)

// Published figures cover whole periods people know: a calendar year, a
// financial year (April to March), or a quarter of one. Reports for
// arbitrary ranges of days could be laid over each other to pick out the
// deaths between their ends; periods from this list overlap only as whole
// quarters.

// ReportPeriod is a period figures may be published for.
type ReportPeriod struct {
	From, To Date
	Label    string // e.g. "financial year 2025/26", "Q1 of 2025/26 (April to June 2025)"
}

// Key identifies the period, the same whichever way it was named.
func (p ReportPeriod) Key() string { return p.From.String() + ".." + p.To.String() }

// CalendarYearPeriod is 1 January to 31 December of year.
func CalendarYearPeriod(year int) ReportPeriod {
	return ReportPeriod{NewDate(year, time.January, 1), NewDate(year, time.December, 31), fmt.Sprintf("calendar year %d", year)}
}

// FinancialYearPeriod is the financial year starting on 1 April of start.
func FinancialYearPeriod(start int) ReportPeriod {
	return ReportPeriod{NewDate(start, time.April, 1), NewDate(start+1, time.March, 31), "financial year " + FinancialYearName(start)}
}

// FinancialYearName names the financial year starting in start, e.g. "2025/26".
func FinancialYearName(start int) string { return fmt.Sprintf("%d/%02d", start, (start+1)%100) }

// QuarterPeriod is quarter q (1 to 4) of the calendar year (financial
// false: Q1 is January to March) or of the financial year starting in year
// (financial: Q1 is April to June).
func QuarterPeriod(year, q int, financial bool) ReportPeriod {
	first := time.Month(3*(q-1) + 1)
	y := year
	if financial {
		first += 3
		if first > 12 {
			first -= 12
			y++
		}
	}
	from := NewDate(y, first, 1)
	to := from.AddMonths(3).AddDays(-1)
	months := from.Time().Format("January") + " to " + to.Time().Format("January 2006")
	if financial {
		return ReportPeriod{from, to, fmt.Sprintf("Q%d of %s (%s)", q, FinancialYearName(year), months)}
	}
	return ReportPeriod{from, to, fmt.Sprintf("Q%d of %d (%s)", q, year, months)}
}

// ReportPeriodOf returns the report period running from from to to, or an
// EINVALID error saying that figures are published only for whole years
// and quarters.
func ReportPeriodOf(from, to Date) (ReportPeriod, error) {
	if !from.IsZero() && !to.IsZero() {
		y := from.Year()
		candidates := []ReportPeriod{CalendarYearPeriod(y), FinancialYearPeriod(y)}
		for q := 1; q <= 4; q++ {
			// A quarter is the same days whichever year it is named by:
			// name it by its financial year.
			fy := y
			if from.Month() < time.April {
				fy--
			}
			candidates = append(candidates, QuarterPeriod(fy, q, true))
		}
		for _, p := range candidates {
			if p.From == from && p.To == to {
				return p, nil
			}
		}
	}
	return ReportPeriod{}, Errorf(EINVALID, "figures are published only for a calendar year, a financial year (1 April to 31 March) or a quarter of one, never for other days: %s to %s is none of them", from, to)
}

// ReportPeriods lists the periods that have started by today, newest first,
// back to the year of earliest: each financial year, then its quarters, and
// each calendar year.
func ReportPeriods(earliest, today Date) []ReportPeriod {
	if earliest.IsZero() || earliest.After(today) {
		earliest = today
	}
	var out []ReportPeriod
	for y := today.Year(); y >= earliest.Year()-1; y-- {
		fy := FinancialYearPeriod(y)
		if !fy.From.After(today) && !fy.To.Before(earliest) {
			out = append(out, fy)
			for q := 4; q >= 1; q-- {
				if p := QuarterPeriod(y, q, true); !p.From.After(today) {
					out = append(out, p)
				}
			}
		}
		if cy := CalendarYearPeriod(y); !cy.From.After(today) && !cy.To.Before(earliest) {
			out = append(out, cy)
		}
	}
	return out
}
