package interchange_test

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"casemanager/internal/peakmem"
)

// BenchmarkImportPeakMemory imports files of 25,000 to 200,000 demo cases,
// each in a child process of its own (this test binary, see TestMain), and
// reports the child's peak resident memory (peak-MB: Go heap, SQLite's page
// cache and everything else) and CPU time (cpu-s, the least of the runs),
// and, when the sqlite3 shell is installed, the CPU time of its `.import`
// of the same file into a table of its own (sqlite3-cpu-s, the least of
// three) and the ratio of the two (x-sqlite3).
// Targets at 100,000 cases: peak-MB ≤ 200 and flat as the file grows;
// x-sqlite3 ≤ 10. "dense" cases carry the analysis and free text the demo
// fills in; "sparse" ones only the identity, the death and the stage
// (about 180 bytes a row, the shape of a register migrated from a
// spreadsheet).
func BenchmarkImportPeakMemory(b *testing.B) {
	for _, shape := range []string{"dense", "sparse"} {
		for _, n := range []int{25000, 50000, 100000, 200000} {
			b.Run(fmt.Sprintf("%s/%d", shape, n), func(b *testing.B) {
				dir := b.TempDir()
				file := filepath.Join(dir, "cases.csv")
				f, err := os.Create(file)
				if err != nil {
					b.Fatal(err)
				}
				writeCaseFile(b, f, n, shape == "sparse")
				f.Close()
				// The cases generated for the file are garbage now; given
				// back, so that this process is small while it starts the
				// children: a child started from a process holding a
				// gigabyte or two spends a second or two more in the kernel.
				debug.FreeOSMemory()
				sqliteCPU := sqlite3Import(b, file, filepath.Join(dir, "sqlite3.db"))
				b.ResetTimer()
				peak, cpu := 0.0, math.Inf(1)
				for i := 0; i < b.N; i++ {
					db := filepath.Join(dir, fmt.Sprintf("import-%d.db", i))
					state, mb := runChild(b, file, db, n)
					// Gone before the next run, as sqlite3's database is:
					// the kernel would otherwise be writing this one out
					// while the next is timed.
					removeDatabase(b, db)
					peak = max(peak, mb)
					// The least CPU time of the runs, as for sqlite3: on a
					// shared machine, others only ever add to it.
					cpu = min(cpu, (state.UserTime() + state.SystemTime()).Seconds())
				}
				b.ReportMetric(peak, "peak-MB")
				b.ReportMetric(cpu, "cpu-s")
				if sqliteCPU > 0 {
					b.ReportMetric(sqliteCPU, "sqlite3-cpu-s")
					b.ReportMetric(cpu/sqliteCPU, "x-sqlite3")
				}
			})
		}
	}
}

// runChild imports file into a new database at dbPath in a child process,
// checks that it imported n cases, and returns its state and peak memory
// in MB.
func runChild(b *testing.B, file, dbPath string, n int) (*os.ProcessState, float64) {
	b.Helper()
	peakFile := dbPath + ".peak"
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+file+" "+dbPath+" "+peakFile)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("import child: %v %s", err, stderr.String())
	}
	if got := strings.TrimSpace(string(out)); got != fmt.Sprint(n) {
		b.Fatalf("the child imported %s cases, want %d", got, n)
	}
	mb, err := peakmem.Read(peakFile)
	if err != nil {
		b.Fatal(err)
	}
	return cmd.ProcessState, mb
}

// sqlite3Import returns the CPU seconds of the sqlite3 shell's .import of
// file into a new table, the best of three, or 0 without the shell.
func sqlite3Import(b *testing.B, file, dbPath string) float64 {
	b.Helper()
	if _, err := exec.LookPath("sqlite3"); err != nil {
		b.Log("no sqlite3 shell: not comparing")
		return 0
	}
	best := time.Duration(1 << 62)
	for i := 0; i < 3; i++ {
		os.Remove(dbPath)
		cmd := exec.Command("sqlite3", dbPath, ".import --csv "+file+" cases")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("sqlite3 .import: %v %s", err, out)
		}
		best = min(best, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	}
	return best.Seconds()
}

// removeDatabase removes a database file and the files SQLite keeps beside it.
func removeDatabase(b *testing.B, path string) {
	b.Helper()
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
}
