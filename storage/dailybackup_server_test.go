package storage_test

import (
	"context"
	"os"
	"testing"
)

// The desktop's daily backup does nothing on a server (its backups are its
// administrator's, pg_dump): no error shown at every start, and no folder
// named after the server's address made in the working folder.
func TestDailyBackup_OnAServerMakesNothing(t *testing.T) {
	if !onServer() {
		t.Skip("a server's database: run with CDOP_TEST_ENGINE=postgres (make test-postgres)")
	}
	db := MustOpenDB(t)
	dir := t.TempDir()
	t.Chdir(dir)
	made, err := db.DailyBackup(context.Background())
	if err != nil || made {
		t.Fatalf("DailyBackup on a server = %v, %v; want nothing made and no error", made, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the daily backup left %s in the working folder", entries[0].Name())
	}
}
