package templates

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	fynetooltip "github.com/dweymouth/fyne-tooltip"

	"github.com/carddesk/carddesk/ui/widgets"
)

// designerWindow is the designer's dialog: a modal pop-up with a title,
// built by hand so its icon buttons can show tooltips (a tooltip layer
// must be in a pop-up before it is first shown, and Fyne's dialogs make
// theirs only when shown). It is a dialog.Dialog for the window's stack.
type designerWindow struct {
	pop      *widget.PopUp
	want     fyne.Size
	closed   []func()
	tips     bool
	hidden   bool
	content  fyne.CanvasObject
	onCancel func()
}

func newDesignerWindow(title string, body fyne.CanvasObject, win fyne.Window) *designerWindow {
	w := &designerWindow{content: container.NewBorder(widgets.Heading(title), nil, nil, nil, body)}
	w.pop = widget.NewModalPopUp(w.content, win.Canvas())
	w.tips = addToolTips(w.pop)
	return w
}

// addToolTips gives the pop-up its own tooltip layer and reports whether
// it could: the window needs one first (the app's main window has one; a
// test window does not).
func addToolTips(p *widget.PopUp) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	fynetooltip.AddPopUpToolTipLayer(p)
	return true
}

func (w *designerWindow) Show() { w.hidden = false; w.pop.Show() }

func (w *designerWindow) Hide() {
	if w.hidden {
		return
	}
	w.hidden = true
	w.pop.Hide()
	if w.tips {
		fynetooltip.DestroyPopUpToolTipLayer(w.pop)
		w.tips = false
	}
	for _, f := range w.closed {
		f()
	}
}

// Dismiss is Escape: it asks before throwing changes away, as Cancel does.
func (w *designerWindow) Dismiss() {
	if w.onCancel != nil {
		w.onCancel()
		return
	}
	w.Hide()
}

func (w *designerWindow) SetDismissText(string)     {}
func (w *designerWindow) SetOnClosed(closed func()) { w.closed = append(w.closed, closed) }
func (w *designerWindow) Refresh()                  { w.pop.Refresh() }
func (w *designerWindow) MinSize() fyne.Size        { return w.pop.MinSize() }

// Resize never shrinks the window below the size it was opened at.
func (w *designerWindow) Resize(size fyne.Size) {
	if w.want.IsZero() {
		w.want = size
	}
	w.pop.Resize(size.Max(w.want))
}
