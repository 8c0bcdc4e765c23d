package extract

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"casemanager/cdop"
	"casemanager/datadir"
)

// keyBytes is the length of a pseudonym key: 256 bits, HMAC-SHA-256's block
// of security.
const keyBytes = 32

// PseudonymLength is the number of hex digits of a pseudonym: 64 bits, so
// two cases of even a very large database share one with a chance far
// below one in a million.
const PseudonymLength = 16

// Key is the secret from which pseudonyms are made. The installation key
// lives in a file private to the user (LoadOrCreateKey) and gives a case
// the same pseudonym in every extract; a one-off key (NewOneOffKey) lives
// only as long as one extract, so its pseudonyms link to nothing. A Key
// never prints, marshals or exports its bytes: only its ID, a fingerprint.
type Key struct {
	secret  []byte
	oneOff  bool
	present bool
}

// LoadOrCreateKey returns the installation key kept at path, creating it
// (and its folder) with random bytes from crypto/rand on first use, private
// to the user (mode 0600; on Windows, an access control list naming only
// the user). An existing file must hold a key this function wrote and be
// readable by its owner only: a damaged key is refused rather than
// replaced, since a new key changes every pseudonym.
func LoadOrCreateKey(path string) (Key, error) {
	k, err := readKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return Key{}, fmt.Errorf("pseudonym key %s: %w", path, err)
	}
	k, err = NewOneOffKey()
	if err != nil {
		return Key{}, err
	}
	k.oneOff = false
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readKey(path) // another process made it first
	} else if err != nil {
		return Key{}, fmt.Errorf("pseudonym key %s: %w", path, err)
	}
	err = datadir.MakePrivate(path) // before the secret is written
	if err == nil {
		_, err = f.WriteString(hex.EncodeToString(k.secret) + "\n")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return Key{}, fmt.Errorf("pseudonym key %s: %w", path, err)
	}
	return k, nil
}

func readKey(path string) (Key, error) {
	exposed, err := datadir.Exposure(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Key{}, err
		}
		return Key{}, fmt.Errorf("pseudonym key %s: %w", path, err)
	}
	if exposed != "" {
		return Key{}, cdop.Errorf(cdop.EINVALID, "the pseudonym key %s %s; make it private to you (%s) and keep it out of shared folders", path, exposed, datadir.PrivateAdvice)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Key{}, fmt.Errorf("pseudonym key %s: %w", path, err)
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(secret) != keyBytes {
		return Key{}, cdop.Errorf(cdop.EINVALID, "the pseudonym key %s is damaged; restore it from a backup (a new key would give every case a new pseudonym)", path)
	}
	return Key{secret: secret, present: true}, nil
}

// NewOneOffKey returns a fresh random key for one extract, never stored:
// its pseudonyms cannot be linked to those of any other extract.
func NewOneOffKey() (Key, error) {
	secret := make([]byte, keyBytes)
	if _, err := rand.Read(secret); err != nil {
		return Key{}, fmt.Errorf("making a pseudonym key: %w", err)
	}
	return Key{secret: secret, oneOff: true, present: true}, nil
}

// IsZero reports whether k holds no key.
func (k Key) IsZero() bool { return !k.present }

// OneOff reports whether k is a one-off key (NewOneOffKey).
func (k Key) OneOff() bool { return k.oneOff }

// ID identifies the key without revealing it: the first 8 hex digits of
// the SHA-256 of its bytes. Two extracts with the same ID share pseudonyms.
func (k Key) ID() string {
	if !k.present {
		return ""
	}
	sum := sha256.Sum256(k.secret)
	return hex.EncodeToString(sum[:4])
}

// String names the key by its ID, so printing a Key never shows its bytes.
func (k Key) String() string { return "pseudonym key " + k.ID() }

// GoString is String, for %#v.
func (k Key) GoString() string { return k.String() }

// Pseudonym returns the pseudonym of a case's internal ID: the first
// PseudonymLength hex digits of HMAC-SHA-256(key, id).
func (k Key) Pseudonym(id string) string {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte(id))
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0])[:PseudonymLength/2])
}

// pseudonymiser makes pseudonyms with one HMAC reused from case to case.
type pseudonymiser struct {
	mac hash.Hash
	sum [sha256.Size]byte
	out [PseudonymLength]byte
}

func (k Key) pseudonymiser() *pseudonymiser {
	return &pseudonymiser{mac: hmac.New(sha256.New, k.secret)}
}

func (p *pseudonymiser) pseudonym(id string) string {
	p.mac.Reset()
	p.mac.Write([]byte(id))
	hex.Encode(p.out[:], p.mac.Sum(p.sum[:0])[:PseudonymLength/2])
	return string(p.out[:])
}
