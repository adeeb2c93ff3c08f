package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// textEntry is a single-line entry that hands Escape and Ctrl+digit to its
// window: a focused widget.Entry would otherwise swallow them, so Escape could
// not close a dialog and the section shortcuts would not work while typing.
type textEntry struct {
	widget.Entry
}

func newTextEntry() *textEntry {
	e := &textEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func newPasswordEntry() *textEntry {
	e := newTextEntry()
	e.Password = true
	return e
}

// TypedKey forwards Escape to the window's key handler.
func (e *textEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		if c := e.canvas(); c != nil && c.OnTypedKey() != nil {
			c.OnTypedKey()(ev)
			return
		}
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut forwards the section shortcuts (Ctrl+1..9) to the window.
func (e *textEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && isDigitKey(cs.KeyName) {
		if sc, ok := e.canvas().(fyne.Shortcutable); ok {
			sc.TypedShortcut(s)
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

func (e *textEntry) canvas() fyne.Canvas {
	app := fyne.CurrentApp()
	if app == nil {
		return nil
	}
	return app.Driver().CanvasForObject(e)
}

func isDigitKey(k fyne.KeyName) bool {
	return len(k) == 1 && k[0] >= '0' && k[0] <= '9'
}
