package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"
)

// dialogStack remembers the dialogs open on one window so Escape can close
// the top one; Fyne's dialogs do not react to Escape themselves.
type dialogStack struct {
	open []dialog.Dialog
}

func (s *dialogStack) show(d dialog.Dialog) {
	s.open = append(s.open, d)
	d.SetOnClosed(func() { s.remove(d) })
	d.Show()
}

func (s *dialogStack) remove(d dialog.Dialog) {
	for i := len(s.open) - 1; i >= 0; i-- {
		if s.open[i] == d {
			s.open = append(s.open[:i], s.open[i+1:]...)
			return
		}
	}
}

// dismissTop closes the newest dialog and reports whether there was one.
func (s *dialogStack) dismissTop() bool {
	if len(s.open) == 0 {
		return false
	}
	s.open[len(s.open)-1].Dismiss()
	return true
}

// escapeCloses installs the window key handler that closes dialogs on Escape.
func escapeCloses(win fyne.Window, s *dialogStack) {
	win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			s.dismissTop()
		}
	})
}

// formDialog is a dialog around a fieldSet that stays open until its work
// succeeds, so refused input is shown at the fields instead of being lost.
type formDialog struct {
	dlg    *dialog.CustomDialog
	fields *fieldSet
	ok     *widget.Button
	cancel *widget.Button
	busy   bool
}

// formSpec describes one form dialog.
type formSpec struct {
	title, okLabel string
	fields         *fieldSet
	// submit runs on the UI goroutine: it reads and checks the input and
	// returns the work to run off the UI goroutine, or nil to keep the dialog
	// open. The work's error is shown at the fields.
	submit func() func() error
	// done runs on the UI goroutine after work succeeded and the dialog closed.
	done func()
}

func (s *session) showForm(spec formSpec) *formDialog {
	fd := &formDialog{fields: spec.fields}
	form := container.New(minWidthLayout{w: 440}, spec.fields.form())
	fd.dlg = dialog.NewCustomWithoutButtons(spec.title, form, s.win)
	fd.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { fd.dlg.Hide() })
	fd.ok = widget.NewButtonWithIcon(spec.okLabel, theme.ConfirmIcon(), func() { fd.submit(s, spec) })
	fd.ok.Importance = widget.HighImportance
	fd.dlg.SetButtons([]fyne.CanvasObject{fd.cancel, fd.ok})
	spec.fields.onSubmit(func() { fd.submit(s, spec) })
	s.dialogs.show(fd.dlg)
	if es := spec.fields.entries(); len(es) > 0 {
		s.win.Canvas().Focus(es[0])
	}
	return fd
}

func (fd *formDialog) submit(s *session, spec formSpec) {
	if fd.busy {
		return
	}
	fd.fields.clear()
	work := spec.submit()
	if work == nil {
		return
	}
	fd.setBusy(true)
	background(s.d.run, func() (struct{}, error) { return struct{}{}, work() },
		func(_ struct{}, err error) {
			fd.setBusy(false)
			if err != nil {
				fd.fields.show(err)
				return
			}
			fd.dlg.Hide()
			if spec.done != nil {
				spec.done()
			}
		})
}

func (fd *formDialog) setBusy(on bool) {
	fd.busy = on
	fd.fields.setEnabled(!on)
	if on {
		fd.ok.Disable()
	} else {
		fd.ok.Enable()
	}
}

// confirm asks before something that cannot be undone.
func (s *session) confirm(title, message, okLabel string, yes func()) {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			yes()
		}
	}, s.win)
	d.SetConfirmText(okLabel)
	d.SetDismissText(lang.L("Cancel"))
	d.SetConfirmImportance(widget.DangerImportance)
	s.dialogs.show(d)
}

// showError tells the operator why something failed.
func (s *session) showError(err error) {
	s.d.log.Debug("operation refused", zap.Error(err))
	d := dialog.NewError(errorForDialog{err}, s.win)
	s.dialogs.show(d)
}

// errorForDialog makes dialog.NewError show our explanation, not err.Error().
type errorForDialog struct{ err error }

func (e errorForDialog) Error() string { return explain(e.err) }
