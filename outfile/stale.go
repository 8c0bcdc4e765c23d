package outfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// register notes in the folder reg that tmp is being written by this
// process, and returns the note's path ("" when it cannot be written: the
// output goes ahead, and its folder is still cleaned when next written to).
func register(reg, tmp string) string {
	if err := os.MkdirAll(reg, 0o700); err != nil {
		return ""
	}
	abs, err := filepath.Abs(tmp)
	if err != nil {
		return ""
	}
	name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(tmp), ".cdop-"), ".tmp")
	marker := filepath.Join(reg, name)
	if err := os.WriteFile(marker, []byte(abs), 0o600); err != nil {
		return ""
	}
	return marker
}

func (f *File) unregister() {
	f.mu.Lock()
	marker := f.marker
	f.marker = ""
	f.mu.Unlock()
	if marker != "" {
		os.Remove(marker)
	}
}

// CleanStale removes the temporary files left by processes of this app
// that are no longer running (killed part way through an output): those
// noted in the register folder reg, and those in each folder of dirs. A
// file is removed only when its name is one of this app's temporary files
// and the process that made it (named in it) has gone. It returns how
// many files it removed; folders it cannot read are passed over.
func CleanStale(reg string, dirs ...string) int {
	removed := 0
	if reg != "" {
		entries, _ := os.ReadDir(reg)
		// First the renames a killed CommitAll had still to make.
		for _, e := range entries {
			pid, ok := markerPID(e.Name())
			if ok && strings.HasSuffix(e.Name(), intentSuffix) && !alive(pid) {
				finishIntent(filepath.Join(reg, e.Name()))
			}
		}
		for _, e := range entries {
			pid, ok := markerPID(e.Name())
			if !ok || alive(pid) || strings.HasSuffix(e.Name(), intentSuffix) {
				continue
			}
			marker := filepath.Join(reg, e.Name())
			if b, err := os.ReadFile(marker); err == nil {
				tmp := string(b)
				if IsTemp(tmp) {
					removed += removeTemp(tmp)
				}
			}
			os.Remove(marker)
		}
	}
	for _, dir := range dirs {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			m := tempPattern.FindStringSubmatch(e.Name())
			if m == nil {
				continue
			}
			if pid, err := strconv.Atoi(m[1]); err == nil && !alive(pid) {
				if os.Remove(filepath.Join(dir, e.Name())) == nil {
					removed++
				}
			}
		}
	}
	return removed
}

// removeTemp removes a temporary file and any journal beside it.
func removeTemp(tmp string) int {
	n := 0
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		if os.Remove(tmp+suffix) == nil {
			n++
		}
	}
	return n
}

// markerPID reads the process ID from a register note's name, PID-RANDOM.
func markerPID(name string) (int, bool) {
	head, _, ok := strings.Cut(name, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(head)
	return pid, err == nil
}

// alive reports whether a process is running; this process always is.
func alive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	return processAlive(pid)
}

// intentSuffix ends the name of a note of the renames a CommitAll makes.
const intentSuffix = ".commit"

// placement is one rename a CommitAll makes.
type placement struct {
	Temp   string `json:"temp"`
	Target string `json:"target"`
	Force  bool   `json:"force"`
}

// noteIntent writes, synced, in the register the renames CommitAll is
// about to make, and returns the note's path ("" when it cannot).
func noteIntent(files []*File) string {
	var list []placement
	for _, f := range files {
		tmp, err1 := filepath.Abs(f.tmp)
		target, err2 := filepath.Abs(f.target)
		if err1 != nil || err2 != nil {
			return ""
		}
		list = append(list, placement{tmp, target, f.opts.Force})
	}
	b, err := json.Marshal(list)
	if err != nil {
		return ""
	}
	name, err := tempName(files[0].opts.Register)
	if err != nil {
		return ""
	}
	intent := filepath.Join(files[0].opts.Register, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), ".cdop-"), ".tmp")+intentSuffix)
	f, err := os.OpenFile(intent, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return ""
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(intent)
		return ""
	}
	syncDir(files[0].opts.Register)
	return intent
}

// finishIntent makes the renames a killed CommitAll noted and had not
// made: every temporary file it names was whole and synced before the
// first rename. A target that appeared meanwhile is not replaced unless
// the output was to replace it.
func finishIntent(intent string) {
	b, err := os.ReadFile(intent)
	var list []placement
	if err == nil && json.Unmarshal(b, &list) == nil {
		for _, p := range list {
			if !IsTemp(p.Temp) {
				continue
			}
			if _, err := os.Stat(p.Temp); err != nil {
				continue // placed already
			}
			if _, err := os.Lstat(p.Target); err == nil && !p.Force {
				continue
			}
			if os.Rename(p.Temp, p.Target) == nil {
				syncDir(filepath.Dir(p.Target))
			}
		}
	}
	os.Remove(intent)
}
