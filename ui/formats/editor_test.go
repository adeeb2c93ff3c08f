package formats

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/widgets"
)

func TestBuiltinEditorIsReadOnly(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		id                  string
		duplicate, exported bool
	}{{"h10301", true, true}, {"c1k48", true, true}, {"csn56", false, false}} {
		f, _ := cardformat.Lookup(tc.id)
		e := newEditor(f, modeView, 0)
		for _, en := range []*widgets.Entry{e.id, e.name, e.length, e.unused, e.fields[0].name, e.fields[0].mask, e.fields[0].fixed} {
			if !en.Disabled() {
				t.Errorf("%s: an input is editable", tc.id)
			}
		}
		for _, r := range e.parity {
			if !r.kind.Disabled() || !r.mask.Disabled() || r.del.Visible() {
				t.Errorf("%s: a parity row is editable", tc.id)
			}
		}
		if e.save.Visible() || e.addField.Visible() || e.addParity.Visible() || e.del.Visible() {
			t.Errorf("%s: editing buttons shown", tc.id)
		}
		if e.copyFmt.Visible() != tc.duplicate || e.export.Visible() != tc.exported {
			t.Errorf("%s: duplicate shown %v, export shown %v", tc.id, e.copyFmt.Visible(), e.export.Visible())
		}
		if !e.Valid() || e.Dirty() || e.note.Text == "" {
			t.Errorf("%s: valid %v dirty %v note %q", tc.id, e.Valid(), e.Dirty(), e.note.Text)
		}
		if len(e.bitmap.cells) != f.Length {
			t.Errorf("%s: %d cells", tc.id, len(e.bitmap.cells))
		}
	}
}

// fillH10301 types the standard 26-bit layout into a new editor.
func fillH10301(e *Editor) {
	test.Type(e.id, "std26")
	test.Type(e.name, "Standard 26")
	test.Type(e.fields[0].name, "facility")
	test.Type(e.fields[0].mask, "1-8")
	test.Tap(e.addField)
	test.Type(e.fields[1].name, "card")
	test.Type(e.fields[1].mask, "9-24")
	test.Tap(e.addParity)
	test.Type(e.parity[0].position, "0")
	test.Type(e.parity[0].mask, "1-12")
	test.Tap(e.addParity)
	e.parity[1].kind.SetSelectedIndex(1)
	test.Type(e.parity[1].position, "25")
	test.Type(e.parity[1].mask, "13-24")
}

func newFormEditor(t *testing.T) (*Editor, *[]cardformat.Format) {
	t.Helper()
	test.NewTempApp(t)
	e := newEditor(cardformat.Format{Kind: cardformat.KindWiegand, Length: 26, Fields: []cardformat.Field{{}}}, modeNew, 0)
	var saved []cardformat.Format
	e.OnSave = func(f cardformat.Format) { saved = append(saved, f) }
	return e, &saved
}

func TestEditorChecksAsYouTypeAndSavesAValidFormat(t *testing.T) {
	e, saved := newFormEditor(t)
	if e.fields[0].msg.Visible() || e.idMsg.Visible() || e.general.Visible() {
		t.Error("an untouched new form shows messages")
	}
	if !strings.Contains(e.summary.Text, "problems to fix") {
		t.Errorf("summary of an empty form: %q", e.summary.Text)
	}
	fillH10301(e)
	if !e.Valid() || !strings.Contains(e.summary.Text, "valid") {
		t.Fatalf("summary %q, problems %v", e.summary.Text, e.current.messages)
	}
	got := e.Format()
	if c := e.bitmap.cells[25].bg.FillColor; c != oddParityColour {
		t.Errorf("bit 25 drawn in %v", c)
	}
	test.Tap(e.save)
	if len(*saved) != 1 {
		t.Fatalf("saved %d times", len(*saved))
	}
	want := h10301(t)
	want.ID, want.Name = "std26", "Standard 26"
	if !sameInput(got, want) {
		t.Errorf("saved %+v", inputOf((*saved)[0]))
	}
}

func sameInput(a, b cardformat.Format) bool {
	x, y := inputOf(a), inputOf(b)
	if len(x.fields) != len(y.fields) || len(x.parity) != len(y.parity) {
		return false
	}
	for i := range x.fields {
		if x.fields[i] != y.fields[i] {
			return false
		}
	}
	for i := range x.parity {
		if x.parity[i] != y.parity[i] {
			return false
		}
	}
	return x.id == y.id && x.name == y.name && x.length == y.length && x.unused == y.unused
}

func TestEditorRefusesAnInvalidMaskAndSaysWhy(t *testing.T) {
	e, saved := newFormEditor(t)
	fillH10301(e)
	e.fields[1].mask.SetText("9-2x")
	if msg := e.fields[1].msg.Text; !e.fields[1].msg.Visible() || !strings.Contains(msg, "9-2x") {
		t.Errorf("card row message %q", msg)
	}
	if c := e.bitmap.cells[9]; c.bg.StrokeColor != problemColour {
		t.Error("the card's bits are not shown as unassigned")
	}
	if !e.test.unusable.Visible() {
		t.Error("the test pane works on an invalid definition")
	}
	test.Tap(e.save)
	if len(*saved) != 0 {
		t.Fatal("an invalid format was saved")
	}
	// Save shows every problem, also at inputs not touched yet.
	e.name.SetText("")
	e.touched = map[spot]bool{}
	test.Tap(e.save)
	if !e.nameMsg.Visible() || !e.fields[1].msg.Visible() {
		t.Error("Save did not reveal every problem")
	}
}

func TestEditorParityRowsMoveAndGo(t *testing.T) {
	e, _ := newFormEditor(t)
	fillH10301(e)
	first, second := e.parity[0], e.parity[1]
	if !first.up.Disabled() || first.down.Disabled() || !second.down.Disabled() {
		t.Error("move buttons at the ends are not disabled")
	}
	test.Tap(second.up)
	if e.parity[0] != second || e.Format().Parity[0].Position != 25 {
		t.Fatal("moving up did not reorder the checks")
	}
	if e.parityBox.Objects[0] != second.box {
		t.Error("the table does not show the new order")
	}
	test.Tap(second.del)
	if len(e.parity) != 1 || len(e.Format().Parity) != 1 {
		t.Fatalf("%d checks left", len(e.parity))
	}
	if !strings.Contains(e.general.Text, "Bit 25 belongs to no field") {
		t.Errorf("general problems %q", e.general.Text)
	}
}

func TestEditorOfAFormatInUseLocksTheLayout(t *testing.T) {
	test.NewTempApp(t)
	e := newEditor(acme(), modeEdit, 3)
	if !e.length.Disabled() || !e.fields[0].mask.Disabled() || !e.parity[0].mask.Disabled() || e.addField.Visible() {
		t.Error("the layout of a format in use is editable")
	}
	if e.name.Disabled() || !e.id.Disabled() {
		t.Error("name should be editable and id not")
	}
	if !strings.Contains(e.note.Text, "3 credentials") {
		t.Errorf("note %q", e.note.Text)
	}
	if !e.save.Disabled() || e.Dirty() {
		t.Error("Save enabled without changes")
	}
	e.name.SetText("ACME 30 bits, head office")
	if e.save.Disabled() || !e.Dirty() {
		t.Error("Save disabled after a change")
	}
}
