package storage

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// walWriteLock is the byte of a WAL database's shared-memory file that its
// one writer locks (SQLite's WAL_WRITE_LOCK: offset 120).
const walWriteLock = 120

// lockHolder names the process holding the write lock of the database at
// path, e.g. "sqlite3, process 4242", from the kernel's table of file
// locks; "" when it cannot tell.
func lockHolder(path string) string {
	var st syscall.Stat_t
	if err := syscall.Stat(path+"-shm", &st); err != nil {
		return ""
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return ""
	}
	defer f.Close()
	inode := ":" + strconv.FormatUint(st.Ino, 10)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 1: POSIX  ADVISORY  WRITE 4242 fd:01:1234567 120 120
		fields := strings.Fields(sc.Text())
		if len(fields) < 8 || fields[1] != "POSIX" || fields[3] != "WRITE" || !strings.HasSuffix(fields[5], inode) {
			continue
		}
		start, err1 := strconv.Atoi(fields[6])
		pid, err2 := strconv.Atoi(fields[4])
		if err1 != nil || err2 != nil || start != walWriteLock || pid == os.Getpid() {
			continue
		}
		name, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err != nil {
			return fmt.Sprintf("process %d", pid)
		}
		return fmt.Sprintf("%s, process %d", strings.TrimSpace(string(name)), pid)
	}
	return ""
}
