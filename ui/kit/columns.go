package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Column is a fixed width in points, or a share (Weight) of the width the
// fixed columns leave.
type Column struct {
	Fixed  float32
	Weight float32
}

// Columns places one object per column on a single line, so a table's
// header and every row line up when they share the same Cols.
type Columns struct {
	Cols []Column
	// Inset is the space left at both ends; header and rows need the same.
	Inset float32
	// Room is the least width MinSize leaves for the weighted columns
	// together, so truncated text still reads in a narrow window.
	Room float32
}

// WeightRoom is a Room of per points for each unit of weight in cols.
func WeightRoom(cols []Column, per float32) float32 {
	var w float32
	for _, c := range cols {
		w += c.Weight
	}
	return w * per
}

// Widths splits total among the columns.
func (l Columns) Widths(total float32) []float32 {
	pad := theme.Padding()
	fixed, weights := pad*float32(len(l.Cols)-1), float32(0)
	for _, c := range l.Cols {
		fixed += c.Fixed
		weights += c.Weight
	}
	rest := max(total-fixed, 0)
	ws := make([]float32, len(l.Cols))
	for i, c := range l.Cols {
		ws[i] = c.Fixed
		if c.Weight > 0 {
			ws[i] += rest * c.Weight / weights
		}
	}
	return ws
}

// Layout centres each object vertically in its column.
func (l Columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := l.Inset
	for i, w := range l.Widths(size.Width - 2*l.Inset) {
		if i >= len(objs) {
			return
		}
		h := min(objs[i].MinSize().Height, size.Height)
		objs[i].Move(fyne.NewPos(x, (size.Height-h)/2))
		objs[i].Resize(fyne.NewSize(w, h))
		x += w + theme.Padding()
	}
}

// MinSize is the fixed columns, the paddings, the insets and Room wide,
// and as tall as the tallest visible object.
func (l Columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(2*l.Inset+l.Room, 0)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		s.Height = max(s.Height, o.MinSize().Height)
		if i < len(l.Cols) {
			s.Width += l.Cols[i].Fixed + theme.Padding()
		}
	}
	return s
}
