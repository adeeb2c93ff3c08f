package cardholders

import (
	"errors"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// fieldMessage is the red caption under an input that says what is wrong
// with it (a widgets.Message), and the entry it marks red along with it.
// The dialogs check their input while it is typed, field by field, which
// widgets.FieldSet (one message per field after a submit) does not do.
type fieldMessage struct {
	*widget.Label
	mark func(msg string) // marks the input red; nil when it has no entry
}

func newFieldMessage(e *widgets.Entry) *fieldMessage {
	m := &fieldMessage{Label: widgets.Message()}
	if e != nil {
		m.mark = e.SetProblem
	}
	return m
}

// set shows msg, or hides the caption when msg is empty.
func (m *fieldMessage) set(msg string) {
	if m.mark != nil {
		m.mark(msg)
	}
	widgets.SetMessage(m.Label, msg)
}

// selectEntryMessage is a fieldMessage that marks a SelectEntry red, as
// SetProblem does an Entry.
func selectEntryMessage(e *widgets.SelectEntry) *fieldMessage {
	e.AlwaysShowValidationError = true
	m := newFieldMessage(nil)
	m.mark = func(msg string) {
		var err error
		if msg != "" {
			err = errors.New(msg)
		}
		e.SetValidationError(err)
	}
	return m
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
				rest = append(rest, words.FieldProblem(f))
			}
		}
	}
	return rest
}

func isValidation(err error) bool {
	var ve *enroll.ValidationError
	return errors.As(err, &ve)
}
