package ui

import (
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/ui/dialogs"
)

// installKeys is the main window's handler for keys no widget takes:
// Escape closes the top dialog, and every keystroke goes to the
// keyboard-wedge detector, which tells a reader's fast burst from typing.
// Shortcuts are not here: they are in the main menu.
func (s *session) installKeys() {
	kb := s.d.cfg.Keyboard
	dialogs.EscapeCloses(s.win, &s.dialogs, func(ev *fyne.KeyEvent) {
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
	if kb != nil {
		s.win.Canvas().SetOnTypedRune(func(r rune) { kb.Key(r, time.Now()) })
	}
}
