package formats

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/carddesk/carddesk/ui/kit"
)

// column is a table column of the editor and the list.
type column = kit.Column

// columns lines objs up in cols, with room for a few characters per unit
// of weight.
func columns(cols []column, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(kit.Columns{Cols: cols, Room: kit.WeightRoom(cols, 60)}, objs...)
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
