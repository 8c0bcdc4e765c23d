package storage_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/outfile"
	"casemanager/storage"
)

// digestOf returns the SHA-256 of a file's bytes.
func digestOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// filesIn lists the names in dir.
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestOpen_RefusesWhatIsNotThisAppsDatabaseWithoutTouchingIt(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	raw := rawDB(t, other)
	mustExec(t, raw, `CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)`)
	mustExec(t, raw, `INSERT INTO invoices (total) VALUES (12.5)`)
	raw.Close()
	migrateTool := filepath.Join(dir, "migrate.db")
	raw = rawDB(t, migrateTool)
	mustExec(t, raw, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, dirty BOOLEAN NOT NULL)`)
	mustExec(t, raw, `INSERT INTO schema_migrations VALUES (3, 0)`)
	raw.Close()
	empty := filepath.Join(dir, "blank.db")
	raw = rawDB(t, empty)
	mustExec(t, raw, `PRAGMA user_version = 1`) // an SQLite file with no tables
	raw.Close()
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte(strings.Repeat("Minutes of the panel meeting.\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.db")
	if err := os.WriteFile(zero, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		path, want string
		opts       []storage.Option
	}{
		{other, "belongs to another program", nil},
		{migrateTool, "belongs to another program", nil},
		{text, "not a database file at all", nil},
		{empty, "holds no case database", []storage.Option{storage.MustExist()}},
		{zero, "an empty file", []storage.Option{storage.MustExist()}},
	} {
		before := digestOf(t, tc.path)
		db, err := storage.Open(tc.path, cdop.FixedClock(testNow), tc.opts...)
		if err == nil {
			db.Close()
		}
		wantCode(t, filepath.Base(tc.path), err, cdop.ENOTDB, tc.path, tc.want)
		if after := digestOf(t, tc.path); after != before {
			t.Errorf("%s: the file changed", filepath.Base(tc.path))
		}
	}
	// Nothing was made beside them.
	if got := filesIn(t, dir); !slices.Equal(got, []string{"blank.db", "migrate.db", "notes.db", "other.db", "zero.db"}) {
		t.Errorf("the folder holds %q", got)
	}
}

func TestOpen_MustExistRefusesAMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mistyped.db")
	_, err := storage.Open(path, cdop.FixedClock(testNow), storage.MustExist())
	wantCode(t, "a missing file", err, cdop.ENOTFOUND, "there is no database at "+path)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a missing file was created (%v)", err)
	}
}

func TestOpen_MarksTheFileAsACaseDatabase(t *testing.T) {
	sqliteOnly(t)
	db := MustOpenDB(t)
	var id int64
	if err := rawDB(t, db.Path()).QueryRow(`PRAGMA application_id`).Scan(&id); err != nil || id != 0x43444F50 {
		t.Errorf("application_id = %#x (%v), want \"CDOP\"", id, err)
	}
}

func TestOpen_RefusesAHalfWrittenFileAndDoesNotMigrateIt(t *testing.T) {
	sqliteOnly(t)
	// What a killed VACUUM INTO leaves: a partial file and its journal.
	dir := t.TempDir()
	src := MustOpenDB(t)
	mustCreate(t, src, (&caseGen{}).cases(30)...)
	partial := filepath.Join(dir, "copy.db")
	if err := src.Backup(context.Background(), partial, outfile.Options{}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(partial)
	if err := os.WriteFile(partial, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(partial+"-journal", b[:4096], 0o600); err != nil {
		t.Fatal(err)
	}
	before := digestOf(t, partial)
	_, err := storage.Open(partial, cdop.FixedClock(testNow), storage.MustExist())
	wantCode(t, "a half-written copy", err, cdop.ENOTDB, "half-written", "copy.db-journal")
	if digestOf(t, partial) != before {
		t.Error("the half-written file was changed (rolled back or migrated)")
	}
}

// damage zeroes the root page of the cases table of the closed database at path.
func damage(t *testing.T, path string) {
	t.Helper()
	raw := rawDB(t, path)
	var root, size int64
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'cases'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(make([]byte, size), (root-1)*size); err != nil {
		t.Fatal(err)
	}
}

func TestOpen_ADamagedDatabaseOpensReadOnlyAndEveryWriteSaysHowToRestore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	g := &caseGen{}
	mustCreate(t, db, g.cases(40)...)
	good, err := db.BackUpNow(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mustClose(t, db)
	damage(t, path)

	db, err = storage.Open(path, cdop.FixedClock(testNow), storage.MustExist())
	if err != nil {
		t.Fatalf("a damaged database should open read-only: %v", err)
	}
	defer db.Close()
	wantCode(t, "Refusal", db.Refusal(), cdop.EDAMAGED, "is damaged", "read-only", "cdop restore "+good.Path)
	ctx := ctxAs("coordinator")
	wantCode(t, "a new case", db.CreateCase(ctx, g.next()), cdop.EDAMAGED, "cdop restore "+good.Path)
	wantCode(t, "an import", db.ImportCases(ctx, g.cases(2)), cdop.EDAMAGED, "Restore the newest good backup")
	wantCode(t, "settings", db.SaveSettings(ctx, cdop.DefaultSettings), cdop.EDAMAGED)
	wantCode(t, "a backup of the damage", db.Backup(ctx, filepath.Join(t.TempDir(), "b.db"), outfile.Options{}), cdop.EDAMAGED, "no backup was made")
	wantCode(t, "check", db.Check(ctx), cdop.EDAMAGED)
}

func TestCheck_FindsWhatWasWrittenBehindTheAppsBack(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("coordinator")
	g := &caseGen{}
	cases := g.cases(6)
	for _, c := range cases {
		c.Stage = cdop.StageNotified
		c.Analysis = cdop.Analysis{}
	}
	mustCreate(t, db, cases...)
	if err := db.MoveStage(ctx, cases[0].ID, cdop.StageImmediateDecisions, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveStage(ctx, cases[1].ID, cdop.StageImmediateDecisions, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("Check of a sound database: %v", err)
	}
	raw := rawDB(t, db.Path())
	// A duplicate NHS number and a duplicate death.
	mustExec(t, raw, `UPDATE cases SET nhs_number = (SELECT nhs_number FROM cases WHERE id = ?), nhs_index = (SELECT nhs_index FROM cases WHERE id = ?) WHERE id = ?`, cases[2].ID, cases[2].ID, cases[3].ID)
	// A look-alike saved as a different child, whose reason is then wiped.
	alike := cases[5].Clone()
	alike.LastName, alike.DateOfBirth, alike.DateOfDeath, alike.Sex = cases[4].LastName, cases[4].DateOfBirth, cases[4].DateOfDeath, cases[4].Sex
	alike.NHSNumber, alike.NHSNumberStatus, alike.Postcode = "", "not_available", ""
	alike.NotifiedOn, alike.DistinctReason = cases[4].NotifiedOn, "Twin: confirmed by the maternity unit"
	if err := db.UpdateCase(ctx, alike); err != nil {
		t.Fatal(err)
	}
	mustExec(t, raw, `UPDATE cases SET distinct_reason = NULL WHERE id = ?`, cases[5].ID)
	// A case moved in the app losing what its stage needed, and one put at
	// a stage it never moved to.
	mustExec(t, raw, `UPDATE cases SET notified_on = NULL WHERE id = ?`, cases[0].ID)
	mustExec(t, raw, `UPDATE cases SET stage = 'cdrm' WHERE id = ?`, cases[1].ID)
	// A closed case without its analysis.
	mustExec(t, raw, `UPDATE cases SET stage = 'closed' WHERE id = ?`, cases[2].ID)
	// A contact whose case is gone.
	mustExecUnchecked(t, raw, `INSERT INTO contacts (case_id, contacted_on, method, contacted_by) VALUES ('gone', '2025-01-01', 'phone', 'x')`)

	err := db.Check(ctx)
	if cdop.ErrorCode(err) != cdop.EINVALID {
		t.Fatalf("Check = %v, want the findings", err)
	}
	text := err.Error()
	refs := refsOf(cases)
	for _, want := range []string{
		"cases " + refs[2] + ", " + refs[3] + " have the same NHS number",
		"cases " + refs[4] + ", " + refs[5] + " may be the same child",
		"case " + refs[0] + ": at Immediate decisions but lacks the date the panel was notified",
		"case " + refs[1] + ": its stage is cdrm, but its last recorded move took it to immediate_decisions",
		"case " + refs[2] + ": category: is required for a closed case",
		"1 row of contacts refer to a case missing from cases",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Check does not say %q:\n%s", want, text)
		}
	}
	for _, c := range cases {
		for _, id := range []string{c.FirstName + " " + c.LastName, c.NHSNumber, c.DateOfBirth.String()} {
			if id != "" && strings.Contains(text, id) {
				t.Errorf("Check prints the identifier %q", id)
			}
		}
	}
}

func TestCheck_FindsAReferenceUsedTwice(t *testing.T) {
	// A table rebuilt without its unique reference, by another program.
	path := filepath.Join(t.TempDir(), "cases.db")
	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	cases := (&caseGen{}).cases(2)
	mustCreate(t, db, cases...)
	mustClose(t, db)
	raw := rawDB(t, path)
	mustExec(t, raw, `PRAGMA writable_schema = ON`)
	mustExec(t, raw, `UPDATE sqlite_master SET sql = replace(sql, 'COLLATE NOCASE UNIQUE', 'COLLATE NOCASE') WHERE name = 'cases'`)
	mustExec(t, raw, `DELETE FROM sqlite_master WHERE name = 'sqlite_autoindex_cases_2'`)
	raw.Close()
	raw = rawDB(t, path)
	mustExec(t, raw, `VACUUM`)
	mustExec(t, raw, `UPDATE cases SET case_ref = lower(?) WHERE id = ?`, cases[0].Ref, cases[1].ID)
	raw.Close()

	db = MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	err := db.Check(context.Background())
	if err == nil || !strings.Contains(err.Error(), "the case reference "+cases[0].Ref+", "+strings.ToLower(cases[0].Ref)+" is used by more than one case") {
		t.Errorf("Check = %v", err)
	}
}

func TestBackup_IsVerifiedAndCarriesItsDigest(t *testing.T) {
	sqliteOnly(t)
	db := MustOpenDB(t)
	mustCreate(t, db, (&caseGen{}).cases(10)...)
	dir := t.TempDir()
	dest := filepath.Join(dir, "copy.db")
	if err := db.Backup(context.Background(), dest, outfile.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := filesIn(t, dir); !slices.Equal(got, []string{"copy.db", "copy.db.sha256"}) {
		t.Errorf("the folder holds %q, want the backup and its digest alone", got)
	}
	want := digestOf(t, dest) + "  copy.db\n"
	if got, _ := os.ReadFile(dest + ".sha256"); string(got) != want {
		t.Errorf("digest file %q, want %q (as sha256sum writes it)", got, want)
	}
	// Replaced only when forced.
	if err := db.Backup(context.Background(), dest, outfile.Options{Force: true}); err != nil {
		t.Errorf("a forced backup over the last: %v", err)
	}
	var p outfile.Protected
	p.AddDatabase(db.Path())
	err := db.Backup(context.Background(), db.Path(), outfile.Options{Protected: p, Force: true})
	wantCode(t, "a backup over the live database", err, cdop.EINVALID, "is the live database")
}

func TestRestore_ChecksBeforeReplacingAndKeepsWhatItReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, path, clock)
	ctx := ctxAs("admin")
	g := &caseGen{}
	first := g.cases(5)
	mustCreate(t, db, first...)
	b, err := db.BackUpNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b.Reason != cdop.BackupManual || filepath.Dir(b.Path) != filepath.Join(filepath.Dir(path), "backups") {
		t.Errorf("backup %+v", b)
	}
	mustCreate(t, db, g.cases(3)...)
	clock.now = testNow.Add(time.Hour)

	// A backup changed since it was made, one without its digest and one
	// of a newer version are refused, and nothing is replaced.
	tampered := filepath.Join(t.TempDir(), "tampered.db")
	copyFile(t, b.Path, tampered)
	copyFile(t, b.Path+".sha256", tampered+".sha256")
	f, _ := os.OpenFile(tampered, os.O_RDWR, 0)
	f.WriteAt([]byte{0x01}, 100)
	f.Close()
	_, err = db.Restore(ctx, tampered)
	wantCode(t, "a tampered backup", err, cdop.EDAMAGED, "does not match its digest")
	bare := filepath.Join(t.TempDir(), "bare.db")
	copyFile(t, b.Path, bare)
	_, err = db.Restore(ctx, bare)
	wantCode(t, "a backup without its digest", err, cdop.ENOTDB, "has no digest beside it")
	newer := filepath.Join(t.TempDir(), "newer.db")
	copyFile(t, b.Path, newer)
	raw := rawDB(t, newer)
	mustExec(t, raw, `INSERT INTO schema_migrations (version, applied_at) VALUES (999, '2030-01-01T00:00:00.000Z')`)
	raw.Close()
	writeDigest(t, newer)
	_, err = db.Restore(ctx, newer)
	known := migrationVersions(t)
	wantCode(t, "a newer backup", err, cdop.ENEWER, "schema 999", fmt.Sprintf("knows up to %d", known[len(known)-1]))
	if got, _ := db.FindCases(ctx, cdop.CaseFilter{}); len(got) != 8 {
		t.Fatalf("after the refusals the database holds %d cases, want 8", len(got))
	}

	// The good one: restored, the replaced database kept, a backup made first.
	r, err := db.Restore(ctx, b.Path)
	if err != nil {
		t.Fatal(err)
	}
	if r.Cases != 5 || r.Kept != path+".replaced-20250602T103000Z" || r.Before == "" || r.From != b.Path {
		t.Errorf("restored %+v", r)
	}
	got, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil || len(got) != 5 {
		t.Fatalf("after the restore: %d cases (%v), want 5", len(got), err)
	}
	kept := MustOpenDBAt(t, r.Kept, clock)
	if got, _ := kept.FindCases(ctx, cdop.CaseFilter{}); len(got) != 8 {
		t.Errorf("the kept database holds %d cases, want 8", len(got))
	}
	before := MustOpenDBAt(t, r.Before, clock)
	if got, _ := before.FindCases(ctx, cdop.CaseFilter{}); len(got) != 8 {
		t.Errorf("the backup before restoring holds %d cases, want 8", len(got))
	}
	// Writes go on, to the restored file.
	mustCreate(t, db, g.next())
	if err := db.Check(ctx); err != nil {
		t.Errorf("check after the restore: %v", err)
	}
}

func TestRestore_RefusesWhileAnotherProgramHasTheDatabaseOpen(t *testing.T) {
	sqliteOnly(t)
	db := MustOpenDB(t)
	mustCreate(t, db, (&caseGen{}).cases(2)...)
	b, err := db.BackUpNow(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	other := MustSignIn(t, MustOpenDBAt(t, db.Path(), cdop.FixedClock(testNow)))
	if _, err := other.FindCases(context.Background(), cdop.CaseFilter{}); err != nil {
		t.Fatal(err)
	}
	_, err = db.Restore(context.Background(), b.Path)
	wantCode(t, "a restore under another user", err, cdop.EBUSY, "has the database", "open")
	if _, err := other.FindCases(context.Background(), cdop.CaseFilter{}); err != nil {
		t.Errorf("the other user's database broke: %v", err)
	}
	mustCreate(t, db, (&caseGen{i: 50}).next()) // and ours still works
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func writeDigest(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path+".sha256", []byte(digestOf(t, path)+"  "+filepath.Base(path)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAutomaticBackups_DailyBeforeMigrationAndRotated(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cases.db")
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, path, clock)
	ctx := ctxAs("admin")
	mustCreate(t, db, (&caseGen{}).cases(3)...)
	for day := range 5 {
		clock.now = testNow.Add(time.Duration(day) * 24 * time.Hour)
		made, err := db.DailyBackup(ctx)
		if err != nil || !made {
			t.Fatalf("day %d: DailyBackup = %v, %v", day, made, err)
		}
		if made, _ := db.DailyBackup(ctx); made {
			t.Errorf("day %d: a second daily backup", day)
		}
	}
	list, err := db.Backups(ctx)
	if err != nil || len(list) != 5 || list[0].Reason != cdop.BackupDaily || !list[0].Made.After(list[4].Made) {
		t.Fatalf("backups %+v, %v; want 5 daily ones, newest first", list, err)
	}
	if err := db.SetBackupsKept(ctx, 2); err != nil {
		t.Fatal(err)
	}
	list, _ = db.Backups(ctx)
	if len(list) != 2 || !list[0].Made.Equal(clock.now) {
		t.Errorf("keeping 2: %+v", list)
	}
	if got := filesIn(t, filepath.Join(dir, "backups")); len(got) != 4 {
		t.Errorf("the backups folder holds %q, want 2 backups and their digests", got)
	}
	wantCode(t, "keeping none", db.SetBackupsKept(ctx, 0), cdop.EINVALID)

	// An older database with data is backed up before it is updated.
	old := filepath.Join(t.TempDir(), "old.db")
	raw := mustMakeOldDB(t, old, 6)
	insertOldCase(t, raw, fullCase())
	raw.Close()
	db = MustOpenDBAt(t, old, clock)
	list, err = db.Backups(ctx)
	if err != nil || len(list) != 1 || list[0].Reason != cdop.BackupBeforeMigration {
		t.Fatalf("backups of the migrated database: %+v, %v", list, err)
	}
	var version int
	if err := rawDB(t, list[0].Path).QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil || version != 6 {
		t.Errorf("the backup before migrating is at schema %d (%v), want 6", version, err)
	}
}

func TestBusy_ASecondWriterWaitsSaysSoAndGoesOn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	var mu sync.Mutex
	var told []bool
	db, err := storage.Open(path, cdop.FixedClock(testNow), storage.OnWait(func(w bool) {
		mu.Lock()
		told = append(told, w)
		mu.Unlock()
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	holder := rawDB(t, path)
	conn, err := holder.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(800 * time.Millisecond)
		conn.ExecContext(context.Background(), `COMMIT`)
	}()
	if err := db.CreateCase(ctxAs("x"), (&caseGen{}).next()); err != nil {
		t.Fatalf("the second writer gave up: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(told, []bool{true, false}) {
		t.Errorf("OnWait was told %v, want waiting then done", told)
	}
	conn.Close()
}

func TestBusy_GivesUpWithASentenceNamingTheDatabaseAndTheOtherProgram(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	db, err := storage.Open(path, cdop.FixedClock(testNow), storage.BusyTimeout(300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	holder := "another user or program"
	if sqlite3, err := exec.LookPath("sqlite3"); err == nil && runtime.GOOS == "linux" {
		// Another program holding the lock: the sqlite3 shell.
		cmd := exec.Command(sqlite3, path)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { stdin.Close(); cmd.Wait() }()
		io.WriteString(stdin, "BEGIN IMMEDIATE;\nSELECT 'locked';\n")
		buf := make([]byte, 7)
		if _, err := io.ReadFull(stdout, buf); err != nil {
			t.Fatal(err)
		}
		holder = fmt.Sprintf("another user or program (sqlite3, process %d)", cmd.Process.Pid)
	} else {
		conn, err := rawDB(t, path).Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
			t.Fatal(err)
		}
	}
	err = db.CreateCase(ctxAs("x"), (&caseGen{}).next())
	wantCode(t, "a writer kept waiting", err, cdop.EBUSY, "the database "+path+" is locked: "+holder, "nothing was saved")
}

func TestBatch_StoresAllOrNothing(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("demo")
	g := &caseGen{}
	boom := errors.New("stopped part way")
	err := db.Batch(ctx, func(b *storage.DB) error {
		if err := b.ImportCases(ctx, g.cases(5)); err != nil {
			return err
		}
		mustCreate(t, b, g.next())
		if got, _ := b.FindCases(ctx, cdop.CaseFilter{}); len(got) != 6 {
			t.Errorf("inside the batch %d cases are seen, want 6", len(got))
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Batch = %v", err)
	}
	if got, _ := db.FindCases(ctx, cdop.CaseFilter{}); len(got) != 0 {
		t.Errorf("a failed batch left %d cases", len(got))
	}
	if err := db.Batch(ctx, func(b *storage.DB) error { return b.ImportCases(ctx, g.cases(4)) }); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindCases(ctx, cdop.CaseFilter{}); len(got) != 4 {
		t.Errorf("a batch stored %d cases, want 4", len(got))
	}
}

// TestBackUpNowReportsItsProgressInBytes: a backup tells the listener in
// its context how far it has got, in bytes of a fixed total, rising to
// that total; cancelled, it leaves no file.
func TestBackUpNowReportsItsProgressInBytes(t *testing.T) {
	sqliteOnly(t)
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), &settableClock{now: testNow})
	g := &caseGen{}
	mustCreate(t, db, g.cases(20)...)
	var heard []cdop.Progress
	ctx := cdop.WithProgress(ctxAs("admin"), func(p cdop.Progress) { heard = append(heard, p) })
	if _, err := db.BackUpNow(ctx); err != nil {
		t.Fatal(err)
	}
	if len(heard) < 2 {
		t.Fatalf("heard %+v; want the check and the digest at least", heard)
	}
	total := heard[0].Total
	for i, p := range heard {
		if p.Unit != cdop.UnitBytes || p.Total != total || p.Total <= 0 || p.Done > p.Total || (i > 0 && p.Done < heard[i-1].Done) {
			t.Errorf("progress %d of %d: %+v (total %d); want bytes rising to a fixed total", i, len(heard), p, total)
		}
	}
	if last := heard[len(heard)-1]; last.Done != last.Total {
		t.Errorf("the last progress is %+v; want done = total", last)
	}

	cancelled, cancel := context.WithCancel(ctxAs("admin"))
	cancel()
	if _, err := db.BackUpNow(cancelled); err == nil {
		t.Fatal("a cancelled backup was made")
	}
	list, _ := db.Backups(context.Background())
	entries, _ := os.ReadDir(filepath.Join(filepath.Dir(db.Path()), "backups"))
	if len(list) != 1 || len(entries) != 2 { // the first backup and its digest
		t.Errorf("after a cancelled backup the folder holds %d files (%d backups)", len(entries), len(list))
	}
}
