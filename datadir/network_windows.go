package datadir

import (
	"path/filepath"

	"golang.org/x/sys/windows"
)

const osName = "windows"

// networkVolume says whether path's drive is a mapped network drive.
func networkVolume(path string) string {
	vol := filepath.VolumeName(path)
	if vol == "" {
		return ""
	}
	root, err := windows.UTF16PtrFromString(vol + `\`)
	if err != nil {
		return ""
	}
	if windows.GetDriveType(root) == windows.DRIVE_REMOTE {
		return "the mapped network drive " + vol
	}
	return ""
}
