//go:build !windows && !linux && !darwin

package datadir

import "runtime"

var osName = runtime.GOOS

// networkVolume cannot tell on this system.
func networkVolume(string) string { return "" }
