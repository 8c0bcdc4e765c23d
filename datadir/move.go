package datadir

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Moved is one group of files moved from an older version's folder.
type Moved struct {
	Files []string // the base names moved, e.g. cdop.db and cdop.db-wal
}

// MoveOnce moves each group of files (a database with its -wal and -shm,
// a key) from the folder from into the folder to, when the group's first
// file is in from and none of the group is in to yet: so it runs once, and
// never overwrites. A group is moved whole or not at all: a rename where
// from and to are on one volume, else a copy (synced, then renamed into
// place) and the originals removed. It returns the groups moved.
func MoveOnce(from, to string, groups [][]string) ([]Moved, error) {
	if from == "" || from == to {
		return nil, nil
	}
	var moved []Moved
	for _, group := range groups {
		present, err := movable(from, to, group)
		if err != nil || len(present) == 0 {
			if err != nil {
				return moved, err
			}
			continue
		}
		if err := os.MkdirAll(to, 0o700); err != nil {
			return moved, fmt.Errorf("creating the data folder %s: %w", to, err)
		}
		if err := moveGroup(from, to, present); err != nil {
			return moved, fmt.Errorf("moving %s from %s to %s: %w", present[0], from, to, err)
		}
		moved = append(moved, Moved{Files: present})
	}
	return moved, nil
}

// movable returns the files of group present in from, or none when the
// group's first file is not there or any of the group is already in to.
func movable(from, to string, group []string) ([]string, error) {
	var present []string
	for i, name := range group {
		if _, err := os.Stat(filepath.Join(to, name)); err == nil {
			return nil, nil // already there: never overwrite
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		_, err := os.Stat(filepath.Join(from, name))
		switch {
		case err == nil:
			present = append(present, name)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		case i == 0:
			return nil, nil // nothing to move
		}
	}
	return present, nil
}

func moveGroup(from, to string, names []string) error {
	renamed := 0
	for _, name := range names {
		if os.Rename(filepath.Join(from, name), filepath.Join(to, name)) != nil {
			break
		}
		renamed++
	}
	if renamed == len(names) {
		return nil
	}
	// Another volume (e.g. a redirected roaming profile): copy what is
	// left, then remove the originals only once every copy is in place.
	rest := names[renamed:]
	var done []string
	for _, name := range rest {
		if err := copyFile(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
			for _, d := range done {
				os.Remove(filepath.Join(to, d))
			}
			for _, n := range names[:renamed] { // put back what was renamed
				os.Rename(filepath.Join(to, n), filepath.Join(from, n))
			}
			return err
		}
		done = append(done, name)
	}
	for _, name := range rest {
		os.Remove(filepath.Join(from, name))
	}
	return nil
}

// copyFile copies src to dst through a temporary file renamed into place,
// owner-only.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}
