package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// The session is what every screen sees of the shell.
var _ screen.Host = (*session)(nil)

func (s *session) Window() fyne.Window        { return s.win }
func (s *session) ShowDialog(d dialog.Dialog) { s.dialogs.Show(d) }
func (s *session) ShowGuardedDialog(d dialog.Dialog, dismiss func()) {
	s.dialogs.ShowGuarded(d, dismiss)
}
func (s *session) Station() *enroll.Station { return s.d.st }
func (s *session) Actor() enroll.Actor      { return s.actor }
func (s *session) Jobs() *widgets.Jobs      { return s.jobs }
func (s *session) Log() *zap.Logger         { return s.d.log }
func (s *session) Flash(text string)        { s.status.flash(text) }
func (s *session) FlashError(text string)   { s.status.flashError(text) }
func (s *session) Readers() *screen.Readers { return s.readers }
