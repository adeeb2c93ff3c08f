package formats

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/ui/kit"
)

// alert is an error dialog whose text may run to many lines (every problem
// of a format file), so it scrolls instead of growing off the window.
type alert struct {
	title, text string
	dialog      *dialog.CustomDialog
}

func (s *Screen) showError(title string, err error) {
	s.log.Info("refused", zap.String("what", title), zap.Error(err))
	a := &alert{title: title, text: s.explain(err)}
	body := widget.NewLabel(a.text)
	body.Wrapping = fyne.TextWrapWord
	body.Selectable = true
	a.dialog = dialog.NewCustom(title, lang.L("Close"), container.NewVScroll(body), s.win)
	a.dialog.SetOnClosed(func() {
		if s.alert == a {
			s.alert = nil
		}
	})
	s.alert = a
	lines := float32(1 + countLines(a.text))
	a.dialog.Resize(kit.DialogSize(s.win, 640, min(180+lines*24, 520)))
	s.show(a.dialog)
}

func countLines(s string) int {
	n := 0
	for _, r := range s {
		if r == '\n' {
			n++
		}
	}
	return n
}

// confirm asks before something that cannot be undone.
func (s *Screen) confirm(title, message, okLabel string, yes func()) {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			yes()
		}
	}, s.win)
	d.SetConfirmText(okLabel)
	d.SetDismissText(lang.L("Cancel"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetOnClosed(func() {
		if s.question == d {
			s.question = nil
		}
	})
	s.question = d
	s.show(d)
}

// guardedDialog is the editor's dialog as the shell's Escape handling sees
// it: dismissing it goes through the editor, which asks before it throws
// changes away.
type guardedDialog struct {
	*dialog.CustomDialog
	dismiss func()
}

func (g *guardedDialog) Dismiss() { g.dismiss() }
