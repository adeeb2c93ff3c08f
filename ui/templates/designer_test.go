package templates

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// The whole round: add an element, move it by typing millimetres and by
// dragging it, undo and redo, save, and find it as it was on reopening.
func TestDesignerAddMoveUndoSaveReopen(t *testing.T) {
	f := newFixture(t, nil)
	f.Tap(f.s.btn.New)
	d := f.s.designer
	if d == nil {
		t.Fatal("New template opened no designer")
	}
	before := len(d.elements())
	f.Tap(d.ui.tools[badge.TypeEllipse])
	if len(d.elements()) != before+1 || d.sel != before {
		t.Fatalf("after adding an ellipse: %d elements, selected %d", len(d.elements()), d.sel)
	}
	// Move it by typing.
	p := d.ui.props
	f.TypeInto(p.entries["x"], "10")
	f.TypeInto(p.entries["y"], "12,5") // a decimal comma is a point
	f.TypeInto(p.entries["w"], "20")
	if e, _ := d.selected(); e.Type != badge.TypeEllipse || e.X != 10 || e.Y != 12.5 || e.W != 20 {
		t.Fatalf("after typing: %+v", e)
	}
	// Drag it 5 mm right and 2 mm down with the mouse.
	v := d.ui.view
	e, _ := d.selected()
	at, size := v.box(e)
	centre := fyne.CurrentApp().Driver().AbsolutePositionForObject(v).Add(at).AddXY(size.Width/2, size.Height/2)
	test.Drag(f.H.Win.Canvas(), centre, 5*v.scale, 2*v.scale)
	f.H.Wait()
	if e, _ := d.selected(); e.X != 15 || e.Y != 14.5 {
		t.Fatalf("after dragging 5, 2 mm: at %v, %v", e.X, e.Y)
	}
	if p.entries["x"].Text != "15" || p.entries["y"].Text != "14.5" {
		t.Errorf("the inputs do not follow the drag: x %q, y %q", p.entries["x"].Text, p.entries["y"].Text)
	}
	// Undo the drag with Ctrl+Z on the card, then redo it with the button.
	f.H.Win.Canvas().Focus(v)
	uitest.Shortcut(f.H.Win, &fyne.ShortcutUndo{}) // Ctrl+Z as the desktop driver reports it
	f.H.Wait()
	if e, _ := d.selected(); e.X != 10 || e.Y != 12.5 {
		t.Fatalf("after undo: at %v, %v, want 10, 12.5", e.X, e.Y)
	}
	if d.ui.props.entries["x"].Text != "10" {
		t.Errorf("after undo the X input says %q", d.ui.props.entries["x"].Text)
	}
	f.H.Win.Canvas().Unfocus()
	uitest.Shortcut(f.H.Win, &fyne.ShortcutRedo{}) // Ctrl+Y with nothing focused
	f.H.Wait()
	if e, _ := d.selected(); e.X != 15 || e.Y != 14.5 {
		t.Fatalf("after redo: at %v, %v", e.X, e.Y)
	}
	// Typing a number key by key is one undo step.
	f.Tap(d.ui.undo)
	f.Tap(d.ui.undo)
	// One undo takes the drag, the next the width typed before it.
	if e, _ := d.selected(); e.W != 15 || e.X != 10 || e.Y != 12.5 {
		t.Errorf("after two undos: %+v, want the typed place at the new ellipse's width", e)
	}
	f.Tap(d.ui.redo)
	f.Tap(d.ui.redo)

	f.TypeInto(d.ui.name, "Visitors")
	f.Tap(d.ui.save)
	if f.s.designer != nil {
		t.Fatalf("the designer stayed open: %s / %s", uitest.Texts(d.ui.problemsBox), d.general)
	}
	stored := f.stored("Visitors")
	want := d.Template()
	if got := stored.Template; len(got.Front.Elements) != len(want.Front.Elements) {
		t.Fatalf("stored %d elements, the designer had %d", len(got.Front.Elements), len(want.Front.Elements))
	}

	// Reopen: the same template.
	d2 := f.open("Visitors")
	if len(d2.elements()) != len(want.Front.Elements) {
		t.Fatalf("reopened with %d elements, want %d", len(d2.elements()), len(want.Front.Elements))
	}
	for i, e := range d2.elements() {
		if e != want.Front.Elements[i] {
			t.Errorf("element %d reopened as %+v, saved %+v", i+1, e, want.Front.Elements[i])
		}
	}
	if d2.Dirty() || len(d2.hist.past) != 0 {
		t.Error("a reopened template starts unchanged, with nothing to undo")
	}
}

// What an input cannot take is marked at it and nothing is saved.
func TestDesignerMarksInvalidInputAndSavesNothing(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	d := f.open("Staff")
	d.selectElement(0)
	f.H.Wait()
	x := d.ui.props.entries["x"]
	f.TypeInto(x, "abc")
	if d.ui.props.fs.Field("x").Message() == "" || d.fieldErrs["x"] == "" {
		t.Fatal("a non-number in X is not marked")
	}
	if e, _ := d.selected(); e.X != 5 {
		t.Fatalf("the bad value was applied: X %v", e.X)
	}
	f.Tap(d.ui.save)
	if f.s.designer == nil || d.general == "" {
		t.Fatalf("saved despite a marked field (general %q)", d.general)
	}
	// Beyond the card's edge: marked too.
	f.TypeInto(x, "60") // 60 + 50 mm > 85.6
	if msg := d.ui.props.fs.Field("x").Message(); !uitest.Contains(msg, "85.6") {
		t.Errorf("a box beyond the edge says %q", msg)
	}
	colour := d.ui.props.entries["color"]
	f.TypeInto(colour, "blue")
	if d.ui.props.fs.Field("color").Message() == "" {
		t.Error("a bad colour is not marked")
	}
	f.Tap(d.ui.save)
	if got := f.stored("Staff").Template.Front.Elements[0]; got.X != 5 || got.Color != "#000000" {
		t.Errorf("stored %+v after refused saves", got)
	}
	// Correct both: the marks go and the save goes through.
	f.TypeInto(x, "6")
	f.TypeInto(colour, "#112233")
	if d.ui.props.fs.Field("x").Message() != "" || len(d.fieldErrs) != 0 {
		t.Fatalf("marks stay after correcting: %v", d.fieldErrs)
	}
	f.Tap(d.ui.save)
	if got := f.stored("Staff").Template.Front.Elements[0]; got.X != 6 || got.Color != "#112233" {
		t.Errorf("stored %+v", got)
	}
}

// Problems the engine finds are listed with where they are, and a click
// on one selects that element.
func TestDesignerListsProblemsAndSelectsTheirElement(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	d := f.open("Staff")
	d.selectElement(0)
	f.H.Wait()
	f.TypeInto(d.ui.props.entries["text"], "{first_name}")
	// An element the inputs cannot refuse but the engine does: a barcode
	// without a value.
	f.Tap(d.ui.tools[badge.TypeBarcode])
	f.TypeInto(d.ui.props.entries["value"], "")
	d.selectElement(0)
	f.H.Wait()
	if len(d.problems) == 0 {
		t.Skip("the badge engine accepts a barcode without a value")
	}
	texts := uitest.Texts(d.ui.problemsBox)
	if !uitest.Contains(texts, "front element 3") {
		t.Errorf("problems say %q", texts)
	}
	btn := d.ui.problemsBox.Objects[0].(fyne.Tappable)
	f.Tap(btn)
	if d.sel != 2 {
		t.Errorf("clicking the problem selected element %d", d.sel+1)
	}
	f.Tap(d.ui.save)
	if len(f.stored("Staff").Template.Front.Elements) != 2 {
		t.Error("a template with problems was saved")
	}
}

// The designer fits a dialog on a 1024×700 window.
func TestDesignerFitsASmallWindow(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	d := f.open("Staff")
	for _, sel := range []int{-1, 0, 1} {
		d.selectElement(sel)
		f.H.Wait()
		t.Logf("designer min %v", d.MinSize())
		if m := d.MinSize(); m.Width > 1024*0.92-40 || m.Height > (700-36)*0.92-60 {
			t.Errorf("with element %d selected the designer needs %v", sel+1, m)
		}
	}
}
