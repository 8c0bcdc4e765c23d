package vault

import (
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strings"
)

// RecoveryKey is the key that recovers the data key when every
// administrator has forgotten their password. It is shown once, when the
// database is created, to be printed or written down and kept offline.
type RecoveryKey Key

// NewRecoveryKey returns a random recovery key.
func NewRecoveryKey() (RecoveryKey, error) {
	k, err := NewKey()
	return RecoveryKey(k), err
}

// recoveryAlphabet is base32 without the letters people confuse with digits
// (Crockford's): no I, L, O or U.
const recoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

var recoveryEncoding = base32.NewEncoding(recoveryAlphabet).WithPadding(base32.NoPadding)

// recoveryCheckLength is how many characters of check follow the key: a
// mistyped character is caught before any unwrapping is tried.
const recoveryCheckLength = 4

// String writes the key for people: 56 characters of Crockford base32 (52
// of key, 4 of check) in groups of four, e.g. "7KQ2-M9XD-…".
func (r RecoveryKey) String() string {
	sum := sha256.Sum256(append([]byte("cdop recovery key check"), r[:]...))
	return groupsOf(recoveryEncoding.EncodeToString(r[:]) + recoveryEncoding.EncodeToString(sum[:])[:recoveryCheckLength])
}

// ErrRecoveryKeyForm is returned for text that is not a recovery key as
// String writes it (a character missing, extra or mistyped).
var ErrRecoveryKeyForm = errors.New("that is not a recovery key: it has 56 letters and digits in groups of four; check each group as printed")

// ParseRecoveryKey reads a recovery key as typed: case, spaces and hyphens
// do not matter, and O, I and L are read as 0, 1 and 1.
func ParseRecoveryKey(s string) (RecoveryKey, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\t', '\n', '\r':
			return -1
		case 'o', 'O':
			return '0'
		case 'i', 'I', 'l', 'L':
			return '1'
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
	keyChars := recoveryEncoding.EncodedLen(KeySize)
	if len(s) != keyChars+recoveryCheckLength {
		return RecoveryKey{}, ErrRecoveryKeyForm
	}
	raw, err := recoveryEncoding.DecodeString(s[:keyChars])
	if err != nil || len(raw) != KeySize {
		return RecoveryKey{}, ErrRecoveryKeyForm
	}
	var r RecoveryKey
	copy(r[:], raw)
	if r.String() != groupsOf(s) {
		return RecoveryKey{}, ErrRecoveryKeyForm
	}
	return r, nil
}

// groupsOf splits s into groups of four joined by hyphens.
func groupsOf(s string) string {
	var groups []string
	for i := 0; i < len(s); i += 4 {
		groups = append(groups, s[i:min(i+4, len(s))])
	}
	return strings.Join(groups, "-")
}
