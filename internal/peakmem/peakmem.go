// Package peakmem measures the peak memory of a process, for benchmarks
// that run a command in a child process of its own: the child records its
// peak (Record) and the benchmark reads it (Read). The rusage the parent
// gets of a child will not do: it counts the parent's own memory at the
// fork.
package peakmem

import (
	"bytes"
	"fmt"
	"os"
)

// Record writes the most memory the calling process has held so far
// (VmHWM of /proc/self/status, in kB) to the file at path.
func Record(path string) error {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	for _, line := range bytes.Split(status, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			return os.WriteFile(path, bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB")), 0o600)
		}
	}
	return fmt.Errorf("no VmHWM in /proc/self/status")
}

// Read returns the peak Record wrote to the file at path, in MB.
func Read(path string) (float64, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var kb float64
	if _, err := fmt.Sscan(string(text), &kb); err != nil {
		return 0, fmt.Errorf("peak memory %q: %w", text, err)
	}
	return kb / 1024, nil
}
