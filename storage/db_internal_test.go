package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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

// A writer that takes a while (a busy machine, a large commit) is not a
// writer waiting for another: OnWait is told only when another connection
// holds the write lock. (With waitNotice at 0, the former timing of each
// begin and commit told it at every write.)
func TestOnWait_ToldOnlyWhenAnotherWriterHoldsTheLock(t *testing.T) {
	saved := waitNotice
	waitNotice = 0
	defer func() { waitNotice = saved }()
	var (
		mu        sync.Mutex
		recording bool
		told      []bool
	)
	path := filepath.Join(t.TempDir(), "cases.db")
	db, err := Open(path, cdop.SystemClock{}, OnWait(func(w bool) {
		mu.Lock()
		defer mu.Unlock()
		if recording {
			told = append(told, w)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mu.Lock()
	recording = true
	mu.Unlock()
	ctx := cdop.WithActor(context.Background(), "coordinator")
	for i := range 5 {
		c := cdop.NewCase()
		c.FirstName, c.LastName = "Synthetic", "Child"+string(rune('a'+i))
		c.DateOfBirth, c.DateOfDeath = cdop.NewDate(2020, 1, 1), cdop.NewDate(2024, 1, 1).AddDays(i)
		c.Sex, c.NHSNumberStatus, c.Stage = "female", "not_available", cdop.StageNotified
		if err := db.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	if len(told) != 0 {
		t.Errorf("with no other writer, OnWait was told %v", told)
	}
	mu.Unlock()

	// Another connection holds the lock for a moment: told, then done.
	holder, err := sql.Open(driverName, path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		conn.ExecContext(ctx, "COMMIT")
	}()
	c := cdop.NewCase()
	c.FirstName, c.LastName = "Synthetic", "Waiter"
	c.DateOfBirth, c.DateOfDeath = cdop.NewDate(2020, 1, 1), cdop.NewDate(2025, 1, 1)
	c.Sex, c.NHSNumberStatus, c.Stage = "male", "not_available", cdop.StageNotified
	if err := db.CreateCase(ctx, c); err != nil {
		t.Fatalf("the second writer gave up: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(told, []bool{true, false}) {
		t.Errorf("with another writer holding the lock, OnWait was told %v, want waiting then done", told)
	}
}
