package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestColumnsShareExtraWidthByWeight(t *testing.T) {
	test.NewTempApp(t)
	l := Columns{Cols: []Column{{Min: 100}, {Min: 100, Weight: 1}, {Min: 100, Weight: 3}}}
	objs := []fyne.CanvasObject{canvas.NewRectangle(nil), canvas.NewRectangle(nil), canvas.NewRectangle(nil)}
	minW := l.MinSize(objs).Width
	l.Layout(objs, fyne.NewSize(minW+400, 30))
	if w := objs[0].Size().Width; w != 100 {
		t.Errorf("fixed column = %v", w)
	}
	if a, b := objs[1].Size().Width, objs[2].Size().Width; a != 200 || b != 400 {
		t.Errorf("weighted columns = %v, %v; want 200, 400", a, b)
	}
	if objs[2].Position().X <= objs[1].Position().X+objs[1].Size().Width {
		t.Error("columns overlap")
	}
	l.Layout(objs, fyne.NewSize(minW-50, 30)) // narrower than the least width: nothing shrinks below it
	if w := objs[1].Size().Width; w != 100 {
		t.Errorf("weighted column in a narrow row = %v, want its least width", w)
	}
}
