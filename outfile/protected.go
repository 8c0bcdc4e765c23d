package outfile

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"casemanager/cdop"
)

// Protected lists what no output may replace: files, each with what it is
// ("the live database"), and folders whose every file is off limits.
type Protected struct {
	files   []protectedFile
	folders []protectedFile
}

type protectedFile struct {
	path string
	what string
}

// AddDatabase protects the live database at path with the files SQLite
// keeps beside it: its write-ahead log, shared memory and rollback journal.
func (p *Protected) AddDatabase(path string) {
	if path == "" {
		return
	}
	p.AddFile(path, "the live database")
	p.AddFile(path+"-wal", "the live database's write-ahead log")
	p.AddFile(path+"-shm", "the live database's shared memory file")
	p.AddFile(path+"-journal", "the live database's journal")
}

// AddFile protects one file; what names it in the refusal.
func (p *Protected) AddFile(path, what string) {
	if path != "" {
		p.files = append(p.files, protectedFile{path, what})
	}
}

// AddFolder protects every file in a folder (and its subfolders).
func (p *Protected) AddFolder(path, what string) {
	if path != "" {
		p.folders = append(p.folders, protectedFile{path, what})
	}
}

// Check refuses, in one sentence naming target, a target that is (or is
// inside) something protected. Paths are compared resolved (absolute,
// symbolic links followed) and, where both exist, by file identity, so
// "./cases.db", a link to it or another spelling of it are all refused.
func (p Protected) Check(target string) error {
	t := canonical(target)
	tInfo, tErr := os.Stat(target)
	for _, f := range p.files {
		same := samePath(t, canonical(f.path))
		if !same && tErr == nil {
			if info, err := os.Stat(f.path); err == nil {
				same = os.SameFile(tInfo, info)
			}
		}
		if same {
			return cdop.Errorf(cdop.EINVALID, "%s is %s: an output must never replace it; choose another file", target, f.what)
		}
	}
	for _, d := range p.folders {
		if inFolder(t, target, d.path) {
			return cdop.Errorf(cdop.EINVALID, "%s is in %s (%s), which only the app writes; choose another folder", target, d.what, d.path)
		}
	}
	return nil
}

// canonical returns path made absolute, with symbolic links followed as
// far as they exist.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	// The file does not exist (yet): resolve its folder.
	dir, base := filepath.Dir(abs), filepath.Base(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(real, base)
	}
	return abs
}

// samePath compares resolved paths as the file system would: without
// regard to case on Windows and macOS, whose usual file systems ignore it.
func samePath(a, b string) bool {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// inFolder reports whether target (t resolved) lies in folder: by path, or
// by the identity of one of its parent folders.
func inFolder(t, target, folder string) bool {
	f := canonical(folder)
	prefix := strings.TrimSuffix(f, string(filepath.Separator)) + string(filepath.Separator)
	if samePath(t, f) || (len(t) > len(prefix) && samePath(t[:len(prefix)], prefix)) {
		return true
	}
	fInfo, err := os.Stat(folder)
	if err != nil {
		return false
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return false
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if info, err := os.Stat(dir); err == nil && os.SameFile(info, fInfo) {
			return true
		}
		if parent := filepath.Dir(dir); parent == dir {
			return false
		}
	}
}
