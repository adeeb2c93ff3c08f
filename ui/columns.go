package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// column is one column of a list: its header, the width it needs at least,
// and its share of any extra width.
type column struct {
	title  string
	min    float32
	weight float32
}

// columnsLayout lines up the cells of a header and of every row, so a
// widget.List (which selects whole rows) reads like a table.
type columnsLayout struct{ cols []column }

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	var minTotal, weights float32
	for _, c := range l.cols {
		minTotal += c.min
		weights += c.weight
	}
	extra := size.Width - minTotal - pad*float32(len(l.cols)-1)
	x := float32(0)
	for i, o := range objs {
		if i >= len(l.cols) {
			o.Hide()
			continue
		}
		w := l.cols[i].min
		if extra > 0 && weights > 0 {
			w += extra * l.cols[i].weight / weights
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		if i >= len(l.cols) {
			break
		}
		w += l.cols[i].min
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w+theme.Padding()*float32(len(l.cols)-1), h)
}

// header is the bold title row above a list using the same columns.
func header(cols []column) fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(cols))
	for i, c := range cols {
		l := widget.NewLabelWithStyle(c.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		cells[i] = l
	}
	return container.NewVBox(container.New(&columnsLayout{cols}, cells...), widget.NewSeparator())
}

// row builds one list row from cells laid out in cols.
func row(cols []column, cells ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnsLayout{cols}, cells...)
}

// cellLabel is a one-line label that shortens with an ellipsis.
func cellLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// twoLines is a cell with a main line and a smaller second line under it
// (name and department, time and requester).
func twoLines(bold bool) *fyne.Container {
	top, bottom := cellLabel(), cellLabel()
	top.TextStyle.Bold = bold
	bottom.SizeName = theme.SizeNameCaptionText
	return container.New(twoLinesLayout{}, top, bottom)
}

func setTwoLines(c *fyne.Container, first, second string) {
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

// hint is quiet secondary text (counts, shortcuts, explanations): the
// placeholder colour stays readable where a low-importance label would not.
func hint(text string) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText, Inline: true}})
	return rt
}

func setHint(rt *widget.RichText, text string) {
	rt.Segments[0].(*widget.TextSegment).Text = text
	rt.Refresh()
}
