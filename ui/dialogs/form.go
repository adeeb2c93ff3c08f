package dialogs

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/widgets"
)

// FormSpec describes one form dialog.
type FormSpec struct {
	Title, OK string
	Fields    *widgets.FieldSet
	// Hint, if not empty, explains the form above its fields; Width is
	// the dialog's least width (0: 440).
	Hint  string
	Width float32
	// Submit runs on the UI goroutine: it reads and checks the input and
	// returns the work to run off the UI goroutine, or nil to keep the
	// dialog open. The work's error is shown at the fields.
	Submit func() func() error
	// Failed, if set, sees a refusal of the work first: it may show it
	// where it belongs and report true; the fields show the rest.
	Failed func(error) bool
	// Done runs on the UI goroutine after the work succeeded and the
	// dialog closed.
	Done func()
}

// Form is a dialog around a FieldSet that stays open until its work
// succeeds, so refused input is shown at the fields instead of being lost.
type Form struct {
	Dialog *dialog.CustomDialog
	spec   FormSpec
	jobs   *widgets.Jobs
	ok     *widget.Button
	busy   bool
	closed bool
	// blocked keeps OK off whatever the input.
	blocked bool
}

// ShowForm opens the form with the focus in its first entry.
func ShowForm(h Host, jobs *widgets.Jobs, spec FormSpec) *Form {
	f := &Form{spec: spec, jobs: jobs}
	var body fyne.CanvasObject = spec.Fields.Form()
	if spec.Hint != "" {
		l := widget.NewLabel(spec.Hint)
		l.Wrapping = fyne.TextWrapWord
		body = container.NewVBox(l, body)
	}
	width := spec.Width
	if width == 0 {
		width = 440
	}
	f.Dialog = dialog.NewCustomWithoutButtons(spec.Title, widgets.AtLeast(width, 0, body), h.Window())
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), f.Dialog.Hide)
	f.ok = widget.NewButtonWithIcon(spec.OK, theme.ConfirmIcon(), f.Submit)
	f.ok.Importance = widget.HighImportance
	f.Dialog.SetButtons([]fyne.CanvasObject{cancel, f.ok})
	spec.Fields.OnSubmit(f.Submit)
	h.ShowDialog(f.Dialog)
	f.Dialog.SetOnClosed(func() { f.closed = true })
	if es := spec.Fields.Entries(); len(es) > 0 {
		h.Window().Canvas().Focus(es[0])
	}
	return f
}

// OKButton is the button that submits the form.
func (f *Form) OKButton() *widget.Button { return f.ok }

// Closed reports whether the dialog was closed.
func (f *Form) Closed() bool { return f.closed }

// Block keeps OK off for good and says why on the general line (the work
// cannot be done from this station).
func (f *Form) Block(why string) {
	f.blocked = true
	widgets.SetEnabled(f.ok, false)
	f.spec.Fields.SetGeneral(why)
}

// Submit checks the input and runs the work, as the OK button does.
func (f *Form) Submit() {
	if f.busy || f.blocked || f.closed {
		return
	}
	f.spec.Fields.Clear()
	work := f.spec.Submit()
	if work == nil {
		return
	}
	f.setBusy(true)
	f.jobs.Run(func() func() {
		err := work()
		return func() {
			f.setBusy(false)
			if err != nil {
				if f.spec.Failed == nil || !f.spec.Failed(err) {
					f.spec.Fields.Show(err)
				}
				return
			}
			f.Dialog.Hide()
			if f.spec.Done != nil {
				f.spec.Done()
			}
		}
	})
}

func (f *Form) setBusy(on bool) {
	f.busy = on
	f.spec.Fields.SetEnabled(!on)
	widgets.SetEnabled(f.ok, !on && !f.blocked)
}
