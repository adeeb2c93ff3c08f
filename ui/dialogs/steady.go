package dialogs

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// messageLines is how many lines of messages a dialog has room for from
// the start.
const messageLines = 3

// steady gives a dialog that can show messages (a red line under a field,
// a refusal) room for them from the start. Fyne centres a dialog on its
// least size, so one that grew when a message appeared would jump, and the
// next click would land somewhere else.
func (s *Stack) steady(d dialog.Dialog) {
	if s.Win == nil {
		return
	}
	pop, ok := s.Win.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok || !hasMessages(pop.Content) {
		return
	}
	d.Resize(d.MinSize().AddWidthHeight(0, messageLines*lineHeight()))
}

// lineHeight is the height of one line of a caption-sized message.
func lineHeight() float32 {
	return fyne.MeasureText("Mg", theme.CaptionTextSize(), fyne.TextStyle{}).Height + theme.InnerPadding()
}

// hasMessages tells whether o holds a message that is hidden now and may
// show later (widgets.Message and widgets.Problem are red labels).
func hasMessages(o fyne.CanvasObject) bool {
	switch w := o.(type) {
	case *widget.Label:
		return w.Hidden && w.Importance == widget.DangerImportance
	case *fyne.Container:
		for _, c := range w.Objects {
			if hasMessages(c) {
				return true
			}
		}
	}
	return false
}
