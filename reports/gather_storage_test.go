package reports_test

import (
	"context"
	"path/filepath"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/reports"
	"casemanager/storage"
	"casemanager/vault"
)

// GatherAnnual over a database reads the covered cases from their dates
// and status alone: a voided notification is left out there too.
func TestGatherAnnualFromADatabaseLeavesOutAVoidedCase(t *testing.T) {
	ctx := context.Background()
	today := cdop.NewDate(2026, 11, 23)
	db := sealedDemoDB(t, today, 2, 30)
	from, to := cdop.NewDate(2000, 1, 1), today
	before, err := reports.GatherAnnual(ctx, db, db, db, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var target *cdop.Case
	for _, f := range before.Cases {
		if f.Case.Stage != cdop.StageClosed {
			target = f.Case
			break
		}
	}
	if target == nil {
		t.Fatal("no open case to void")
	}
	target.VoidedReason = "Logged in error"
	if err := db.UpdateCase(ctx, target); err != nil {
		t.Fatal(err)
	}
	after, err := reports.GatherAnnual(ctx, db, db, db, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Cases) != len(before.Cases)-1 {
		t.Errorf("after voiding one, the report covers %d cases; want %d", len(after.Cases), len(before.Cases)-1)
	}
	for _, f := range after.Cases {
		if f.Case.ID == target.ID {
			t.Errorf("the voided case %s is in the report", target.Ref)
		}
	}
}

// sealedDemoDB returns a new sealed database, its administrator signed in,
// holding years of demo cases, perYear a year, up to today.
func sealedDemoDB(tb testing.TB, today cdop.Date, years, perYear int) *storage.DB {
	tb.Helper()
	storage.KDF = vault.KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}
	ctx := context.Background()
	db, err := storage.Open(filepath.Join(tb.TempDir(), "cases.db"), cdop.FixedClock(today.Time()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, _, err := db.CreateFirstAdmin(ctx, "test", "a test password here"); err != nil {
		tb.Fatal(err)
	}
	cases := demo.Generate(demo.Options{Years: years, PerYear: perYear, Seed: 3, Today: today})
	for len(cases) > 0 {
		batch := cases[:min(len(cases), 10000)]
		cases = cases[len(batch):]
		if err := db.ImportCases(ctx, batch); err != nil {
			tb.Fatal(err)
		}
	}
	return db
}

// GatherAnnual says how far it has got in case files read, out of the
// cases the period covers, and stops when cancelled.
func TestGatherAnnualReportsProgressAndStopsWhenCancelled(t *testing.T) {
	today := cdop.NewDate(2026, 11, 23)
	db := sealedDemoDB(t, today, 2, 600) // more cases than one slice of files
	from, to := cdop.NewDate(2000, 1, 1), today
	var heard []cdop.Progress
	ctx := cdop.WithProgress(context.Background(), func(p cdop.Progress) { heard = append(heard, p) })
	data, err := reports.GatherAnnual(ctx, db, db, db, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(heard) < 3 {
		t.Fatalf("heard %+v; want the total, then each slice of files", heard)
	}
	for i, p := range heard {
		if p.Unit != cdop.UnitCases || p.Total != int64(len(data.Cases)) || (i > 0 && p.Done <= heard[i-1].Done) {
			t.Errorf("progress %d: %+v; want cases rising to %d", i, p, len(data.Cases))
		}
	}
	if last := heard[len(heard)-1]; last.Done != last.Total {
		t.Errorf("the last progress is %+v", last)
	}

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := reports.GatherAnnual(cancelled, db, db, db, from, to); err == nil {
		t.Error("a cancelled report was gathered")
	}
}
