// Package vault holds the keys that protect identifiable data at rest, and
// does every cryptographic step the app needs with them, so no other
// package handles a key or a primitive:
//
//   - a random 256-bit data key encrypts every identifying value (AEAD,
//     XChaCha20-Poly1305, each value bound to its table, row and column by
//     associated data, so values cannot be swapped between cases);
//   - the data key is stored only wrapped: once for each user under a key
//     derived from their password (Argon2id, RFC 9106's second recommended
//     parameters, stored with the wrapping), and once under the recovery
//     key, a random 256-bit key shown to the first administrator to keep
//     offline;
//   - keys derived from the data key (HKDF-SHA-256) give blind indexes for
//     equality look-ups (duplicate NHS numbers) and the MACs of the
//     tamper-evident audit chain.
//
// Nothing here is hand-written cryptography: golang.org/x/crypto supplies
// Argon2id, XChaCha20-Poly1305 and HKDF; the standard library HMAC-SHA-256.
package vault

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// KeySize is the size of every key, in bytes.
const KeySize = 32

// Key is a 256-bit secret key.
type Key [KeySize]byte

// ErrWrongSecret is returned when a password or recovery key does not
// unwrap a data key: it is wrong, or the wrapping was tampered with (the
// two cannot be told apart, by design).
var ErrWrongSecret = errors.New("vault: the password or recovery key does not open the data key")

// ErrTampered is returned when a sealed value fails its authentication:
// changed, truncated, or moved from another row or column.
var ErrTampered = errors.New("vault: a sealed value failed its check (altered, or moved from another place)")

// NewKey returns a random key from the operating system's generator.
func NewKey() (Key, error) {
	var k Key
	if _, err := io.ReadFull(rand.Reader, k[:]); err != nil {
		return Key{}, fmt.Errorf("vault: random key: %w", err)
	}
	return k, nil
}

// Wipe overwrites the key, so it does not linger in memory once a session
// ends or locks. (Go may have copied it; this is best effort.)
func (k *Key) Wipe() { clear(k[:]) }

// KDF is the Argon2id cost a password-derived key was made with, stored
// beside the wrapping so the cost can be raised for new wrappings without
// losing old ones.
type KDF struct {
	Time      uint32 `json:"t"`
	MemoryKiB uint32 `json:"m"`
	Threads   uint8  `json:"p"`
}

// DefaultKDF is RFC 9106's second recommended option: Argon2id with t=3
// passes, 64 MiB of memory and 4 lanes, a 128-bit salt and a 256-bit tag.
var DefaultKDF = KDF{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// minimumKDF is the least cost a stored wrapping may claim: a wrapping
// claiming less is refused, so tampering cannot lower the work of guessing.
var minimumKDF = KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}

// Wrapped is a data key sealed under a key derived from a password (Method
// "argon2id") or from the recovery key (Method "recovery").
type Wrapped struct {
	Method string `json:"method"`
	Salt   []byte `json:"salt"`
	KDF    KDF    `json:"kdf"`
	Sealed []byte `json:"sealed"` // nonce, then the sealed key
}

const (
	methodPassword = "argon2id"
	methodRecovery = "recovery"
)

// WrapWithPassword seals data under a key derived from password with the
// given cost; purpose binds the wrapping to what it is for (e.g. the
// user's ID), so it cannot be copied to another user.
func WrapWithPassword(data Key, password, purpose string, kdf KDF) (Wrapped, error) {
	salt := make([]byte, 16)
	if _, err := io.ReadFull(rand.Reader, salt); err != nil {
		return Wrapped{}, fmt.Errorf("vault: salt: %w", err)
	}
	w := Wrapped{Method: methodPassword, Salt: salt, KDF: kdf}
	kek := w.passwordKey(password)
	defer kek.Wipe()
	sealed, err := seal(kek, data[:], "data key", w.Method, purpose)
	if err != nil {
		return Wrapped{}, err
	}
	w.Sealed = sealed
	return w, nil
}

// WrapWithRecovery seals data under the recovery key.
func WrapWithRecovery(data Key, recovery RecoveryKey, purpose string) (Wrapped, error) {
	w := Wrapped{Method: methodRecovery}
	kek := derive(Key(recovery), "recovery key wrapping")
	defer kek.Wipe()
	sealed, err := seal(kek, data[:], "data key", w.Method, purpose)
	if err != nil {
		return Wrapped{}, err
	}
	w.Sealed = sealed
	return w, nil
}

// UnwrapWithPassword opens a password wrapping; a wrong password gives ErrWrongSecret.
func (w Wrapped) UnwrapWithPassword(password, purpose string) (Key, error) {
	if w.Method != methodPassword {
		return Key{}, fmt.Errorf("vault: the data key is not wrapped with a password here")
	}
	if w.KDF.Time < minimumKDF.Time || w.KDF.MemoryKiB < minimumKDF.MemoryKiB || w.KDF.Threads < minimumKDF.Threads || len(w.Salt) < 16 {
		return Key{}, ErrWrongSecret
	}
	kek := w.passwordKey(password)
	defer kek.Wipe()
	return w.open(kek, purpose)
}

// UnwrapWithRecovery opens a recovery wrapping; a wrong key gives ErrWrongSecret.
func (w Wrapped) UnwrapWithRecovery(recovery RecoveryKey, purpose string) (Key, error) {
	if w.Method != methodRecovery {
		return Key{}, fmt.Errorf("vault: the data key is not wrapped with the recovery key here")
	}
	kek := derive(Key(recovery), "recovery key wrapping")
	defer kek.Wipe()
	return w.open(kek, purpose)
}

func (w Wrapped) open(kek Key, purpose string) (Key, error) {
	plain, err := open(kek, w.Sealed, "data key", w.Method, purpose)
	if err != nil || len(plain) != KeySize {
		return Key{}, ErrWrongSecret
	}
	var k Key
	copy(k[:], plain)
	clear(plain)
	return k, nil
}

func (w Wrapped) passwordKey(password string) Key {
	var k Key
	copy(k[:], argon2.IDKey([]byte(password), w.Salt, w.KDF.Time, w.KDF.MemoryKiB, w.KDF.Threads, KeySize))
	return k
}

// derive returns the subkey of k for one purpose (HKDF-SHA-256).
func derive(k Key, purpose string) Key {
	var out Key
	r := hkdf.New(sha256.New, k[:], nil, []byte("cdop casemanager v1: "+purpose))
	if _, err := io.ReadFull(r, out[:]); err != nil {
		panic("vault: hkdf: " + err.Error()) // cannot happen for 32 bytes
	}
	return out
}

// associated joins the parts that bind a sealed value to its place,
// each length-prefixed so no two lists of parts give the same bytes.
func associated(parts ...string) []byte {
	return appendAssociated(nil, parts...)
}

// appendAssociated appends the associated data of parts to b.
func appendAssociated(b []byte, parts ...string) []byte {
	for _, p := range parts {
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
	}
	return b
}

func newAEAD(k Key) cipher.AEAD {
	a, err := chacha20poly1305.NewX(k[:])
	if err != nil {
		panic("vault: " + err.Error()) // cannot happen for a 32-byte key
	}
	return a
}

// seal encrypts plain under k with a random nonce, bound to the parts.
func seal(k Key, plain []byte, parts ...string) ([]byte, error) {
	a := newAEAD(k)
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(plain)+a.Overhead())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, fmt.Errorf("vault: nonce: %w", err)
	}
	return a.Seal(nonce, nonce, plain, associated(parts...)), nil
}

func open(k Key, sealed []byte, parts ...string) ([]byte, error) {
	a := newAEAD(k)
	if len(sealed) < a.NonceSize()+a.Overhead() {
		return nil, ErrTampered
	}
	plain, err := a.Open(nil, sealed[:a.NonceSize()], sealed[a.NonceSize():], associated(parts...))
	if err != nil {
		return nil, ErrTampered
	}
	return plain, nil
}

// Cipher encrypts and authenticates with subkeys of an unlocked data key.
// It is safe for concurrent use.
type Cipher struct {
	fields cipher.AEAD
	index  Key
	audit  Key
	id     string
}

// NewCipher returns the cipher of a data key.
func NewCipher(data Key) *Cipher {
	f := derive(data, "field encryption")
	c := &Cipher{fields: newAEAD(f), index: derive(data, "blind index"), audit: derive(data, "audit chain")}
	f.Wipe()
	id := derive(data, "key identifier")
	c.id = hex.EncodeToString(id[:8])
	return c
}

// KeyID names the data key without revealing it, so a store can tell that
// the key a session unlocked is the one its values were sealed with.
func (c *Cipher) KeyID() string { return c.id }

// sealedPrefix starts every sealed value, naming the scheme's version.
const sealedPrefix = "v1."

// Seal encrypts a value bound to its place (e.g. "cases", the row's ID,
// the column's name) and returns it as text: "" stays "" (not recorded).
func (c *Cipher) Seal(plain string, place ...string) (string, error) {
	if plain == "" {
		return "", nil
	}
	// In one scratch buffer: nonce ‖ ciphertext ‖ tag (the plaintext
	// copied in and sealed in place), then the text written out, then the
	// associated data. A value is sealed for every identifier of every
	// case a store writes, so the one allocation is the result.
	ns := c.fields.NonceSize()
	n := ns + len(plain) + c.fields.Overhead()
	need := n + len(sealedPrefix) + base64.RawStdEncoding.EncodedLen(n)
	aadCap := 0
	for _, p := range place {
		aadCap += binary.MaxVarintLen64 + len(p)
	}
	scratch := sealScratch.Get().(*[]byte)
	defer sealScratch.Put(scratch)
	buf := slices.Grow((*scratch)[:0], need+aadCap)[:need]
	*scratch = buf[:0]
	raw := buf[:ns:n]
	if _, err := io.ReadFull(rand.Reader, raw); err != nil {
		return "", fmt.Errorf("vault: nonce: %w", err)
	}
	raw = append(raw, plain...)
	aad := appendAssociated(buf[need:need:need+aadCap], place...)
	c.fields.Seal(raw[ns:ns], raw[:ns], raw[ns:], aad)
	text := append(buf[n:n], sealedPrefix...)
	text = base64.RawStdEncoding.AppendEncode(text, buf[:n])
	return string(text), nil
}

// sealScratch holds Seal's buffers for reuse.
var sealScratch = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// Open decrypts a value Seal made for the same place; a value altered or
// sealed for another place gives ErrTampered.
func (c *Cipher) Open(sealed string, place ...string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", ErrTampered
	}
	b, err := base64.RawStdEncoding.DecodeString(raw)
	if err != nil || len(b) < c.fields.NonceSize()+c.fields.Overhead() {
		return "", ErrTampered
	}
	plain, err := c.fields.Open(nil, b[:c.fields.NonceSize()], b[c.fields.NonceSize():], associated(place...))
	if err != nil {
		return "", ErrTampered
	}
	return string(plain), nil
}

// IsSealed reports whether s has the form of a sealed value (it says
// nothing of whether it opens).
func IsSealed(s string) bool { return strings.HasPrefix(s, sealedPrefix) }

// Index returns a blind index of a value: equal values of one kind give
// equal indexes, so a store can look them up, while the index reveals
// nothing of the value without the data key. "" stays "".
func (c *Cipher) Index(kind, value string) string {
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, c.index[:])
	m.Write(associated(kind, value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// MACSize is the size of an audit MAC, in bytes.
const MACSize = sha256.Size

// ChainMAC returns the MAC of one link of the audit chain: the previous
// link's MAC and this link's content, under the audit key.
func (c *Cipher) ChainMAC(previous []byte, content []byte) []byte {
	// associated(previous, content), written as it goes rather than copied.
	m := hmac.New(sha256.New, c.audit[:])
	var n [binary.MaxVarintLen64]byte
	m.Write(binary.AppendUvarint(n[:0], uint64(len(previous))))
	m.Write(previous)
	m.Write(binary.AppendUvarint(n[:0], uint64(len(content))))
	m.Write(content)
	return m.Sum(nil)
}

// VerifyMAC reports whether mac is the right MAC for the link, in constant time.
func (c *Cipher) VerifyMAC(previous, content, mac []byte) bool {
	return hmac.Equal(c.ChainMAC(previous, content), mac)
}
