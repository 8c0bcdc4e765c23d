package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"casemanager/cdop"
)

// The duplicate rules look a case's look-alikes up by its duplicate key
// (cdop.Case.DuplicateKey), kept as a blind index in dup_key. When the
// rules change what the key is made of (migration 0016: the surname and
// the dates, where it was the names and the dates), every stored key is
// renewed: at once in a database not sealed, and in a sealed one, whose
// names only a signed-in user's key opens, at the next sign-in.

// renewDupKeysKey names the keyring row saying a sealed database's
// duplicate keys are still those of an older rule.
const renewDupKeysKey = "renew_dup_keys"

// duplicateKeys is migration 0016's step: it renews the duplicate keys of
// a database not sealed, and marks a sealed one's to be renewed at the next
// sign-in (renewDuplicateKeysIfNeeded).
func duplicateKeys(ctx context.Context, tx *sql.Tx, _ time.Time) error {
	keyID, err := sealedKeyID(ctx, tx)
	if err != nil {
		return err
	}
	if keyID != "" {
		if _, err := tx.ExecContext(ctx, "DELETE FROM keyring WHERE name = ?", renewDupKeysKey); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO keyring (name, value) VALUES (?, '1')", renewDupKeysKey)
		return err
	}
	return renewDuplicateKeys(ctx, tx, atRest{})
}

// renewDuplicateKeysIfNeeded renews a sealed database's duplicate keys
// when a migration marked them, with the signed-in user's key. A failure
// leaves the mark for the next sign-in.
func (db *DB) renewDuplicateKeysIfNeeded(ctx context.Context) error {
	if db.Refusal() != nil {
		return nil
	}
	var mark string
	err := db.reader().QueryRowContext(ctx, "SELECT value FROM keyring WHERE name = ?", renewDupKeysKey).Scan(&mark)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	return db.inWrite(ctx, func(tx *tx) error {
		r, err := tx.rest(ctx)
		if err != nil {
			return err
		}
		if err := renewDuplicateKeys(ctx, tx, r); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM keyring WHERE name = ?", renewDupKeysKey)
		return err
	})
}

// renewDuplicateKeys sets every case's dup_key to the blind index, as r
// makes it, of its duplicate key as cdop defines it now, reading only the
// fields the key is made of. A case whose values do not open is left as it
// is (check reports it).
func renewDuplicateKeys(ctx context.Context, q interface {
	queryer
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, r atRest) error {
	names := []string{"last_name", "date_of_birth", "date_of_death"}
	scan := newFieldScanner(names, r)
	type key struct{ id, key string }
	var keys []key
	err := eachRow(ctx, q, "SELECT id, last_name, date_of_birth, date_of_death FROM cases", nil, func(rows *sql.Rows) error {
		c, err := scan.scan(rows)
		if cdop.ErrorCode(err) == cdop.EDAMAGED {
			return nil
		} else if err != nil {
			return err
		}
		keys = append(keys, key{c.ID, r.index(dupIndex, c.DuplicateKey())})
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := q.ExecContext(ctx, "UPDATE cases SET dup_key = ? WHERE id = ?", nullable(k.key), k.id); err != nil {
			return fmt.Errorf("renewing a case's duplicate key: %w", err)
		}
	}
	return nil
}
