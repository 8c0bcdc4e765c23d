package main

import (
	"context"
	"os"
	"testing"

	"casemanager/cdop"
	"casemanager/internal/peakmem"
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

// cliChildEnv, when set to a file name, makes the test binary run the
// command line with the arguments that follow "--", record its peak
// memory in that file (peakmem.Record) and exit with the command's status:
// the benchmarks measure a command in a process of its own, as a user runs
// it.
const cliChildEnv = "CDOP_CLI_CHILD"

func TestMain(m *testing.M) {
	// The wrapping code is the same at any cost; the tests use a cheap one.
	storage.KDF = vault.KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}
	os.Setenv("CDOP_USER", testUser)
	os.Setenv("CDOP_PASSWORD", testPassword)
	// The app's data folder (on Linux under the user's config folder) is a
	// folder of the tests' own: no test writes into the real user's.
	config, err := os.MkdirTemp("", "cdop-test-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", config)
	if peakFile := os.Getenv(cliChildEnv); peakFile != "" {
		for i, a := range os.Args {
			if a == "--" {
				code := run(os.Args[i+1:], os.Stdout, os.Stderr)
				if err := peakmem.Record(peakFile); err != nil {
					os.Exit(exitUsage)
				}
				os.Exit(code)
			}
		}
		os.Exit(exitUsage)
	}
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.RemoveAll(config)
	os.Exit(code)
}

// openSignedIn opens a database the way storage.Open does and signs the
// user the commands sign in as (CDOP_USER) in, so that its sealed
// identifiers can be read.
func openSignedIn(path string, clock cdop.Clock) (*storage.DB, error) {
	db, err := storage.Open(path, clock)
	if err != nil {
		return nil, err
	}
	if _, err := db.SignIn(context.Background(), os.Getenv("CDOP_USER"), os.Getenv("CDOP_PASSWORD")); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
