package ui

import (
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// installKeys is the main window's handler for keys no widget takes:
// Escape closes the top dialog, and every keystroke goes to the
// keyboard-wedge detector, which tells a reader's fast burst from typing.
func (s *session) installKeys() {
	kb := s.d.cfg.Keyboard
	c := s.win.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch {
		case ev.Name == fyne.KeyEscape:
			s.dialogs.dismissTop()
			if kb != nil {
				kb.Reset()
			}
		case kb == nil:
		case ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter:
			kb.Enter(time.Now())
		case utf8.RuneCountInString(string(ev.Name)) != 1:
			// Tab, Backspace, arrows: a person at the keyboard. Single
			// characters arrive as runes too and are counted there.
			kb.Reset()
		}
	})
	if kb != nil {
		c.SetOnTypedRune(func(r rune) { kb.Key(r, time.Now()) })
	}
}
