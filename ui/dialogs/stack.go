package dialogs

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// Host is where a dialog opens: the window, the stack that lets Escape
// close it, and the jobs that run a form's work.
type Host interface {
	Window() fyne.Window
	// ShowDialog shows d on the window's dialog stack.
	ShowDialog(d dialog.Dialog)
	// ShowGuardedDialog is ShowDialog for a dialog that asks before it
	// throws typed changes away: Escape calls dismiss instead of hiding d.
	ShowGuardedDialog(d dialog.Dialog, dismiss func())
}

// Stack remembers the dialogs open on one window so Escape can close the
// newest; Fyne's dialogs do not react to Escape themselves.
type Stack struct {
	// Win is the window the dialogs open on; without it dialogs open as
	// Fyne sizes them.
	Win  fyne.Window
	open []dialog.Dialog
	// held: the desk is locked over the open dialogs; Escape leaves them
	// alone and new ones wait in waiting until Release.
	held    bool
	waiting []func()
}

// Hold keeps the open dialogs as they are under the desk's lock: Escape
// does not close them, and a dialog shown meanwhile (an error a job
// reports) waits for Release instead of opening over the lock.
func (s *Stack) Hold() { s.held = true }

// Release shows what waited while held.
func (s *Stack) Release() {
	s.held = false
	waiting := s.waiting
	s.waiting = nil
	for _, show := range waiting {
		show()
	}
}

// Show shows d and keeps it until it closes.
func (s *Stack) Show(d dialog.Dialog) {
	if s.held {
		s.waiting = append(s.waiting, func() { s.Show(d) })
		return
	}
	s.open = append(s.open, d)
	d.SetOnClosed(func() { s.remove(d) })
	d.Show()
	s.steady(d)
}

// ShowGuarded shows d; Escape calls dismiss instead of hiding d, so a
// dialog can ask before it throws typed changes away.
func (s *Stack) ShowGuarded(d dialog.Dialog, dismiss func()) {
	if s.held {
		s.waiting = append(s.waiting, func() { s.ShowGuarded(d, dismiss) })
		return
	}
	g := &guarded{Dialog: d, dismiss: dismiss}
	s.open = append(s.open, g)
	d.SetOnClosed(func() { s.remove(g) })
	d.Show()
	s.steady(d)
}

// guarded is a dialog as the stack sees it when closing it needs a word
// with the dialog first.
type guarded struct {
	dialog.Dialog
	dismiss func()
}

func (g *guarded) Dismiss() { g.dismiss() }

func (s *Stack) remove(d dialog.Dialog) {
	if i := slices.Index(s.open, d); i >= 0 {
		s.open = slices.Delete(s.open, i, i+1)
	}
}

// DismissTop closes the newest dialog and reports whether there was one.
func (s *Stack) DismissTop() bool {
	if len(s.open) == 0 || s.held {
		return false
	}
	s.open[len(s.open)-1].Dismiss()
	return true
}

// Len is the number of dialogs open.
func (s *Stack) Len() int { return len(s.open) }

// CloseAll hides every open dialog (signing out, quitting).
func (s *Stack) CloseAll() {
	s.waiting = nil // never shown: nothing to hide
	for len(s.open) > 0 {
		top := s.open[len(s.open)-1]
		s.open = s.open[:len(s.open)-1]
		if g, ok := top.(*guarded); ok {
			top = g.Dialog // no questions: the window goes
		}
		top.Hide()
	}
}

// EscapeCloses makes Escape on the window close its newest dialog; other
// keys no widget took go to rest (may be nil).
func EscapeCloses(win fyne.Window, s *Stack, rest func(*fyne.KeyEvent)) {
	win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			s.DismissTop()
		}
		if rest != nil {
			rest(ev)
		}
	})
}
