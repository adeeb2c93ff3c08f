package widgets

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Entry is the text input of every screen: a widget.Entry that hands
// Escape to its window, which a focused widget.Entry would swallow, so
// Escape closes the dialog the cursor is in. Shortcuts need no such help:
// they live in the window's main menu, which sees them first.
type Entry struct {
	widget.Entry
	problem string // what the red mark says, "" when unmarked
	// outer is the widget as the window knows it: a type that embeds
	// Entry is found by the driver, the embedded Entry is not.
	outer fyne.CanvasObject
}

// ExtendBaseWidget is called by types that embed Entry (and by NewEntry);
// it remembers the outer widget, whose window Escape goes to.
func (e *Entry) ExtendBaseWidget(w fyne.Widget) {
	e.outer = w
	e.Entry.ExtendBaseWidget(w)
}

// NewEntry is a one-line entry.
func NewEntry() *Entry {
	e := &Entry{}
	e.ExtendBaseWidget(e)
	return e
}

// NewPasswordEntry hides what is typed.
func NewPasswordEntry() *Entry {
	e := NewEntry()
	e.Password = true
	return e
}

// NewMultiLineEntry wraps words and shows at least rows lines.
func NewMultiLineEntry(rows int) *Entry {
	e := NewEntry()
	e.MultiLine, e.Wrapping = true, fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	return e
}

// TypedKey forwards Escape to the window's key handler.
func (e *Entry) TypedKey(ev *fyne.KeyEvent) {
	if forwardEscape(e.outer, ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// SetProblem marks the entry red with msg, or clears the mark when msg is
// empty. The message itself is shown by whoever owns the entry.
func (e *Entry) SetProblem(msg string) {
	if msg == e.problem {
		return
	}
	e.problem = msg
	e.AlwaysShowValidationError = true
	var err error
	if msg != "" {
		err = errors.New(msg)
	}
	e.SetValidationError(err)
}

// SelectEntry is a widget.SelectEntry that hands Escape to its window.
type SelectEntry struct{ widget.SelectEntry }

// NewSelectEntry offers options and takes any text. Its drop-down arrow
// opens the options on a click but takes no keyboard focus, so Tab goes
// from the text straight to the next field.
func NewSelectEntry(options []string) *SelectEntry {
	e := &SelectEntry{}
	e.ExtendBaseWidget(e)
	e.SetOptions(options)
	if b, ok := e.ActionItem.(*widget.Button); ok {
		e.ActionItem = NewNoFocusButton(b.Icon, b.OnTapped)
	}
	return e
}

// MinSize is the Entry's, which is cached. widget.SelectEntry's own
// registers the entry's shortcuts anew on each call (Fyne v2.7), and a
// window measures its widgets on every repaint: with a focused entry's
// cursor blinking, a screen with two select entries made 0.2 MB of
// garbage a second while it waited.
func (e *SelectEntry) MinSize() fyne.Size { return e.Entry.MinSize() }

func (e *SelectEntry) TypedKey(ev *fyne.KeyEvent) {
	if forwardEscape(e, ev) {
		return
	}
	e.SelectEntry.TypedKey(ev)
}

// Select is a widget.Select that hands Escape to its window.
type Select struct{ widget.Select }

// NewSelect offers options; changed may be nil.
func NewSelect(options []string, changed func(string)) *Select {
	s := &Select{}
	s.ExtendBaseWidget(s)
	s.Options, s.OnChanged = options, changed
	return s
}

// NewFilterSelect is a list's filter: the first option chosen, changed
// called on every other choice. It is as wide as its longest option: Fyne
// sizes a select by its placeholder, and a filter always has an option
// chosen.
func NewFilterSelect(options []string, changed func()) *Select {
	longest := ""
	for _, o := range options {
		if len([]rune(o)) > len([]rune(longest)) {
			longest = o
		}
	}
	sel := NewSelect(options, nil)
	sel.PlaceHolder = longest
	sel.SetSelectedIndex(0)
	sel.OnChanged = func(string) { changed() }
	return sel
}

func (s *Select) TypedKey(ev *fyne.KeyEvent) {
	if forwardEscape(s, ev) {
		return
	}
	s.Select.TypedKey(ev)
}

// forwardEscape gives Escape to the key handler of o's window and reports
// whether it did.
func forwardEscape(o fyne.CanvasObject, ev *fyne.KeyEvent) bool {
	if ev.Name != fyne.KeyEscape {
		return false
	}
	return ForwardKey(o, ev)
}

// ForwardKey gives a key to the key handler of o's window (widgets that
// take the keyboard pass on what they do not use) and reports whether
// there was one.
func ForwardKey(o fyne.CanvasObject, ev *fyne.KeyEvent) bool {
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	c := app.Driver().CanvasForObject(o)
	if c == nil || c.OnTypedKey() == nil {
		return false
	}
	c.OnTypedKey()(ev)
	return true
}
