package datadir

import "syscall"

const osName = "darwin"

// networkVolume says whether path is on a network file system.
func networkVolume(path string) string {
	var st syscall.Statfs_t
	if syscall.Statfs(path, &st) != nil {
		return ""
	}
	var b []byte
	for _, c := range st.Fstypename {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	if name := NetworkFSName(0, string(b)); name != "" {
		return "a network file system (" + name + ")"
	}
	return ""
}
