//go:build !windows

package main

// detachOwnConsole does nothing outside Windows: a terminal belongs to the
// shell that started the program.
func detachOwnConsole() {}
