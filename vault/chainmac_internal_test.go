package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"testing"
)

// ChainMAC writes the link's parts into the MAC as associated frames them,
// without the copy: the chains of databases written before depend on it.
func TestChainMAC_FramesAsAssociatedDoes(t *testing.T) {
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	c := NewCipher(k)
	for _, link := range [][2]string{{"", ""}, {"cdop audit chain v1", `[1,"at","actor","",false,"sign_in","[]"]`}, {string(make([]byte, 32)), string(make([]byte, 300))}} {
		m := hmac.New(sha256.New, c.audit[:])
		m.Write(associated(link[0], link[1]))
		if got := c.ChainMAC([]byte(link[0]), []byte(link[1])); !hmac.Equal(got, m.Sum(nil)) {
			t.Errorf("ChainMAC of a %d-byte link after a %d-byte one differs from the MAC of its associated data", len(link[1]), len(link[0]))
		}
	}
}
