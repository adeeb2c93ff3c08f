package cardholders

import (
	"errors"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// requestCard opens the request dialog for the selected cardholder, read
// again so a status changed at another station is noticed before filing.
func (s *Screen) requestCard() {
	if s.selected == nil || s.request.Disabled() {
		return
	}
	id := s.selected.ID
	s.h.Jobs().Run(func() func() {
		c, err := s.st().Cardholders.Get(s.ctx(), s.actor, id)
		var reasons []string
		var noMail bool
		if err == nil {
			reasons, err = s.reasons()
		}
		if err == nil {
			noMail = s.actorHasNoMail()
		}
		return func() {
			switch {
			case err != nil:
				s.showError(lang.L("Cannot request a card"), err)
			case c.Status != enroll.CardholderActive:
				s.showError(lang.L("Cannot request a card"), enroll.ErrCardholderInactive)
				s.reload(false)
			default:
				s.openRequest(c, reasons, noMail)
			}
		}
	})
}

func (s *Screen) reasons() ([]string, error) {
	rs, err := s.st().Reasons.List(s.ctx(), s.actor)
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(rs))
	for i, r := range rs {
		texts[i] = r.Text
	}
	return texts, nil
}

// actorHasNoMail reports whether the signed-in operator has no e-mail
// address, so "e-mail me" could never reach them.
func (s *Screen) actorHasNoMail() bool { return s.actor.Email == "" }

func (s *Screen) openRequest(c enroll.Cardholder, reasons []string, noMail bool) {
	d := NewRequestDialog(c, reasons)
	if noMail {
		d.SetNoMailAddress()
	}
	dlg := dialog.NewCustomWithoutButtons(lang.L("Request card"), d, s.h.Window())
	d.OnCancel = dlg.Hide
	d.OnSubmit = func(n enroll.NewRequest) { s.fileRequest(d, dlg, c, n) }
	dlg.SetOnClosed(func() {
		if s.requester == d {
			s.requester = nil
		}
		s.h.Window().Canvas().Focus(s.list)
	})
	s.requester = d
	s.h.ShowGuardedDialog(dlg, d.doCancel) // Escape cancels as the Cancel button does
	s.h.Window().Canvas().Focus(d.reason)
}

func (s *Screen) fileRequest(d *RequestDialog, dlg dialog.Dialog, c enroll.Cardholder, n enroll.NewRequest) {
	d.SetBusy(true)
	s.h.Jobs().Run(func() func() {
		_, err := s.st().Requests.Create(s.ctx(), s.actor, n)
		return func() {
			d.SetBusy(false)
			if err != nil {
				if !isValidation(err) {
					s.log.Warn("request card", zap.Int64("cardholder", c.ID), zap.Error(err))
				}
				d.ShowError(err)
				if errors.Is(err, enroll.ErrCardholderInactive) {
					s.reload(false)
				}
				return
			}
			dlg.Hide()
			s.h.Flash(lang.X("cardholders.requested", "Card requested for {{.Name}}", map[string]any{"Name": c.FullName()}))
			s.h.Changed()
		}
	})
}
