package dialogs

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Confirm asks before something that cannot be undone; yes runs only when
// the operator confirms. The confirming button says what will happen.
func Confirm(h Host, title, message, okLabel string, yes func()) *dialog.ConfirmDialog {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			yes()
		}
	}, h.Window())
	d.SetConfirmText(okLabel)
	d.SetDismissText(lang.L("Cancel"))
	d.SetConfirmImportance(widget.DangerImportance)
	h.ShowDialog(d)
	return d
}
