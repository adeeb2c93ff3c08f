package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// The app's preferences keep, per user of the computer, how the window was
// left: its size and the section that was open. Station settings are not
// here: they live in the database, the same for every user of the station.
const (
	prefWidth      = "window.width"
	prefHeight     = "window.height"
	prefSection    = "window.section"
	prefTrayHinted = "tray.hinted"
)

// defaultWindow is the first window's size.
var defaultWindow = fyne.NewSize(1240, 780)

// windowSize is the size the main window was left at, at least its least
// size.
func (d *Desk) windowSize() fyne.Size {
	p := d.app.Preferences()
	w := float32(p.FloatWithFallback(prefWidth, float64(defaultWindow.Width)))
	h := float32(p.FloatWithFallback(prefHeight, float64(defaultWindow.Height)))
	return fyne.NewSize(w, h).Max(mainMinSize)
}

// rememberWindow keeps the window's size for next time.
func (d *Desk) rememberWindow(w fyne.Window) {
	size := w.Canvas().Size()
	if size.Width < mainMinSize.Width || size.Height < mainMinSize.Height {
		return // not laid out yet, or a minimised window
	}
	p := d.app.Preferences()
	p.SetFloat(prefWidth, float64(size.Width))
	p.SetFloat(prefHeight, float64(size.Height))
}

// lastSection is the section open when the app was left, if this operator
// may open it; else the card requests.
func (d *Desk) lastSection(s *session) sectionID {
	key := d.app.Preferences().String(prefSection)
	for _, sec := range s.sections {
		if sec.key == key {
			return sec.id
		}
	}
	return secRequests
}

func (d *Desk) rememberSection(sec section) {
	d.app.Preferences().SetString(prefSection, sec.key)
}

// trayHinted reports whether the operator was told that closing the window
// keeps CardDesk in the tray, and marks it told.
func (d *Desk) trayHinted() bool {
	p := d.app.Preferences()
	told := p.Bool(prefTrayHinted)
	p.SetBool(prefTrayHinted, true)
	return told
}

// notify shows an OS notification.
func (d *Desk) notify(title, text string) {
	d.app.SendNotification(fyne.NewNotification(title, text))
}

// notifyNewRequests tells an operator who is not looking at CardDesk that
// card requests arrived.
func (d *Desk) notifyNewRequests(n int) {
	text := lang.L("A new card request is waiting.")
	if n > 1 {
		text = lang.X("notify.requests", "{{.N}} new card requests are waiting.", map[string]any{"N": n})
	}
	d.notify(lang.L("New card requests"), text)
}
