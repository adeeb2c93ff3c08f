package ui

import (
	"errors"
	"fyne.io/fyne/v2/lang"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// field is one labelled input with room for its message right below it.
type field struct {
	label *widget.Label
	input fyne.CanvasObject
	msg   *widget.Label
}

func (f *field) setMessage(text string) {
	f.msg.SetText(text)
	if text == "" {
		f.msg.Hide()
	} else {
		f.msg.Show()
	}
}

// fieldSet is a form whose inputs are named like the enroll field names, so
// a ValidationError can put each message next to the input it is about.
type fieldSet struct {
	byKey   map[string]*field
	order   []*field
	general *widget.Label // messages that belong to no single field
}

func newFieldSet() *fieldSet {
	general := dangerLabel()
	return &fieldSet{byKey: map[string]*field{}, general: general}
}

func dangerLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// add registers an input under key (the enroll field name) with its label.
func (fs *fieldSet) add(key, label string, input fyne.CanvasObject) *field {
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.SizeName = theme.SizeNameCaptionText
	msg.Hide()
	f := &field{label: widget.NewLabel(label), input: input, msg: msg}
	fs.byKey[key] = f
	fs.order = append(fs.order, f)
	return f
}

// form lays the fields out as label | input, with each message under its input.
func (fs *fieldSet) form() fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 2*len(fs.order))
	for _, f := range fs.order {
		objs = append(objs, f.label, f.inputWithMessage())
	}
	return container.NewVBox(container.New(layout.NewFormLayout(), objs...), fs.general)
}

// inputWithMessage stacks the input and its message, the message tucked
// close under the input it is about.
func (f *field) inputWithMessage() fyne.CanvasObject {
	return container.New(messageLayout{}, f.input, f.msg)
}

// messageLayout is a VBox whose second object (a message label) overlaps
// its own top padding with the first, and takes no room while hidden.
type messageLayout struct{}

func (messageLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	in := objs[0].MinSize()
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, in.Height))
	objs[1].Move(fyne.NewPos(0, in.Height-theme.InnerPadding()))
	objs[1].Resize(fyne.NewSize(size.Width, objs[1].MinSize().Height))
}

func (messageLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	if objs[1].Visible() {
		m := objs[1].MinSize()
		s = fyne.NewSize(max(s.Width, m.Width), s.Height+m.Height-theme.InnerPadding())
	}
	return s
}

// clear removes every message.
func (fs *fieldSet) clear() {
	for _, f := range fs.order {
		f.setMessage("")
	}
	fs.setGeneral("")
}

func (fs *fieldSet) setGeneral(text string) {
	fs.general.SetText(text)
	if text == "" {
		fs.general.Hide()
	} else {
		fs.general.Show()
	}
}

// set shows a message at one field; an unknown key goes to the general line.
func (fs *fieldSet) set(key, text string) {
	if f, ok := fs.byKey[key]; ok {
		f.setMessage(text)
		return
	}
	fs.setGeneral(text)
}

// show puts each message of a *enroll.ValidationError at its field and any
// other error, explained, on the general line.
func (fs *fieldSet) show(err error) {
	fs.clear()
	var invalid *enroll.ValidationError
	if !errors.As(err, &invalid) {
		fs.setGeneral(explain(err))
		return
	}
	var rest []enroll.FieldError
	for _, fe := range invalid.Fields {
		if f, ok := fs.byKey[fe.Field]; ok && f.msg.Text == "" {
			f.setMessage(fe.Localize(lang.X))
		} else if ok {
			f.setMessage(f.msg.Text + "; " + fe.Localize(lang.X))
		} else {
			rest = append(rest, fe)
		}
	}
	if len(rest) > 0 {
		fs.setGeneral(localizedFields(rest))
	}
}

// entries returns the text entries in form order, for Enter and focus handling.
func (fs *fieldSet) entries() []*textEntry {
	var out []*textEntry
	for _, f := range fs.order {
		if e, ok := f.input.(*textEntry); ok {
			out = append(out, e)
		}
	}
	return out
}

// onSubmit makes Enter in any entry of the set call submit.
func (fs *fieldSet) onSubmit(submit func()) {
	for _, e := range fs.entries() {
		e.OnSubmitted = func(string) { submit() }
	}
}

// setEnabled enables or disables every input while work runs.
func (fs *fieldSet) setEnabled(on bool) {
	for _, f := range fs.order {
		if d, ok := f.input.(fyne.Disableable); ok {
			if on {
				d.Enable()
			} else {
				d.Disable()
			}
		}
	}
}

// localizedFields is "field: message; ..." in the operator's language.
func localizedFields(fields []enroll.FieldError) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.Field + ": " + f.Localize(lang.X)
	}
	return strings.Join(parts, "; ")
}
