package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// emptyView is an honest placeholder for a section whose feature comes in a
// later version: it says what will be there and that it is not available yet.
type emptyView struct{ box fyne.CanvasObject }

func (v *emptyView) content() fyne.CanvasObject { return v.box }
func (v *emptyView) shown()                     {}

func newEmptyView(icon fyne.Resource, title, what, when string) *emptyView {
	img := widget.NewIcon(icon)
	big := container.New(minSizeLayout{fyne.NewSize(64, 64)}, img)
	head := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameSubHeadingText
	body := widget.NewLabel(what)
	body.Wrapping = fyne.TextWrapWord
	body.Alignment = fyne.TextAlignCenter
	later := widget.NewLabel(when)
	later.Wrapping = fyne.TextWrapWord
	later.Alignment = fyne.TextAlignCenter
	later.Importance = widget.WarningImportance
	col := container.New(minWidthLayout{w: 520}, container.NewVBox(container.NewCenter(big), head, body, later))
	return &emptyView{box: container.NewCenter(col)}
}

func newOrdersView(*session) view {
	return newEmptyView(theme.MailSendIcon(), lang.L("Card orders"),
		lang.L("Cards ordered from external card production will be listed here: temporary cards and their way from ordered through in production to produced, with aborting and retrying orders."),
		lang.L("Ordering cards is not available in this version yet."))
}
