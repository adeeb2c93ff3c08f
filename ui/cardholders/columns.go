package cardholders

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// column widths: a fixed width in points, or a share of what is left.
type column struct {
	fixed  float32
	weight float32
}

// listColumns are shared by the header and every row, so they line up:
// photo, name, department, external id, e-mail, status.
var listColumns = []column{
	{fixed: thumbSize},
	{weight: 2.6},
	{weight: 2},
	{weight: 1.9},
	{weight: 2.8},
	{fixed: 90},
}

// columnsLayout places one object per column on a single line.
type columnsLayout struct{ cols []column }

func (l columnsLayout) widths(total float32) []float32 {
	pad := theme.Padding()
	fixed, weights := pad*float32(len(l.cols)-1), float32(0)
	for _, c := range l.cols {
		fixed += c.fixed
		weights += c.weight
	}
	rest := max(total-fixed, 0)
	ws := make([]float32, len(l.cols))
	for i, c := range l.cols {
		ws[i] = c.fixed
		if c.weight > 0 {
			ws[i] = rest * c.weight / weights
		}
	}
	return ws
}

func (l columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := theme.Padding() // the same inset in header and rows keeps them aligned
	for i, w := range l.widths(size.Width - 2*x) {
		if i >= len(objs) {
			return
		}
		h := min(objs[i].MinSize().Height, size.Height)
		objs[i].Move(fyne.NewPos(x, (size.Height-h)/2))
		objs[i].Resize(fyne.NewSize(w, h))
		x += w + theme.Padding()
	}
}

func (l columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(2*theme.Padding(), 0)
	for i, o := range objs {
		m := o.MinSize()
		s.Height = max(s.Height, m.Height)
		if i < len(l.cols) {
			s.Width += l.cols[i].fixed + theme.Padding()
		}
	}
	// Leave room for truncated text so a narrow window still reads.
	s.Width += 4 * 60
	return s
}
