package datadir

import "syscall"

const osName = "linux"

// networkVolume says whether path is on a network file system.
func networkVolume(path string) string {
	var st syscall.Statfs_t
	if syscall.Statfs(path, &st) != nil {
		return ""
	}
	if name := NetworkFSName(int64(st.Type), ""); name != "" {
		return "a network file system (" + name + ")"
	}
	return ""
}
