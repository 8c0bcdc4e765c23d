package interchange_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"casemanager/cdop"
	"casemanager/interchange"
	"casemanager/internal/peakmem"
	"casemanager/storage"
	"casemanager/vault"
)

// childEnv, when set to "FILE DB PEAK", makes the test binary a child
// process that imports FILE into DB, records its peak memory in PEAK
// (peakmem.Record) and exits: BenchmarkImportPeakMemory measures an
// import on its own, as `cdop import` runs it.
const childEnv = "CDOP_IMPORT_CHILD"

func TestMain(m *testing.M) {
	// The benchmarks import into sealed databases, as every database in use
	// is; the key derivation of their one sign-in is the tests' cheap one.
	storage.KDF = vault.KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}
	if arg := os.Getenv(childEnv); arg != "" {
		os.Exit(importChild(arg))
	}
	os.Exit(m.Run())
}

func importChild(arg string) int {
	var file, dbPath, peakFile string
	if _, err := fmt.Sscan(arg, &file, &dbPath, &peakFile); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer f.Close()
	db, err := openSealed(dbPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer db.Close()
	n, err := interchange.Import(context.Background(), db, f)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(n)
	if err := peakmem.Record(peakFile); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// openSealed opens a new database at path and makes its first administrator,
// signed in, so that what it stores is sealed at rest.
func openSealed(path string) (*storage.DB, error) {
	db, err := storage.Open(path, cdop.FixedClock(benchToday.Time()))
	if err != nil {
		return nil, err
	}
	if _, _, err := db.CreateFirstAdmin(context.Background(), "bench", "benchmark password"); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
