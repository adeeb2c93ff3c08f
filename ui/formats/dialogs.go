package formats

import (
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/ui/dialogs"
)

// showError explains a refusal in a dialog titled with what failed, and
// keeps it while it is open so tests can read it.
func (s *Screen) showError(title string, err error) {
	s.log.Info("refused", zap.String("what", title), zap.Error(err))
	a := dialogs.ShowError(s.h, title, err)
	a.Dialog.SetOnClosed(func() {
		if s.alert == a {
			s.alert = nil
		}
	})
	s.alert = a
}

// confirm asks before something that cannot be undone, and keeps the
// question while it is open so tests can answer it.
func (s *Screen) confirm(title, message, okLabel string, yes func()) {
	d := dialogs.Confirm(s.h, title, message, okLabel, yes)
	d.SetOnClosed(func() {
		if s.question == d {
			s.question = nil
		}
	})
	s.question = d
}
