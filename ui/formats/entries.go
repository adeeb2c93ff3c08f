package formats

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// entry is a widget.Entry that reports Escape, so the editor can be closed
// from the keyboard while the cursor is in one of its inputs.
type entry struct {
	widget.Entry
	onEscape func()
	problem  string // what the red mark says, "" when unmarked
}

func newEntry(placeholder string) *entry {
	e := &entry{}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = placeholder
	e.AlwaysShowValidationError = true
	return e
}

func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// setProblem marks the entry red, or clears the mark when msg is empty.
func (e *entry) setProblem(msg string) {
	if msg == e.problem {
		return
	}
	e.problem = msg
	var err error
	if msg != "" {
		err = errors.New(msg)
	}
	e.SetValidationError(err)
}

// message is the small red caption under an input or row; it takes no room
// while there is nothing to say.
func message() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func setMessage(l *widget.Label, text string) {
	if text == l.Text && l.Visible() == (text != "") {
		return
	}
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

func setEnabled(d fyne.Disableable, on bool) {
	if on {
		d.Enable()
	} else {
		d.Disable()
	}
}
