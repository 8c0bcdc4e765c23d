//go:build windows

package outfile

import (
	"errors"
	"os"
	"syscall"
)

// processAlive reports whether a process with the ID runs: Windows opens
// a handle only to a process that exists.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}

// Windows' codes for a full disk: ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL.
const (
	errorHandleDiskFull syscall.Errno = 39
	errorDiskFull       syscall.Errno = 112
	errorWriteProtect   syscall.Errno = 19
)

// IsDiskFull reports whether err says the disk (or the user's quota) is full.
func IsDiskFull(err error) bool {
	return errors.Is(err, errorDiskFull) || errors.Is(err, errorHandleDiskFull)
}

// IsReadOnlyFS reports whether err says the file system is read-only.
func IsReadOnlyFS(err error) bool { return errors.Is(err, errorWriteProtect) }
