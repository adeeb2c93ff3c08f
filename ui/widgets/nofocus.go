package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// NoFocusButton is an icon button for the pointer only: a click works as on
// any button, but Tab passes it by. It is for the small button inside an
// entry (the arrow of a drop-down, the calendar of a date), whose entry
// takes the same input from the keyboard: a focused arrow would swallow
// what the operator types after Tab. A widget.Button cannot be kept out of
// the focus chain, so this one is drawn as a flat button of its own.
type NoFocusButton struct {
	widget.DisableableWidget
	res     fyne.Resource
	icon    *widget.Icon
	bg      *canvas.Rectangle
	tapped  func()
	hovered bool
}

// NewNoFocusButton is an icon button that runs tapped.
func NewNoFocusButton(icon fyne.Resource, tapped func()) *NoFocusButton {
	b := &NoFocusButton{res: icon, icon: widget.NewIcon(icon), tapped: tapped, bg: canvas.NewRectangle(color.Transparent)}
	b.bg.CornerRadius = theme.InputRadiusSize()
	b.ExtendBaseWidget(b)
	return b
}

func (b *NoFocusButton) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(b.bg, container.NewPadded(b.icon)))
}

// Tapped runs the button's action unless it is disabled.
func (b *NoFocusButton) Tapped(*fyne.PointEvent) {
	if !b.Disabled() && b.tapped != nil {
		b.tapped()
	}
}

func (b *NoFocusButton) MouseIn(*desktop.MouseEvent)    { b.hovered = true; b.Refresh() }
func (b *NoFocusButton) MouseMoved(*desktop.MouseEvent) {}
func (b *NoFocusButton) MouseOut()                      { b.hovered = false; b.Refresh() }

// Cursor is the pointing hand of a button.
func (b *NoFocusButton) Cursor() desktop.Cursor { return desktop.PointerCursor }

// Refresh draws the hover and the disabled state.
func (b *NoFocusButton) Refresh() {
	b.bg.FillColor = color.Transparent
	if b.hovered && !b.Disabled() {
		b.bg.FillColor = theme.Color(theme.ColorNameHover)
	}
	b.bg.Refresh()
	res := b.res
	if b.Disabled() {
		res = theme.NewDisabledResource(res)
	}
	b.icon.SetResource(res)
	b.BaseWidget.Refresh()
}
