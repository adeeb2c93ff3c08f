package cardholders

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// entry is a widget.Entry that reports Escape, so a dialog can be closed
// from the keyboard while the cursor is in one of its fields.
type entry struct {
	widget.Entry
	onEscape func()
}

func newEntry() *entry {
	e := &entry{}
	e.ExtendBaseWidget(e)
	return e
}

func newMultiLineEntry(rows int) *entry {
	e := newEntry()
	e.MultiLine, e.Wrapping = true, fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	return e
}

func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// selectEntry is a widget.SelectEntry that reports Escape.
type selectEntry struct {
	widget.SelectEntry
	onEscape func()
}

func newSelectEntry(options []string) *selectEntry {
	e := &selectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	return e
}

func (e *selectEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.SelectEntry.TypedKey(ev)
}

// selectBox is a widget.Select that reports Escape.
type selectBox struct {
	widget.Select
	onEscape func()
}

func newSelectBox(options []string, changed func(string)) *selectBox {
	s := &selectBox{}
	s.ExtendBaseWidget(s)
	s.Options, s.OnChanged = options, changed
	return s
}

func (s *selectBox) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && s.onEscape != nil {
		s.onEscape()
		return
	}
	s.Select.TypedKey(ev)
}
