package main

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	kernel32                  = windows.NewLazySystemDLL("kernel32.dll")
	procGetConsoleProcessList = kernel32.NewProc("GetConsoleProcessList")
	procFreeConsole           = kernel32.NewProc("FreeConsole")
)

// detachOwnConsole closes the console window that Windows opens for a
// console program started from Explorer or a shortcut: cdop.exe is a
// console program, so that scripts and the headless commands get its
// output, and it opens the desktop app when run with no command. When the
// console is this process's alone (no cmd or PowerShell shares it), it is
// freed, and its window goes; started from a command prompt, the console
// stays, and messages still reach it. The GUI build (CDOP Case
// Manager.exe) has no console, and this does nothing.
func detachOwnConsole() {
	var pids [2]uint32
	n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
	if n == 1 {
		procFreeConsole.Call()
	}
}
