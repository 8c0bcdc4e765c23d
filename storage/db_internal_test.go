package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestReadTransactionsCannotWrite(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "cases.db"), cdop.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	tx, err := db.beginRead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('due_soon_days', '3')`); err == nil ||
		!strings.Contains(err.Error(), "readonly") {
		t.Errorf("a write in a read transaction: error %v, want a read-only refusal", err)
	}

	w, err := db.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Rollback()
	if _, err := w.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('due_soon_days', '3')`); err != nil {
		t.Errorf("a write in a write transaction: %v", err)
	}
}

func TestFullDisk_SaysSoAndLosesNothingSaved(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "cases.db"), cdop.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := cdop.WithActor(context.Background(), "coordinator")
	newCase := func(i int) *cdop.Case {
		c := cdop.NewCase()
		c.FirstName, c.LastName = "Synthetic", "Child "+strings.Repeat("x", 1+i%7)+string(rune('a'+i%26))
		c.DateOfBirth, c.DateOfDeath = cdop.NewDate(2020, 1, 1).AddDays(i), cdop.NewDate(2024, 1, 1).AddDays(i)
		c.Sex, c.NHSNumberStatus, c.Stage = "female", "not_available", cdop.StageNotified
		c.Summary = strings.Repeat("A long synthetic summary. ", 40)
		return c
	}
	if err := db.CreateCase(ctx, newCase(0)); err != nil {
		t.Fatal(err)
	}
	// The disk fills: the file may not grow by a page more (SQLite meets
	// a full disk and max_page_count alike, with SQLITE_FULL).
	write, _ := db.pool()
	write.SetMaxOpenConns(1)
	var pages int
	if err := write.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := write.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	var batch []*cdop.Case
	for i := 1; i <= 200; i++ {
		batch = append(batch, newCase(i))
	}
	err = db.ImportCases(ctx, batch)
	if cdop.ErrorCode(err) != cdop.ENOSPACE || !strings.Contains(err.Error(), "is full: nothing was saved; free some space, then try again") {
		t.Fatalf("importing onto a full disk: %v (code %s)", err, cdop.ErrorCode(err))
	}
	got, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil || len(got) != 1 {
		t.Errorf("after the full disk: %d cases (%v), want the one saved before", len(got), err)
	}
}
