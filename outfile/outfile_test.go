package outfile_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"casemanager/cdop"
	"casemanager/outfile"
)

func write(text string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, text); return err }
}

// names lists the files in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func mustWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func content(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWrite_PutsTheFileInPlacePrivateAndLeavesNothingElse(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "export.csv")
	if err := outfile.Write(out, outfile.Options{}, write("a,b\n")); err != nil {
		t.Fatal(err)
	}
	if got := content(t, out); got != "a,b\n" {
		t.Errorf("wrote %q", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"export.csv"}) {
		t.Errorf("the folder holds %q, want the output alone", got)
	}
	if info, _ := os.Stat(out); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want readable by its owner only", info.Mode().Perm())
	}
}

func TestWrite_ReplacesAnExistingFileOnlyWhenForced(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "export.csv")
	mustWrite(t, out, "old")
	err := outfile.Write(out, outfile.Options{}, write("new"))
	if cdop.ErrorCode(err) != cdop.ECONFLICT || !errors.Is(err, outfile.ErrExists) ||
		err.Error() != out+" already exists; add --force to replace it" {
		t.Errorf("writing over an existing file: %v (code %s)", err, cdop.ErrorCode(err))
	}
	if got := content(t, out); got != "old" {
		t.Errorf("the refused write changed the file to %q", got)
	}
	if err := outfile.Write(out, outfile.Options{Force: true}, write("new")); err != nil {
		t.Fatal(err)
	}
	if got := content(t, out); got != "new" {
		t.Errorf("forced write left %q", got)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("the folder holds %q", got)
	}
}

func TestWrite_AFailedWriteLeavesNoFileAndTheOldOneAsItWas(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.pdf")
	boom := errors.New("the report could not be drawn")
	err := outfile.Write(out, outfile.Options{}, func(w io.Writer) error {
		io.WriteString(w, "half a report")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want the writer's", err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("a failed write left %q", got)
	}
	mustWrite(t, out, "last year's report")
	outfile.Write(out, outfile.Options{Force: true}, func(w io.Writer) error { return boom })
	if got := content(t, out); got != "last year's report" {
		t.Errorf("a failed forced write changed the old file to %q", got)
	}
}

func TestWrite_AFullDiskSaysSoAndLeavesNothing(t *testing.T) {
	// A writer failing as a full disk does (ENOSPC), injected.
	dir := t.TempDir()
	out := filepath.Join(dir, "export.csv")
	err := outfile.Write(out, outfile.Options{}, func(w io.Writer) error {
		io.WriteString(w, "some rows")
		return &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
	})
	if cdop.ErrorCode(err) != cdop.ENOSPACE || !strings.Contains(err.Error(), "the disk holding "+out+" is full: nothing was saved") {
		t.Errorf("a full disk: %v (code %s)", err, cdop.ErrorCode(err))
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("a full disk left %q", got)
	}
}

func TestCheck_RefusesWhatMustNotBeReplaced(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cases.db")
	key := filepath.Join(dir, "pseudonym.key")
	backups := filepath.Join(dir, "backups")
	for _, f := range []string{db, key} {
		mustWrite(t, f, "precious")
	}
	if err := os.Mkdir(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	var p outfile.Protected
	p.AddDatabase(db)
	p.AddFile(key, "the pseudonym key")
	p.AddFolder(backups, "the backups folder")

	hard := filepath.Join(t.TempDir(), "hard.db")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	links := t.TempDir()
	if err := os.Symlink(db, filepath.Join(links, "link.db")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(links, "data")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, tc := range []struct{ target, want string }{
		{db, "is the live database"},
		{"cases.db", "is the live database"},
		{"./backups/../cases.db", "is the live database"},
		{filepath.Join(links, "link.db"), "is the live database"},
		{filepath.Join(links, "data", "cases.db"), "is the live database"},
		{hard, "is the live database"},
		{db + "-wal", "write-ahead log"},
		{db + "-shm", "shared memory"},
		{db + "-journal", "journal"},
		{key, "is the pseudonym key"},
		{filepath.Join(backups, "copy.db"), "is in the backups folder"},
		{filepath.Join(links, "data", "backups", "copy.db"), "is in the backups folder"},
	} {
		err := outfile.Write(tc.target, outfile.Options{Protected: p, Force: true}, write("oops"))
		if cdop.ErrorCode(err) != cdop.EINVALID || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), tc.target) {
			t.Errorf("writing %s: %v; want a refusal naming it, saying it %s", tc.target, err, tc.want)
		}
	}
	for _, f := range []string{db, key} {
		if got := content(t, f); got != "precious" {
			t.Errorf("%s became %q", f, got)
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{"backups", "cases.db", "pseudonym.key"}) {
		t.Errorf("the data folder holds %q", got)
	}
	// Beside them, anything else may be written.
	if err := outfile.Write(filepath.Join(dir, "cases.csv"), outfile.Options{Protected: p}, write("ok")); err != nil {
		t.Errorf("an ordinary file beside the database: %v", err)
	}
}

func TestCheck_RefusesAFolderOrAMissingFolder(t *testing.T) {
	dir := t.TempDir()
	if err := outfile.Write(dir, outfile.Options{Force: true}, write("x")); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("writing to a folder: %v", err)
	}
	missing := filepath.Join(dir, "nope", "x.csv")
	if err := outfile.Write(missing, outfile.Options{}, write("x")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("writing in a missing folder: %v", err)
	}
}

func TestCommitAll_PlacesEveryFileOrNone(t *testing.T) {
	dir := t.TempDir()
	manifest, err := outfile.Create(filepath.Join(dir, "x.manifest.json"), outfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(manifest, "{}")
	data, err := outfile.Create(filepath.Join(dir, "x.csv"), outfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(data, "rows")
	if err := outfile.CommitAll(manifest, data); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"x.csv", "x.manifest.json"}) {
		t.Errorf("folder holds %q", got)
	}

	// A second pair, whose target appears meanwhile: nothing of it lands.
	other := t.TempDir()
	m2, _ := outfile.Create(filepath.Join(other, "y.manifest.json"), outfile.Options{})
	d2, _ := outfile.Create(filepath.Join(other, "y.csv"), outfile.Options{})
	mustWrite(t, filepath.Join(other, "y.manifest.json"), "someone else's")
	if err := outfile.CommitAll(m2, d2); !errors.Is(err, outfile.ErrExists) {
		t.Errorf("CommitAll over a file that appeared: %v", err)
	}
	if got := names(t, other); !slices.Equal(got, []string{"y.manifest.json"}) || content(t, filepath.Join(other, "y.manifest.json")) != "someone else's" {
		t.Errorf("folder holds %q", got)
	}
}

// deadPID returns the ID of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestCleanStale_RemovesOnlyTheTempFilesOfProcessesThatHaveGone(t *testing.T) {
	dir, elsewhere, reg := t.TempDir(), t.TempDir(), t.TempDir()
	dead := strconv.Itoa(deadPID(t))
	own := strconv.Itoa(os.Getpid())
	stale := []string{
		".cdop-" + dead + "-0123456789abcdef.tmp",
		".cdop-" + dead + "-0123456789abcdef.tmp-journal",
	}
	kept := []string{
		".cdop-" + own + "-0123456789abcdef.tmp", // this process's: under way
		".cdop-" + dead + "-notours.tmp",         // not this app's name
		"cases.db",
	}
	for _, n := range append(slices.Clone(stale), kept...) {
		mustWrite(t, filepath.Join(dir, n), "rows")
	}
	// A killed output elsewhere, found through the register.
	far := filepath.Join(elsewhere, ".cdop-"+dead+"-fedcba9876543210.tmp")
	mustWrite(t, far, "names and NHS numbers")
	mustWrite(t, filepath.Join(reg, dead+"-fedcba9876543210"), far)
	// A note naming a file that is not a temp file is not followed.
	mustWrite(t, filepath.Join(elsewhere, "keep.csv"), "mine")
	mustWrite(t, filepath.Join(reg, dead+"-1111111111111111"), filepath.Join(elsewhere, "keep.csv"))

	if n := outfile.CleanStale(reg, dir); n != 3 {
		t.Errorf("CleanStale removed %d files, want 3", n)
	}
	if got := names(t, dir); !slices.Equal(got, []string{kept[0], kept[1], "cases.db"}) {
		t.Errorf("left %q", got)
	}
	if got := names(t, elsewhere); !slices.Equal(got, []string{"keep.csv"}) {
		t.Errorf("elsewhere left %q", got)
	}
	if got := names(t, reg); len(got) != 0 {
		t.Errorf("the register still holds %q", got)
	}
}

func TestRegister_NotesAnOutputOnlyWhileItIsUnderWay(t *testing.T) {
	dir, reg := t.TempDir(), filepath.Join(t.TempDir(), "pending")
	f, err := outfile.Create(filepath.Join(dir, "x.csv"), outfile.Options{Register: reg})
	if err != nil {
		t.Fatal(err)
	}
	notes := names(t, reg)
	if len(notes) != 1 || content(t, filepath.Join(reg, notes[0])) != f.Path() {
		t.Errorf("register holds %q while writing %s", notes, f.Path())
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, reg); len(got) != 0 {
		t.Errorf("the register still holds %q", got)
	}
}

func TestAbortAll_RemovesTheTempFilesUnderWay(t *testing.T) {
	dir := t.TempDir()
	var files []*outfile.File
	for i := range 3 {
		f, err := outfile.Create(filepath.Join(dir, fmt.Sprintf("%d.csv", i)), outfile.Options{})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, "rows")
		files = append(files, f)
	}
	if err := files[0].Commit(); err != nil {
		t.Fatal(err)
	}
	outfile.AbortAll()
	if got := names(t, dir); !slices.Equal(got, []string{"0.csv"}) {
		t.Errorf("after AbortAll the folder holds %q", got)
	}
	if err := files[1].Commit(); err == nil {
		t.Error("a file aborted could still be committed")
	}
}

func TestCleanStale_FinishesThePairAKilledCommitAllBegan(t *testing.T) {
	// Killed between the manifest's rename and the extract's: the manifest
	// is in place, the extract whole in its temporary file, and the renames
	// noted in the register. The next start makes the one left.
	dir, reg := t.TempDir(), t.TempDir()
	dead := strconv.Itoa(deadPID(t))
	tmp := filepath.Join(dir, ".cdop-"+dead+"-00000000000000aa.tmp")
	mustWrite(t, filepath.Join(dir, "x.manifest.json"), "{}")
	mustWrite(t, tmp, "rows")
	intent := fmt.Sprintf(`[{"temp":%q,"target":%q},{"temp":%q,"target":%q}]`,
		filepath.Join(dir, ".cdop-"+dead+"-00000000000000bb.tmp"), filepath.Join(dir, "x.manifest.json"),
		tmp, filepath.Join(dir, "x.csv"))
	mustWrite(t, filepath.Join(reg, dead+"-00000000000000cc.commit"), intent)
	mustWrite(t, filepath.Join(reg, dead+"-00000000000000aa"), tmp)

	outfile.CleanStale(reg, dir)
	if got := names(t, dir); !slices.Equal(got, []string{"x.csv", "x.manifest.json"}) || content(t, filepath.Join(dir, "x.csv")) != "rows" {
		t.Errorf("after the next start the folder holds %q", got)
	}
	if got := names(t, reg); len(got) != 0 {
		t.Errorf("the register still holds %q", got)
	}
}

func TestTemp_IsNotedWhileItExistsAndNamedForCleaning(t *testing.T) {
	dir, reg := t.TempDir(), t.TempDir()
	f, err := outfile.Temp(dir, reg)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !outfile.IsTemp(f.Name()) {
		t.Errorf("%s is not named as the app's temporary files are", f.Name())
	}
	if notes := names(t, reg); len(notes) != 1 || content(t, filepath.Join(reg, notes[0])) != f.Name() {
		t.Errorf("the register holds %q", notes)
	}
	if err := outfile.RemoveTemp(f.Name()); err != nil {
		t.Fatal(err)
	}
	if got := append(names(t, dir), names(t, reg)...); len(got) != 0 {
		t.Errorf("after RemoveTemp: %q", got)
	}
}
