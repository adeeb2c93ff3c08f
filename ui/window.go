package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/ui/widgets"
)

// takeWindow hands the desk's one window to the next thing it shows (the
// sign-in or first-run form, or a session's main window), cleared of
// whatever the last one left in it: menu, key handlers and tooltips.
//
// The forms and the main window take turns in one window because each
// window of the desktop driver has a GL context of its own, and a context
// costs several megabytes that stay with the process after the window
// closes (about 7 MB under Mesa's software renderer).
func (d *Desk) takeWindow(title string) fyne.Window {
	if d.win == nil {
		d.win = d.cfg.Window
	}
	if d.win == nil {
		d.win = d.app.NewWindow(title) // the icon is the app's (main sets it)
	}
	w := d.win
	w.SetTitle(title)
	w.SetMainMenu(nil)
	c := w.Canvas()
	c.SetOnTypedKey(nil)
	c.SetOnTypedRune(nil)
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(nil)
		dc.SetOnKeyUp(nil)
	}
	widgets.DropToolTips(c)
	return w
}

// showWindow shows the window if it is hidden and, the first time, starts
// watching its input for the desk lock (the driver makes the window's GLFW
// window when it is first shown). Show on a shown window would move it back
// to where it was last shown, undoing the centring of a window that just
// changed size (sign-in to main window and back).
func (d *Desk) showWindow() {
	if !d.shown {
		d.shown = true
		d.win.Show()
	}
	if d.watching || d.cfg.WatchInput == nil {
		return
	}
	d.watching = true
	if err := d.cfg.WatchInput(d.win, d.touch); err != nil {
		d.log.Warn("the desk lock sees only keys outside text boxes, no mouse", zap.Error(err))
	}
}

// hideWindow hides the window to the system tray.
func (d *Desk) hideWindow() {
	d.shown = false
	d.win.Hide()
}

// touch notes input for the desk lock of the session, if one is signed in.
func (d *Desk) touch() {
	if d.session != nil {
		d.session.lock.touch()
	}
}
