package cdop

import (
	"fmt"
	"time"
)

// FinancialYear is an English financial year, April to March, named by the
// calendar year it starts in: 2024 is 2024/25, 1 April 2024 to 31 March 2025.
type FinancialYear int

// FinancialYearOf returns the financial year a day falls in.
func FinancialYearOf(d Date) FinancialYear {
	if d.Month() < time.April {
		return FinancialYear(d.Year() - 1)
	}
	return FinancialYear(d.Year())
}

// First returns the year's first day, 1 April.
func (y FinancialYear) First() Date { return NewDate(int(y), time.April, 1) }

// Last returns the year's last day, 31 March.
func (y FinancialYear) Last() Date { return NewDate(int(y)+1, time.March, 31) }

// String names the year as people write it, "2024/25".
func (y FinancialYear) String() string { return fmt.Sprintf("%d/%02d", int(y), (int(y)+1)%100) }
