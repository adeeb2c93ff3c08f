package cardholders

import (
	"errors"
	"fyne.io/fyne/v2/lang"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// fieldMessage is the red caption under an input that says what is wrong
// with it. It takes no room while there is nothing to say.
type fieldMessage struct {
	*widget.Label
	entry *widget.Entry // also marked red when set
}

func newFieldMessage(entry *widget.Entry) *fieldMessage {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	if entry != nil {
		entry.AlwaysShowValidationError = true
	}
	return &fieldMessage{Label: l, entry: entry}
}

// set shows msg, or hides the caption when msg is empty.
func (m *fieldMessage) set(msg string) {
	if m.entry != nil {
		var err error
		if msg != "" {
			err = errors.New(msg)
		}
		m.entry.SetValidationError(err)
	}
	if msg == m.Text && m.Visible() == (msg != "") {
		return
	}
	m.SetText(msg)
	if msg == "" {
		m.Hide()
	} else {
		m.Show()
	}
}

// fieldMessages maps enroll field names to their captions.
type fieldMessages map[string]*fieldMessage

// show puts each message of a validation error at its field and returns
// the messages of fields the form does not have, so they are not lost.
// only limits which fields are touched (nil: all).
func (fm fieldMessages) show(err error, only func(field string) bool) []string {
	var ve *enroll.ValidationError
	errors.As(err, &ve)
	var rest []string
	for field, m := range fm {
		if only != nil && !only(field) {
			continue
		}
		msg := ""
		if ve != nil {
			msg = ve.LocalizedFor(field, lang.X)
		}
		m.set(msg)
	}
	if ve != nil {
		for _, f := range ve.Fields {
			if _, known := fm[f.Field]; !known {
				rest = append(rest, f.Field+": "+f.Localize(lang.X))
			}
		}
	}
	return rest
}
