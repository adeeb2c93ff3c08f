package cardholders

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// rowList is a widget.List that the keyboard drives like a desktop table:
// arrows, Page Up/Down, Home and End move the selection, Enter opens it.
type rowList struct {
	widget.List
	selected widget.ListItemID // -1: none
	onEnter  func()
	// onSelect reports the selected row, -1 when the selection is cleared.
	onSelect func(id widget.ListItemID)
	// pageRows is how far Page Up/Down jump; kept near one screenful.
	pageRows int
}

func newRowList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *rowList {
	l := &rowList{selected: -1, pageRows: 15}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.OnSelected = func(id widget.ListItemID) { l.changed(id) }
	l.OnUnselected = func(id widget.ListItemID) {
		if id == l.selected {
			l.changed(-1)
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey moves the selection; the embedded list would only move a focus
// marker and select on Space.
func (l *rowList) TypedKey(ev *fyne.KeyEvent) {
	n := l.Length()
	if n == 0 {
		return
	}
	target := l.selected
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if l.selected >= 0 && l.onEnter != nil {
			l.onEnter()
		}
		return
	case fyne.KeyDown:
		target++
	case fyne.KeyUp:
		target--
	case fyne.KeyPageDown:
		target += l.pageRows
	case fyne.KeyPageUp:
		target -= l.pageRows
	case fyne.KeyHome:
		target = 0
	case fyne.KeyEnd:
		target = n - 1
	default:
		l.List.TypedKey(ev)
		return
	}
	l.Select(min(max(target, 0), n-1))
}

// FocusGained and FocusLost are silenced: the embedded list would highlight
// its own focus marker, which the row clicks above do not move, so it could
// sit on the wrong row. The selection highlight shows where the keys act.
func (l *rowList) FocusGained() {}
func (l *rowList) FocusLost()   {}

func (l *rowList) changed(id widget.ListItemID) {
	l.selected = id
	if l.onSelect != nil {
		l.onSelect(id)
	}
}
