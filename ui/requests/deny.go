package requests

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
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// maxListed is how many names a confirmation lists before "and N more".
const maxListed = 8

// denyDialog confirms denying the selected pending requests, naming each
// cardholder, with an optional note for the requesters.
type denyDialog struct {
	dlg     *dialog.CustomDialog
	reqs    []enroll.CardRequest
	note    *widgets.Entry
	msg     *widget.Label
	confirm *widget.Button
	cancel  *widget.Button
}

// Deny asks to confirm denying the selected pending requests.
func (s *Screen) Deny() {
	pending, _ := answerable(s.selectedRows())
	if len(pending) == 0 || s.denying != nil {
		return
	}
	dd := &denyDialog{reqs: pending, note: widgets.NewMultiLineEntry(2), msg: widgets.Problem()}
	dd.note.SetPlaceHolder(lang.L("Why, for the requester (optional)"))
	dd.confirm = widget.NewButtonWithIcon(denyLabel(len(pending)), theme.CancelIcon(), func() { s.sendDeny(dd) })
	dd.confirm.Importance = widget.DangerImportance
	body := container.NewVBox(
		widget.NewLabel(lang.L("These requests will be denied; requesters who asked for mail are told:")),
		namesList(pending),
		widgets.Bold(lang.L("Note")),
		dd.note, dd.msg)
	dd.dlg = dialog.NewCustomWithoutButtons(lang.L("Deny card requests"), widgets.AtLeast(460, 0, body), s.h.Window())
	dd.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), dd.dlg.Hide)
	dd.dlg.SetButtons([]fyne.CanvasObject{dd.cancel, dd.confirm})
	s.denying = dd
	s.h.ShowDialog(dd.dlg)
	dd.dlg.SetOnClosed(func() {
		if s.denying == dd {
			s.denying = nil
		}
	})
	s.h.Window().Canvas().Focus(dd.note)
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
func (s *Screen) sendDeny(dd *denyDialog) {
	ids := make([]int64, len(dd.reqs))
	for i, r := range dd.reqs {
		ids[i] = r.ID
	}
	note := dd.note.Text
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	dd.confirm.Disable()
	widgets.Go(s.h.Jobs(), func() ([]enroll.CardRequest, error) {
		return st.Requests.Deny(ctx, actor, ids, note)
	}, func(done []enroll.CardRequest, err error) {
		dd.confirm.Enable()
		var conflict *enroll.ConflictError
		switch {
		case errors.As(err, &conflict):
			dd.dlg.Hide()
			s.refused(notAnswered(), err)
		case err != nil:
			widgets.SetMessage(dd.msg, words.Explain(err))
		default:
			dd.dlg.Hide()
			s.h.Flash(deniedText(len(done)))
			s.refreshRows()
			s.h.Answered()
		}
	})
}

func deniedText(n int) string {
	if n == 1 {
		return lang.L("Request denied")
	}
	return lang.X("requests.denied", "{{.N}} requests denied", map[string]any{"N": n})
}
