package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// multiList is a virtualized list with desktop multi-selection: rows are
// selectableRows, the selection is a rowSelection, and the list takes the
// keyboard itself (Up/Down, Shift to extend, Ctrl to move without
// selecting, Space, Home/End, Ctrl+A, Enter). widget.List's own single
// selection is never used.
type multiList struct {
	widget.List
	sel     *rowSelection
	rows    rowKeys
	focused bool
	single  bool // one row at a time: modifiers are ignored

	onChange   func() // the selection changed
	onActivate func() // Enter
	onAll      func() // Ctrl+A; nil selects the rows loaded
	onDouble   func() // a double click on a row (after selecting it); nil: not taken
}

// newMultiList builds the list; create makes a row's cells and update
// fills them for row i.
func newMultiList(rows rowKeys, create func() *fyne.Container, update func(i int, cells *fyne.Container)) *multiList {
	l := &multiList{sel: newRowSelection(), rows: rows, onChange: func() {}, onActivate: func() {}}
	l.Length = rows.len
	l.CreateItem = func() fyne.CanvasObject {
		if l.onDouble != nil {
			return newActivatableRow(create(), l.clicked, l.doubleClicked)
		}
		return newSelectableRow(create(), l.clicked)
	}
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		r, ok := o.(*selectableRow)
		if !ok {
			r = &o.(*activatableRow).selectableRow
		}
		update(i, r.cells)
		id, ok := rows.key(i)
		r.setState(i, ok && l.sel.has(id), l.focused && l.sel.cursor == i)
	}
	l.ExtendBaseWidget(l)
	return l
}

// clicked is a row's click: select, and take the keyboard.
func (l *multiList) clicked(i int, mods fyne.KeyModifier) {
	if l.single {
		mods = 0
	}
	l.sel.click(i, mods, l.rows)
	if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil {
		c.Focus(l)
	}
	l.changed()
}

// doubleClicked selects the row and activates it.
func (l *multiList) doubleClicked(i int) {
	l.clicked(i, 0)
	l.onDouble()
}

func (l *multiList) changed() {
	l.Refresh()
	l.onChange()
}

func (l *multiList) FocusGained() {
	l.focused = true
	l.Refresh()
}

func (l *multiList) FocusLost() {
	l.focused = false
	l.Refresh()
}

// TypedKey handles the keys with the modifiers held now.
func (l *multiList) TypedKey(ev *fyne.KeyEvent) {
	if !l.keyPressed(ev.Name, heldModifiers()) {
		forwardKey(l, ev)
	}
}

// keyPressed applies one key; it reports false for keys it leaves alone.
func (l *multiList) keyPressed(key fyne.KeyName, mods fyne.KeyModifier) bool {
	extend, keep := mods&fyne.KeyModifierShift != 0, toggles(mods)
	if l.single {
		extend, keep = false, false
	}
	switch key {
	case fyne.KeyUp, fyne.KeyDown:
		delta := 1
		if key == fyne.KeyUp {
			delta = -1
		}
		l.sel.move(delta, extend, keep, l.rows)
	case fyne.KeyHome, fyne.KeyEnd:
		l.sel.jump(key == fyne.KeyEnd, extend, l.rows)
	case fyne.KeySpace:
		if l.single {
			l.sel.moveTo(max(l.sel.cursor, 0), false, false, l.rows)
		} else {
			l.sel.toggleCursor(l.rows)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		l.onActivate()
		return true
	default:
		return false
	}
	if l.sel.cursor >= 0 {
		l.ScrollTo(l.sel.cursor)
	}
	l.changed()
	return true
}

// TypedRune: Space arrives as a key as well; runes are not for the list.
func (l *multiList) TypedRune(rune) {}

// TypedShortcut selects all on Ctrl+A and hands every other shortcut (the
// section keys Ctrl+1..7) to the window, which a focused list would hide.
func (l *multiList) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutSelectAll); ok {
		l.selectAll()
		return
	}
	if cs, ok := s.(*desktop.CustomShortcut); ok && (cs.KeyName == fyne.KeyUp || cs.KeyName == fyne.KeyDown ||
		cs.KeyName == fyne.KeyHome || cs.KeyName == fyne.KeyEnd) {
		l.keyPressed(cs.KeyName, cs.Modifier) // Ctrl+arrows arrive as shortcuts
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil {
		if sc, ok := c.(fyne.Shortcutable); ok {
			sc.TypedShortcut(s)
		}
	}
}

func (l *multiList) selectAll() {
	if l.single {
		return
	}
	if l.onAll != nil {
		l.onAll()
		return
	}
	l.sel.selectAll(l.rows)
	l.changed()
}

// heldModifiers asks the desktop driver which modifier keys are down:
// Shift+Up arrives as a plain key event.
func heldModifiers() fyne.KeyModifier {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}

// forwardKey gives a key the list does not use (Escape) to the window.
func forwardKey(o fyne.CanvasObject, ev *fyne.KeyEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil && c.OnTypedKey() != nil {
		c.OnTypedKey()(ev)
	}
}
