package vault_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"casemanager/vault"
)

// cheap keeps the tests fast: the wrapping code is the same at any cost.
var cheap = vault.KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}

func mustKey(t *testing.T) vault.Key {
	t.Helper()
	k, err := vault.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestPasswordWrapping(t *testing.T) {
	data := mustKey(t)
	w, err := vault.WrapWithPassword(data, "correct horse battery", "user 1", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(w.Sealed, data[:]) {
		t.Fatal("the wrapping holds the data key in clear")
	}
	got, err := w.UnwrapWithPassword("correct horse battery", "user 1")
	if err != nil || got != data {
		t.Fatalf("the right password did not give the data key back: %v", err)
	}
	for _, tt := range []struct{ name, password, purpose string }{
		{"a wrong password", "correct horse battern", "user 1"},
		{"an empty password", "", "user 1"},
		{"another user's wrapping", "correct horse battery", "user 2"},
	} {
		if _, err := w.UnwrapWithPassword(tt.password, tt.purpose); !errors.Is(err, vault.ErrWrongSecret) {
			t.Errorf("%s: err = %v; want ErrWrongSecret", tt.name, err)
		}
	}
	// Tampering with the stored cost, salt or sealed key never opens it.
	lowered := w
	lowered.KDF = vault.KDF{Time: 1, MemoryKiB: 8, Threads: 1}
	if _, err := lowered.UnwrapWithPassword("correct horse battery", "user 1"); !errors.Is(err, vault.ErrWrongSecret) {
		t.Errorf("a wrapping claiming a trivial cost was accepted: %v", err)
	}
	flipped := w
	flipped.Sealed = append([]byte(nil), w.Sealed...)
	flipped.Sealed[len(flipped.Sealed)-1] ^= 1
	if _, err := flipped.UnwrapWithPassword("correct horse battery", "user 1"); !errors.Is(err, vault.ErrWrongSecret) {
		t.Errorf("a tampered wrapping opened: %v", err)
	}
	// The same password wraps differently each time (a fresh salt and nonce).
	again, _ := vault.WrapWithPassword(data, "correct horse battery", "user 1", cheap)
	if bytes.Equal(again.Salt, w.Salt) || bytes.Equal(again.Sealed, w.Sealed) {
		t.Error("two wrappings of one key with one password are the same")
	}
}

func TestDefaultKDFIsRFC9106SecondRecommendation(t *testing.T) {
	if d := vault.DefaultKDF; d.Time < 3 || d.MemoryKiB < 64*1024 || d.Threads < 4 {
		t.Errorf("DefaultKDF = %+v; RFC 9106's second recommended option is t=3, m=64 MiB, p=4", d)
	}
}

func TestRecoveryKey(t *testing.T) {
	data := mustKey(t)
	rk, err := vault.NewRecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	w, err := vault.WrapWithRecovery(data, rk, "recovery")
	if err != nil {
		t.Fatal(err)
	}
	text := rk.String()
	if len(text) != 56+13 || strings.Count(text, "-") != 13 {
		t.Errorf("recovery key %q: want 14 groups of four", text)
	}
	typed := strings.ToLower(strings.ReplaceAll(text, "-", " "))
	parsed, err := vault.ParseRecoveryKey(typed)
	if err != nil || parsed != rk {
		t.Fatalf("ParseRecoveryKey(%q) = %v; want the key back", typed, err)
	}
	if got, err := w.UnwrapWithRecovery(parsed, "recovery"); err != nil || got != data {
		t.Fatalf("the recovery key did not open the data key: %v", err)
	}
	other, _ := vault.NewRecoveryKey()
	if _, err := w.UnwrapWithRecovery(other, "recovery"); !errors.Is(err, vault.ErrWrongSecret) {
		t.Errorf("another recovery key opened the data key: %v", err)
	}
	if _, err := w.UnwrapWithPassword(text, "recovery"); err == nil {
		t.Error("a recovery wrapping opened as a password wrapping")
	}
	// A mistyped, missing or extra character is caught by the check.
	for _, bad := range []string{
		text[:len(text)-1],
		text + "0",
		swapFirst(text),
		"",
	} {
		if _, err := vault.ParseRecoveryKey(bad); !errors.Is(err, vault.ErrRecoveryKeyForm) {
			t.Errorf("ParseRecoveryKey(%q) = %v; want ErrRecoveryKeyForm", bad, err)
		}
	}
}

// swapFirst changes the first character of a recovery key to another valid one.
func swapFirst(s string) string {
	c := "A"
	if s[0] == 'A' {
		c = "B"
	}
	return c + s[1:]
}

func TestSealBindsAValueToItsPlace(t *testing.T) {
	c := vault.NewCipher(mustKey(t))
	sealed, err := c.Seal("Zoë Ó Súilleabháin", "cases", "id-1", "first_name")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "Zoë Ó Súilleabháin") || !vault.IsSealed(sealed) {
		t.Fatalf("sealed value %q", sealed)
	}
	if got, err := c.Open(sealed, "cases", "id-1", "first_name"); err != nil || got != "Zoë Ó Súilleabháin" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	for _, place := range [][]string{
		{"cases", "id-2", "first_name"}, // another case's row
		{"cases", "id-1", "last_name"},  // another column
		{"cases", "id-1first_name"},     // parts run together
		{"audit_log", "id-1", "first_name"},
	} {
		if _, err := c.Open(sealed, place...); !errors.Is(err, vault.ErrTampered) {
			t.Errorf("opened at %q: %v; want ErrTampered", place, err)
		}
	}
	other := vault.NewCipher(mustKey(t))
	if _, err := other.Open(sealed, "cases", "id-1", "first_name"); !errors.Is(err, vault.ErrTampered) {
		t.Errorf("another data key opened the value: %v", err)
	}
	for _, bad := range []string{"Zoë", "v1.", "v1.AAAA", sealed[:len(sealed)-2]} {
		if _, err := c.Open(bad, "cases", "id-1", "first_name"); !errors.Is(err, vault.ErrTampered) {
			t.Errorf("Open(%q) = %v; want ErrTampered", bad, err)
		}
	}
	if s, _ := c.Seal("", "cases", "id-1", "x"); s != "" {
		t.Errorf("Seal(\"\") = %q; want \"\" (not recorded stays not recorded)", s)
	}
	twice, _ := c.Seal("Zoë Ó Súilleabháin", "cases", "id-1", "first_name")
	if twice == sealed {
		t.Error("sealing one value twice gives the same text: equal values would show")
	}
}

func TestIndexAndChain(t *testing.T) {
	k := mustKey(t)
	c, again, other := vault.NewCipher(k), vault.NewCipher(k), vault.NewCipher(mustKey(t))
	if c.Index("nhs", "9990000018") != again.Index("nhs", "9990000018") {
		t.Error("one value gives two indexes under one key")
	}
	if c.Index("nhs", "9990000018") == c.Index("nhs", "9990000026") || c.Index("nhs", "x") == c.Index("dup", "x") {
		t.Error("different values or kinds share an index")
	}
	if c.Index("nhs", "9990000018") == other.Index("nhs", "9990000018") {
		t.Error("the index does not depend on the key")
	}
	if strings.Contains(c.Index("nhs", "9990000018"), "999") {
		t.Error("the index shows the value")
	}
	mac := c.ChainMAC([]byte("previous"), []byte("row"))
	if !again.VerifyMAC([]byte("previous"), []byte("row"), mac) {
		t.Error("the MAC does not verify under the same key")
	}
	for _, tt := range []struct{ prev, content string }{{"previous", "rov"}, {"previouz", "row"}, {"previousrow", ""}} {
		if c.VerifyMAC([]byte(tt.prev), []byte(tt.content), mac) {
			t.Errorf("MAC verified for %q + %q", tt.prev, tt.content)
		}
	}
	if other.VerifyMAC([]byte("previous"), []byte("row"), mac) {
		t.Error("the MAC verifies under another key")
	}
	if c.KeyID() != again.KeyID() || c.KeyID() == other.KeyID() || len(c.KeyID()) != 16 {
		t.Errorf("key IDs %q %q %q", c.KeyID(), again.KeyID(), other.KeyID())
	}
}

func BenchmarkUnwrapWithDefaultKDF(b *testing.B) {
	data, _ := vault.NewKey()
	w, err := vault.WrapWithPassword(data, "correct horse battery", "user 1", vault.DefaultKDF)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := w.UnwrapWithPassword("correct horse battery", "user 1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	k, _ := vault.NewKey()
	c := vault.NewCipher(k)
	sealed, _ := c.Seal("Brennan-Kowalczyk", "cases", "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d01", "last_name")
	for b.Loop() {
		if _, err := c.Open(sealed, "cases", "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d01", "last_name"); err != nil {
			b.Fatal(err)
		}
	}
}

// Seal reuses its buffers: values of every length, sealed from several
// goroutines at once, each open to what was sealed, at its own place.
func TestSealRoundTripsEveryLengthConcurrently(t *testing.T) {
	c := vault.NewCipher(mustKey(t))
	long := strings.Repeat("Free text of a long summary, with Zoë's name. ", 500)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 1; n < len(long); n += 97 + g {
				plain, row := long[:n], strconv.Itoa(n)
				sealed, err := c.Seal(plain, "cases", row, "summary")
				if err != nil {
					t.Error(err)
					return
				}
				if got, err := c.Open(sealed, "cases", row, "summary"); err != nil || got != plain {
					t.Errorf("a value of %d bytes opened as %d bytes, %v", n, len(got), err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
