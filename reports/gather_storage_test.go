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
	storage.KDF = vault.KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}
	ctx := context.Background()
	today := cdop.NewDate(2026, 11, 23)
	db, err := storage.Open(filepath.Join(t.TempDir(), "cases.db"), cdop.FixedClock(today.Time()))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.CreateFirstAdmin(ctx, "test", "a test password here"); err != nil {
		t.Fatal(err)
	}
	if err := db.ImportCases(ctx, demo.Generate(demo.Options{Years: 2, PerYear: 30, Seed: 9, Today: today})); err != nil {
		t.Fatal(err)
	}
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
