// Package logfile is the desktop app's log: a file in the data folder that
// keeps the last few megabytes, so that an error a coordinator saw (or a
// GUI program that has no console could not show) can be looked at later.
// What is written must carry no identifier of a child or family: callers
// log error messages, which by the project's rules carry none.
package logfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
)

// Default limits: a file of up to 1 MiB and two older ones beside it.
const (
	DefaultMaxBytes = 1 << 20
	DefaultKeep     = 2
)

// Writer appends to a log file, and when the next write would take it past
// MaxBytes, renames it to NAME.1 (NAME.1 to NAME.2 and so on, the oldest
// beyond Keep removed) and starts a new one. It is safe for concurrent use.
type Writer struct {
	path     string
	maxBytes int64
	keep     int

	mu   sync.Mutex
	f    *os.File
	size int64
}

// Open opens (creating, owner-only) the log file at path, rotated past
// maxBytes with keep older files kept.
func Open(path string, maxBytes int64, keep int) (*Writer, error) {
	if maxBytes <= 0 || keep < 0 {
		return nil, fmt.Errorf("log file %s: a size limit above 0 and 0 or more older files are needed", path)
	}
	w := &Writer{path: path, maxBytes: maxBytes, keep: keep}
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Writer) open() error {
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("opening the log file %s: %w", w.path, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("opening the log file %s: %w", w.path, err)
	}
	w.f, w.size = f, info.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past the limit.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return 0, fs.ErrClosed
	}
	if w.size > 0 && w.size+int64(len(p)) > w.maxBytes {
		if err := w.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := w.f.Write(p)
	w.size += int64(n)
	return n, err
}

// rotate shifts NAME.i to NAME.i+1, dropping the oldest, and starts afresh.
func (w *Writer) rotate() error {
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("closing the log file %s: %w", w.path, err)
	}
	w.f = nil
	name := func(i int) string {
		if i == 0 {
			return w.path
		}
		return fmt.Sprintf("%s.%d", w.path, i)
	}
	if err := os.Remove(name(w.keep)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("rotating the log file %s: %w", w.path, err)
	}
	for i := w.keep - 1; i >= 0; i-- {
		if err := os.Rename(name(i), name(i+1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("rotating the log file %s: %w", w.path, err)
		}
	}
	return w.open()
}

// Close closes the file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}

// Tee writes to every writer, carrying on past those that fail (such as
// the standard error of a Windows GUI program, which has none): it fails
// only when all do.
func Tee(writers ...io.Writer) io.Writer { return tee(writers) }

type tee []io.Writer

func (t tee) Write(p []byte) (int, error) {
	var firstErr error
	ok := false
	for _, w := range t {
		if _, err := w.Write(p); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		ok = true
	}
	if !ok && firstErr != nil {
		return 0, firstErr
	}
	return len(p), nil
}
