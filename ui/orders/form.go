package orders

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// form is a dialog around a FieldSet that stays open until its work
// succeeds, like dialogs.ShowForm, but explains card production's refusals
// itself (dialogs.Form knows words.Explain only).
type form struct {
	h      screen.Host
	fields *widgets.FieldSet
	dlg    *dialog.CustomDialog
	ok     *widget.Button
	busy   bool
	closed bool
	// blocked keeps OK off whatever the input (production not set up).
	blocked bool
	submit  func()
}

// newForm builds the dialog; submit runs on OK and Enter. width is its
// least width; hint (may be empty) explains the form above its fields.
func newForm(h screen.Host, title, okLabel string, fields *widgets.FieldSet, width float32, hint string, submit func()) *form {
	f := &form{h: h, fields: fields, submit: submit}
	var body fyne.CanvasObject = fields.Form()
	if hint != "" {
		l := widget.NewLabel(hint)
		l.Wrapping = fyne.TextWrapWord
		body = container.NewVBox(l, body)
	}
	body = widgets.AtLeast(width, 0, body)
	f.dlg = dialog.NewCustomWithoutButtons(title, body, h.Window())
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), f.dlg.Hide)
	f.ok = widget.NewButtonWithIcon(okLabel, theme.ConfirmIcon(), f.Submit)
	f.ok.Importance = widget.HighImportance
	f.dlg.SetButtons([]fyne.CanvasObject{cancel, f.ok})
	fields.OnSubmit(f.Submit)
	return f
}

// show opens the dialog with the focus in its first entry.
func (f *form) show() {
	f.h.ShowDialog(f.dlg)
	f.dlg.SetOnClosed(func() { f.closed = true })
	if es := f.fields.Entries(); len(es) > 0 {
		f.h.Window().Canvas().Focus(es[0])
	}
}

// Submit is OK.
func (f *form) Submit() {
	if f.busy || f.blocked || f.closed {
		return
	}
	f.fields.Clear()
	f.submit()
}

// run does work off the UI goroutine; a refusal shows in the form (failed
// may place it first and report true), success closes it and calls done.
func (f *form) run(work func() error, failed func(error) bool, done func()) {
	f.setBusy(true)
	widgets.Go(f.h.Jobs(), func() (struct{}, error) { return struct{}{}, work() }, func(_ struct{}, err error) {
		f.setBusy(false)
		if err != nil {
			if failed == nil || !failed(err) {
				f.showError(err)
			}
			return
		}
		f.dlg.Hide()
		if done != nil {
			done()
		}
	})
}

// showError puts field messages at their fields and anything else on the
// general line.
func (f *form) showError(err error) {
	var invalid *enroll.ValidationError
	if errors.As(err, &invalid) {
		f.fields.Show(err)
		return
	}
	f.fields.SetGeneral(explain(err))
}

func (f *form) setBusy(on bool) {
	f.busy = on
	f.fields.SetEnabled(!on)
	widgets.SetEnabled(f.ok, !on && !f.blocked)
}

// block keeps OK off and says why on the general line.
func (f *form) block(why string) {
	f.blocked = true
	widgets.SetEnabled(f.ok, false)
	f.fields.SetGeneral(why)
}
