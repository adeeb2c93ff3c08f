package requests

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
)

// Answers says which answers apply to the selected requests; Details
// (not an answer) needs exactly one.
type Answers struct{ Connect, Modify, Deny, Close, Details, Print bool }

// requestActions are the desk's answers to the selected requests, each
// enabled only when it applies, and a line that says why one is not.
type requestActions struct {
	s       *Screen
	box     fyne.CanvasObject
	modify  *widget.Button
	deny    *widget.Button
	connect *widget.Button
	close   *widget.Button
	print   *widget.Button
	hint    *widgets.TipLabel
}

func newRequestActions(s *Screen) *requestActions {
	a := &requestActions{s: s}
	a.modify = widget.NewButtonWithIcon(lang.L("Modify…"), theme.DocumentCreateIcon(), s.Modify)
	a.deny = widget.NewButtonWithIcon(lang.L("Deny…"), theme.CancelIcon(), s.Deny)
	a.connect = widget.NewButtonWithIcon(lang.L("Connect card…"), theme.LoginIcon(), s.Connect)
	a.connect.Importance = widget.HighImportance
	a.close = widget.NewButtonWithIcon(lang.L("Close"), theme.ConfirmIcon(), s.CloseRequests)
	a.print = widget.NewButtonWithIcon(lang.L("Print…"), theme.DocumentPrintIcon(), s.PrintCards)
	a.box, a.hint = widgets.ActionBar(a.connect, a.modify, a.deny, a.close, a.print)
	a.update()
	return a
}

// answerable splits the selection: pending requests, and those of them
// that still need a card.
func answerable(rows []enroll.CardRequest) (pending, noCard []enroll.CardRequest) {
	for _, r := range rows {
		if r.Status != enroll.RequestPending {
			continue
		}
		pending = append(pending, r)
		if r.CredentialID == 0 {
			noCard = append(noCard, r)
		}
	}
	return pending, noCard
}

// hasCard reports whether a request of rows has its card connected, so
// its badge can print.
func hasCard(rows []enroll.CardRequest) bool {
	for _, r := range rows {
		if r.CredentialID != 0 {
			return true
		}
	}
	return false
}

// Answers are the answers the buttons offer for the selection now.
func (s *Screen) Answers() Answers { return s.answersFor(s.selectedRows()) }

func (s *Screen) answersFor(sel []enroll.CardRequest) Answers {
	pending, noCard := answerable(sel)
	return Answers{
		Connect: len(noCard) > 0,
		Modify:  len(sel) == 1 && len(pending) == 1,
		Deny:    len(pending) > 0,
		Close:   len(pending) > 0 && !s.closing,
		Details: len(sel) == 1,
		Print:   hasCard(sel),
	}
}

// update enables what the selection allows, says what it does not, and
// tells the main menu.
func (a *requestActions) update() {
	sel := a.s.selectedRows()
	pending, noCard := answerable(sel)
	ans := a.s.answersFor(sel)
	widgets.SetEnabled(a.modify, ans.Modify)
	widgets.SetEnabled(a.deny, ans.Deny)
	widgets.SetEnabled(a.connect, ans.Connect)
	widgets.SetEnabled(a.close, ans.Close)
	widgets.SetEnabled(a.print, ans.Print)
	a.hint.SetText(a.why(len(sel), len(pending), len(noCard), ans.Modify))
	if a.s.OnAnswersChanged != nil {
		a.s.OnAnswersChanged()
	}
}

// why is the hint next to the buttons.
func (a *requestActions) why(selected, pending, noCard int, one bool) string {
	if selected == 0 {
		return lang.L("Click a request to answer it. Shift or Ctrl click selects more; so do Shift and the arrow keys.")
	}
	parts := []string{lang.X("requests.selected", "{{.N}} selected", map[string]any{"N": selected})}
	switch {
	case pending == 0:
		parts = append(parts, lang.L("these requests were answered already"))
	case !one:
		parts = append(parts, lang.L("Select exactly one pending request to modify"))
	}
	if pending > 0 && noCard == 0 {
		parts = append(parts, lang.L("every selected request has its card: Close completes them"))
	}
	return strings.Join(parts, " · ")
}
