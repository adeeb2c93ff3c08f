package dialogs

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"
)

// Asker asks a screen's questions and explains its refusals, and keeps the
// open question and error dialog so tests can answer and read them.
type Asker struct {
	h        Host
	log      *zap.Logger
	Alert    *Alert                // the open error dialog
	Question *dialog.ConfirmDialog // the open question
}

// NewAsker shows its dialogs on h's window and logs the refusals.
func NewAsker(h Host, log *zap.Logger) *Asker { return &Asker{h: h, log: log} }

// ShowError explains a refusal in a dialog titled with what failed.
func (a *Asker) ShowError(title string, err error) {
	a.log.Info("refused", zap.String("what", title), zap.Error(err))
	al := ShowError(a.h, title, err)
	al.Dialog.SetOnClosed(func() {
		if a.Alert == al {
			a.Alert = nil
		}
	})
	a.Alert = al
}

// Confirm asks before something that cannot be undone; yes runs only when
// the operator confirms.
func (a *Asker) Confirm(title, message, okLabel string, yes func()) {
	d := Confirm(a.h, title, message, okLabel, yes)
	d.SetOnClosed(func() {
		if a.Question == d {
			a.Question = nil
		}
	})
	a.Question = d
}

// Question is what Asker.ConfirmWork asks, and the title of its refusal.
type Question struct {
	Title, Message, OK string
	Failed             string // the title of the dialog that explains a failure
}

// ConfirmWork asks q, then runs work off the UI goroutine and explains a
// failure; done gets work's error on the UI goroutine, after the
// explanation.
func (a *Asker) ConfirmWork(jobs runner, q Question, work func() error, done func(error)) {
	a.Confirm(q.Title, q.Message, q.OK, func() {
		jobs.Run(func() func() {
			err := work()
			return func() {
				if err != nil {
					a.ShowError(q.Failed, err)
				}
				done(err)
			}
		})
	})
}

// Discard runs close, but asks first when that throws changes away;
// message says which changes.
func (a *Asker) Discard(changed bool, message string, close func()) {
	if !changed {
		close()
		return
	}
	a.Confirm(lang.L("Discard changes?"), message, lang.L("Discard"), close)
}
