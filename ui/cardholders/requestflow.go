package cardholders

import (
	"errors"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/words"
)

// requestCard opens the request dialog for the selected cardholder, read
// again so a status changed at another station is noticed before filing.
func (s *Screen) requestCard() {
	if s.selected == nil || s.request.Disabled() {
		return
	}
	s.requestCardFor(s.selected.ID)
}

// requestCardFor opens the request dialog for cardholder id.
func (s *Screen) requestCardFor(id int64) {
	s.h.Jobs().Run(func() func() {
		c, err := s.st().Cardholders.Get(s.ctx(), s.actor, id)
		var reasons []string
		var templates []enroll.BadgeTemplate
		var noMail bool
		if err == nil {
			reasons, err = s.reasons()
		}
		if err == nil {
			templates, err = s.st().Templates.List(s.ctx(), s.actor)
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
				s.openRequest(c, reasons, templates, noMail)
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

func (s *Screen) openRequest(c enroll.Cardholder, reasons []string, templates []enroll.BadgeTemplate, noMail bool) {
	d := NewRequestDialog(c, reasons)
	d.SetTemplates(templates, 0)
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

// fileRequest files the request, unless the cardholder already has a
// pending one: then the operator is asked first, as a second request for
// the same person is most often filed by mistake.
func (s *Screen) fileRequest(d *RequestDialog, dlg dialog.Dialog, c enroll.Cardholder, n enroll.NewRequest) {
	d.SetBusy(true)
	s.h.Jobs().Run(func() func() {
		pending, err := s.st().Requests.PendingFor(s.ctx(), s.actor, c.ID)
		if err != nil {
			// The question only helps; filing must not depend on it.
			s.log.Warn("pending requests of cardholder", zap.Int64("cardholder", c.ID), zap.Error(err))
		}
		if len(pending) > 0 {
			return func() {
				d.SetBusy(false)
				s.askAnotherRequest(d, dlg, c, n, pending)
			}
		}
		return s.createRequest(d, dlg, c, n)
	})
}

// askAnotherRequest names the cardholder's pending request (the newest when
// there are more) and files the new one only when the operator says so.
func (s *Screen) askAnotherRequest(d *RequestDialog, dlg dialog.Dialog, c enroll.Cardholder, n enroll.NewRequest, pending []enroll.CardRequest) {
	q := dialog.NewConfirm(lang.L("Request already pending"), pendingText(c, pending), func(yes bool) {
		s.duplicate = nil
		if !yes {
			d.FocusFirst(s.h.Window().Canvas())
			return
		}
		d.SetBusy(true)
		s.h.Jobs().Run(func() func() { return s.createRequest(d, dlg, c, n) })
	}, s.h.Window())
	q.SetConfirmText(lang.L("File another request"))
	q.SetDismissText(lang.L("Cancel"))
	q.SetConfirmImportance(widget.WarningImportance)
	s.duplicate = q
	s.h.ShowDialog(q)
}

// pendingText says which request is pending already: its reason, who
// asked and when.
func pendingText(c enroll.Cardholder, pending []enroll.CardRequest) string {
	r := pending[len(pending)-1]
	reason := r.Reason
	if reason == "" {
		reason = lang.L("(no reason)")
	}
	data := map[string]any{"Name": c.FullName(), "Reason": reason, "By": r.RequestedByName,
		"When": words.Time(r.CreatedAt), "Count": len(pending)}
	if len(pending) == 1 {
		return lang.X("cardholders.pending.one",
			"{{.Name}} already has a pending card request:\n\"{{.Reason}}\", requested by {{.By}} on {{.When}}.\n\nFile another request anyway?", data)
	}
	return lang.X("cardholders.pending.many",
		"{{.Name}} already has {{.Count}} pending card requests. The newest:\n\"{{.Reason}}\", requested by {{.By}} on {{.When}}.\n\nFile another request anyway?", data)
}

// createRequest (off the UI goroutine) files the request and returns what
// the UI then does.
func (s *Screen) createRequest(d *RequestDialog, dlg dialog.Dialog, c enroll.Cardholder, n enroll.NewRequest) func() {
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
		s.reload(false) // the list shows the pending request
	}
}
