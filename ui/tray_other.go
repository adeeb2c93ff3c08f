//go:build !(linux || freebsd || openbsd || netbsd)

package ui

// systemTray: Windows and macOS always have a notification area / menu
// bar for tray icons.
func systemTray() bool { return true }
