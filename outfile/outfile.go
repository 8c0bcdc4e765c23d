// Package outfile writes the files the app makes for people (exports,
// PDFs, extracts and their manifests, backups) so that no output can
// destroy data: an output never replaces the live database, its -wal,
// -shm or -journal, the pseudonym key or anything in the backups folder
// (compared by resolved path and by file identity, not by spelling); it is
// written to a temporary file in the target's folder, synced and renamed
// into place, so a failed or killed write leaves no partial file; and an
// existing file is replaced only when the caller says so (Options.Force:
// --force on the command line, a confirmation in the app).
//
// Temporary files are named .cdop-PID-RANDOM.tmp. Those of this process
// are removed on every error path and by AbortAll (the command line calls
// it on SIGINT and SIGTERM); those of a process that was killed are
// removed by CleanStale at the next start, found through the register of
// outputs under way (Options.Register) and in the folders it is given.
package outfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"

	"casemanager/cdop"
)

// Options say how an output is written.
type Options struct {
	// Protected lists what the output must never replace.
	Protected Protected
	// Force allows replacing an existing file (never a protected one).
	Force bool
	// Register, when set, is a folder where each output under way is
	// noted while its temporary file exists, so CleanStale can remove
	// the temporary file of a process that was killed, wherever it was.
	Register string
}

// File is an output being written: a temporary file beside its target,
// put in place by Commit or removed by Abort.
type File struct {
	*os.File
	target string
	tmp    string
	marker string
	opts   Options

	mu   sync.Mutex // guards done: AbortAll may run on a signal's goroutine
	done bool
}

// tempPattern matches this app's temporary files (and the journal SQLite
// may leave beside a backup's temporary copy): .cdop-PID-RANDOM.tmp.
var tempPattern = regexp.MustCompile(`^\.cdop-([0-9]+)-[0-9a-f]{16}\.tmp(-journal|-wal|-shm)?$`)

// IsTemp reports whether a file name is one of this app's temporary files.
func IsTemp(name string) bool { return tempPattern.MatchString(filepath.Base(name)) }

// Create starts the output at target: it refuses a protected target, a
// folder, and (without Force) an existing file, each with one sentence
// naming it, then creates the temporary file beside it, private to the
// user. Stale temporary files of killed processes in target's folder are
// removed first.
func Create(target string, opts Options) (*File, error) {
	if err := Check(target, opts); err != nil {
		return nil, err
	}
	dir := filepath.Dir(target)
	CleanStale(opts.Register, dir)
	tmp, err := tempName(dir)
	if err != nil {
		return nil, err
	}
	// Tracked first: an interruption from here on removes what follows.
	f := &File{target: target, tmp: tmp, opts: opts}
	track(f)
	if opts.Register != "" {
		marker := register(opts.Register, tmp)
		f.mu.Lock()
		f.marker = marker
		f.mu.Unlock()
	}
	file, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		f.Abort()
		return nil, explain(target, err)
	}
	f.mu.Lock()
	f.File = file
	f.mu.Unlock()
	return f, nil
}

// Check says whether target may be written with opts, without writing
// anything: a protected file or folder, a folder as target, a missing
// folder and (without Force) an existing file are refused.
func Check(target string, opts Options) error {
	if target == "" {
		return cdop.Errorf(cdop.EINVALID, "no output file named")
	}
	if err := opts.Protected.Check(target); err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return cdop.Errorf(cdop.EINVALID, "the folder %s does not exist; choose a folder that does", dir)
	}
	info, err := os.Stat(target)
	switch {
	case err == nil && info.IsDir():
		return cdop.Errorf(cdop.EINVALID, "%s is a folder; name a file", target)
	case err == nil && !opts.Force:
		return existsError(target)
	}
	return nil
}

// ErrExists is in the chain of the error refusing to replace an existing
// file without Force.
var ErrExists = errors.New("the file exists")

// existsErr refuses to replace an existing file: an ECONFLICT error that
// is also ErrExists, so the app can ask rather than repeat the sentence.
type existsErr struct{ coded *cdop.Error }

func (e existsErr) Error() string   { return e.coded.Error() }
func (e existsErr) Unwrap() []error { return []error{e.coded, ErrExists} }

func existsError(target string) error {
	return existsErr{cdop.Errorf(cdop.ECONFLICT, "%s already exists; add --force to replace it", target)}
}

// Path returns the temporary file's path, for writers that open it
// themselves (SQLite's VACUUM INTO); close the File first.
func (f *File) Path() string { return f.tmp }

// Target returns where the output goes.
func (f *File) Target() string { return f.target }

// Commit syncs the temporary file and renames it into place, then syncs
// the folder. Without Force it never replaces a file that appeared at the
// target meanwhile. On failure the temporary file is removed.
func (f *File) Commit() error {
	if f.isDone() {
		return errors.New("outfile: committed or aborted already")
	}
	err := f.sync()
	if err == nil {
		err = place(f.tmp, f.target, f.opts.Force)
	}
	if err != nil {
		f.Abort()
		return explain(f.target, err)
	}
	f.finish()
	syncDir(filepath.Dir(f.target))
	return nil
}

// sync flushes the temporary file to disk and closes it.
func (f *File) sync() error {
	file := f.File
	if file == nil || isClosed(file) {
		var err error
		if file, err = os.OpenFile(f.tmp, os.O_RDWR, 0); err != nil {
			return err
		}
	}
	err := file.Sync()
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	return err
}

// isClosed reports whether f was closed already.
func isClosed(f *os.File) bool {
	_, err := f.Seek(0, io.SeekCurrent)
	return errors.Is(err, os.ErrClosed)
}

// Abort removes the temporary file; it does nothing after Commit, so it
// may be deferred.
func (f *File) Abort() {
	f.mu.Lock()
	done := f.done
	f.done = true
	f.mu.Unlock()
	if done {
		return
	}
	f.mu.Lock()
	file := f.File
	f.mu.Unlock()
	if file != nil {
		file.Close()
	}
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(f.tmp + suffix)
	}
	untrack(f)
	f.unregister()
}

// finish notes that the file is in place.
func (f *File) finish() {
	f.mu.Lock()
	f.done = true
	f.mu.Unlock()
	untrack(f)
	f.unregister()
}

func (f *File) isDone() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.done
}

// Write writes one output at target through write, as Create and Commit do.
func Write(target string, opts Options, write func(io.Writer) error) error {
	f, err := Create(target, opts)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return explain(target, err)
	}
	return f.Commit()
}

// CommitAll puts several outputs in place in the order given (a manifest
// before the file it describes): each is synced first, so only the
// renames remain once the first lands. On failure the ones not yet
// placed are removed. With a register (Options.Register of the first),
// the renames to come are noted there first, so that a process killed
// between two of them has the rest done by CleanStale at the next start:
// the outputs land together or not at all.
func CommitAll(files ...*File) error {
	for _, f := range files {
		if err := f.sync(); err != nil {
			for _, g := range files {
				g.Abort()
			}
			return explain(f.target, err)
		}
	}
	if len(files) > 1 && files[0].opts.Register != "" {
		if intent := noteIntent(files); intent != "" {
			defer os.Remove(intent)
		}
	}
	for i, f := range files {
		if err := place(f.tmp, f.target, f.opts.Force); err != nil {
			for _, g := range files[i:] {
				g.Abort()
			}
			return explain(f.target, err)
		}
		f.finish()
	}
	if len(files) > 0 {
		syncDir(filepath.Dir(files[0].target))
	}
	return nil
}

// place renames tmp to target: replacing it only when force is set.
// Without force a hard link makes the new name (failing if the name was
// taken meanwhile); where links are not supported, a check then a rename.
func place(tmp, target string, force bool) error {
	if force {
		return os.Rename(tmp, target)
	}
	err := os.Link(tmp, target)
	switch {
	case err == nil:
		return os.Remove(tmp)
	case errors.Is(err, fs.ErrExist):
		return existsError(target)
	}
	if _, err := os.Lstat(target); err == nil {
		return existsError(target)
	}
	return os.Rename(tmp, target)
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// tempName returns a new temporary file name in dir.
func tempName(dir string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return filepath.Join(dir, ".cdop-"+strconv.Itoa(os.Getpid())+"-"+hex.EncodeToString(b[:])+".tmp"), nil
}

// Explain turns an error writing target into one sentence where it is one
// the user can act on (a full disk, a folder they may not write), for
// writers of working files beside an output; other errors are returned as
// they are, already coded ones included.
func Explain(target string, err error) error { return explain(target, err) }

func explain(target string, err error) error {
	var coded *cdop.Error
	switch {
	case errors.As(err, &coded):
		return err
	case IsDiskFull(err):
		return cdop.Errorf(cdop.ENOSPACE, "the disk holding %s is full: nothing was saved; free some space and try again", target)
	case errors.Is(err, fs.ErrPermission) || IsReadOnlyFS(err):
		return cdop.Errorf(cdop.EREADONLY, "%s cannot be written: the folder is read-only or you may not write there; choose another folder", target)
	}
	return fmt.Errorf("writing %s: %w", target, err)
}

// live holds the temporary files of this process not yet committed or aborted.
var live = struct {
	sync.Mutex
	files map[*File]bool
}{files: map[*File]bool{}}

func track(f *File) {
	live.Lock()
	live.files[f] = true
	live.Unlock()
}

func untrack(f *File) {
	live.Lock()
	delete(live.files, f)
	live.Unlock()
}

// AbortAll removes every temporary file of this process not yet put in
// place: the command line calls it when interrupted, before exiting.
func AbortAll() {
	live.Lock()
	files := make([]*File, 0, len(live.files))
	for f := range live.files {
		files = append(files, f)
	}
	live.Unlock()
	for _, f := range files {
		f.Abort()
	}
	temps.Lock()
	for path, marker := range temps.paths {
		os.Remove(path)
		if marker != "" {
			os.Remove(marker)
		}
		delete(temps.paths, path)
	}
	temps.Unlock()
}

// temps holds the working files of this process made by Temp, each with
// its note in a register ("" when none).
var temps = struct {
	sync.Mutex
	paths map[string]string
}{paths: map[string]string{}}

// Temp creates a working file in dir ("" for the system's temporary
// folder), private to the user and named as this app's temporary files
// are, so that AbortAll removes it when the program is interrupted and
// CleanStale once the program is gone: found in dir, or through the
// register reg (a folder; "" for none). Remove it with RemoveTemp.
func Temp(dir, reg string) (*os.File, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	name, err := tempName(dir)
	if err != nil {
		return nil, err
	}
	marker := ""
	if reg != "" {
		marker = register(reg, name)
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if marker != "" {
			os.Remove(marker)
		}
		return nil, err
	}
	temps.Lock()
	temps.paths[name] = marker
	temps.Unlock()
	return f, nil
}

// RemoveTemp removes a working file made by Temp.
func RemoveTemp(path string) error {
	temps.Lock()
	marker := temps.paths[path]
	delete(temps.paths, path)
	temps.Unlock()
	err := os.Remove(path)
	if marker != "" {
		os.Remove(marker)
	}
	return err
}
