package widgets

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// MultiList is a virtualized list with desktop multi-selection: rows are
// selectableRows, the selection is a RowSelection, and the list takes the
// keyboard itself (Up/Down, Shift to extend, Ctrl to move without
// selecting, Space, Home/End, Ctrl+A, Enter). widget.List's own single
// selection is never used.
type MultiList struct {
	widget.List
	Sel     *RowSelection
	rows    RowKeys
	focused bool
	Single  bool // one row at a time: modifiers are ignored

	OnChange   func() // the selection changed
	OnActivate func() // Enter
	OnAll      func() // Ctrl+A; nil selects the rows loaded
	OnDouble   func() // a double click on a row (after selecting it); nil: not taken
	// OnMenu is a secondary click on row i, at the pointer; nil: no menu.
	OnMenu func(i int, at fyne.Position)
	// PageRows is how far Page Up and Page Down move: about a screenful.
	PageRows int

	lastTap time.Time // the last plain click, to tell a double click
	lastRow int
}

// NewMultiList builds the list; create makes a row's cells and update
// fills them for row i.
func NewMultiList(rows RowKeys, create func() *fyne.Container, update func(i int, cells *fyne.Container)) *MultiList {
	l := &MultiList{Sel: NewRowSelection(), rows: rows, OnChange: func() {}, OnActivate: func() {}, PageRows: 15}
	l.Length = rows.Len
	l.CreateItem = func() fyne.CanvasObject {
		if l.OnDouble != nil {
			r := NewActivatableRow(create(), l.tapped)
			r.onMenu = l.menu
			return r
		}
		r := NewSelectableRow(create(), l.Clicked)
		r.onMenu = l.menu
		return r
	}
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		r, ok := o.(*SelectableRow)
		if !ok {
			r = &o.(*ActivatableRow).SelectableRow
		}
		update(i, r.cells)
		id, ok := rows.Key(i)
		r.setState(i, ok && l.Sel.Has(id), l.focused && l.Sel.Cursor == i)
	}
	l.ExtendBaseWidget(l)
	return l
}

// clicked is a row's click: select, and take the keyboard.
func (l *MultiList) Clicked(i int, mods fyne.KeyModifier) {
	if l.Single {
		mods = 0
	}
	l.Sel.Click(i, mods, l.rows)
	if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil {
		c.Focus(l)
	}
	l.Changed()
}

// menu is a secondary click: a row outside the selection becomes the
// selection, one inside keeps it, so the menu acts on what is selected.
func (l *MultiList) menu(i int, at fyne.Position) {
	if l.OnMenu == nil {
		return
	}
	if id, ok := l.rows.Key(i); !ok || !l.Sel.Has(id) {
		l.Clicked(i, 0)
	} else {
		l.Sel.Cursor = i
		l.Refresh()
	}
	l.OnMenu(i, at)
}

// tapped is a click on a row of a list that takes double clicks: a second
// plain click on the same row soon after the first activates it.
//
// The time between the clicks counts from when the first was handled: a
// second click that waited in the event queue while a slow first one (a
// page to load on a busy machine) was handled is still the same double
// click to the operator who made it.
func (l *MultiList) tapped(i int, mods fyne.KeyModifier) {
	double := mods == 0 && i == l.lastRow && time.Since(l.lastTap) <= fyne.CurrentApp().Driver().DoubleTapDelay()
	l.lastRow = i
	l.Clicked(i, mods)
	l.lastTap = time.Now()
	if double {
		l.lastTap = time.Time{} // a third click starts a new pair
	}
	if double && l.OnDouble != nil {
		l.OnDouble()
	}
}

// Changed redraws the rows and reports a new selection.
func (l *MultiList) Changed() {
	l.Refresh()
	l.OnChange()
}

func (l *MultiList) FocusGained() {
	l.focused = true
	l.Refresh()
}

func (l *MultiList) FocusLost() {
	l.focused = false
	l.Refresh()
}

// TypedKey handles the keys with the modifiers held now.
func (l *MultiList) TypedKey(ev *fyne.KeyEvent) {
	if !l.keyPressed(ev.Name, heldModifiers()) {
		ForwardKey(l, ev)
	}
}

// keyPressed applies one key; it reports false for keys it leaves alone.
func (l *MultiList) keyPressed(key fyne.KeyName, mods fyne.KeyModifier) bool {
	extend, keep := mods&fyne.KeyModifierShift != 0, toggles(mods)
	if l.Single {
		extend, keep = false, false
	}
	switch key {
	case fyne.KeyUp, fyne.KeyDown:
		delta := 1
		if key == fyne.KeyUp {
			delta = -1
		}
		l.Sel.Move(delta, extend, keep, l.rows)
	case fyne.KeyHome, fyne.KeyEnd:
		l.Sel.Jump(key == fyne.KeyEnd, extend, l.rows)
	case fyne.KeyPageUp, fyne.KeyPageDown:
		delta := max(l.PageRows, 1)
		if key == fyne.KeyPageUp {
			delta = -delta
		}
		l.Sel.Move(delta, extend, keep, l.rows)
	case fyne.KeySpace:
		if l.Single {
			l.Sel.MoveTo(max(l.Sel.Cursor, 0), false, false, l.rows)
		} else {
			l.Sel.ToggleCursor(l.rows)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		l.OnActivate()
		return true
	default:
		return false
	}
	if l.Sel.Cursor >= 0 {
		l.ScrollTo(l.Sel.Cursor)
	}
	l.Changed()
	return true
}

// TypedRune: Space arrives as a key as well; runes are not for the list.
func (l *MultiList) TypedRune(rune) {}

// TypedShortcut selects all on Ctrl+A and moves with Ctrl and the arrows.
// The window's own shortcuts need nothing here: the main menu sees them
// before the focused widget does.
func (l *MultiList) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutSelectAll); ok {
		l.SelectAll()
		return
	}
	if cs, ok := s.(*desktop.CustomShortcut); ok && (cs.KeyName == fyne.KeyUp || cs.KeyName == fyne.KeyDown ||
		cs.KeyName == fyne.KeyHome || cs.KeyName == fyne.KeyEnd) {
		l.keyPressed(cs.KeyName, cs.Modifier) // Ctrl+arrows arrive as shortcuts
	}
}

// SelectAll is Ctrl+A: OnAll when set, else every row loaded.
func (l *MultiList) SelectAll() {
	if l.Single {
		return
	}
	if l.OnAll != nil {
		l.OnAll()
		return
	}
	l.Sel.SelectAll(l.rows)
	l.Changed()
}

// heldModifiers asks the desktop driver which modifier keys are down:
// Shift+Up arrives as a plain key event.
func heldModifiers() fyne.KeyModifier {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}
