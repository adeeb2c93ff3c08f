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

// SelectableRow is one line of a multi-select list. It takes the clicks
// itself, instead of the list item around it, so it can see the modifier
// keys (desktop.Mouseable reports them on mouse down; the tap follows), and
// it draws the selection and the keyboard cursor the list does not know of.
type SelectableRow struct {
	widget.BaseWidget
	index   int // the row shown now; rows are reused while scrolling
	onClick func(index int, mods fyne.KeyModifier)
	onMenu  func(index int, at fyne.Position) // a secondary click; nil: none

	fill    *canvas.Rectangle // selected
	outline *canvas.Rectangle // the keyboard cursor
	rowHover
	mods     fyne.KeyModifier // held at the last mouse down
	selected bool
	cursor   bool
}

// NewSelectableRow wraps a row's cells; onClick gets the row and the
// modifier keys held.
func NewSelectableRow(cells *fyne.Container, onClick func(int, fyne.KeyModifier)) *SelectableRow {
	r := &SelectableRow{}
	r.init(cells, onClick)
	r.ExtendBaseWidget(r)
	r.tip.ExtendToolTipWidget(r)
	return r
}

// init sets the row up without extending the base widget, for types that
// embed it.
func (r *SelectableRow) init(cells *fyne.Container, onClick func(int, fyne.KeyModifier)) {
	r.index, r.cells, r.onClick = -1, cells, onClick
	r.fill = canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	r.fill.CornerRadius = theme.SelectionRadiusSize()
	r.fill.Hide()
	r.rowHover.init(cells)
	r.outline = canvas.NewRectangle(color.Transparent)
	r.outline.StrokeColor = theme.Color(theme.ColorNamePrimary)
	r.outline.StrokeWidth = 2
	r.outline.CornerRadius = theme.SelectionRadiusSize()
	r.outline.Hide()
}

func (r *SelectableRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.hover, r.fill, r.cells, r.outline))
}

func (r *SelectableRow) MouseIn(e *desktop.MouseEvent)    { r.in(r.tip.Obj, e) }
func (r *SelectableRow) MouseMoved(e *desktop.MouseEvent) { r.moved(r.tip.Obj, e) }
func (r *SelectableRow) MouseOut()                        { r.out() }

// MouseDown remembers Shift and Ctrl for the tap that follows.
func (r *SelectableRow) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button == desktop.MouseButtonPrimary {
		r.mods = ev.Modifier
	}
}

func (r *SelectableRow) MouseUp(*desktop.MouseEvent) {}

// Tapped selects; a tap without a mouse (touch, tests) has no modifiers.
func (r *SelectableRow) Tapped(*fyne.PointEvent) {
	mods := r.mods
	r.mods = 0
	if r.index >= 0 && r.onClick != nil {
		r.onClick(r.index, mods)
	}
}

// TappedSecondary opens the list's menu for the row.
func (r *SelectableRow) TappedSecondary(e *fyne.PointEvent) {
	if r.index >= 0 && r.onMenu != nil {
		r.onMenu(r.index, e.AbsolutePosition)
	}
}

// Index is the list row the widget shows now, -1 before the first.
func (r *SelectableRow) Index() int { return r.index }

// setState draws the row selected or not and with or without the cursor.
func (r *SelectableRow) setState(index int, selected, cursor bool) {
	r.index = index
	if r.selected == selected && r.cursor == cursor {
		return
	}
	r.selected, r.cursor = selected, cursor
	r.fill.FillColor = theme.Color(theme.ColorNameSelection)
	r.outline.StrokeColor = theme.Color(theme.ColorNamePrimary)
	r.fill.Hidden, r.outline.Hidden = !selected, !cursor
	r.fill.Refresh()
	r.outline.Refresh()
}

// ActivatableRow is the row of a list that also answers a double click
// (pick this one, show the details). The list tells the second click of a
// pair by its time itself: Fyne would hold every single click back on a
// widget that takes double taps, and selecting would feel slow. The list,
// not the row, keeps the first click, as a refresh may hand the row's place
// to another widget between the two clicks.
type ActivatableRow struct {
	SelectableRow
}

// NewActivatableRow is a selectable row of a list that takes double clicks.
func NewActivatableRow(cells *fyne.Container, onClick func(int, fyne.KeyModifier)) *ActivatableRow {
	r := &ActivatableRow{}
	r.init(cells, onClick)
	r.ExtendBaseWidget(r)
	r.tip.ExtendToolTipWidget(r)
	return r
}
