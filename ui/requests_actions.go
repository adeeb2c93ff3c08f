package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// requestActions are the desk's answers to the selected requests, each
// enabled only when it applies, and a line that says why one is not.
type requestActions struct {
	v       *requestsView
	box     fyne.CanvasObject
	modify  *widget.Button
	deny    *widget.Button
	connect *widget.Button
	close   *widget.Button
	hint    *widget.Label
}

func newRequestActions(v *requestsView) *requestActions {
	a := &requestActions{v: v}
	a.modify = widget.NewButtonWithIcon(lang.L("Modify…"), theme.DocumentCreateIcon(), v.modify)
	a.deny = widget.NewButtonWithIcon(lang.L("Deny…"), theme.CancelIcon(), v.deny)
	a.connect = widget.NewButtonWithIcon(lang.L("Connect card…"), theme.LoginIcon(), v.connect)
	a.connect.Importance = widget.HighImportance
	a.close = widget.NewButtonWithIcon(lang.L("Close"), theme.ConfirmIcon(), v.closeRequests)
	a.hint = widget.NewLabel("")
	a.hint.Importance, a.hint.Truncation = widget.LowImportance, fyne.TextTruncateEllipsis
	a.box = container.NewBorder(nil, nil, container.NewHBox(a.connect, a.modify, a.deny, a.close), nil, a.hint)
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

// update enables what the selection allows and says what it does not.
func (a *requestActions) update() {
	sel := a.v.selectedRows()
	pending, noCard := answerable(sel)
	one := len(sel) == 1 && len(pending) == 1
	setEnabled(a.modify, one)
	setEnabled(a.deny, len(pending) > 0)
	setEnabled(a.connect, len(noCard) > 0)
	setEnabled(a.close, len(pending) > 0)
	a.hint.SetText(a.why(len(sel), len(pending), len(noCard), one))
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

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}
