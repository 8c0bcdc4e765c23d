// Package credstore keeps the passwords of database servers in the
// operating system's credential store (Windows Credential Manager, the
// macOS Keychain, the Secret Service of a Linux desktop), never in a file
// of the program's. Where no such store is running (a Linux machine without
// a desktop session's D-Bus), Available says why and the app asks for the
// password each time.
package credstore

import (
	"errors"
	"fmt"
	"sync"

	"github.com/zalando/go-keyring"
)

// ErrNotFound is returned by Get when no password is kept for the account.
var ErrNotFound = errors.New("no password is kept for this connection")

// Store keeps a secret for each account of one service.
type Store interface {
	// Available reports nil when the store can keep passwords, else why
	// not, in a sentence a coordinator can read.
	Available() error
	// Get returns the password kept for account, or ErrNotFound.
	Get(account string) (string, error)
	// Set keeps password for account, replacing any kept before.
	Set(account, password string) error
	// Delete forgets the password of account; forgetting one never kept
	// is not an error.
	Delete(account string) error
}

// OS is the operating system's credential store, with the passwords kept
// under service (the program's name).
type OS struct {
	Service string

	once sync.Once
	why  error
}

// probeAccount is an account no password is ever kept for: asking for it
// shows whether the store answers at all.
const probeAccount = "cdop-credential-store-probe"

// Available asks the store once; a store that answers (even "not found")
// is there.
func (s *OS) Available() error {
	s.once.Do(func() {
		_, err := keyring.Get(s.Service, probeAccount)
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			s.why = fmt.Errorf("this computer's credential store cannot be reached (%v), so the password is asked each time", err)
		}
	})
	return s.why
}

// Get returns the password kept for account.
func (s *OS) Get(account string) (string, error) {
	if err := s.Available(); err != nil {
		return "", err
	}
	p, err := keyring.Get(s.Service, account)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNotFound
	}
	return p, err
}

// Set keeps password for account.
func (s *OS) Set(account, password string) error {
	if err := s.Available(); err != nil {
		return err
	}
	return keyring.Set(s.Service, account, password)
}

// Delete forgets the password of account.
func (s *OS) Delete(account string) error {
	if err := s.Available(); err != nil {
		return err
	}
	if err := keyring.Delete(s.Service, account); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return err
	}
	return nil
}

// Memory is a store in memory, for tests; Unavailable, when set, is what
// Available reports (a machine with no credential store).
type Memory struct {
	Unavailable error

	mu      sync.Mutex
	secrets map[string]string
}

// Available reports m.Unavailable.
func (m *Memory) Available() error { return m.Unavailable }

// Get returns the password kept for account.
func (m *Memory) Get(account string) (string, error) {
	if m.Unavailable != nil {
		return "", m.Unavailable
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.secrets[account]
	if !ok {
		return "", ErrNotFound
	}
	return p, nil
}

// Set keeps password for account.
func (m *Memory) Set(account, password string) error {
	if m.Unavailable != nil {
		return m.Unavailable
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.secrets == nil {
		m.secrets = map[string]string{}
	}
	m.secrets[account] = password
	return nil
}

// Delete forgets the password of account.
func (m *Memory) Delete(account string) error {
	if m.Unavailable != nil {
		return m.Unavailable
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.secrets, account)
	return nil
}

// Accounts lists the accounts a password is kept for (for tests).
func (m *Memory) Accounts() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for a := range m.secrets {
		out = append(out, a)
	}
	return out
}
