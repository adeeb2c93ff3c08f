package templates

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// The z-order, duplicate, delete, the merge-field picker, an image from a
// file, the back side and the orientation: each one undo step.
func TestDesignerEditing(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	d := f.open("Staff")
	d.selectElement(0) // the text, at the back of the z-order
	f.H.Wait()
	f.Tap(d.ui.forward)
	if d.sel != 1 || d.elements()[1].Type != badge.TypeText {
		t.Fatalf("bring forward: selected %d, elements %v", d.sel, d.elements())
	}
	if d.ui.list.Length() != 2 {
		t.Fatalf("the element list shows %d rows", d.ui.list.Length())
	}
	f.Tap(d.ui.down)
	if d.sel != 0 {
		t.Fatalf("send backward: selected %d", d.sel)
	}
	// Merge field: inserted where the cursor is.
	text := d.ui.props.entries["text"]
	f.TypeInto(text, "Hello ")
	text.CursorColumn = len("Hello ")
	insertField(text, "first_name")
	f.H.Wait()
	if e, _ := d.selected(); e.Text != "Hello {first_name}" {
		t.Errorf("after the picker the text is %q", e.Text)
	}
	f.TypeInto(text, "{nickname}")
	if msg := d.ui.props.fs.Field("text").Message(); !strings.Contains(msg, "{nickname}") {
		t.Errorf("an unknown merge field says %q", msg)
	}
	f.TypeInto(text, "{first_name}")

	f.Tap(d.ui.dup)
	if len(d.elements()) != 3 || d.sel != 2 || d.elements()[2].X != d.elements()[0].X+2 {
		t.Fatalf("duplicate: %v, selected %d", d.elements(), d.sel)
	}
	uitest.Key(t, f.H.Win, fyne.KeyDelete) // the card has the focus after adding
	if len(d.elements()) != 2 {
		t.Fatalf("Delete on the card left %d elements", len(d.elements()))
	}
	// An image from a file: the picker is answered in the test's place.
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	img.Set(1, 1, color.Black)
	_ = png.Encode(&buf, img)
	d.pickImage = func(cb func(string, []byte, error)) { cb("logo.png", buf.Bytes(), nil) }
	f.Tap(d.ui.tools[badge.TypeImage])
	if e, _ := d.selected(); e.Type != badge.TypeImage || e.PNGBase64 == "" || e.W != 30 || e.H != 15 {
		t.Fatalf("image added as %+v", e)
	}
	// Two-sided: the back opens, empty.
	d.ui.twoSided.SetChecked(true)
	f.H.Wait()
	if d.tpl.Back == nil || d.sideName != badge.Back || len(d.elements()) != 0 {
		t.Fatalf("two-sided: back %v, side %s", d.tpl.Back, d.sideName)
	}
	f.Tap(d.ui.tools[badge.TypeText])
	f.Tap(d.ui.front)
	if d.sideName != badge.Front || len(d.elements()) != 3 {
		t.Fatalf("front: side %s, %d elements", d.sideName, len(d.elements()))
	}
	d.ui.orientation.SetSelected(d.ui.orientation.Options[1])
	f.H.Wait()
	if d.tpl.Orientation != badge.Portrait {
		t.Fatal("the orientation did not change")
	}
	if w, h := cardSize(d.tpl); w > h {
		t.Errorf("portrait card is %v × %v", w, h)
	}
	// Undo everything back to the stored template.
	for len(d.hist.past) > 0 {
		d.undo()
	}
	f.H.Wait()
	want := simple("Staff")
	if d.tpl.Back != nil || d.tpl.Orientation != badge.Landscape || len(d.tpl.Front.Elements) != len(want.Front.Elements) {
		t.Fatalf("after undoing all: %+v", d.tpl)
	}
	for i, e := range d.tpl.Front.Elements {
		if e != want.Front.Elements[i] {
			t.Errorf("element %d after undoing all: %+v", i+1, e)
		}
	}
}

// Closing with changes asks first; the preview follows a chosen cardholder.
func TestDesignerAsksBeforeDiscardingAndPreviewsACardholder(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	uitest.AddCardholders(t, f.St, f.Admin, "Zelda")
	d := f.open("Staff")
	d.ui.previewWith.SetText("Zelda")
	f.H.Wait()
	if len(d.ui.previewHits) != 1 {
		t.Fatalf("searching Zelda offers %v", d.ui.previewHits)
	}
	for label := range d.ui.previewHits {
		d.ui.previewWith.SetText(label)
	}
	f.H.Wait()
	if d.fill.Values["first_name"] != "Zelda" {
		t.Errorf("the preview is filled with %v", d.fill.Values)
	}
	if d.ui.view.preview == nil {
		t.Errorf("no preview drawn: %s", d.renderErr)
	}

	f.Tap(d.ui.tools[badge.TypeRect])
	f.Tap(d.ui.cancel)
	if f.s.ask.Question == nil || f.s.designer == nil {
		t.Fatal("Cancel with changes closed without asking")
	}
	f.s.ask.Question.Dismiss()
	f.H.Wait()
	if f.s.designer == nil {
		t.Fatal("saying no closed the designer")
	}
	f.H.Win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Escape, nothing focused
	f.H.Wait()
	f.Confirm(f.s.ask)
	if f.s.designer != nil {
		t.Fatal("Discard did not close the designer")
	}
	if n := len(f.stored("Staff").Template.Front.Elements); n != 2 {
		t.Errorf("discarded changes were stored: %d elements", n)
	}
}
