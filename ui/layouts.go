package ui

import "fyne.io/fyne/v2"

// minWidthLayout stacks its objects and is never narrower than w, so a
// centred form keeps a comfortable width however short its labels are.
type minWidthLayout struct{ w float32 }

func (l minWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l minWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.w, 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// minSizeLayout keeps a window at least this large (Fyne windows take their
// minimum size from their content).
type minSizeLayout struct{ size fyne.Size }

func (l minSizeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	minWidthLayout{}.Layout(objs, size)
}

func (l minSizeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return minWidthLayout{}.MinSize(objs).Max(l.size)
}
