package main

import (
	"os"
	"testing"

	"casemanager/storage"
	"casemanager/vault"
)

// testUser and testPassword are the administrator every test database is
// made with (cdop init); the commands sign in as them unless a test says
// otherwise.
const (
	testUser     = "Ada Admin"
	testPassword = "correct horse battery staple"
)

func TestMain(m *testing.M) {
	// The wrapping code is the same at any cost; the tests use a cheap one.
	storage.KDF = vault.KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}
	os.Setenv("CDOP_USER", testUser)
	os.Setenv("CDOP_PASSWORD", testPassword)
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}
