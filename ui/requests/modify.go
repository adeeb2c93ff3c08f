package requests

import (
	"errors"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/cardholders"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/widgets"
)

// modifyForm is what the Modify dialog needs: the request as stored now
// (its version guards against a change made elsewhere) and the reasons.
type modifyForm struct {
	req       enroll.CardRequest
	reasons   []string
	templates []enroll.BadgeTemplate
}

// Modify opens the request dialog of the Cardholders screen on the one
// selected pending request, read again so its version is current.
func (s *Screen) Modify() {
	sel := s.selectedRows()
	if !s.answersFor(sel).Modify || s.modifying != nil {
		return
	}
	id := sel[0].ID
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() (modifyForm, error) {
		r, err := st.Requests.Get(ctx, actor, id)
		if err != nil {
			return modifyForm{}, err
		}
		if r.Status != enroll.RequestPending {
			return modifyForm{}, &enroll.ConflictError{RequestID: id, Status: r.Status, By: r.RespondedByName, At: r.RespondedAt}
		}
		reasons, err := st.Reasons.List(ctx, actor)
		if err != nil {
			return modifyForm{}, err
		}
		texts := make([]string, len(reasons))
		for i, x := range reasons {
			texts[i] = x.Text
		}
		templates, err := st.Templates.List(ctx, actor)
		return modifyForm{req: r, reasons: texts, templates: templates}, err
	}, func(f modifyForm, err error) {
		if err != nil {
			s.refused(notChanged(), err)
			return
		}
		s.openModify(f)
	})
}

func (s *Screen) openModify(f modifyForm) {
	r := f.req
	holder := enroll.Cardholder{ID: r.CardholderID, FirstName: r.CardholderName, Department: r.Department, Thumbnail: r.Thumbnail}
	d := cardholders.NewRequestDialog(holder, f.reasons)
	d.SetRequest(r)
	d.SetTemplates(f.templates, r.TemplateID)
	d.SetSubmitText(lang.L("Save changes"))
	dlg := dialog.NewCustomWithoutButtons(lang.L("Modify card request"), d, s.h.Window())
	d.OnCancel = dlg.Hide
	d.OnSubmit = func(n enroll.NewRequest) { s.saveModify(d, dlg, r, n) }
	s.modifying = d
	s.h.ShowDialog(dlg)
	dlg.SetOnClosed(func() {
		if s.modifying == d {
			s.modifying = nil
		}
	})
	d.FocusFirst(s.h.Window().Canvas())
}

func (s *Screen) saveModify(d *cardholders.RequestDialog, dlg dialog.Dialog, r enroll.CardRequest, n enroll.NewRequest) {
	change := enroll.RequestChange{Reason: n.Reason, TemplateID: n.TemplateID, Activation: n.Activation,
		EmailWhenReady: n.EmailWhenReady, Note: n.Note}
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	d.SetBusy(true)
	widgets.Go(s.h.Jobs(), func() (enroll.CardRequest, error) {
		return st.Requests.Modify(ctx, actor, r.ID, r.Version, change)
	}, func(_ enroll.CardRequest, err error) {
		d.SetBusy(false)
		var conflict *enroll.ConflictError
		switch {
		case errors.As(err, &conflict):
			dlg.Hide()
			s.refused(notChanged(), err)
		case err != nil:
			d.ShowError(err)
		default:
			dlg.Hide()
			s.h.Flash(lang.X("requests.modified", "Request for {{.Name}} saved", map[string]any{"Name": r.CardholderName}))
			s.refreshRows()
		}
	})
}

// notAnswered and notChanged are the titles of a refusal.
func notAnswered() string { return lang.L("The request was not answered") }
func notChanged() string  { return lang.L("The request was not changed") }

// refused explains an answer that did not go through and shows the list
// as it is now (someone else may have answered first).
func (s *Screen) refused(title string, err error) {
	dialogs.ShowError(s.h, title, err)
	s.refreshRows()
	s.h.Changed()
}
