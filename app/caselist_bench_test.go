package app

import (
	"fmt"
	"testing"

	"casemanager/cdop"
)

// registerListings returns n synthetic listings, as a store gives them.
func registerListings(n int) []cdop.CaseListing {
	out := make([]cdop.CaseListing, n)
	first := []string{"Amelia", "Zoë", "Oliver", "Siân", "Mohammed", "Aoife", "Noah", "Chloé"}
	last := []string{"Smith", "Ó Súilleabháin", "Nowak", "Jones", "Ahmed", "Brontë", "Williams", "Kowalczyk", "Taylor"}
	for i := range out {
		born := cdop.NewDate(2005, 1, 1).AddDays(i % 5000)
		out[i] = cdop.CaseListing{ID: fmt.Sprint(i), Ref: fmt.Sprintf("CDOP-%d-%05d", 2000+i%40, i),
			FirstName: first[i%len(first)], LastName: last[(i/7)%len(last)],
			DateOfBirth: born, DateOfDeath: born.AddDays(1 + i%3000), Stage: cdop.Stage(cdop.Stages[i%len(cdop.Stages)].Code)}
	}
	return out
}

// BenchmarkRegisterRows100000 works out the register's rows of 100,000
// listings and sorts them by reference, as its first fill does off the UI
// goroutine (the store's listing itself: storage's BenchmarkSearch100000).
// Target, with the listing: at most 300 ms.
func BenchmarkRegisterRows100000(b *testing.B) {
	listings := registerListings(100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows := make([]*caseRow, len(listings))
		for j, l := range listings {
			rows[j] = newCaseRow(l)
		}
		sortCaseRows(rows, 0, true)
	}
}

// BenchmarkRegisterSort100000 sorts the register's 100,000 rows by each
// column, as a tap on a column's heading does. Target: at most 300 ms.
func BenchmarkRegisterSort100000(b *testing.B) {
	listings := registerListings(100000)
	rows := make([]*caseRow, len(listings))
	for j, l := range listings {
		rows[j] = newCaseRow(l)
	}
	for col := range caseColumns {
		b.Run(caseColumns[col].title, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sortCaseRows(rows, col, i%2 == 1)
			}
		})
	}
}
