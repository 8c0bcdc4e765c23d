package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/internal/peakmem"
	"casemanager/storage"
)

// BenchmarkListingPeakMemory runs `export --full`, `cases --format csv`
// and `due --format csv` on databases of 25,000 to 100,000 demo cases, each
// in a process of its own, and reports its peak resident memory (peak-MB)
// and CPU time (cpu-s). They stream the rows: the peak must stay flat as
// the database grows.
func BenchmarkListingPeakMemory(b *testing.B) {
	for _, n := range []int{25000, 50000, 100000} {
		dir := b.TempDir()
		db := filepath.Join(dir, "cases.db")
		fillDemo(b, db, n)
		for _, cmd := range [][]string{
			{"export", "--full", "-o", filepath.Join(dir, "export.csv")},
			{"cases", "--format", "csv"},
			{"due", "--format", "csv"},
		} {
			b.Run(fmt.Sprintf("%s/%d", cmd[0], n), func(b *testing.B) {
				var peak, cpu float64
				for i := 0; i < b.N; i++ {
					state, mb := runCLIChild(b, append([]string{"--db", db}, cmd...))
					peak = max(peak, mb)
					cpu += (state.UserTime() + state.SystemTime()).Seconds()
				}
				b.ReportMetric(peak, "peak-MB")
				b.ReportMetric(cpu/float64(b.N), "cpu-s")
			})
		}
	}
}

// fillDemo stores n demo cases, in batches, in a new database at path.
func fillDemo(b *testing.B, path string, n int) {
	b.Helper()
	today := cdop.NewDate(2026, 11, 23)
	db, err := storage.Open(path, cdop.FixedClock(today.Time()))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cases := demo.Generate(demo.Options{Years: 10, PerYear: n / 10, Seed: 3, Today: today})
	for len(cases) > 0 {
		batch := cases[:min(len(cases), 10000)]
		cases = cases[len(batch):]
		if err := db.ImportCases(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
}

// runCLIChild runs the command line in a child process (see TestMain),
// its standard output discarded, and returns its state and peak memory in MB.
func runCLIChild(b *testing.B, args []string) (*os.ProcessState, float64) {
	b.Helper()
	peakFile := filepath.Join(b.TempDir(), "peak")
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), cliChildEnv+"="+peakFile)
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("cdop %q: %v %s", args, err, stderr.String())
	}
	mb, err := peakmem.Read(peakFile)
	if err != nil {
		b.Fatal(err)
	}
	return cmd.ProcessState, mb
}
