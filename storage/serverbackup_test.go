package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/outfile"
	"casemanager/storage"
)

// openServerWithBackups opens a new server database whose automatic
// backups go under dir, its administrator signed in.
func openServerWithBackups(t *testing.T, url, dir string) *storage.DB {
	t.Helper()
	db, err := storage.Open(url, cdop.FixedClock(testNow), storage.ServerBackups(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// backedUpServer opens a new server database (its automatic backups under
// a temp folder), stores cases there, and backs it up; it returns the
// database, its backups' folder and the backup.
func backedUpServer(t *testing.T, cases ...*cdop.Case) (*storage.DB, string, string) {
	t.Helper()
	serverURL(t)
	dir := t.TempDir()
	db := openServerWithBackups(t, newServerDB(t), dir)
	if _, _, err := db.CreateFirstAdmin(ctxAs("test"), "test", adminPassword); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, cases...)
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctxAs("test"), backup, outfile.Options{}); err != nil {
		t.Fatal(err)
	}
	return db, dir, backup
}

// refsIn lists the references of a database's cases.
func refsIn(t *testing.T, db *storage.DB) []string {
	t.Helper()
	cases, err := db.FindCases(context.Background(), cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return refsOf(cases)
}

// TestServer_BackupRestoresOverChangesKeepingThem: a server's backup is a
// verified, sealed SQLite file; restoring it onto the server brings back
// its cases exactly, after a backup of the data it replaces, which itself
// restores; the audit chain checks after each.
func TestServer_BackupRestoresOverChangesKeepingThem(t *testing.T) {
	g := &caseGen{}
	first := g.cases(5)
	db, _, backup := backedUpServer(t, first...)
	ctx := ctxAs("test")
	raw, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "SQLite format 3\x00") {
		t.Fatal("a server's backup is not a SQLite database file")
	}
	for _, c := range first {
		if strings.Contains(string(raw), c.LastName) || strings.Contains(string(raw), c.NHSNumber) {
			t.Fatal("the backup holds an identifier in clear: it is not encrypted as the server's rows are")
		}
	}
	want := refsIn(t, db)

	// Changes after the backup: a case more, one edited.
	later := g.next()
	mustCreate(t, db, later)
	edited, _ := db.FindCaseByID(ctx, first[0].ID)
	edited.KeyWorker = "Changed after the backup"
	if err := db.UpdateCase(ctx, edited); err != nil {
		t.Fatal(err)
	}

	r, err := db.Restore(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	if r.Cases != len(first) || r.Before == "" {
		t.Errorf("restored %+v: want %d cases and a backup made before", r, len(first))
	}
	if got := refsIn(t, db); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("after the restore: cases %v, want the backup's %v", got, want)
	}
	back, _ := db.FindCaseByID(ctx, first[0].ID)
	if back.KeyWorker == "Changed after the backup" {
		t.Error("the edit made after the backup survived its restore")
	}
	if err := db.Check(ctx); err != nil {
		t.Errorf("check after the restore: %v", err)
	}
	// New cases still get new row numbers (the identities moved on).
	mustCreate(t, db, g.next())

	// The backup made first holds the replaced data: restored, the later
	// case and the edit are back.
	if _, err := db.Restore(ctx, r.Before); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindCaseByID(ctx, later.ID)
	if err != nil {
		t.Fatalf("the case made after the backup is not in the backup made before the restore: %v", err)
	}
	if got.Ref != later.Ref {
		t.Errorf("case %s back as %s", later.Ref, got.Ref)
	}
	if back, _ := db.FindCaseByID(ctx, first[0].ID); back.KeyWorker != "Changed after the backup" {
		t.Errorf("the replaced edit: key worker %q", back.KeyWorker)
	}
	if err := db.Check(ctx); err != nil {
		t.Errorf("check after restoring the replaced data: %v", err)
	}
}

// TestServer_RestoreOntoAnEmptyServerDatabase: a backup restores onto a
// database IT has just made (no tables), and signs in with its accounts.
func TestServer_RestoreOntoAnEmptyServerDatabase(t *testing.T) {
	src, dir, backup := backedUpServer(t, (&caseGen{}).cases(3)...)
	ctx := ctxAs("test")
	empty := newServerDB(t)
	r, err := storage.RestoreFile(ctx, empty, backup, cdop.FixedClock(testNow), storage.ServerBackups(dir))
	if err != nil {
		t.Fatal(err)
	}
	if r.Before != "" || r.Cases != 3 {
		t.Errorf("restored %+v: want 3 cases and no backup before (there was nothing)", r)
	}
	db := MustSignIn(t, MustOpenDBAt(t, empty, cdop.FixedClock(testNow)))
	if got, want := refsIn(t, db), refsIn(t, src); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("cases %v, want %v", got, want)
	}
	if err := db.Check(ctx); err != nil {
		t.Errorf("check: %v", err)
	}
}

// TestServer_RestoreRefusesAnAlteredBackupChangingNothing: a backup that
// does not match its digest, or is not a backup, is refused before
// anything on the server is touched.
func TestServer_RestoreRefusesAnAlteredBackupChangingNothing(t *testing.T) {
	db, dir, backup := backedUpServer(t, (&caseGen{}).cases(2)...)
	ctx := ctxAs("test")
	mustCreate(t, db, (&caseGen{i: 50}).cases(1)...)
	f, err := os.OpenFile(backup, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("x"))
	f.Close()
	_, err = db.Restore(ctx, backup)
	wantCode(t, "an altered backup", err, cdop.EDAMAGED, "does not match its digest")
	if n := len(refsIn(t, db)); n != 3 {
		t.Errorf("%d cases after a refused restore, want the 3 there were", n)
	}
	if entries, _ := os.ReadDir(storage.BackupsFolder(filepath.Join(dir, "x.db"))); len(entries) != 0 {
		t.Errorf("a refused restore made %d backup files", len(entries))
	}
}

// TestCheck_FindsASealedValueMovedToAnotherRow: a note copied from one
// contact to another (its ciphertext whole, but bound to the first row)
// does not open there, and check says so.
func TestCheck_FindsASealedValueMovedToAnotherRow(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	c := (&caseGen{}).next()
	mustCreate(t, db, c)
	for _, note := range []string{"Spoke to the health visitor", "Left a message"} {
		if err := db.AddContact(ctx, &cdop.Contact{CaseID: c.ID, On: cdop.MustParseDate("2025-05-01"), Method: "phone", Note: note, By: "Coordinator"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("check of a sound database: %v", err)
	}
	raw := rawDB(t, db.Path())
	mustExec(t, raw, `UPDATE contacts SET note = (SELECT note FROM contacts WHERE id = (SELECT min(id) FROM contacts)) WHERE id = (SELECT max(id) FROM contacts)`)
	wantCode(t, "check", db.Check(ctx), cdop.EINVALID, "1 value of contacts's note do not decrypt")
}

// TestCheck_FindsARowReferringToNothing: a row loaded past the foreign
// keys (by a program with them off on a file; by a superuser on a server)
// naming an agency that is not there is found.
func TestCheck_FindsARowReferringToNothing(t *testing.T) {
	db := MustOpenDB(t)
	c := fullCase()
	mustCreate(t, db, c)
	mustExecUnchecked(t, rawDB(t, db.Path()), `INSERT INTO agency_requests (case_id, agency_id, form, requested_on, due_on, updated_at)
		VALUES (?, 999999, 'reporting', '2025-05-01', '2025-05-15', '2025-05-01T00:00:00.000Z')`, c.ID)
	wantCode(t, "check", db.Check(ctxAs("test")), cdop.EINVALID, "agency_requests", "agencies")
}

// TestCheck_RunsAmcheckOnAServerThatHasIt: where the server's administrator
// installed amcheck, check runs it over the schema's indexes.
func TestCheck_RunsAmcheckOnAServerThatHasIt(t *testing.T) {
	serverURL(t)
	url := newServerDB(t)
	db := MustOpenDBAt(t, url, cdop.FixedClock(testNow))
	if _, _, err := db.CreateFirstAdmin(ctxAs("test"), "test", adminPassword); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, (&caseGen{}).cases(3)...)
	if _, err := rawDB(t, url).Exec(`CREATE EXTENSION IF NOT EXISTS amcheck`); err != nil {
		t.Skipf("the server has no amcheck: %v", err)
	}
	if err := db.Check(ctxAs("test")); err != nil {
		t.Errorf("check of a sound database with amcheck: %v", err)
	}
}

// TestServer_RestoresABackupOfAnOlderVersion: a backup an older version
// made (schema 13) restores onto a server, brought up to this schema in a
// private copy first; the backup itself is left as it was.
func TestServer_RestoresABackupOfAnOlderVersion(t *testing.T) {
	serverURL(t)
	dir := t.TempDir()
	backup := filepath.Join(dir, "old.db")
	raw := mustMakeOldDB(t, backup, 13)
	c := (&caseGen{}).next()
	c.Ref = "CDOP-2024-0001"
	insertOldCase(t, raw, c)
	raw.Close()
	sum := digestOf(t, backup)
	if err := os.WriteFile(storage.DigestPath(backup), []byte(sum+"  old.db\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url := newServerDB(t)
	r, err := storage.RestoreFile(ctxAs("test"), url, backup, cdop.FixedClock(testNow), storage.ServerBackups(dir))
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != 13 || r.Cases != 1 {
		t.Errorf("restored %+v, want schema 13 and 1 case", r)
	}
	db := MustOpenDBAt(t, url, cdop.FixedClock(testNow))
	got, err := db.FindCaseByRef(ctxAs("test"), c.Ref)
	if err != nil || got.LastName != c.LastName || got.NHSNumber != c.NHSNumber {
		t.Fatalf("the old backup's case on the server: %+v, %v", got, err)
	}
	if digestOf(t, backup) != sum {
		t.Error("restoring changed the backup file")
	}
}

// TestServer_OtherClientsSeeTheRestoredCases: another coordinator's
// program, its register open, hears of a restore when it commits and then
// lists the backup's cases: none of those the restore took away, the
// restored values of those it brought back.
func TestServer_OtherClientsSeeTheRestoredCases(t *testing.T) {
	g := &caseGen{}
	first := g.cases(3)
	db, dir, backup := backedUpServer(t, first...)
	ctx := ctxAs("test")
	other, err := storage.Open(db.Path(), cdop.FixedClock(testNow), storage.ServerBackups(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	MustSignIn(t, other)
	mustCreate(t, db, g.cases(2)...)
	edited, _ := db.FindCaseByID(ctx, first[0].ID)
	edited.LastName = "Changedafter"
	if err := db.UpdateCase(ctx, edited); err != nil {
		t.Fatal(err)
	}
	listed, err := other.ListCases(ctx, cdop.CaseFilter{})
	if err != nil || len(listed) != 5 {
		t.Fatalf("the other program lists %d cases (%v), want 5", len(listed), err)
	}
	heard := make(chan int64, 10)
	watch, stop := context.WithCancel(context.Background())
	defer stop()
	other.Watch(watch, func(seq int64) { heard <- seq })

	if _, err := db.Restore(ctx, backup); err != nil {
		t.Fatal(err)
	}
	select {
	case <-heard:
	case <-time.After(10 * time.Second):
		t.Fatal("the other program did not hear of the restore")
	}
	listed, err = other.ListCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := refsOf(listedCases(listed)), refsIn(t, db); strings.Join(got, ",") != strings.Join(want, ",") || len(got) != 3 {
		t.Errorf("the other program lists %v after the restore, want the backup's %v", got, want)
	}
	for _, l := range listed {
		if l.LastName == "Changedafter" {
			t.Error("the other program still lists the name changed after the backup")
		}
	}
}

// listedCases turns listings into cases with their references, for refsOf.
func listedCases(ls []cdop.CaseListing) []*cdop.Case {
	out := make([]*cdop.Case, len(ls))
	for i, l := range ls {
		out[i] = &cdop.Case{ID: l.ID, Ref: l.Ref}
	}
	return out
}
