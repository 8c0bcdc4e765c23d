package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"casemanager/cdop"
	"casemanager/outfile"
)

// A server's database is backed up as a SQLite database file, the format
// of a backup of a file: its rows copied as they are stored (so encrypted
// as on the server, with the keyring's wrapped keys and the audit chain)
// into a new file of the same schema version, then written, checked and
// digested as any backup is (backupTo). Such a file restores onto a server
// (its rows copied back in one transaction, replacing the database's, a
// backup of which is made first) or, as any backup, onto a file.

// ServerBackups names the folder whose "backups" folder keeps a server
// database's automatic backups (the one made before a restore): a server's
// database has no folder of its own. It changes nothing for a file.
func ServerBackups(folder string) Option {
	return func(o *options) { o.serverBackups = folder }
}

// unsafeName matches what may not go into a backup's file name.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9.]+`)

// backupsPath is the path whose folder and name the automatic backups of
// the database take (see BackupsFolder): the file itself, or for a
// server's database "HOST-PORT-DATABASE.db" in the folder ServerBackups
// gave ("" when none was given).
func (db *DB) backupsPath() string {
	if !db.dialect.postgres {
		return db.path
	}
	if db.opts.serverBackups == "" {
		return ""
	}
	name := "server"
	if u, err := url.Parse(db.path); err == nil {
		name = strings.Trim(unsafeName.ReplaceAllString(u.Hostname()+"-"+u.Port()+"-"+strings.TrimPrefix(u.Path, "/"), "-"), "-")
	}
	return filepath.Join(db.opts.serverBackups, name+".db")
}

// copyToFile writes the server database's rows, one snapshot, into a new
// SQLite database file at path (an empty file the caller made): a copy
// made in a working file beside it (registered in reg, see outfile.Temp),
// then written compact with VACUUM INTO.
func (db *DB) copyToFile(ctx context.Context, path, reg string) error {
	workPath, remove, err := workingFile(filepath.Dir(path), reg)
	if err != nil {
		return err
	}
	defer remove()
	work, err := Open(workPath, db.clock, privateCopy())
	if err != nil {
		return err
	}
	defer work.Close()
	src, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer src.Rollback()
	if err := work.inWrite(ctx, func(dst *tx) error {
		_, err := copyDatabase(ctx, src.Tx, db.dialect, dst)
		return err
	}); err != nil {
		return err
	}
	write, _ := work.pool()
	if _, err := write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return err
	}
	return nil
}

// privateCopy opens a working copy the program made and removes after.
func privateCopy() Option { return func(o *options) { o.private = true } }

// workingFile makes an empty working database file in dir ("" for the
// system's temporary folder), named as the app's temporary files are (so
// an interrupted program's is removed: outfile.Temp), and returns its path
// and what removes it with the files SQLite keeps beside it.
func workingFile(dir, reg string) (string, func(), error) {
	w, err := outfile.Temp(dir, reg)
	if err != nil {
		return "", nil, err
	}
	path := w.Name()
	w.Close()
	return path, func() {
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			os.Remove(path + suffix)
		}
		outfile.RemoveTemp(path)
	}, nil
}

// holdsData reports whether the database holds any case or account.
func (db *DB) holdsData(ctx context.Context) (bool, error) {
	_, read := db.pool()
	var n int
	err := read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM users)`).Scan(&n)
	return n > 0, err
}

// restoreServer replaces a server database's rows with a backup's, as
// Restore does a file: the backup is verified first (its digest, SQLite's
// integrity check, this app's, a schema this version knows; one older is
// brought up to date in a private copy); a backup of the database as it
// is goes into the backups folder (ServerBackups) when it holds anything;
// then, in one transaction holding the write lock, every table is emptied
// and the backup's rows copied in, each table's count checked against the
// backup's, and every case marked changed (markEveryCaseChanged). Other
// users' programs see the old rows until it commits, then hear of it.
func (db *DB) restoreServer(ctx context.Context, backup string) (cdop.Restored, error) {
	if db.shared != nil {
		return cdop.Restored{}, errors.New("a restore cannot run inside a batch")
	}
	facts, made, err := verifyBackup(ctx, backup)
	if err != nil {
		return cdop.Restored{}, err
	}
	r := cdop.Restored{From: backup, Made: made, Cases: facts.cases, Version: facts.version}
	src, done, err := backupSource(ctx, backup, facts.version, db.clock)
	if err != nil {
		return cdop.Restored{}, fmt.Errorf("nothing was restored: %w", err)
	}
	defer done()
	holds, err := db.holdsData(ctx)
	if err != nil {
		return cdop.Restored{}, err
	}
	if holds {
		if db.backupsPath() == "" {
			return cdop.Restored{}, cdop.Errorf(cdop.EINVALID, "nothing was restored: the database %s holds data, and no folder was given for the backup of it made before a restore", db.path)
		}
		b, err := db.autoBackup(ctx, cdop.BackupBeforeRestore)
		if err != nil {
			return cdop.Restored{}, fmt.Errorf("nothing was restored: the backup of the database before restoring failed: %w", err)
		}
		r.Before = b.Path
	}
	srcTx, err := src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return cdop.Restored{}, err
	}
	defer srcTx.Rollback()
	if err := db.inWrite(ctx, func(t *tx) error {
		var before int64
		if err := t.QueryRowContext(ctx, "SELECT seq FROM case_changes").Scan(&before); err != nil {
			return err
		}
		if _, err := copyDatabase(ctx, srcTx, dialect{}, t); err != nil {
			return err
		}
		return t.markEveryCaseChanged(ctx, before)
	}); err != nil {
		return cdop.Restored{}, fmt.Errorf("nothing was restored: %w", err)
	}
	db.session.forgetIndex() // the cases listed are the replaced ones
	db.rotate(ctx)
	return r, nil
}

// markEveryCaseChanged moves the change number past both what it was
// before a restore (before) and what the restored rows hold, and marks every
// case changed at it: other users' programs watching the database (Watch)
// hear of it when the restore commits, and their case indexes read every
// case again, dropping those the restore took away (searchindex.go).
func (t *tx) markEveryCaseChanged(ctx context.Context, before int64) error {
	var restored int64
	if err := t.QueryRowContext(ctx, "SELECT seq FROM case_changes").Scan(&restored); err != nil {
		return err
	}
	t.seq = max(before, restored) + 1
	if _, err := t.ExecContext(ctx, "UPDATE case_changes SET seq = ?", t.seq); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, "UPDATE cases SET change_seq = ?", t.seq)
	return err
}

// backupSource opens a verified backup of a schema version for reading:
// as it is when of this program's version, otherwise a private copy of it
// brought up to date (removed by done).
func backupSource(ctx context.Context, backup string, version int, clock cdop.Clock) (src *sql.DB, done func(), err error) {
	known, err := dialect{}.knownVersion()
	if err != nil {
		return nil, nil, err
	}
	path, err := filepath.Abs(backup)
	if err != nil {
		return nil, nil, err
	}
	done = func() {}
	if version < known {
		// Its rows may be in clear (a backup from before sealing): the
		// copy is a working file, removed after, and no backup of it is
		// made before its migration.
		work, remove, err := workingFile("", "")
		if err != nil {
			return nil, nil, err
		}
		done = remove
		path = work
		if err := copyInto(backup, path); err != nil {
			done()
			return nil, nil, err
		}
		up, err := Open(path, clock, MustExist(), privateCopy())
		if err != nil {
			done()
			return nil, nil, fmt.Errorf("bringing the backup up to this version's schema: %w", err)
		}
		if err := up.Close(); err != nil {
			done()
			return nil, nil, err
		}
	}
	src, err = sql.Open(driverName, readOnlyDSN(path, false))
	if err != nil {
		done()
		return nil, nil, err
	}
	clean := done
	return src, func() { src.Close(); clean() }, nil
}

// copyInto copies a file over an existing (empty, private) one.
func copyInto(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
