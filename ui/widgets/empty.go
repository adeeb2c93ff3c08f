package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// EmptyState fills a screen that has nothing to show: a large icon, a
// title, what would be here, and (in the warning colour, may be empty)
// why it is not, or what to do.
func EmptyState(icon fyne.Resource, title, what, why string) fyne.CanvasObject {
	big := AtLeast(64, 64, widget.NewIcon(icon))
	head := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameSubHeadingText
	parts := []fyne.CanvasObject{container.NewCenter(big), head, centredText(what)}
	if why != "" {
		l := centredText(why)
		l.Importance = widget.WarningImportance
		parts = append(parts, l)
	}
	return container.NewCenter(AtLeast(520, 0, container.NewVBox(parts...)))
}

func centredText(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	return l
}
