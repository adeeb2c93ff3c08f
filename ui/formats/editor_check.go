package formats

import (
	"errors"
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// refresh checks the definition and shows the result everywhere: messages,
// bit map, swatches, test pane and the summary by the buttons.
func (e *Editor) refresh() {
	for at := range e.refused {
		if at != spotID { // a taken id stays refused until the id changes
			delete(e.refused, at)
		}
	}
	if e.mode == modeView {
		e.current = draft{format: e.original, messages: map[spot][]string{}}
	} else {
		e.current = readDraft(e.input())
	}
	f := e.current.format
	e.showMessages()
	e.bitmap.SetFormat(f)
	for i, r := range e.fields {
		setSwatch(r.swatch, fieldColour(i))
		r.describe(f.Fields[i])
	}
	for i, r := range e.parity {
		setSwatch(r.swatch, parityColour(f.Parity[i].Type))
	}
	e.test.setFormat(f, e.current.valid())
	e.showSummary()
}

// showMessages puts each problem at its input or row; an input that was
// not touched yet stays quiet until Save is pressed.
func (e *Editor) showMessages() {
	e.syncTouched()
	anyTouched := false
	for _, on := range e.touched {
		anyTouched = anyTouched || on
	}
	shown := func(at spot) string {
		msgs := e.current.messages[at]
		quiet := !e.submitted && !e.touched[at] && (at != spotGeneral || !anyTouched)
		if quiet {
			msgs = nil
		}
		if r := e.refused[at]; r != "" {
			msgs = append(slices.Clone(msgs), r)
		}
		return strings.Join(msgs, "\n")
	}
	for _, x := range []struct {
		at  spot
		in  *widgets.Entry
		msg *widget.Label
	}{
		{spotID, e.id, e.idMsg}, {spotName, e.name, e.nameMsg},
		{spotLength, e.length, e.lengthMsg}, {spotUnused, e.unused, e.unusedMsg},
	} {
		text := shown(x.at)
		x.in.SetProblem(text)
		widgets.SetMessage(x.msg, text)
	}
	widgets.SetMessage(e.fieldsMsg, shown(spotFields))
	widgets.SetMessage(e.parityMsg, shown(spotParity))
	for i, r := range e.fields {
		widgets.SetMessage(r.msg, shown(fieldSpot(i)))
	}
	for i, r := range e.parity {
		widgets.SetMessage(r.msg, shown(paritySpot(i)))
	}
	widgets.SetMessage(e.general, shown(spotGeneral))
}

// syncTouched files the rows' touched flags under their current spots;
// rows move, so the flags live in the rows.
func (e *Editor) syncTouched() {
	for at := range e.touched {
		if strings.HasPrefix(string(at), "field:") || strings.HasPrefix(string(at), "parity:") {
			delete(e.touched, at)
		}
	}
	for i, r := range e.fields {
		if r.touched {
			e.touched[fieldSpot(i)] = true
		}
	}
	for i, r := range e.parity {
		if r.touched {
			e.touched[paritySpot(i)] = true
		}
	}
}

func (e *Editor) showSummary() {
	switch n := e.current.problems; {
	case e.mode == modeView:
		e.summary.Hide()
		return
	case n == 0 && e.mode == modeEdit && !e.Dirty():
		e.summary.Importance = widget.LowImportance
		e.summary.SetText(lang.L("No changes."))
	case n == 0:
		e.summary.Importance = widget.SuccessImportance
		e.summary.SetText("✓ " + lang.L("The format is valid."))
	case n == 1:
		e.summary.Importance = widget.WarningImportance
		e.summary.SetText(lang.L("1 problem to fix before saving."))
	default:
		e.summary.Importance = widget.WarningImportance
		e.summary.SetText(lang.X("formats.problems", "{{.N}} problems to fix before saving.", map[string]any{"N": n}))
	}
	e.summary.Show()
	widgets.SetEnabled(e.save, e.mode == modeNew || e.Dirty())
}

// Dirty reports whether the inputs say something else than the format the
// editor was opened with.
func (e *Editor) Dirty() bool {
	if e.mode == modeView {
		return false
	}
	return !reflect.DeepEqual(inputOf(e.current.format), inputOf(e.original))
}

// Format is the definition as entered, valid or not.
func (e *Editor) Format() cardformat.Format { return e.current.format }

// Valid reports whether the definition as entered has no problems.
func (e *Editor) Valid() bool { return e.current.valid() }

// submit saves a valid definition, or shows every problem of an invalid one.
func (e *Editor) submit() {
	if e.mode == modeView || e.save.Disabled() {
		return
	}
	e.refresh()
	if !e.current.valid() {
		e.submitted = true
		e.showMessages()
		return
	}
	if e.OnSave != nil {
		e.OnSave(e.current.format)
	}
}

// cancelTapped passes Cancel (Close) on; Escape reaches OnCancel through
// the window's dialog stack.
func (e *Editor) cancelTapped() {
	if e.OnCancel != nil {
		e.OnCancel()
	}
}

// Focus puts the cursor where typing starts: the id of a new format, the
// name of a stored one.
func (e *Editor) Focus(c fyne.Canvas) {
	switch e.mode {
	case modeNew:
		c.Focus(e.id)
	case modeEdit:
		c.Focus(e.name)
	}
}

// SetBusy disables Save while the format is being stored.
func (e *Editor) SetBusy(busy bool) {
	if busy {
		e.save.Disable()
		e.save.SetText(lang.L("Saving…"))
		return
	}
	e.save.SetText(lang.L("Save"))
	e.showSummary()
}

// ShowError shows why the station refused to store the format: its
// problems at their rows, a taken id at the id, anything else by the
// buttons.
func (e *Editor) ShowError(err error) {
	e.submitted = true
	var (
		de *cardformat.DefinitionError
		ee *enroll.FormatExistsError
	)
	switch {
	case errors.As(err, &de):
		d := draft{format: e.current.format, messages: map[spot][]string{}}
		d.place(de, unreadable{})
		for at, msgs := range d.messages {
			e.refused[at] = strings.Join(msgs, "\n")
		}
	case errors.As(err, &ee):
		e.refused[spotID] = words.Explain(err)
	default:
		e.refused[spotGeneral] = words.Explain(err)
	}
	e.showMessages()
}
