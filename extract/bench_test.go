package extract_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/extract"
	"casemanager/storage"
)

// BenchmarkExtract extracts every case of databases of 10,000 and 100,000
// synthetic cases (ten years of deaths), with k-anonymity (k = 5) and
// l-diversity (l = 2) over every quasi-identifier together. Target: at
// most 5 s per extract of 100,000, with memory that does not grow with the
// number of cases.
// Besides ns/op and B/op (allocated in all, which grows with the rows
// read), it reports peak-heap-MB, the most heap in use during an extract
// above what was in use before it, sampled every millisecond: the measure
// of memory that should stay flat from 10,000 to 100,000 rows.
func BenchmarkExtract(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		db := benchDB(b, n)
		key := mustKey(b)
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) { benchWrite(b, db, key, n) })
	}
}

// BenchmarkExtractFlatMemory extracts 100,000 and 1,000,000 cases made on
// the fly (no database): first sharing 2,000 combinations of
// quasi-identifiers, so that only the number of rows changes; then each
// nearly unlike any other, so that the combinations grow with the rows
// until the extract's budget of combinations makes it count a level up.
// peak-heap-MB should not grow from 100k to 1000k in either (the rows go
// through runs of bounded size and temporary files, the combinations are
// bounded).
func BenchmarkExtractFlatMemory(b *testing.B) {
	key := mustKey(b)
	for _, many := range []bool{false, true} {
		for _, n := range []int{100_000, 1_000_000} {
			name := fmt.Sprintf("%dk", n/1000)
			combos := 2000
			if many {
				name, combos = "distinct-"+name, n
			}
			b.Run(name, func(b *testing.B) { benchWrite(b, generated{n, combos}, key, n) })
		}
	}
}

// benchWrite extracts the n cases of src b.N times, reporting the peak
// heap and the time per row, and checks k and l.
func benchWrite(b *testing.B, src extract.CaseStreamer, key extract.Key, n int) {
	b.ReportAllocs()
	var peak float64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		stop := watchHeap()
		m, err := extract.Write(context.Background(), src, io.Discard, extract.Options{Key: key, TempDir: b.TempDir()})
		peak = max(peak, stop())
		if err != nil {
			b.Fatal(err)
		}
		if m.Rows != n || !m.KMet() || !m.LMet() {
			b.Fatalf("%d rows, k achieved %d, l achieved %d", m.Rows, m.KAchieved, m.LAchieved)
		}
	}
	b.ReportMetric(peak/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
}

// generated streams n cases made from their number, one at a time, from
// combos combinations of quasi-identifiers.
type generated struct{ n, combos int }

func (g generated) EachCaseFields(ctx context.Context, _ cdop.CaseFilter, _, _ cdop.Date, _ []string, fn func(*cdop.Case) error) error {
	las := []string{"E08000035", "E08000032", "E08000034", "E08000036", "E08000033"}
	for i := range g.n {
		combo := (i * 7919) % g.combos // which combination
		c := cdop.NewCase()
		c.ID = fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		c.DateOfDeath = cdop.NewDate(2020+combo%5, time.Month(1+combo%12), 1+combo%28)
		c.DateOfBirth = c.DateOfDeath.AddDays(-(combo % 6) * 1000)
		c.Sex = []string{"male", "female"}[combo%2]
		c.Ethnicity = []string{"A", "H", "M"}[combo%3]
		c.IMDDecile = 1 + combo%10
		c.ResidenceLA = las[combo%5]
		c.PlaceOfDeath = []string{"hospital", "home"}[combo%2]
		c.Expected = []string{"expected", "unexpected"}[combo/7%2]
		c.JAR = []string{"yes", "no"}[combo/11%2]
		c.NotifiedOn = c.DateOfDeath.AddDays(i % 5)
		c.Stage = cdop.StageClosed
		c.Analysis.Category = 1 + combo/13%10
		c.Analysis.Modifiable = []string{"identified", "none", "insufficient_information"}[i%3]
		if err := fn(c); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// watchHeap samples the heap's live objects until the returned function is
// called, which returns the highest sample above the first.
func watchHeap() (stop func() float64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() float64 {
		metrics.Read(sample)
		return float64(sample[0].Value.Uint64())
	}
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if v := read() - base; v > float64(peak.Load()) {
					peak.Store(uint64(v))
				}
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(peak.Load())
	}
}

// benchDB returns a database of n synthetic cases, ten years' worth.
func benchDB(b *testing.B, n int) *storage.DB {
	b.Helper()
	db, err := storage.Open(filepath.Join(b.TempDir(), "cases.db"), cdop.FixedClock(testNow))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	cases := demo.Generate(demo.Options{Years: 10, PerYear: n / 10, Seed: 1, Today: testToday})
	for len(cases) > 0 {
		batch := cases[:min(10_000, len(cases))]
		if err := db.ImportCases(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		cases = cases[len(batch):]
	}
	return db
}
