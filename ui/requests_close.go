package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// closeResult is what Complete did: closed, and left alone for lack of a card.
type closeResult struct{ done, skipped []enroll.CardRequest }

// closeRequests completes each selected pending request that has a card;
// the others stay pending, and the desk is told which and why.
func (v *requestsView) closeRequests() {
	pending, _ := answerable(v.selectedRows())
	if len(pending) == 0 {
		return
	}
	ids := make([]int64, len(pending))
	for i, r := range pending {
		ids[i] = r.ID
	}
	s := v.s
	v.acts.close.Disable()
	background(s.d.run, func() (closeResult, error) {
		done, skipped, err := s.d.st.Requests.Complete(s.d.ctx, s.actor, ids)
		return closeResult{done, skipped}, err
	}, func(res closeResult, err error) {
		v.acts.update()
		if err != nil {
			v.refused(err)
			return
		}
		v.refreshRows()
		if len(res.done) > 0 {
			s.answered()
		}
		if len(res.skipped) == 0 {
			s.status.flash(closedText(len(res.done)))
			return
		}
		v.showSkipped(res)
	})
}

func closedText(n int) string {
	if n == 1 {
		return lang.L("Request closed")
	}
	return lang.X("requests.closed", "{{.N}} requests closed", map[string]any{"N": n})
}

// showSkipped names the requests that could not be closed yet.
func (v *requestsView) showSkipped(res closeResult) {
	lines := []fyne.CanvasObject{}
	if len(res.done) > 0 {
		lines = append(lines, widget.NewLabel(closedText(len(res.done))+"."))
	}
	lines = append(lines,
		widget.NewLabel(lang.L("Not closed, because no card is connected to them yet:")),
		namesList(res.skipped),
		widget.NewLabel(lang.L("Connect a card to them first, then close them.")))
	d := dialog.NewCustom(lang.L("Some requests are still open"), lang.L("OK"),
		container.New(minWidthLayout{w: 420}, container.NewVBox(lines...)), v.s.win)
	v.s.dialogs.show(d)
}
