package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"casemanager/cdop"
	"casemanager/outfile"
)

var _ cdop.BackupService = (*DB)(nil)

// verifyBackup checks a backup before anything is replaced: its digest
// matches the one written beside it, it passes SQLite's integrity check,
// it is this app's database, and of a schema this version knows. It
// returns what it holds and when it was made.
func verifyBackup(ctx context.Context, backup string) (copyFacts, time.Time, error) {
	var facts copyFacts
	info, err := os.Stat(backup)
	if errors.Is(err, os.ErrNotExist) {
		return facts, time.Time{}, cdop.Errorf(cdop.ENOTFOUND, "there is no backup at %s", backup)
	} else if err != nil {
		return facts, time.Time{}, err
	}
	if info.IsDir() {
		return facts, time.Time{}, cdop.Errorf(cdop.EINVALID, "%s is a folder; name a backup file", backup)
	}
	if j, err := os.Stat(backup + "-journal"); err == nil && j.Size() > 0 {
		return facts, time.Time{}, cdop.Errorf(cdop.ENOTDB, "%s was left half-written (a -journal file is beside it): it is not a backup, and nothing was restored", backup)
	}
	want, err := readDigest(backup)
	if err != nil {
		return facts, time.Time{}, err
	}
	got, err := fileDigest(backup)
	if err != nil {
		return facts, time.Time{}, err
	}
	if got != want {
		return facts, time.Time{}, cdop.Errorf(cdop.EDAMAGED, "%s does not match its digest (%s): it has changed since it was made, so it is not restored",
			backup, filepath.Base(DigestPath(backup)))
	}
	if err := checkHeader(backup, info.Size()); err != nil {
		return facts, time.Time{}, err
	}
	facts, err = verifyCopy(ctx, backup)
	if err != nil {
		return facts, time.Time{}, explainOpen(backup, err)
	}
	known, err := dialect{}.knownVersion()
	if err != nil {
		return facts, time.Time{}, err
	}
	if facts.version > known {
		return facts, time.Time{}, cdop.Errorf(cdop.ENEWER, "%s was made by a newer version of this program (schema %d; this one knows up to %d); install that version to restore it",
			backup, facts.version, known)
	}
	made := info.ModTime()
	if m := backupPattern.FindStringSubmatch(filepath.Base(backup)); m != nil {
		if t, err := time.Parse(backupTimeLayout, m[2]); err == nil {
			made = t
		}
	}
	return facts, made, nil
}

// Restore replaces the database with a backup, safely:
//
//  1. the backup is verified (verifyBackup) before anything is touched;
//  2. a backup of the database as it is goes into the backups folder
//     (unless it is too damaged to copy: it is kept whole in step 4);
//  3. no other user or program may have the database open: it is put in
//     rollback mode, which SQLite allows only to its one user (EBUSY
//     otherwise);
//  4. the database is renamed aside, kept as NAME.replaced-TIME;
//  5. the backup is copied beside it under a temporary name, synced and
//     renamed into place;
//  6. the database is opened again (updated to this version's schema if
//     the backup is older, after its own backup).
//
// The DB then works on the restored file. It says what it did.
func (db *DB) Restore(ctx context.Context, backup string) (cdop.Restored, error) {
	if db.dialect.postgres {
		return db.restoreServer(ctx, backup)
	}
	if db.shared != nil {
		return cdop.Restored{}, errors.New("a restore cannot run inside a batch")
	}
	if err := db.Refusal(); cdop.ErrorCode(err) == cdop.EREADONLY {
		return cdop.Restored{}, cdop.Errorf(cdop.EREADONLY, "nothing was restored: %s", err)
	}
	if same(backup, db.path) {
		return cdop.Restored{}, cdop.Errorf(cdop.EINVALID, "%s is the live database itself; name a backup", backup)
	}
	facts, made, err := verifyBackup(ctx, backup)
	if err != nil {
		return cdop.Restored{}, err
	}
	r := cdop.Restored{From: backup, Made: made, Cases: facts.cases, Version: facts.version}
	if db.Refusal() == nil {
		b, err := db.autoBackup(ctx, cdop.BackupBeforeRestore)
		if err != nil {
			return cdop.Restored{}, fmt.Errorf("nothing was restored: the backup of the database before restoring failed: %w", err)
		}
		r.Before = b.Path
	}
	cdop.ReportProgress(ctx, cdop.Progress{Stage: "Putting the backup in place"}) // no total: the step is one
	p := db.pools.Swap(nil)
	if p != nil {
		p.read.Close()
		p.write.Close()
	}
	kept, err := replaceFile(ctx, db.path, backup, db.clock.Now())
	if err != nil {
		if reopenErr := db.open(ctx); reopenErr != nil {
			return cdop.Restored{}, errors.Join(err, reopenErr)
		}
		return cdop.Restored{}, err
	}
	r.Kept = kept
	db.session.forgetIndex() // the cases listed are the replaced file's
	if err := db.open(ctx); err != nil {
		return r, fmt.Errorf("the backup was restored, but opening it failed: %w", err)
	}
	db.rotate(ctx)
	return r, nil
}

// RestoreFile restores a backup over the database at dbPath as Restore
// does, for a command that has not opened it: a database that cannot be
// opened (damaged beyond reading, not there at all) is kept aside (if
// there) without a backup first, and the backup put in its place.
func RestoreFile(ctx context.Context, dbPath, backup string, clock cdop.Clock, opt ...Option) (cdop.Restored, error) {
	if clock == nil {
		clock = cdop.SystemClock{}
	}
	if IsServerURL(dbPath) {
		// A server's database: an empty one (createdb) takes the
		// schema first, then the backup's rows.
		db, err := Open(dbPath, clock, opt...)
		if err != nil {
			return cdop.Restored{}, fmt.Errorf("nothing was restored: %w", err)
		}
		defer db.Close()
		return db.Restore(ctx, backup)
	}
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return cdop.Restored{}, err
	}
	db, err := Open(abs, clock, append(opt, MustExist())...)
	if err == nil {
		defer db.Close()
		return db.Restore(ctx, backup)
	}
	switch cdop.ErrorCode(err) {
	case cdop.EREADONLY, cdop.EBUSY:
		return cdop.Restored{}, fmt.Errorf("nothing was restored: %w", err)
	}
	if info, serr := os.Stat(filepath.Dir(abs)); serr != nil || !info.IsDir() {
		return cdop.Restored{}, err
	}
	if same(backup, abs) {
		return cdop.Restored{}, cdop.Errorf(cdop.EINVALID, "%s is the live database itself; name a backup", backup)
	}
	facts, made, verr := verifyBackup(ctx, backup)
	if verr != nil {
		return cdop.Restored{}, verr
	}
	kept, rerr := replaceFile(ctx, abs, backup, clock.Now())
	if rerr != nil {
		return cdop.Restored{}, rerr
	}
	r := cdop.Restored{From: backup, Made: made, Cases: facts.cases, Version: facts.version, Kept: kept}
	db, err = Open(abs, clock, opt...)
	if err != nil {
		return r, fmt.Errorf("the backup was restored, but opening it failed: %w", err)
	}
	return r, db.Close()
}

// same reports whether two paths name the same file.
func same(a, b string) bool {
	var p outfile.Protected
	p.AddFile(b, "")
	return p.Check(a) != nil
}

// replaceFile puts a copy of backup at live, keeping the file there (if
// any) as live.replaced-TIME, and returns that name ("" when there was
// none). It refuses (EBUSY) while another connection has live open.
func replaceFile(ctx context.Context, live, backup string, now time.Time) (string, error) {
	exists := true
	if _, err := os.Stat(live); errors.Is(err, os.ErrNotExist) {
		exists = false
	}
	if exists {
		if err := soleUser(ctx, live); err != nil {
			return "", err
		}
	}
	// The copy, whole and synced, beside the database.
	f, err := outfile.Create(live, outfile.Options{Force: true})
	if err != nil {
		return "", err
	}
	defer f.Abort()
	src, err := os.Open(backup)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(f, src)
	src.Close()
	if err != nil {
		return "", fmt.Errorf("copying %s: %w", backup, err)
	}
	kept := ""
	if exists {
		kept = live + ".replaced-" + now.UTC().Format(backupTimeLayout)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if _, err := os.Stat(live + suffix); err != nil {
				continue
			}
			if err := os.Rename(live+suffix, kept+suffix); err != nil {
				os.Rename(kept, live) // put it back
				return "", fmt.Errorf("keeping the database aside as %s: %w", kept, err)
			}
		}
	}
	if err := f.Commit(); err != nil {
		if kept != "" {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Rename(kept+suffix, live+suffix)
			}
		}
		return "", err
	}
	return kept, nil
}

// soleUser makes sure no other connection has the database at path open:
// SQLite leaves WAL mode (folding the log into the file) only for its one
// user. A file too damaged for that is let through: it is kept aside whole.
func soleUser(ctx context.Context, path string) error {
	conn, err := sql.Open(driverName, fileURI(path)+"?_busy_timeout=2000")
	if err != nil {
		return err
	}
	defer conn.Close()
	var mode string
	err = conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode)
	switch {
	case err != nil && isDamage(err):
		return nil
	case err != nil:
		return cdop.Errorf(cdop.EBUSY, "nothing was restored: another user or program has the database %s open (%s); close it there, then restore again", path, sqliteMessage(err))
	case mode != "delete":
		return cdop.Errorf(cdop.EBUSY, "nothing was restored: another user or program has the database %s open; close it there, then restore again", path)
	}
	return nil
}
