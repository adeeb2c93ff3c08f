package requests

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
)

// closeResult is what Complete did: closed, and left alone for lack of a card.
type closeResult struct{ done, skipped []enroll.CardRequest }

// CloseRequests completes each selected pending request that has a card;
// the others stay pending, and the desk is told which and why.
func (s *Screen) CloseRequests() {
	pending, _ := answerable(s.selectedRows())
	if len(pending) == 0 || s.closing {
		return
	}
	ids := make([]int64, len(pending))
	for i, r := range pending {
		ids[i] = r.ID
	}
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	s.closing = true
	s.acts.update()
	widgets.Go(s.h.Jobs(), func() (closeResult, error) {
		done, skipped, err := st.Requests.Complete(ctx, actor, ids)
		return closeResult{done, skipped}, err
	}, func(res closeResult, err error) {
		s.closing = false
		s.acts.update()
		if err != nil {
			s.refused(notAnswered(), err)
			return
		}
		s.refreshRows()
		if len(res.done) > 0 {
			s.h.Answered()
		}
		if len(res.skipped) == 0 {
			s.h.Flash(closedText(len(res.done)))
			return
		}
		s.showSkipped(res)
	})
}

func closedText(n int) string {
	if n == 1 {
		return lang.L("Request closed")
	}
	return lang.X("requests.closed", "{{.N}} requests closed", map[string]any{"N": n})
}

// showSkipped names the requests that could not be closed yet.
func (s *Screen) showSkipped(res closeResult) {
	lines := []fyne.CanvasObject{}
	if len(res.done) > 0 {
		lines = append(lines, widget.NewLabel(closedText(len(res.done))+"."))
	}
	lines = append(lines,
		widget.NewLabel(lang.L("Not closed, because no card is connected to them yet:")),
		namesList(res.skipped),
		widget.NewLabel(lang.L("Connect a card to them first, then close them.")))
	d := dialog.NewCustom(lang.L("Some requests are still open"), lang.L("OK"),
		widgets.AtLeast(420, 0, container.NewVBox(lines...)), s.h.Window())
	s.h.ShowDialog(d)
}
