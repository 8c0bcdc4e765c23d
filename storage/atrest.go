package storage

import (
	"context"
	"database/sql"
	"errors"

	"casemanager/cdop"
	"casemanager/vault"
)

// Identifiers are encrypted at rest. A database is sealed once its first
// administrator exists (CreateFirstAdmin seals one made before accounts,
// and an administrator's sign-in seals one made by a version that had
// accounts but no sealing): from then on every case field that
// cdop.Field.SealedAtRest names, the free text of the records beside the
// cases, and the changes of every audit row are stored encrypted with the
// session's data key, each bound to its table, row and column, and the
// keyring's sealedKey row holds the key's identifier. Lookups that need a
// sealed value (the NHS number, the duplicate key) go through blind indexes;
// searches by name go through an in-memory index built after sign-in
// (searchindex.go). A database not yet sealed keeps them in clear.

// sealedKey names the keyring row that marks a sealed database; its value
// is the data key's identifier (vault.Cipher.KeyID).
const sealedKey = "sealed_at_rest"

// atRest is how a transaction stores the values sealed at rest: in clear in
// a database not sealed (cipher nil), encrypted in one that is.
type atRest struct {
	sealed bool
	cipher *vault.Cipher
}

// errSignInToRead refuses to read or write sealed values without the key.
var errSignInToRead = cdop.Errorf(cdop.EUNAUTHENTICATED, "the database's identifiers are encrypted: sign in to read or change them")

// rest returns how the transaction stores sealed values, reading the
// keyring the first time it is asked.
func (tx *tx) rest(ctx context.Context) (atRest, error) {
	if tx.restKnown {
		return tx.restState, nil
	}
	keyID, err := sealedKeyID(ctx, tx)
	if err != nil {
		return atRest{}, err
	}
	r := atRest{sealed: keyID != ""}
	if r.sealed {
		if tx.cipher == nil {
			return atRest{}, errSignInToRead
		}
		if tx.cipher.KeyID() != keyID {
			return atRest{}, cdop.Errorf(cdop.EDAMAGED, "the database's identifiers were encrypted with another key than the one this account unlocks; restore a backup, or ask the administrator")
		}
		r.cipher = tx.cipher
	}
	tx.restKnown, tx.restState = true, r
	return r, nil
}

// sealedKeyID returns the identifier of the key the database is sealed
// with, or "" when it is not sealed.
func sealedKeyID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, "SELECT value FROM keyring WHERE name = ?", sealedKey).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// seal returns the value as stored at a place (table, row, column): sealed,
// or as it is in a database not sealed. "" stays "".
func (r atRest) seal(value string, place ...string) (string, error) {
	if !r.sealed || value == "" {
		return value, nil
	}
	return r.cipher.Seal(value, place...)
}

// open returns the value stored at a place as it was given to seal. A
// sealed database's value that does not open (altered, moved from another
// place, or written in clear behind the program's back) is an EDAMAGED error.
func (r atRest) open(stored string, place ...string) (string, error) {
	if !r.sealed || stored == "" {
		return stored, nil
	}
	v, err := r.cipher.Open(stored, place...)
	if err != nil {
		return "", cdop.Errorf(cdop.EDAMAGED, "its stored %s does not decrypt: it was altered, or moved from another row, outside the app (an administrator's cdop check lists every such value)", place[len(place)-1])
	}
	return v, nil
}

// index returns the blind index of a value of a kind ("nhs", "dup"): its
// keyed hash in a sealed database, the value itself in one not sealed, so
// that one query serves both. "" stays "".
func (r atRest) index(kind, value string) string {
	if !r.sealed {
		return value
	}
	return r.cipher.Index(kind, value)
}
