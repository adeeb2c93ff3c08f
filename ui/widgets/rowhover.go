package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// rowHover lights a list row up under the mouse and shows the whole text
// of a cut-off cell. A row that handles the hover takes it from the list
// item around it, so it draws the hover itself.
type rowHover struct {
	cells *fyne.Container
	hover *canvas.Rectangle
	tip   tip
}

func (h *rowHover) init(cells *fyne.Container) {
	h.cells = cells
	h.hover = canvas.NewRectangle(theme.Color(theme.ColorNameHover))
	h.hover.CornerRadius = theme.SelectionRadiusSize()
	h.hover.Hide()
}

func (h *rowHover) in(row fyne.CanvasObject, e *desktop.MouseEvent) {
	h.hover.FillColor = theme.Color(theme.ColorNameHover)
	h.hover.Show()
	h.hover.Refresh()
	h.moved(row, e)
}

func (h *rowHover) moved(row fyne.CanvasObject, e *desktop.MouseEvent) {
	if l := labelAt(h.cells, e.Position); l != nil && Shortened(l) {
		h.tip.show(row, l.Text, e)
		return
	}
	h.tip.hide()
}

func (h *rowHover) out() {
	h.hover.Hide()
	h.tip.hide()
}

// labelAt finds the label at pos (relative to o) among o's cells.
func labelAt(o fyne.CanvasObject, pos fyne.Position) *widget.Label {
	if !o.Visible() || pos.X < 0 || pos.Y < 0 || pos.X >= o.Size().Width || pos.Y >= o.Size().Height {
		return nil
	}
	switch w := o.(type) {
	case *widget.Label:
		return w
	case *TipLabel:
		return &w.Label
	case *fyne.Container:
		for _, c := range w.Objects {
			if l := labelAt(c, pos.Subtract(c.Position())); l != nil {
				return l
			}
		}
	}
	return nil
}

// TipRow is a row of a plain list (one that selects through the list
// itself) whose cut-off cells show their whole text on hover.
type TipRow struct {
	widget.BaseWidget
	rowHover
}

// NewTipRow wraps a row's cells.
func NewTipRow(cells *fyne.Container) *TipRow {
	r := &TipRow{}
	r.rowHover.init(cells)
	r.ExtendBaseWidget(r)
	r.tip.ExtendToolTipWidget(r)
	return r
}

func (r *TipRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.hover, r.cells))
}

func (r *TipRow) MouseIn(e *desktop.MouseEvent)    { r.in(r, e) }
func (r *TipRow) MouseMoved(e *desktop.MouseEvent) { r.moved(r, e) }
func (r *TipRow) MouseOut()                        { r.out() }

// RowCells is the cells of a list row built by Row, TextRow or NewTipRow.
func RowCells(o fyne.CanvasObject) *fyne.Container {
	if r, ok := o.(*TipRow); ok {
		return r.cells
	}
	return o.(*fyne.Container)
}
