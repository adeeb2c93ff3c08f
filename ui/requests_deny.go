package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// maxListed is how many names a confirmation lists before "and N more".
const maxListed = 8

// denyDialog confirms denying the selected pending requests, naming each
// cardholder, with an optional note for the requesters.
type denyDialog struct {
	dlg     *dialog.CustomDialog
	reqs    []enroll.CardRequest
	note    *textEntry
	msg     *widget.Label
	confirm *widget.Button
	cancel  *widget.Button
}

func (v *requestsView) deny() {
	pending, _ := answerable(v.selectedRows())
	if len(pending) == 0 {
		return
	}
	dd := &denyDialog{reqs: pending, note: newTextEntry(), msg: dangerLabel()}
	dd.note.MultiLine, dd.note.Wrapping = true, fyne.TextWrapWord
	dd.note.SetMinRowsVisible(2)
	dd.note.SetPlaceHolder(lang.L("Why, for the requester (optional)"))
	dd.confirm = widget.NewButtonWithIcon(denyLabel(len(pending)), theme.CancelIcon(), func() { v.sendDeny(dd) })
	dd.confirm.Importance = widget.DangerImportance
	body := container.NewVBox(
		widget.NewLabel(lang.L("These requests will be denied; requesters who asked for mail are told:")),
		namesList(pending),
		widget.NewLabelWithStyle(lang.L("Note"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		dd.note, dd.msg)
	dd.dlg = dialog.NewCustomWithoutButtons(lang.L("Deny card requests"), container.New(minWidthLayout{w: 460}, body), v.s.win)
	dd.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), dd.dlg.Hide)
	dd.dlg.SetButtons([]fyne.CanvasObject{dd.cancel, dd.confirm})
	v.denying = dd
	v.s.dialogs.show(dd.dlg)
	v.s.win.Canvas().Focus(dd.note)
}

func denyLabel(n int) string {
	if n == 1 {
		return lang.L("Deny request")
	}
	return lang.X("requests.denyn", "Deny {{.N}} requests", map[string]any{"N": n})
}

// namesList shows whose requests an answer reaches: name and reason.
func namesList(reqs []enroll.CardRequest) fyne.CanvasObject {
	box := container.NewVBox()
	for i, r := range reqs {
		if i == maxListed {
			box.Add(widget.NewLabel(lang.X("requests.more", "… and {{.N}} more", map[string]any{"N": len(reqs) - maxListed})))
			break
		}
		line := "• " + r.CardholderName
		if r.Reason != "" {
			line += " — " + r.Reason
		}
		l := widget.NewLabel(line)
		l.Truncation = fyne.TextTruncateEllipsis
		box.Add(l)
	}
	return container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*2, 0), box)
}

// sendDeny denies all or none: if one was answered elsewhere meanwhile,
// nothing changes and the desk says who answered it.
func (v *requestsView) sendDeny(dd *denyDialog) {
	s := v.s
	ids := make([]int64, len(dd.reqs))
	for i, r := range dd.reqs {
		ids[i] = r.ID
	}
	note := dd.note.Text
	dd.confirm.Disable()
	background(s.d.run, func() ([]enroll.CardRequest, error) {
		return s.d.st.Requests.Deny(s.d.ctx, s.actor, ids, note)
	}, func(done []enroll.CardRequest, err error) {
		dd.confirm.Enable()
		var conflict *enroll.ConflictError
		switch {
		case errors.As(err, &conflict):
			dd.dlg.Hide()
			v.refused(err)
		case err != nil:
			dd.msg.SetText(explain(err))
			dd.msg.Show()
		default:
			dd.dlg.Hide()
			s.status.flash(deniedText(len(done)))
			v.refreshRows()
			s.answered()
		}
	})
}

func deniedText(n int) string {
	if n == 1 {
		return lang.L("Request denied")
	}
	return lang.X("requests.denied", "{{.N}} requests denied", map[string]any{"N": n})
}
