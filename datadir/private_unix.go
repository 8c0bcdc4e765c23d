//go:build !windows

package datadir

import (
	"fmt"
	"os"
)

// PrivateAdvice says how a user makes a file private to them.
const PrivateAdvice = "chmod 600"

// MakePrivate gives the file at path to its owner alone (mode 0600).
func MakePrivate(path string) error {
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("making %s private: %w", path, err)
	}
	return nil
}

// Exposure describes who else can read the file at path, e.g. "can be
// read by other users (mode 0644)", or "" when only its owner can.
func Exposure(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Sprintf("can be read by other users (mode %04o)", perm), nil
	}
	return "", nil
}
