//go:build linux || freebsd || openbsd || netbsd

package ui

import "github.com/godbus/dbus/v5"

// systemTray reports whether the desktop shows tray icons: on Linux and
// the BSDs that is a StatusNotifierWatcher on the session bus (KDE, GNOME
// with AppIndicator, XFCE, ...). Without one a window closed "to the tray"
// could never be opened again, so closing it quits instead. It never
// starts a session bus where none runs.
func systemTray() bool {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return false
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return false
	}
	if err := conn.Hello(); err != nil {
		return false
	}
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	return err == nil && has
}
