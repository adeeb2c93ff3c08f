package cardholders

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/words"
)

// problemList shows every bad row of a refused import, one "FILE:LINE:
// reason" per line. A file can have thousands, so the list is virtualized
// and the whole text can be copied to fix the file elsewhere.
type problemList struct {
	lines  []string
	title  string
	list   *widget.List
	copy   *widget.Button
	dialog *dialog.CustomDialog
}

func (s *Screen) showProblems(ie *enroll.ImportError) {
	p := &problemList{lines: make([]string, len(ie.Problems))}
	for i, pr := range ie.Problems {
		p.lines[i] = words.ImportProblem(pr)
	}
	p.list = widget.NewList(func() int { return len(p.lines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(p.lines[id]) })
	p.list.OnSelected = func(widget.ListItemID) { p.list.UnselectAll() }
	p.copy = widget.NewButtonWithIcon(lang.L("Copy to clipboard"), theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(strings.Join(p.lines, "\n") + "\n")
		p.copy.SetText(lang.L("Copied"))
		s.h.Flash(lang.L("The problems were copied to the clipboard."))
	})
	closeBtn := widget.NewButton(lang.L("Close"), nil)
	intro := widget.NewLabel(lang.L("The file was not imported because of the rows below. Fix them and import the file again."))
	intro.Wrapping = fyne.TextWrapWord
	p.title = words.ImportFailed(ie)
	p.dialog = dialog.NewCustomWithoutButtons(p.title, container.NewBorder(intro, nil, nil, nil, p.list), s.h.Window())
	p.dialog.SetButtons([]fyne.CanvasObject{closeBtn, p.copy})
	closeBtn.OnTapped = p.dialog.Hide
	p.dialog.SetOnClosed(func() {
		if s.problems == p {
			s.problems = nil
		}
	})
	s.problems = p
	p.dialog.Resize(dialogs.Size(s.h.Window(), 780, 440))
	s.h.ShowDialog(p.dialog)
}
