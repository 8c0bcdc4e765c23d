package credstore_test

import (
	"errors"
	"testing"

	"github.com/zalando/go-keyring"

	"casemanager/credstore"
)

// The OS store over go-keyring's own in-memory provider: what is set is
// got back, a missing account is ErrNotFound, and a deleted one is gone.
func TestOS_KeepsAndForgets(t *testing.T) {
	keyring.MockInit()
	s := &credstore.OS{Service: "CDOP test"}
	if err := s.Available(); err != nil {
		t.Fatalf("Available = %v, want nil", err)
	}
	if _, err := s.Get("jane@db.example.org:5432/cdop"); !errors.Is(err, credstore.ErrNotFound) {
		t.Fatalf("Get of an account never set: %v, want ErrNotFound", err)
	}
	if err := s.Set("jane@db.example.org:5432/cdop", "server secret 1"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get("jane@db.example.org:5432/cdop"); err != nil || got != "server secret 1" {
		t.Fatalf("Get = %q, %v; want the password set", got, err)
	}
	if err := s.Delete("jane@db.example.org:5432/cdop"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("jane@db.example.org:5432/cdop"); err != nil {
		t.Errorf("second Delete: %v, want nil (forgetting what is not kept is no error)", err)
	}
	if _, err := s.Get("jane@db.example.org:5432/cdop"); !errors.Is(err, credstore.ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
}

// A store that does not answer (no D-Bus on a headless Linux machine) is
// unavailable, with a sentence saying the password is asked each time,
// and nothing is kept.
func TestOS_UnavailableStoreSaysWhy(t *testing.T) {
	keyring.MockInitWithError(errors.New("no D-Bus session"))
	s := &credstore.OS{Service: "CDOP test"}
	err := s.Available()
	if err == nil {
		t.Fatal("Available = nil for a store that fails, want why")
	}
	if got := err.Error(); got != "this computer's credential store cannot be reached (no D-Bus session), so the password is asked each time" {
		t.Errorf("Available = %q", got)
	}
	if err := s.Set("a", "b"); err == nil {
		t.Error("Set on an unavailable store succeeded")
	}
}
