package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Column is one column of a table: the width it needs at least, and its
// share of the width left over. A column with no weight keeps its width.
type Column struct {
	Title  string
	Min    float32
	Weight float32
}

// Columns places one object per column on a single line, so a table's
// header and every row line up when they share the same columns. Each
// object is centred vertically at its own height.
type Columns struct {
	Cols []Column
	// Inset is the space left at both ends; header and rows need the same.
	Inset float32
}

// Widths splits total among the columns.
func (l Columns) Widths(total float32) []float32 {
	pad := theme.Padding()
	least, weights := pad*float32(len(l.Cols)-1), float32(0)
	for _, c := range l.Cols {
		least += c.Min
		weights += c.Weight
	}
	extra := max(total-least, 0)
	ws := make([]float32, len(l.Cols))
	for i, c := range l.Cols {
		ws[i] = c.Min
		if c.Weight > 0 {
			ws[i] += extra * c.Weight / weights
		}
	}
	return ws
}

// Layout places the objects; objects beyond the columns are hidden.
func (l Columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := l.Inset
	ws := l.Widths(size.Width - 2*l.Inset)
	for i, o := range objs {
		if i >= len(ws) {
			o.Hide()
			continue
		}
		h := min(o.MinSize().Height, size.Height)
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(ws[i], h))
		x += ws[i] + theme.Padding()
	}
}

// MinSize is every column at its least width, with paddings and insets,
// as tall as the tallest visible object.
func (l Columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(2*l.Inset+theme.Padding()*float32(max(len(l.Cols)-1, 0)), 0)
	for _, c := range l.Cols {
		s.Width += c.Min
	}
	for _, o := range objs {
		if o.Visible() {
			s.Height = max(s.Height, o.MinSize().Height)
		}
	}
	return s
}

// Row lays cells out in cols.
func Row(cols []Column, cells ...fyne.CanvasObject) *fyne.Container {
	return container.New(Columns{Cols: cols}, cells...)
}

// TextRow is a row of one plain text Cell per column, the usual list row.
func TextRow(cols []Column) *fyne.Container {
	cells := make([]fyne.CanvasObject, len(cols))
	for i := range cells {
		cells[i] = Cell()
	}
	return Row(cols, cells...)
}

// Header is the bold title row above a table with the same columns, and a
// line under it. A column without a title keeps its room empty.
func Header(cols []Column) fyne.CanvasObject {
	return HeaderOf(cols, TitleCells(cols)...)
}

// HeaderOf is a header of cells made by the caller (titles that sort).
func HeaderOf(cols []Column, cells ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(Row(cols, cells...), widget.NewSeparator())
}

// TitleCells are the bold titles of cols, one per column.
func TitleCells(cols []Column) []fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(cols))
	for i, c := range cols {
		if c.Title == "" {
			r := canvas.NewRectangle(color.Transparent) // nil would crash the software painter
			r.SetMinSize(fyne.NewSize(c.Min, 1))
			cells[i] = r
			continue
		}
		cells[i] = Title(c.Title)
	}
	return cells
}

// Title is a bold one-line label that shortens with an ellipsis.
func Title(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// Cell is a one-line label that shortens with an ellipsis.
func Cell() *widget.Label {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// SetCell changes a label only when something changed: rows are redrawn
// on every scroll step.
func SetCell(l *widget.Label, text string, imp widget.Importance, style fyne.TextStyle) {
	if l.Text == text && l.Importance == imp && l.TextStyle == style {
		return
	}
	l.Text, l.Importance, l.TextStyle = text, imp, style
	l.Refresh()
}

// SetTexts changes the cells' texts, each only when it changed.
func SetTexts(cells []*widget.Label, texts ...string) {
	for i, text := range texts {
		if cells[i].Text != text {
			cells[i].SetText(text)
		}
	}
}

// TwoLines is a cell with a main line and a smaller second line under it
// (name and department, time and requester).
func TwoLines(bold bool) *fyne.Container {
	top, bottom := Cell(), Cell()
	top.TextStyle.Bold = bold
	bottom.SizeName = theme.SizeNameCaptionText
	return container.New(twoLinesLayout{}, top, bottom)
}

// SetTwoLines fills a TwoLines cell.
func SetTwoLines(c *fyne.Container, first, second string) {
	c.Objects[0].(*widget.Label).SetText(first)
	c.Objects[1].(*widget.Label).SetText(second)
}

// twoLinesLayout overlaps the labels' inner padding so the two lines read
// as one entry, and centres the pair vertically.
type twoLinesLayout struct{}

func (twoLinesLayout) overlap() float32 { return theme.InnerPadding() * 1.5 }

func (l twoLinesLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, bottom := objs[0].MinSize(), objs[1].MinSize()
	y := (size.Height - l.MinSize(objs).Height) / 2
	objs[0].Move(fyne.NewPos(0, y))
	objs[0].Resize(fyne.NewSize(size.Width, top.Height))
	objs[1].Move(fyne.NewPos(0, y+top.Height-l.overlap()))
	objs[1].Resize(fyne.NewSize(size.Width, bottom.Height))
}

func (l twoLinesLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	top, bottom := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(top.Width, bottom.Width), top.Height+bottom.Height-l.overlap())
}
