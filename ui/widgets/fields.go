package widgets

import (
	"errors"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/words"
)

// Field is one labelled input with room for its message right below it.
type Field struct {
	Label *widget.Label
	Input fyne.CanvasObject
	msg   *widget.Label
}

// Message is what the field's caption says now.
func (f *Field) Message() string { return f.msg.Text }

// SetMessage shows text under the input (and marks an Entry red), or
// clears both when text is empty.
func (f *Field) SetMessage(text string) {
	SetMessage(f.msg, text)
	if e, ok := f.Input.(interface{ SetProblem(string) }); ok { // an Entry, a DateEntry
		e.SetProblem(text)
	}
}

// WithMessage stacks the input and its message, the message tucked close
// under the input it is about.
func (f *Field) WithMessage() fyne.CanvasObject {
	return container.New(messageLayout{}, f.Input, f.msg)
}

// messageLayout is a VBox whose second object (a message) overlaps its
// own top padding with the first, and takes no room while hidden.
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

// WithMessage stacks an input and a Message label under it, like a Field.
func WithMessage(input fyne.CanvasObject, msg *widget.Label) fyne.CanvasObject {
	return container.New(messageLayout{}, input, msg)
}

// FieldSet is a form whose inputs are named like enroll's field names, so
// a ValidationError can put each message next to the input it is about.
type FieldSet struct {
	byKey map[string]*Field
	order []*Field
	form  *fyne.Container // the label | input grid once Form built it
	// General holds messages that belong to no single field.
	General *widget.Label
	// Explain words the errors Show puts on the general line, those that
	// are no ValidationError; nil is words.Explain.
	Explain func(error) string
}

// NewFieldSet is an empty form.
func NewFieldSet() *FieldSet {
	return &FieldSet{byKey: map[string]*Field{}, General: Problem()}
}

// Add registers an input under key (the enroll field name) with its label.
func (fs *FieldSet) Add(key, label string, input fyne.CanvasObject) *Field {
	f := &Field{Label: widget.NewLabel(label), Input: input, msg: Message()}
	fs.byKey[key] = f
	fs.order = append(fs.order, f)
	fs.relayout()
	return f
}

// Remove takes the field registered under key out of the form (a form
// whose fields follow a choice, such as a card format's).
func (fs *FieldSet) Remove(key string) {
	f, ok := fs.byKey[key]
	if !ok {
		return
	}
	delete(fs.byKey, key)
	fs.order = slices.DeleteFunc(fs.order, func(x *Field) bool { return x == f })
	fs.relayout()
}

// relayout puts the fields into the grid Form built, if it did.
func (fs *FieldSet) relayout() {
	if fs.form == nil {
		return
	}
	fs.form.Objects = fs.gridObjects()
	fs.form.Refresh()
}

func (fs *FieldSet) gridObjects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 2*len(fs.order))
	for _, f := range fs.order {
		objs = append(objs, f.Label, f.WithMessage())
	}
	return objs
}

// Field is the field registered under key, or nil.
func (fs *FieldSet) Field(key string) *Field { return fs.byKey[key] }

// Form lays the fields out as label | input, each message under its input,
// and the general message below. Fields added or removed later show up
// in it.
func (fs *FieldSet) Form() fyne.CanvasObject {
	fs.form = container.New(layout.NewFormLayout(), fs.gridObjects()...)
	return container.NewVBox(fs.form, fs.General)
}

// Clear removes every message.
func (fs *FieldSet) Clear() {
	for _, f := range fs.order {
		f.SetMessage("")
	}
	fs.SetGeneral("")
}

// SetGeneral shows a message that belongs to no single field.
func (fs *FieldSet) SetGeneral(text string) { SetMessage(fs.General, text) }

// Set shows a message at one field; an unknown key goes to the general line.
func (fs *FieldSet) Set(key, text string) {
	if f, ok := fs.byKey[key]; ok {
		f.SetMessage(text)
		return
	}
	fs.SetGeneral(text)
}

// Show puts each message of a *enroll.ValidationError at its field and
// any other error, explained, on the general line.
func (fs *FieldSet) Show(err error) {
	fs.Clear()
	var invalid *enroll.ValidationError
	if !errors.As(err, &invalid) {
		explain := fs.Explain
		if explain == nil {
			explain = words.Explain
		}
		fs.SetGeneral(explain(err))
		return
	}
	var rest []enroll.FieldError
	for _, fe := range invalid.Fields {
		f, ok := fs.byKey[fe.Field]
		switch {
		case !ok:
			rest = append(rest, fe)
		case f.Message() == "":
			f.SetMessage(fe.Localize(lang.X))
		default:
			f.SetMessage(f.Message() + "; " + fe.Localize(lang.X))
		}
	}
	if len(rest) > 0 {
		fs.SetGeneral(words.Fields(rest))
	}
}

// Entries returns the text entries in form order, for Enter and focus.
func (fs *FieldSet) Entries() []*Entry {
	var out []*Entry
	for _, f := range fs.order {
		if e, ok := f.Input.(*Entry); ok {
			out = append(out, e)
		}
	}
	return out
}

// OnSubmit makes Enter in any one-line entry of the set call submit.
func (fs *FieldSet) OnSubmit(submit func()) {
	for _, e := range fs.Entries() {
		if !e.MultiLine {
			e.OnSubmitted = func(string) { submit() }
		}
	}
}

// SetEnabled enables or disables every input while work runs.
func (fs *FieldSet) SetEnabled(on bool) {
	for _, f := range fs.order {
		if d, ok := f.Input.(fyne.Disableable); ok {
			SetEnabled(d, on)
		}
	}
}
