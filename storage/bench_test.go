package storage_test

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
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

// searchBenchDB returns a sealed database of 100,000 cases, made once per
// benchmark run, with the NHS number of one of them.
func searchBenchDB(b *testing.B) (*storage.DB, string) {
	b.Helper()
	ctx := context.Background()
	db := MustOpenDB(b)
	g := &caseGen{}
	var nhs string
	for range 10 {
		cases := g.cases(10000)
		if err := db.ImportCases(ctx, cases); err != nil {
			b.Fatal(err)
		}
		nhs = cases[5000].NHSNumber
	}
	return db, nhs
}

// BenchmarkSearch100000 searches 100,000 stored cases, sealed at rest, by a
// surname fragment and by an NHS number typed with spaces: the whole cases
// found (FindCases) and the register's listing of them (ListCases), the
// case index being up to date. Target: at most 50 ms per search.
func BenchmarkSearch100000(b *testing.B) {
	ctx := context.Background()
	db, nhs := searchBenchDB(b)
	if _, err := db.ListCases(ctx, cdop.CaseFilter{}); err != nil { // the index, read once after sign-in
		b.Fatal(err)
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
		b.Run("find_"+bc.name, func(b *testing.B) {
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
		b.Run("list_"+bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				listed, err := db.ListCases(ctx, bc.filter)
				if err != nil {
					b.Fatal(err)
				}
				if len(listed) != bc.want {
					b.Fatalf("listed %d cases, want %d", len(listed), bc.want)
				}
			}
		})
	}
	b.Run("list_all", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if listed, err := db.ListCases(ctx, cdop.CaseFilter{}); err != nil || len(listed) != 100000 {
				b.Fatalf("listed %d cases: %v", len(listed), err)
			}
		}
	})
}

// BenchmarkOpenToRegister100000 opens a sealed database of 100,000 cases,
// signs in and lists every case, as the desktop's first view of the
// register does: the case index read and decrypted. The sign-in's key
// derivation is the tests' cheap one (the real one's cost is
// BenchmarkSignIn's in vault). Targets: at most 2 s, and the heap in use
// after it (heap-MB) at most 300 MB.
func BenchmarkOpenToRegister100000(b *testing.B) {
	ctx := context.Background()
	db, _ := searchBenchDB(b)
	path := db.Path()
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var heap uint64
	for i := 0; i < b.N; i++ {
		other, err := storage.Open(path, cdop.FixedClock(testNow))
		if err != nil {
			b.Fatal(err)
		}
		MustSignIn(b, other)
		listed, err := other.ListCases(ctx, cdop.CaseFilter{})
		if err != nil || len(listed) != 100000 {
			b.Fatalf("listed %d cases: %v", len(listed), err)
		}
		b.StopTimer()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = max(heap, m.HeapInuse)
		runtime.KeepAlive(listed)
		other.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

// BenchmarkOpenCaseFiles10000 reads the files of the open cases among
// 10,000 (five in six), each with two agency requests, a contact, a clock
// pause and a stage move, as the dashboard does on every refresh.
func BenchmarkOpenCaseFiles10000(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDBAt(b, filepath.Join(b.TempDir(), "cases.db"), cdop.FixedClock(testNow))
	g := &caseGen{}
	cases := g.cases(10000)
	if err := db.ImportCases(ctx, cases); err != nil {
		b.Fatal(err)
	}
	agency := cdop.Agency{Name: "Leeds GP Practice", Type: "health"}
	if err := db.SaveAgency(ctx, &agency); err != nil {
		b.Fatal(err)
	}
	raw := rawDB(b, db.Path())
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cases {
		for _, form := range []string{"reporting_form", "neonatal"} {
			if _, err := tx.Exec(`INSERT INTO agency_requests (case_id, agency_id, form, requested_on, due_on, chased_on, updated_at)
				VALUES (?, ?, ?, '2025-03-01', '2025-03-29', '["2025-03-30"]', '2025-06-02T09:30:00.000Z')`, c.ID, agency.ID, form); err != nil {
				b.Fatal(err)
			}
		}
		for _, q := range []string{
			`INSERT INTO contacts (case_id, contacted_on, method, contacted_by) VALUES (?, '2025-03-02', 'phone', 'key.worker')`,
			`INSERT INTO clock_pauses (case_id, deadline, from_on, reason) VALUES (?, 'cdop_review', '2025-04-01', 'Awaiting inquest')`,
			`INSERT INTO stage_moves (case_id, at, actor, from_stage, to_stage) VALUES (?, '2025-06-02T09:30:00.000Z', 'test', 'notified', 'immediate_decisions')`,
		} {
			if _, err := tx.Exec(q, c.ID); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		files, err := db.OpenCaseFiles(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(files) != 10000-10000/6 || len(files[0].Requests) != 2 {
			b.Fatalf("%d open files, the first with %d requests", len(files), len(files[0].Requests))
		}
	}
}
