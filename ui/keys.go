package ui

import (
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/carddesk/carddesk/ui/dialogs"
)

// installKeys is the main window's handler for keys no widget takes:
// Escape closes the top dialog, and every keystroke goes to the
// keyboard-wedge detector, which tells a reader's fast burst from typing.
// Shortcuts are not here: they are in the main menu.
func (s *session) installKeys() {
	kb := s.d.cfg.Keyboard
	// Keys no widget takes are input for the desk lock too; with the
	// driver's hook (deskLock.watch) these are seen twice, which is harmless.
	if dc, ok := s.win.Canvas().(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { s.lock.touch() })
	}
	dialogs.EscapeCloses(s.win, &s.dialogs, func(ev *fyne.KeyEvent) {
		s.lock.touch()
		switch {
		case kb == nil:
		case ev.Name == fyne.KeyEscape:
			kb.Reset()
		case ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter:
			kb.Enter(time.Now())
		case utf8.RuneCountInString(string(ev.Name)) != 1:
			// Tab, Backspace, arrows: a person at the keyboard. Single
			// characters arrive as runes too and are counted there.
			kb.Reset()
		}
	})
	s.win.Canvas().SetOnTypedRune(func(r rune) {
		s.lock.touch()
		if kb != nil {
			kb.Key(r, time.Now())
		}
	})
}
