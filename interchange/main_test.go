package interchange_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"casemanager/cdop"
	"casemanager/interchange"
	"casemanager/storage"
)

// childEnv, when set to "FILE DB", makes the test binary a child process
// that imports FILE into DB and exits: BenchmarkImportPeakMemory measures
// an import on its own, as `cdop import` runs it.
const childEnv = "CDOP_IMPORT_CHILD"

func TestMain(m *testing.M) {
	if arg := os.Getenv(childEnv); arg != "" {
		os.Exit(importChild(arg))
	}
	os.Exit(m.Run())
}

func importChild(arg string) int {
	var file, dbPath string
	if _, err := fmt.Sscan(arg, &file, &dbPath); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer f.Close()
	db, err := storage.Open(dbPath, cdop.FixedClock(benchToday.Time()))
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
	return 0
}
