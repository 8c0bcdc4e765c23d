package storage_test

import (
	"context"
	"path/filepath"
	"testing"

	"casemanager/cdop"
)

// BenchmarkImport10000 imports 10,000 cases into an empty database in one
// ImportCases call. Target: at most 2 s per op.
func BenchmarkImport10000(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := MustOpenDBAt(b, filepath.Join(b.TempDir(), "cases.db"), cdop.FixedClock(testNow))
		g := &caseGen{}
		cases := g.cases(10000)
		b.StartTimer()

		if err := db.ImportCases(ctx, cases); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch100000 searches 100,000 stored cases by a surname fragment
// and by an NHS number typed with spaces. Target: at most 50 ms per search.
func BenchmarkSearch100000(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDBAt(b, filepath.Join(b.TempDir(), "cases.db"), cdop.FixedClock(testNow))
	g := &caseGen{}
	var nhs string
	for range 10 {
		cases := g.cases(10000)
		if err := db.ImportCases(ctx, cases); err != nil {
			b.Fatal(err)
		}
		nhs = cases[5000].NHSNumber
	}

	for _, bc := range []struct {
		name   string
		filter cdop.CaseFilter
		want   int // cases found
	}{
		// One surname in 40: 2,500 cases, all read.
		{"surname", cdop.CaseFilter{Search: "kowalc"}, 2500},
		// The same, as a list screen asks for it.
		{"surname_limit_100", cdop.CaseFilter{Search: "kowalc", Limit: 100}, 100},
		{"nhs_number", cdop.CaseFilter{Search: cdop.FormatNHSNumber(nhs)}, 1},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				cases, err := db.FindCases(ctx, bc.filter)
				if err != nil {
					b.Fatal(err)
				}
				if len(cases) != bc.want {
					b.Fatalf("found %d cases, want %d", len(cases), bc.want)
				}
			}
		})
	}
}
