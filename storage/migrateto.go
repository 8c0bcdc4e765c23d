package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"casemanager/cdop"
)

// Migrated is what MigrateTo did: where to, and the rows each table of the
// copy holds (as many as the original's), its audit chain verified.
type Migrated struct {
	To     string           // the database copied to (a server's address without its password)
	Engine string           // its engine: SQLite or PostgreSQL
	Rows   map[string]int64 // rows copied, by table
}

// MigrateTo copies the database into the database target names (a file
// path or a server's address, of either engine), which must be empty:
// missing, an empty file, a server's database with no tables (as its
// administrator's createdb makes it), or a case database of this schema
// holding no case and no account. The copy is made in one transaction on
// target, from one snapshot of this database: every row as it is stored,
// keys included, so that each sealed value stays bound to its table, row
// and column and opens with the same data key (the keyring's rows move
// with the data). Before it commits, in that transaction, each table's
// rows are counted against the original's, the audit chain is verified
// with the signed-in session's key and found to end where the original's
// does, and every sealed value is opened; a failure commits nothing (and
// removes a file it made). A sealed database needs its administrator
// signed in.
func (db *DB) MigrateTo(ctx context.Context, target string, opt ...Option) (Migrated, error) {
	shown := target
	if IsServerURL(target) {
		shown = RedactURL(target)
	} else if abs, err := filepath.Abs(target); err == nil {
		shown = abs
	}
	if shown == db.path || (!IsServerURL(target) && !db.dialect.postgres && same(target, db.path)) {
		return Migrated{}, cdop.Errorf(cdop.EINVALID, "%s is this database itself; name an empty database to copy it to", shown)
	}
	_, cipher := db.session.current()
	src, err := db.beginRead(ctx)
	if err != nil {
		return Migrated{}, err
	}
	defer src.Rollback()
	if keyID, err := sealedKeyID(ctx, src); err != nil {
		return Migrated{}, err
	} else if keyID != "" && cipher == nil {
		return Migrated{}, errSignInToRead
	}

	made := false // a file this made, removed if the copy fails
	if !IsServerURL(target) {
		info, err := os.Stat(target)
		switch {
		case errors.Is(err, os.ErrNotExist):
			made = true
		case err != nil:
			return Migrated{}, err
		case info.IsDir():
			return Migrated{}, cdop.Errorf(cdop.EINVALID, "%s is a folder; name a database file to copy to", shown)
		case info.Size() == 0:
			made = true
		}
	}
	dst, err := Open(target, db.clock, opt...)
	if err != nil {
		return Migrated{}, err
	}
	fail := func(err error) (Migrated, error) {
		dst.Close()
		if made {
			for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
				os.Remove(shown + suffix)
			}
		}
		return Migrated{}, err
	}
	if holds, err := dst.holdsData(ctx); err != nil {
		return fail(err)
	} else if holds {
		return fail(cdop.Errorf(cdop.ECONFLICT, "the database %s already holds cases or accounts: migrate copies only into an empty database, so nothing was copied", dst.path))
	}
	out := Migrated{To: dst.path, Engine: dst.dialect.Name()}
	err = dst.inWrite(ctx, func(t *tx) error {
		t.cipher = cipher // the same key: the keyring moves with the data
		rows, err := copyDatabase(ctx, src.Tx, db.dialect, t)
		if err != nil {
			return err
		}
		out.Rows = rows
		return verifyCopyIn(ctx, src, t)
	})
	if err != nil {
		return fail(fmt.Errorf("nothing was copied to %s: %w", dst.path, err))
	}
	return out, dst.Close()
}

// verifyCopyIn checks, in the copy's transaction, that its audit chain
// verifies and ends where the original's does, and that every sealed value
// (the cases', the records', the audit rows') opens at its place.
func verifyCopyIn(ctx context.Context, src, dst *tx) error {
	problems, err := checkAuditChain(ctx, dst)
	if err != nil {
		return err
	}
	want, _, err := readHead(ctx, src)
	if err != nil {
		return err
	}
	got, _, err := readHead(ctx, dst)
	if err != nil {
		return err
	}
	if want != got {
		problems = append(problems, "the copy's audit chain does not end where the original's does")
	}
	found, err := checkSealedValues(ctx, dst)
	if err != nil {
		return err
	}
	problems = append(problems, found...)
	if _, err := dst.rest(ctx); err == nil {
		err = eachCaseIn(ctx, dst, func(c *cdop.Case, damage error) error {
			if damage != nil {
				problems = append(problems, fmt.Sprintf("case %s: %s", c.Ref, cdop.ErrorMessage(damage)))
			}
			return nil
		})
		if err != nil {
			return err
		}
	} else if cdop.ErrorCode(err) != cdop.EUNAUTHENTICATED {
		return err
	}
	if len(problems) > 0 {
		return cdop.Errorf(cdop.EDAMAGED, "the copy failed its check: %s", problems[0])
	}
	return nil
}
