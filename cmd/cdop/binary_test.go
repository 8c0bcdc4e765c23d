package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// binary is the real cdop program, built once for the tests that run it
// as a user would (and kill it).
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// cdopBinary builds the real binary once (with the race detector when the
// tests have it) and returns its path.
func cdopBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		binary.dir, binary.err = os.MkdirTemp("", "cdop-bin-")
		if binary.err != nil {
			return
		}
		os.Chmod(binary.dir, 0o755) // a test may run it as another user
		binary.path = filepath.Join(binary.dir, "cdop")
		args := []string{"build", "-o", binary.path}
		if raceEnabled {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
		if err != nil {
			binary.err = &buildError{err, string(out)}
		}
	})
	if binary.err != nil {
		t.Fatalf("building cdop: %v", binary.err)
	}
	return binary.path
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// binaryEnv is the environment the real binary runs with: a home of its
// own, the key beside the data, and the race detector not lingering at exit.
func binaryEnv(home string) []string {
	return append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"CDOP_PSEUDONYM_KEY="+filepath.Join(home, "pseudonym.key"), "CDOP_USER="+testUser, "CDOP_PASSWORD="+testPassword, "CDOP_DB=",
		"GORACE=atexit_sleep_ms=0 halt_on_error=1")
}
