package templates

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/badge"
)

func TestDragBoxSnapsAndKeepsABox(t *testing.T) {
	e := badge.Element{X: 10, Y: 10, W: 20, H: 10}
	cases := []struct {
		handle     int
		dx, dy     float64
		x, y, w, h float64
		what       string
	}{
		{-1, 3.3, -1.2, 13.5, 9, 20, 10, "move, snapped to 0.5 mm"},
		{4, 5.1, 2.2, 10, 10, 25, 12, "bottom-right handle"},
		{0, -2, -3, 8, 7, 22, 13, "top-left handle"},
		{3, -40, 0, 10, 10, 0.5, 10, "right edge past the left: the box keeps 0.5 mm"},
		{1, 0, 4, 10, 14, 20, 6, "top edge"},
	}
	for _, c := range cases {
		got := dragBox(e, c.handle, c.dx, c.dy)
		if got.X != c.x || got.Y != c.y || got.W != c.w || got.H != c.h {
			t.Errorf("%s: %v %v %v %v, want %v %v %v %v", c.what, got.X, got.Y, got.W, got.H, c.x, c.y, c.w, c.h)
		}
	}
}

// Dragging the bottom-right handle with the mouse resizes the element.
func TestDragAHandleResizes(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	d := f.open("Staff")
	d.selectElement(0) // the text at 5, 5, 50 × 8
	f.H.Wait()
	v := d.ui.view
	e, _ := d.selected()
	corner := v.handles(e)[4]
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(v).Add(corner)
	test.Drag(f.H.Win.Canvas(), at, -10*v.scale, 2*v.scale)
	f.H.Wait()
	if got, _ := d.selected(); got.X != 5 || got.Y != 5 || got.W != 40 || got.H != 10 {
		t.Errorf("after dragging the corner -10, +2 mm: %v %v %v × %v", got.X, got.Y, got.W, got.H)
	}
	if d.ui.props.entries["w"].Text != "40" {
		t.Errorf("the width input says %q", d.ui.props.entries["w"].Text)
	}
	d.undo()
	if got, _ := d.selected(); got.W != 50 || got.H != 8 {
		t.Errorf("undo of the resize: %v × %v", got.W, got.H)
	}
}
