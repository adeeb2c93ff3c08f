package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// MinSize stacks its objects, each filling it, and is never smaller than
// Size: a centred form keeps a comfortable width however short its
// labels, and a window keeps its least size (Fyne windows take their
// minimum from their content).
type MinSize struct{ Size fyne.Size }

func (l MinSize) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l MinSize) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := l.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// AtLeast wraps o so it is at least w wide and h tall.
func AtLeast(w, h float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(MinSize{fyne.NewSize(w, h)}, o)
}

// fixedWidth stacks its visible objects top to bottom in a column of a
// set width, so short entries (a length, a bit position) keep a sensible
// size in a horizontal box.
type fixedWidth struct{ w float32 }

func (l fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
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

func (l fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.w, 0)
	for _, o := range objs {
		if o.Visible() {
			s.Height += o.MinSize().Height
		}
	}
	return s
}

// FixedWidth stacks objs top to bottom in a column w points wide.
func FixedWidth(w float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(fixedWidth{w}, objs...)
}
