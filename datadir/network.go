package datadir

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// NetworkWarning returns a warning, in one sentence a coordinator can act
// on, when the database at path is on a network share, a mapped network
// drive or a network file system; "" when it is on a local disk (or when
// that cannot be told).
func NetworkWarning(path string) string {
	where := onNetwork(path)
	if where == "" {
		return ""
	}
	return fmt.Sprintf("The case database %s is on %s. Keep it on this computer's own disk: "+
		"over a network SQLite's locking and write-ahead log are not reliable and the file can be damaged "+
		"(make a copy with cdop backup, and open the copy from a local folder).", path, where)
}

// onNetwork describes the network location of path, or "".
func onNetwork(path string) string {
	if share := UNCShare(osName, path); share != "" {
		return "the network share " + share
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	return networkVolume(existingAncestor(abs))
}

// existingAncestor returns path or its nearest folder that exists, so a
// database about to be created is judged by its folder.
func existingAncestor(path string) string {
	for {
		if _, err := os.Stat(path); err == nil {
			return path
		}
		parent := filepath.Dir(path)
		if parent == path {
			return path
		}
		path = parent
	}
}

// UNCShare returns the \\server\share a Windows path names (a UNC path,
// `\\server\share\...`, `//server/share/...` or `\\?\UNC\server\share\...`),
// or "" for a local path, a device path (`\\.\`, `\\?\C:\`) or any path on
// another system.
func UNCShare(goos, path string) string {
	if goos != "windows" {
		return ""
	}
	p := strings.ReplaceAll(path, "/", `\`)
	switch {
	case hasPrefixFold(p, `\\?\UNC\`):
		p = p[len(`\\?\UNC\`):]
	case strings.HasPrefix(p, `\\?\`), strings.HasPrefix(p, `\\.\`):
		return ""
	case strings.HasPrefix(p, `\\`):
		p = p[2:]
	default:
		return ""
	}
	parts := strings.SplitN(p, `\`, 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return ""
	}
	return `\\` + parts[0] + `\` + parts[1]
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// NetworkFSName returns the name of a network file system, given the
// type a Linux statfs reports (its magic number) or a macOS statfs names;
// "" when it is not one.
func NetworkFSName(linuxMagic int64, darwinName string) string {
	switch linuxMagic {
	case 0x6969:
		return "NFS"
	case 0x517B:
		return "SMB"
	case 0xFF534D42:
		return "CIFS"
	case 0xFE534D42:
		return "SMB2"
	case 0x5346414F:
		return "AFS"
	case 0x73757245:
		return "Coda"
	case 0x01021997:
		return "9P"
	case 0x564c:
		return "NCP"
	}
	switch strings.ToLower(darwinName) {
	case "smbfs", "nfs", "afpfs", "webdav", "cifs":
		return darwinName
	}
	return ""
}
