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
)

// childEnv, when set to "FILE DB PEAK", makes the test binary a child
// process that imports FILE into DB, records its peak memory in PEAK
// (peakmem.Record) and exits: BenchmarkImportPeakMemory measures an
// import on its own, as `cdop import` runs it.
const childEnv = "CDOP_IMPORT_CHILD"

func TestMain(m *testing.M) {
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
	if err := peakmem.Record(peakFile); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}
