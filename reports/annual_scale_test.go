package reports_test

import (
	"context"
	"io"
	"runtime"
	"testing"

	"casemanager/cdop"
	"casemanager/reports"
)

// BenchmarkAnnualReport40Years100000 gathers and writes the annual report
// of a financial year from a sealed database holding 40 years of demo cases
// (100,000, 2,500 a year), as the desktop and `cdop report` do: every
// case's file read in one pass to find those the year covers, and the PDF
// written. Targets: at most 5 s, and the heap in use at the end
// (heap-MB) within the desktop's 400 MB.
func BenchmarkAnnualReport40Years100000(b *testing.B) {
	ctx := context.Background()
	today := cdop.NewDate(2026, 11, 23)
	db := sealedDemoDB(b, today, 40, 2500)
	from, to := cdop.NewDate(2025, 4, 1), cdop.NewDate(2026, 3, 31)
	b.ResetTimer()
	var heap uint64
	for i := 0; i < b.N; i++ {
		data, err := reports.GatherAnnual(ctx, db, db, db, from, to)
		if err != nil {
			b.Fatal(err)
		}
		if len(data.Cases) < 2000 {
			b.Fatalf("the report covers %d cases", len(data.Cases))
		}
		if err := reports.AnnualReport(io.Discard, data, reports.Options{Produced: today.Time()}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = max(heap, m.HeapInuse)
		runtime.KeepAlive(data)
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

// BenchmarkCountedDates100000 reads what the desktop's annual report
// screen needs to say what each period holds — two dates of every counted
// case — from the same 100,000-case database. Before, the screen read
// every case whole.
func BenchmarkCountedDates100000(b *testing.B) {
	ctx := context.Background()
	db := sealedDemoDB(b, cdop.NewDate(2026, 11, 23), 40, 2500)
	b.ResetTimer()
	var heap uint64
	for i := 0; i < b.N; i++ {
		dates, err := reports.CountedDates(ctx, db, db)
		if err != nil {
			b.Fatal(err)
		}
		if len(dates) < 90000 {
			b.Fatalf("%d cases' dates", len(dates))
		}
		b.StopTimer()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = max(heap, m.HeapInuse)
		runtime.KeepAlive(dates)
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}
