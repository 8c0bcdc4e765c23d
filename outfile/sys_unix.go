//go:build !windows

package outfile

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with the ID runs (signal 0 is
// delivered, or refused for want of permission: someone else's process).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// IsDiskFull reports whether err says the disk (or the user's quota) is full.
func IsDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// IsReadOnlyFS reports whether err says the file system is read-only.
func IsReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }
