package ui

import (
	"errors"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/cardholders"
)

// modifyForm is what the Modify dialog needs: the request as stored now
// (its version guards against a change made elsewhere) and the reasons.
type modifyForm struct {
	req     enroll.CardRequest
	reasons []string
}

// modify opens the request dialog of the Cardholders screen on the one
// selected pending request, read again so its version is current.
func (v *requestsView) modify() {
	pending, _ := answerable(v.selectedRows())
	if len(pending) != 1 || v.acts.modify.Disabled() {
		return
	}
	id, s := pending[0].ID, v.s
	background(s.d.run, func() (modifyForm, error) {
		r, err := s.d.st.Requests.Get(s.d.ctx, s.actor, id)
		if err != nil {
			return modifyForm{}, err
		}
		if r.Status != enroll.RequestPending {
			return modifyForm{}, &enroll.ConflictError{RequestID: id, Status: r.Status, By: r.RespondedByName, At: r.RespondedAt}
		}
		reasons, err := s.d.st.Reasons.List(s.d.ctx, s.actor)
		texts := make([]string, len(reasons))
		for i, x := range reasons {
			texts[i] = x.Text
		}
		return modifyForm{req: r, reasons: texts}, err
	}, func(f modifyForm, err error) {
		if err != nil {
			v.refused(err)
			return
		}
		v.openModify(f)
	})
}

func (v *requestsView) openModify(f modifyForm) {
	r := f.req
	holder := enroll.Cardholder{ID: r.CardholderID, FirstName: r.CardholderName, Department: r.Department, Thumbnail: r.Thumbnail}
	d := cardholders.NewRequestDialog(holder, f.reasons)
	d.SetRequest(r)
	d.SetSubmitText(lang.L("Save changes"))
	dlg := dialog.NewCustomWithoutButtons(lang.L("Modify card request"), d, v.s.win)
	d.OnCancel = dlg.Hide
	d.OnSubmit = func(n enroll.NewRequest) { v.saveModify(d, dlg, r, n) }
	v.modifying = d
	v.s.dialogs.show(dlg)
	d.FocusFirst(v.s.win.Canvas())
}

func (v *requestsView) saveModify(d *cardholders.RequestDialog, dlg dialog.Dialog, r enroll.CardRequest, n enroll.NewRequest) {
	s := v.s
	change := enroll.RequestChange{Reason: n.Reason, TemplateID: r.TemplateID, Activation: n.Activation,
		EmailWhenReady: n.EmailWhenReady, Note: n.Note}
	d.SetBusy(true)
	background(s.d.run, func() (enroll.CardRequest, error) {
		return s.d.st.Requests.Modify(s.d.ctx, s.actor, r.ID, r.Version, change)
	}, func(_ enroll.CardRequest, err error) {
		d.SetBusy(false)
		var conflict *enroll.ConflictError
		switch {
		case errors.As(err, &conflict):
			dlg.Hide()
			v.refused(err)
		case err != nil:
			d.ShowError(err)
		default:
			dlg.Hide()
			s.status.flash(lang.X("requests.modified", "Request for {{.Name}} saved", map[string]any{"Name": r.CardholderName}))
			v.refreshRows()
		}
	})
}

// refused explains an answer that did not go through and shows the list
// as it is now (someone else may have answered first).
func (v *requestsView) refused(err error) {
	v.s.showError(err)
	v.refreshRows()
	v.s.changed()
}
