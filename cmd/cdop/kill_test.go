//go:build unix

package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The kill harness runs the real binary on import, demo, backup, export
// and extract, each on a copy of a database, and kills it with SIGKILL at a
// random moment of its work (seeded: CDOP_KILL_SEED repeats a run). After
// each kill, `check` (the next start) must pass, the temporary files the
// killed process left must be gone, and the operation must be wholly there
// or wholly absent. It stops after killHarnessKills kills, or once its
// time budget (CDOP_KILL_SECONDS, default 90 s) is spent with minKills
// kills made; on a machine so busy that the budget gives fewer, it goes on
// to twice the budget, a fixed cap, and fails with fewer than minKills.
const (
	killHarnessKills = 60
	minKills         = 50
)

// killOp is one operation the harness kills.
type killOp struct {
	name string
	base string // the database copied for each run
	args func(dir string) []string
	// whole checks, after the next start, that the operation is wholly
	// there or wholly absent in dir; it says which.
	whole func(t *testing.T, dir string) (done bool)
}

func TestKilledAtRandomMomentsNothingIsHalfDone(t *testing.T) {
	bin := cdopBinary(t)
	budget := 90 * time.Second
	if s, err := strconv.Atoi(os.Getenv("CDOP_KILL_SECONDS")); err == nil && s > 0 {
		budget = time.Duration(s) * time.Second
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("CDOP_KILL_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (CDOP_KILL_SEED=%d repeats this run)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0x636470))

	work := t.TempDir()
	home := filepath.Join(work, "home")
	os.Mkdir(home, 0o700)
	run := func(dir string, args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = dir, binaryEnv(home)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	mustRun := func(args ...string) {
		t.Helper()
		if out, err := run(work, args...); err != nil {
			t.Fatalf("cdop %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	empty, full := filepath.Join(work, "empty.db"), filepath.Join(work, "full.db")
	// The databases are made in-process, where the password's key is
	// derived cheaply: every run of the binary signs in with that cost.
	for _, args := range [][]string{{"--db", empty, "init"}, {"--db", full, "demo", "--years", "2", "--per-year", "50", "--seed", "1"}} {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("cdop %s: %s", strings.Join(args, " "), stderr)
		}
	}
	const fullCases, demoAgencies = 100, 12
	extracted := countedCases(t, full) // all but the demo's voided and transferred cases
	csvFile := filepath.Join(work, "import.csv")
	mustRun("--db", full, "export", "--full", "-o", csvFile)
	wantExport, _ := os.ReadFile(csvFile)

	ops := []killOp{
		{name: "import", base: empty,
			args: func(string) []string { return []string{"import", csvFile} },
			whole: func(t *testing.T, dir string) bool {
				n := count(t, dir, `SELECT count(*) FROM cases`)
				if n != 0 && n != fullCases {
					t.Errorf("a killed import left %d of %d cases", n, fullCases)
				}
				return n == fullCases
			}},
		{name: "demo", base: empty,
			args: func(string) []string {
				return []string{"demo", "--years", "2", "--per-year", "50", "--seed", "1"}
			},
			whole: func(t *testing.T, dir string) bool {
				n := count(t, dir, `SELECT count(*) FROM cases`)
				a := count(t, dir, `SELECT count(*) FROM agencies`)
				m := count(t, dir, `SELECT count(*) FROM meetings`)
				if !(n == 0 && a == 0 && m == 0) && !(n == fullCases && a == demoAgencies && m > 0) {
					t.Errorf("a killed demo left %d cases, %d agencies, %d meetings", n, a, m)
				}
				return n == fullCases
			}},
		{name: "backup", base: full,
			args: func(dir string) []string { return []string{"backup", "-o", filepath.Join(dir, "copy.db")} },
			whole: func(t *testing.T, dir string) bool {
				copyDB := filepath.Join(dir, "copy.db")
				db, sum := exists(copyDB), exists(copyDB+".sha256")
				switch {
				case !db && !sum:
					return false
				case !db || !sum:
					t.Errorf("a killed backup left the backup %v and its digest %v", db, sum)
					return false
				}
				if want := fileDigest(t, copyDB) + "  copy.db\n"; readFile(t, copyDB+".sha256") != want {
					t.Errorf("a killed backup's digest does not match it")
				}
				if out, err := run(dir, "--db", copyDB, "check"); err != nil {
					t.Errorf("the backup a killed backup left fails its check: %v\n%s", err, out)
				}
				if n := count(t, dir, `SELECT count(*) FROM cases`, "copy.db"); n != fullCases {
					t.Errorf("the backup holds %d cases, want %d", n, fullCases)
				}
				return true
			}},
		{name: "export", base: full,
			args: func(dir string) []string {
				return []string{"export", "--full", "-o", filepath.Join(dir, "cases.csv")}
			},
			whole: func(t *testing.T, dir string) bool {
				path := filepath.Join(dir, "cases.csv")
				if !exists(path) {
					return false
				}
				if got, _ := os.ReadFile(path); !bytes.Equal(got, wantExport) {
					t.Errorf("a killed export left %d bytes, not the whole export's %d", len(got), len(wantExport))
				}
				return true
			}},
		{name: "extract", base: full,
			args: func(dir string) []string {
				return []string{"extract", "--unlinkable", "-o", filepath.Join(dir, "extract.csv")}
			},
			whole: func(t *testing.T, dir string) bool {
				data, manifest := filepath.Join(dir, "extract.csv"), filepath.Join(dir, "extract.manifest.json")
				saved := count(t, dir, `SELECT count(*) FROM audit_log WHERE action = 'extract'`)
				switch {
				case !exists(data) && !exists(manifest):
					if saved != 0 {
						t.Errorf("a killed extract that left no file is audited as saved")
					}
					return false
				case !exists(data) || !exists(manifest):
					t.Errorf("a killed extract left the extract %v and its manifest %v", exists(data), exists(manifest))
					return false
				}
				var m struct {
					File string `json:"file"`
					Rows int    `json:"rows"`
				}
				if err := json.Unmarshal([]byte(readFile(t, manifest)), &m); err != nil || m.File != "extract.csv" || m.Rows != extracted {
					t.Errorf("the manifest a killed extract left: %+v, %v", m, err)
				}
				if lines := strings.Count(readFile(t, data), "\n"); lines != extracted+1 {
					t.Errorf("a killed extract left %d lines, want %d", lines, extracted+1)
				}
				return true
			}},
	}

	// How long the program takes to start, and each operation unkilled:
	// kills land between the start-up and a little after the end.
	begin := time.Now()
	if out, err := run(work, "help"); err != nil {
		t.Fatalf("cdop help: %v\n%s", err, out)
	}
	startup := time.Since(begin)
	took := map[string]time.Duration{}
	for _, op := range ops {
		dir := t.TempDir()
		copyFile(t, op.base, filepath.Join(dir, "cases.db"))
		start := time.Now()
		if out, err := run(dir, append([]string{"--db", filepath.Join(dir, "cases.db")}, op.args(dir)...)...); err != nil {
			t.Fatalf("cdop %s: %v\n%s", op.name, err, out)
		}
		took[op.name] = time.Since(start)
		if !op.whole(t, dir) {
			t.Fatalf("cdop %s, not killed, did not do its work", op.name)
		}
	}

	started := time.Now()
	deadline, limit := started.Add(budget), started.Add(2*budget)
	kills, cleaned := map[string]int{}, 0
	total, whole := 0, 0
	for i := 0; total < killHarnessKills && time.Now().Before(limit) && (total < minKills || time.Now().Before(deadline)); i++ {
		op := ops[rng.IntN(len(ops))]
		dir := filepath.Join(work, fmt.Sprintf("run%03d", i))
		os.Mkdir(dir, 0o700)
		db := filepath.Join(dir, "cases.db")
		copyFile(t, op.base, db)
		cmd := exec.Command(bin, append([]string{"--db", db}, op.args(dir)...)...)
		cmd.Dir, cmd.Env = dir, binaryEnv(home)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		work := max(took[op.name]-startup, time.Millisecond)
		time.Sleep(startup/2 + time.Duration(rng.Int64N(int64(work)*11/10)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			continue // it finished first: not a kill
		}
		total++
		kills[op.name]++

		left := temps(dir)
		out, err := run(dir, "--db", db, "check") // the next start
		if err != nil || !strings.Contains(out, "no problems found") {
			t.Errorf("run %d: check after killing %s: %v\n%s", i, op.name, err, out)
		}
		if after := temps(dir); len(after) > 0 {
			t.Errorf("run %d: after killing %s and starting again, temporary files remain: %v", i, op.name, after)
		}
		cleaned += len(left)
		if op.whole(t, dir) {
			whole++
		}
		if t.Failed() {
			t.Fatalf("stopped at run %d (seed %d)", i, seed)
		}
		os.RemoveAll(dir)
	}
	t.Logf("kills survived: %d (%v) in %v; %d had finished their work, %d left nothing; %d temporary files left by killed processes were removed at the next start",
		total, kills, time.Since(started).Round(time.Second), whole, total-whole, cleaned)
	if total < minKills {
		t.Errorf("only %d kills in %v; want %d or more", total, 2*budget, minKills)
	}
}

// temps lists this app's temporary files in dir, and a register of
// outputs under way that still holds a note.
func temps(dir string) []string {
	var out []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".cdop-") && e.Name() != ".cdop-pending" || strings.HasSuffix(e.Name(), "-journal") {
			out = append(out, e.Name())
		}
	}
	notes, _ := os.ReadDir(filepath.Join(dir, ".cdop-pending"))
	for _, n := range notes {
		out = append(out, ".cdop-pending/"+n.Name())
	}
	return out
}

// count runs a counting query on the database in dir (cases.db, or the
// file named).
func count(t *testing.T, dir, query string, file ...string) int {
	t.Helper()
	name := "cases.db"
	if len(file) > 0 {
		name = file[0]
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, name)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAnInterruptedOutputLeavesNothing(t *testing.T) {
	bin := cdopBinary(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	os.Mkdir(home, 0o700)
	db := filepath.Join(dir, "cases.db")
	if code, _, stderr := runCLI(t, "--db", db, "demo", "--years", "2", "--per-year", "100"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		out := filepath.Join(dir, "all.csv")
		cmd := exec.Command(bin, "--db", db, "export", "--full", "-o", out)
		cmd.Env = binaryEnv(home)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Interrupted once its temporary file exists.
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
			if m, _ := filepath.Glob(filepath.Join(dir, ".cdop-*.tmp")); len(m) > 0 {
				break
			}
		}
		cmd.Process.Signal(sig)
		cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		if code == 0 {
			t.Logf("the export finished before the %v", sig)
			os.Remove(out)
			continue
		}
		if want := map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143}[sig]; code != want ||
			!strings.Contains(stderr.String(), "interrupted: the output under way was removed") {
			t.Errorf("%v: exit %d, %q; want %d and a sentence", sig, code, stderr.String(), want)
		}
		if left := temps(dir); len(left) > 0 || exists(out) {
			t.Errorf("%v left %v (output there: %v)", sig, left, exists(out))
		}
	}
}
