package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole gives commands typed at a command prompt somewhere to
// write. The Windows build is a GUI program, so that no console window
// opens beside the app when a desk starts it from the Start menu; Windows
// then gives it no standard handles, even when it runs from a prompt.
// Standard handles that are missing are opened on the console of the
// process that started this one, when it has one; redirected handles (a
// pipe, a file: scripts, IT tools) are left as they are.
func attachConsole() {
	out, errOut, in := missing(windows.STD_OUTPUT_HANDLE), missing(windows.STD_ERROR_HANDLE), missing(windows.STD_INPUT_HANDLE)
	if !out && !errOut && !in {
		return
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return // started from Explorer or the Start menu: no console
	}
	reopen := func(f **os.File, name string, flag int) {
		if c, err := os.OpenFile(name, flag, 0); err == nil {
			*f = c
		}
	}
	if out {
		reopen(&os.Stdout, "CONOUT$", os.O_WRONLY)
	}
	if errOut {
		reopen(&os.Stderr, "CONOUT$", os.O_WRONLY)
	}
	if in {
		reopen(&os.Stdin, "CONIN$", os.O_RDWR) // the password prompt reads and sets its mode
	}
}

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// missing reports whether the standard handle std is not there.
func missing(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	return err != nil || h == 0 || h == windows.InvalidHandle
}
