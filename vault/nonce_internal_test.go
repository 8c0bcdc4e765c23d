package vault

import "testing"

// Nonces read ahead in blocks are still each handed out once: across many
// blocks no two are the same, and none is left zero.
func TestNonceSource_EachNonceOnce(t *testing.T) {
	var s nonceSource
	seen := map[[24]byte]bool{}
	for range 10000 {
		var n [24]byte
		if err := s.read(n[:]); err != nil {
			t.Fatal(err)
		}
		if n == ([24]byte{}) || seen[n] {
			t.Fatalf("nonce %x handed out twice or left zero", n)
		}
		seen[n] = true
	}
	big := make([]byte, 5000) // more than a block: read straight from the source
	if err := s.read(big); err != nil || string(big[:64]) == string(make([]byte, 64)) {
		t.Fatalf("a read of 5,000 bytes: %v", err)
	}
}
