package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"casemanager/cdop"
	"casemanager/outfile"
)

// BackupsFolder is where the app keeps the automatic backups of the
// database at dbPath: a folder "backups" beside it.
func BackupsFolder(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "backups")
}

// DigestPath is the file beside a backup that holds its SHA-256 digest, in
// the form sha256sum writes and checks: "HEX  NAME\n".
func DigestPath(backup string) string { return backup + ".sha256" }

// Backup writes a verified copy of the database, as it stands, to dest,
// with its digest beside it (DigestPath), as out says (never over the
// database or the backups folder; an existing file only when forced).
// The live database passes SQLite's quick check first (a damaged one is
// not copied: EDAMAGED). The copy is made with VACUUM INTO under a
// temporary name in dest's folder, synced, passes SQLite's integrity
// check and is this app's database of this schema version; then its
// digest is written and both are renamed into place, the digest first.
// A failure, or a kill, leaves neither file (only a temporary one, which
// the next start removes).
func (db *DB) Backup(ctx context.Context, dest string, out outfile.Options) error {
	if err := db.quickCheck(ctx); cdop.ErrorCode(err) == cdop.EDAMAGED {
		return cdop.Errorf(cdop.EDAMAGED, "no backup was made: a copy would keep the damage. %s", err)
	} else if err != nil && cdop.ErrorCode(err) != cdop.EREADONLY {
		return err
	}
	_, err := db.backupTo(ctx, dest, out)
	return err
}

// backupTo makes the verified copy Backup describes, without the quick
// check first, and returns what it holds.
func (db *DB) backupTo(ctx context.Context, dest string, out outfile.Options) (copyFacts, error) {
	var facts copyFacts
	f, err := outfile.Create(dest, out)
	if err != nil {
		return facts, err
	}
	defer f.Abort()
	sidecar, err := outfile.Create(DigestPath(dest), out)
	if err != nil {
		return facts, err
	}
	defer sidecar.Abort()
	// VACUUM INTO writes the temporary file itself (it accepts an empty
	// one); it reads the database as a reader does, but the read pool's
	// query_only connections refuse any statement that writes a file.
	f.Close()
	write, _ := db.pool()
	if write == nil {
		return facts, errors.New("the database is closed")
	}
	// Progress (cdop.ReportProgress) in bytes: the copy as it grows towards
	// the database's pages in use, then its digest read through; the check
	// between them says only that it is under way. A server's rows are
	// copied table by table, its size known once the copy is made.
	var size int64
	if db.dialect.postgres {
		if err = db.copyToFile(ctx, f.Path(), out.Register); err == nil {
			if info, serr := os.Stat(f.Path()); serr == nil {
				size = max(info.Size(), 1)
			}
		}
	} else {
		if err := write.QueryRowContext(ctx, `SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, pragma_page_size`).Scan(&size); err != nil {
			return facts, fmt.Errorf("backup to %s: %w", dest, err)
		}
		size = max(size, 1)
		stopWatching := watchGrowth(ctx, f.Path(), func(n int64) {
			cdop.ReportProgress(ctx, cdop.Progress{Stage: "Copying the database", Done: min(n, size), Total: 2 * size, Unit: cdop.UnitBytes})
		})
		_, err = write.ExecContext(ctx, `VACUUM INTO ?`, f.Path())
		stopWatching()
	}
	if err != nil {
		if cdop.ErrorCode(err) == cdop.ENOSPACE { // the copy's disk, not the database's
			return facts, cdop.Errorf(cdop.ENOSPACE, "the disk holding %s is full: no backup was made; free some space and try again", dest)
		}
		return facts, fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := syncFile(f.Path()); err != nil {
		return facts, fmt.Errorf("backup to %s: %w", dest, err)
	}
	cdop.ReportProgress(ctx, cdop.Progress{Stage: "Checking the copy", Done: size, Total: 2 * size, Unit: cdop.UnitBytes})
	if facts, err = verifyCopy(ctx, f.Path()); err != nil {
		return facts, fmt.Errorf("backup to %s: the copy failed its check, so it was not kept: %w", dest, err)
	}
	sum, err := fileDigestProgress(ctx, f.Path(), func(n int64) {
		cdop.ReportProgress(ctx, cdop.Progress{Stage: "Working out its digest", Done: size + min(n, size), Total: 2 * size, Unit: cdop.UnitBytes})
	})
	if err != nil {
		return facts, fmt.Errorf("backup to %s: %w", dest, err)
	}
	if _, err := fmt.Fprintf(sidecar, "%s  %s\n", sum, filepath.Base(dest)); err != nil {
		return facts, fmt.Errorf("backup to %s: %w", dest, err)
	}
	return facts, outfile.CommitAll(sidecar, f)
}

// ReasonBeforeMigration names the backup made before a migration.
const ReasonBeforeMigration = cdop.BackupBeforeMigration

// backupPattern matches the automatic backups' names: the database's name,
// when (UTC), a number when two fell in one second, why.
var backupPattern = regexp.MustCompile(`^(.+)-([0-9]{8}T[0-9]{6}Z)(?:-([0-9]+))?-(daily|manual|before-migration|before-restore)\.db$`)

const backupTimeLayout = "20060102T150405Z"

// listBackups lists the automatic backups of the database at dbPath in its
// backups folder (those with their digest beside them), newest first.
func listBackups(dbPath string) ([]cdop.Backup, error) {
	dir := BackupsFolder(dbPath)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	type found struct {
		b   cdop.Backup
		seq int
	}
	var list []found
	for _, e := range entries {
		m := backupPattern.FindStringSubmatch(e.Name())
		if m == nil || m[1] != base {
			continue
		}
		made, err := time.Parse(backupTimeLayout, m[2])
		if err != nil {
			continue
		}
		path := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil {
			continue
		}
		if _, err := os.Stat(DigestPath(path)); err != nil {
			continue
		}
		seq, _ := strconv.Atoi(m[3])
		list = append(list, found{cdop.Backup{Path: path, Made: made, Size: info.Size(), Reason: m[4]}, seq})
	}
	sort.Slice(list, func(i, j int) bool {
		if !list[i].b.Made.Equal(list[j].b.Made) {
			return list[i].b.Made.After(list[j].b.Made)
		}
		return list[i].seq > list[j].seq
	})
	out := make([]cdop.Backup, len(list))
	for i, f := range list {
		out[i] = f.b
	}
	return out, nil
}

// autoBackup makes a verified backup into the backups folder, named for
// why it was made, then removes the oldest beyond the number kept (but for
// the backup before a restore: the one restored may be among them).
func (db *DB) autoBackup(ctx context.Context, reason string) (cdop.Backup, error) {
	at := db.backupsPath()
	if at == "" {
		return cdop.Backup{}, cdop.Errorf(cdop.EINVALID, "no folder was given for the backups of the database %s", db.path)
	}
	dir := BackupsFolder(at)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return cdop.Backup{}, fmt.Errorf("the backups folder %s: %w", dir, err)
	}
	made := db.clock.Now().UTC().Truncate(time.Second)
	base := strings.TrimSuffix(filepath.Base(at), filepath.Ext(at))
	var path string
	for n := 1; ; n++ {
		seq := ""
		if n > 1 {
			seq = "-" + strconv.Itoa(n)
		}
		stem := filepath.Join(dir, fmt.Sprintf("%s-%s%s-", base, made.Format(backupTimeLayout), seq))
		if taken, _ := filepath.Glob(globEscape(stem) + "*.db"); len(taken) == 0 {
			path = stem + reason + ".db"
			break
		}
	}
	var p outfile.Protected
	if !db.dialect.postgres {
		p.AddDatabase(db.path)
	}
	if _, err := db.backupTo(ctx, path, outfile.Options{Protected: p}); err != nil {
		return cdop.Backup{}, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return cdop.Backup{}, err
	}
	if reason != cdop.BackupBeforeRestore { // Restore rotates once the backup it restores is copied
		db.rotate(ctx)
	}
	return cdop.Backup{Path: path, Made: made, Size: info.Size(), Reason: reason}, nil
}

// rotate removes the oldest automatic backups beyond the number kept.
func (db *DB) rotate(ctx context.Context) {
	kept, err := db.BackupsKept(ctx)
	if err != nil {
		kept = cdop.DefaultBackupsKept
	}
	list, err := listBackups(db.backupsPath())
	if err != nil || len(list) <= kept {
		return
	}
	for _, b := range list[kept:] {
		os.Remove(DigestPath(b.Path))
		os.Remove(b.Path)
	}
}

// Backups lists the automatic backups of the database, newest first.
func (db *DB) Backups(context.Context) ([]cdop.Backup, error) {
	if db.backupsPath() == "" {
		return nil, nil // a server's database given no folder for its backups
	}
	return listBackups(db.backupsPath())
}

// BackUpNow makes a verified backup into the backups folder now, after
// the database passes its quick check.
func (db *DB) BackUpNow(ctx context.Context) (cdop.Backup, error) {
	if err := db.quickCheck(ctx); cdop.ErrorCode(err) == cdop.EDAMAGED {
		return cdop.Backup{}, cdop.Errorf(cdop.EDAMAGED, "no backup was made: a copy would keep the damage. %s", err)
	}
	return db.autoBackup(ctx, cdop.BackupManual)
}

// DailyBackup makes the day's automatic backup unless one was made today
// (in England) or the database cannot be written; it reports whether it
// made one. The desktop app calls it once it has opened the database.
func (db *DB) DailyBackup(ctx context.Context) (bool, error) {
	if db.Refusal() != nil || db.dialect.postgres { // a server's backups are its administrator's
		return false, nil
	}
	if db.backupsPath() == "" {
		return false, nil
	}
	list, err := listBackups(db.backupsPath())
	if err != nil {
		return false, err
	}
	today := cdop.Today(db.clock)
	for _, b := range list {
		if cdop.Today(cdop.FixedClock(b.Made)) == today {
			return false, nil
		}
	}
	if err := db.quickCheck(ctx); err != nil {
		return false, nil // damaged: the refusal says so; a copy would keep the damage
	}
	if _, err := db.autoBackup(ctx, cdop.BackupDaily); err != nil {
		return false, err
	}
	return true, nil
}

// backupsKeptKey is the setting of how many automatic backups are kept.
const backupsKeptKey = "backups_kept"

// BackupsKept returns how many automatic backups are kept.
func (db *DB) BackupsKept(ctx context.Context) (int, error) {
	_, read := db.pool()
	if read == nil {
		return cdop.DefaultBackupsKept, nil
	}
	var value string
	err := read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, backupsKeptKey).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return cdop.DefaultBackupsKept, nil
	} else if err != nil {
		return cdop.DefaultBackupsKept, err
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 {
		return cdop.DefaultBackupsKept, fmt.Errorf("setting %s: stored %q is not a whole number, 1 or more", backupsKeptKey, value)
	}
	return n, nil
}

// SetBackupsKept sets how many automatic backups are kept (1 to 1000), with
// an audit row of the change, and removes the oldest beyond it.
func (db *DB) SetBackupsKept(ctx context.Context, n int) error {
	if n < 1 || n > 1000 {
		return cdop.ValidationErrors{{Field: backupsKeptKey, Message: fmt.Sprintf("%d is not allowed; keep 1 to 1000 backups", n)}}
	}
	old, err := db.BackupsKept(ctx)
	if err != nil {
		return err
	}
	if old == n {
		return nil
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, backupsKeptKey, strconv.Itoa(n)); err != nil {
		return err
	}
	if err := insertAudit(ctx, tx, "", settingsAction, []cdop.FieldChange{{Field: backupsKeptKey, Old: strconv.Itoa(old), New: strconv.Itoa(n)}}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.rotate(ctx)
	return nil
}

// syncFile flushes a file written by someone else (SQLite) to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// fileDigest returns the SHA-256 of a file, in hex.
func fileDigest(path string) (string, error) {
	return fileDigestProgress(context.Background(), path, nil)
}

// fileDigestProgress is fileDigest telling read, when set, how many bytes
// it has read so far (every 4 MiB), and stopping at the context's end.
func fileDigestProgress(ctx context.Context, path string, read func(int64)) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		m, err := io.CopyN(h, f, 4<<20)
		n += m
		if read != nil {
			read(n)
		}
		if err == io.EOF {
			break
		} else if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// watchGrowth calls grown with the size of the file at path every tenth of
// a second until the function it returns is called (or ctx ends).
func watchGrowth(ctx context.Context, path string, grown func(int64)) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				if info, err := os.Stat(path); err == nil {
					grown(info.Size())
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished // no report after the copy is done
	}
}

// readDigest reads the digest beside a backup.
func readDigest(backup string) (string, error) {
	b, err := os.ReadFile(DigestPath(backup))
	if errors.Is(err, os.ErrNotExist) {
		return "", cdop.Errorf(cdop.ENOTDB, "%s has no digest beside it (%s): it cannot be shown to be the backup cdop made, so it is not restored",
			backup, filepath.Base(DigestPath(backup)))
	} else if err != nil {
		return "", err
	}
	sum, _, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	if len(sum) != sha256.Size*2 {
		return "", cdop.Errorf(cdop.ENOTDB, "%s does not hold a SHA-256 digest", DigestPath(backup))
	}
	return strings.ToLower(sum), nil
}

// copyFacts are what verifyCopy learns of a database file.
type copyFacts struct {
	version int // its newest schema migration
	cases   int
}

// verifyCopy opens a copy of a database read-only and checks that it is
// whole (SQLite's integrity check) and this app's database; it returns
// its schema version and how many cases it holds.
func verifyCopy(ctx context.Context, path string) (copyFacts, error) {
	var facts copyFacts
	abs, err := filepath.Abs(path)
	if err != nil {
		return facts, err
	}
	raw, err := sql.Open(driverName, readOnlyDSN(abs, false))
	if err != nil {
		return facts, err
	}
	defer raw.Close()
	problems, err := integrityProblems(ctx, raw, "integrity_check", 20)
	if err != nil {
		return facts, err
	}
	if len(problems) > 0 {
		return facts, cdop.Errorf(cdop.EDAMAGED, "%s is damaged: %s", path, strings.Join(problems, "; "))
	}
	kind, err := inspect(ctx, raw)
	if err != nil {
		return facts, err
	}
	if kind.kind != ours {
		return facts, cdop.Errorf(cdop.ENOTDB, "%s is not a CDOP case database", path)
	}
	facts.version = kind.version
	err = raw.QueryRowContext(ctx, `SELECT count(*) FROM cases`).Scan(&facts.cases)
	return facts, err
}

// integrityProblems runs PRAGMA check (integrity_check or quick_check)
// and returns what it found wrong, at most max lines.
func integrityProblems(ctx context.Context, q queryer, check string, max int) ([]string, error) {
	rows, err := q.QueryContext(ctx, fmt.Sprintf("PRAGMA %s(%d)", check, max))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return nil, err
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	return problems, rows.Err()
}

// globEscape escapes the characters filepath.Glob reads as a pattern.
func globEscape(path string) string {
	return strings.NewReplacer("*", "[*]", "?", "[?]", "[", "[[]").Replace(path)
}
