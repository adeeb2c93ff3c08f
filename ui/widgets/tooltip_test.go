package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// A cut-off cell shows its whole text when the mouse rests on it; a cell
// that shows all of its text has no tooltip.
func TestRowsShowTheWholeTextOfCutOffCells(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	cols := []Column{{Title: "Name", Min: 120}, {Title: "Note", Min: 80}}
	cells := TextRow(cols)
	long := strings.Repeat("Needs access to the lab on Mondays ", 3)
	cells.Objects[0].(interface{ SetText(string) }).SetText("Anna")
	cells.Objects[1].(interface{ SetText(string) }).SetText(long)
	row := NewSelectableRow(cells, nil)
	win := a.NewWindow("rows")
	win.SetContent(AddToolTips(row, win.Canvas()))
	win.Resize(fyne.NewSize(300, 60))
	test.LaidOutObjects(row)

	over := func(o fyne.CanvasObject) *desktop.MouseEvent {
		p := o.Position().AddXY(o.Size().Width/2, o.Size().Height/2)
		return &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}}
	}
	row.MouseIn(over(cells.Objects[0]))
	if !row.hover.Visible() {
		t.Error("the row under the mouse is not lit")
	}
	if row.tip.text != "" {
		t.Errorf("a whole text got a tooltip: %q", row.tip.text)
	}
	row.MouseMoved(over(cells.Objects[1]))
	if row.tip.text != long {
		t.Errorf("tooltip %q, want the whole note", row.tip.text)
	}
	row.MouseOut()
	if row.tip.text != "" || row.hover.Visible() {
		t.Errorf("after the mouse left: tooltip %q, lit %v", row.tip.text, row.hover.Visible())
	}
}

func TestTipLabelTipsOnlyWhenShortened(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	for _, c := range []struct {
		text  string
		width float32
		tip   bool
	}{{"Ready", 200, false}, {"Reader: Simulated reader (demo) · ready · smart-card service not running", 200, true}} {
		l := NewTipLabel(c.text)
		win := a.NewWindow("tip")
		win.SetContent(AddToolTips(AtLeast(0, 0, l), win.Canvas()))
		win.Resize(fyne.NewSize(c.width, 40))
		l.Resize(fyne.NewSize(c.width, 30))
		l.MouseIn(&desktop.MouseEvent{})
		if got := l.tip.text != ""; got != c.tip {
			t.Errorf("%q at %v px: tooltip %v, want %v", c.text, c.width, got, c.tip)
		}
		if l.tip.text != "" && l.tip.text != c.text {
			t.Errorf("tooltip %q, want the whole text", l.tip.text)
		}
		l.MouseOut()
	}
}
