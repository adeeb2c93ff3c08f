package formats

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bitCell is one bit of the map: its position, small, above its value.
// Fyne has no tooltips, so the cell reports the mouse to the map, which
// names the bit's role in a line under the cells.
type bitCell struct {
	widget.BaseWidget
	m   *BitMap
	pos int

	bg       *canvas.Rectangle
	num, val *canvas.Text
}

var _ desktop.Hoverable = (*bitCell)(nil)

func newBitCell(m *BitMap, pos int) *bitCell {
	c := &bitCell{m: m, pos: pos}
	c.bg = canvas.NewRectangle(color.Transparent)
	c.bg.CornerRadius = 3
	c.num = canvas.NewText(strconv.Itoa(pos), foreground())
	c.num.TextSize = theme.CaptionTextSize() * 0.85
	c.num.Alignment = fyne.TextAlignCenter
	c.val = canvas.NewText("", foreground())
	c.val.Alignment = fyne.TextAlignCenter
	c.ExtendBaseWidget(c)
	return c
}

// apply draws the cell in style s.
func (c *bitCell) apply(s cellStyle) {
	c.bg.FillColor, c.bg.StrokeColor, c.bg.StrokeWidth = s.fill, s.stroke, s.strokeWidth
	relayout := (c.val.Text == "") != (s.value == "")
	c.num.Color, c.val.Color, c.val.Text = s.text, s.text, s.value
	if relayout {
		c.Refresh()
	}
	c.bg.Refresh()
	c.num.Refresh()
	c.val.Refresh()
}

func (c *bitCell) MouseIn(*desktop.MouseEvent)    { c.m.hoverOn(c.pos) }
func (c *bitCell) MouseMoved(*desktop.MouseEvent) { c.m.hoverOn(c.pos) }
func (c *bitCell) MouseOut()                      { c.m.hoverOff(c.pos) }

func (c *bitCell) CreateRenderer() fyne.WidgetRenderer {
	return &bitCellRenderer{c: c, objs: []fyne.CanvasObject{c.bg, c.num, c.val}}
}

type bitCellRenderer struct {
	c    *bitCell
	objs []fyne.CanvasObject
}

// Layout puts the position at the top and the value below it; without a
// value the position sits in the middle.
func (r *bitCellRenderer) Layout(size fyne.Size) {
	r.c.bg.Resize(size)
	num := r.c.num.MinSize()
	y := float32(2)
	if r.c.val.Text == "" {
		y = (size.Height - num.Height) / 2
	}
	r.c.num.Move(fyne.NewPos(0, y))
	r.c.num.Resize(fyne.NewSize(size.Width, num.Height))
	val := r.c.val.MinSize()
	r.c.val.Move(fyne.NewPos(0, size.Height-val.Height-2))
	r.c.val.Resize(fyne.NewSize(size.Width, val.Height))
}

func (r *bitCellRenderer) MinSize() fyne.Size { return fyne.NewSize(cellMinWidth, cellHeight) }

func (r *bitCellRenderer) Refresh() {
	r.Layout(r.c.Size())
	for _, o := range r.objs {
		o.Refresh()
	}
}

func (r *bitCellRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *bitCellRenderer) Destroy()                     {}
