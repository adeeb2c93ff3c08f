package dialogs

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/words"
)

// Alert is an error dialog: what failed in the title, why in the text.
type Alert struct {
	Title, Text string
	Dialog      *dialog.CustomDialog
}

// ShowError tells the operator why something failed, in their language.
// The text may run to many lines (every problem of a file).
func ShowError(h Host, title string, err error) *Alert {
	return ShowText(h, title, words.Explain(err), 640)
}

// ShowText shows text that may run to many lines (a refusal per card) in
// a dialog width wide: the text scrolls instead of growing off the
// window, and it can be selected and copied.
func ShowText(h Host, title, text string, width float32) *Alert {
	a := &Alert{Title: title, Text: text}
	body := widget.NewLabel(a.Text)
	body.Wrapping = fyne.TextWrapWord
	body.Selectable = true
	a.Dialog = dialog.NewCustom(title, lang.L("Close"), container.NewVScroll(body), h.Window())
	lines := float32(1 + strings.Count(a.Text, "\n") + len(a.Text)/80)
	a.Dialog.Resize(Size(h.Window(), width, min(180+lines*24, 520)))
	h.ShowDialog(a.Dialog)
	return a
}
