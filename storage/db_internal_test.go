package storage

import (
	"context"
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
