package formats

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// column is a fixed width in points, or a share of the width left over.
type column struct {
	fixed  float32
	weight float32
}

// columnsLayout places one object per column on a line, so a table's
// header and rows line up.
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
			ws[i] += rest * c.weight / weights
		}
	}
	return ws
}

func (l columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, w := range l.widths(size.Width) {
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
	var s fyne.Size
	for i, o := range objs {
		if i >= len(l.cols) || !o.Visible() {
			continue
		}
		c := l.cols[i]
		s.Height = max(s.Height, o.MinSize().Height)
		s.Width += c.fixed + theme.Padding()
		if c.weight > 0 {
			s.Width += 60 * c.weight // room for a few characters
		}
	}
	return s
}

func columns(cols []column, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(columnsLayout{cols}, objs...)
}

// widthLayout gives its objects a fixed width, so short entries (a length,
// a bit position) keep a sensible size in a horizontal box.
type widthLayout struct{ w float32 }

func (l widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

func (l widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.w, 0)
	for _, o := range objs {
		if o.Visible() {
			s.Height += o.MinSize().Height
		}
	}
	return s
}

// fixedWidth stacks objs top to bottom in a column w points wide.
func fixedWidth(w float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(widthLayout{w}, objs...)
}

// minHeightLayout keeps its object at least h points tall.
type minHeightLayout struct{ h float32 }

func (l minHeightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l minHeightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, l.h)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
