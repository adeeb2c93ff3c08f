package requests

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// manualWay enrolls a card from typed field values: pick a format, type
// each field (checked against its range while typing), Enroll.
type manualWay struct {
	c       *connectDialog
	format  cardformat.Format
	pick    *screen.FormatPick
	form    *fyne.Container
	inputs  []*valueInput
	enroll  *widget.Button
	box     fyne.CanvasObject
	problem *messageLine
	done    bool
}

// valueInput is the entry of one field of the format and its message.
type valueInput struct {
	screen.FieldInput
	msg *widget.Label
}

func newManualWay(c *connectDialog) *manualWay {
	m := &manualWay{c: c, form: container.New(layout.NewFormLayout()), problem: newMessageLine(widget.DangerImportance)}
	m.pick = screen.NewFormatPick(m.formatChosen)
	m.enroll = widget.NewButtonWithIcon(lang.L("Enroll"), theme.ConfirmIcon(), m.submit)
	m.enroll.Importance = widget.HighImportance
	m.enroll.Disable()
	warn := widget.NewLabel(lang.L("Type carefully: CardDesk cannot check that these numbers match a physical card."))
	warn.Importance, warn.Wrapping = widget.WarningImportance, fyne.TextWrapWord
	m.box = container.NewVBox(
		container.NewBorder(nil, nil, widgets.Bold(lang.L("Card format")), nil, m.pick.Select),
		m.form,
		container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, warn),
		container.NewHBox(layout.NewSpacer(), m.enroll))
	m.loadFormats()
	return m
}

func (m *manualWay) content() fyne.CanvasObject { return m.box }

func (m *manualWay) line() *messageLine { return m.problem }

// loadFormats reads the built-in and custom formats once per dialog.
func (m *manualWay) loadFormats() {
	m.pick.Load(m.c.s.h, func(list []enroll.FormatInfo, err error) {
		if err != nil {
			m.problem.set(words.Explain(err), widget.DangerImportance)
			return
		}
		m.pick.Fill(list)
		m.c.keepSize()
	})
}

// formatChosen builds one entry per field; a fixed field shows its value.
func (m *manualWay) formatChosen() {
	format, ok := m.pick.Chosen()
	if !ok {
		return
	}
	m.format = format
	m.inputs = m.inputs[:0]
	var objs []fyne.CanvasObject
	for _, fd := range m.format.Fields {
		in := &valueInput{FieldInput: screen.NewFieldInput(fd), msg: widgets.Message()}
		in.Entry.OnChanged = func(string) {
			m.problem.clear() // new input: the last refusal no longer applies
			m.check()
		}
		in.Entry.OnSubmitted = func(string) { m.submit() }
		m.inputs = append(m.inputs, in)
		objs = append(objs, widget.NewLabel(words.CardField(fd.Name)), withRoomForMessage(in.Entry, in.msg))
	}
	m.form.Objects = objs
	m.form.Refresh()
	m.problem.clear()
	m.setDone(m.done)
	m.check()
}

// values are the typed values, fixed fields left to the format.
func (m *manualWay) values() map[string]string {
	vals := map[string]string{}
	for _, in := range m.inputs {
		if t := in.Typed(); t != "" {
			vals[in.Field.Name] = t
		}
	}
	return vals
}

// check runs as the operator types: each field's range at the field, and
// Enroll only once the whole card encodes.
func (m *manualWay) check() {
	for _, in := range m.inputs {
		in.setMessage(in.Problem())
	}
	_, err := m.format.Encode(m.values())
	widgets.SetEnabled(m.enroll, err == nil && len(m.inputs) > 0 && !m.done)
}

// setMessage shows text under the entry and marks it red, or clears both.
func (in *valueInput) setMessage(text string) {
	widgets.SetMessage(in.msg, text)
	in.Entry.SetProblem(text)
}

// submit enrolls and assigns the card; a refused field shows at the field.
func (m *manualWay) submit() {
	if m.enroll.Disabled() {
		return
	}
	h, id, vals := m.c.s.h, m.format.ID, m.values()
	st, ctx, actor := h.Station(), h.Jobs().Context(), h.Actor()
	m.c.submit(m, func(req int64) (enroll.ConnectResult, error) {
		return st.Requests.ConnectManual(ctx, actor, req, id, vals)
	}, m.refused)
}

// refused shows a refused value at its field; it reports whether one did
// (else the problem line says it).
func (m *manualWay) refused(err error) bool {
	var invalid *enroll.ValidationError
	if !errors.As(err, &invalid) {
		return false
	}
	shown := false
	for _, in := range m.inputs {
		if msg := invalid.LocalizedFor(in.Field.Name, lang.X); msg != "" {
			in.setMessage(words.CardField(in.Field.Name) + ": " + msg)
			shown = true
		}
	}
	return shown
}

// begin clears the typed values for the next cardholder; the format stays.
func (m *manualWay) begin(enroll.CardRequest) {
	for _, in := range m.inputs {
		if in.Field.Fixed == nil {
			in.Entry.SetText("")
		}
	}
	m.check()
}

func (m *manualWay) setDone(done bool) {
	m.done = done
	for _, in := range m.inputs {
		widgets.SetEnabled(in.Entry, !done && in.Field.Fixed == nil)
	}
	if done {
		m.enroll.Disable()
	} else {
		m.check()
	}
}

func (m *manualWay) stop() {}
