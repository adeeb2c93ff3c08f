package cardholders

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/ui/widgets"
)

// tab presses Tab as the desktop driver does: a widget that takes Tab
// itself (a multi-line entry) gets it, otherwise the focus moves on.
func (f *fixture) tab() {
	f.t.Helper()
	c := f.win.Canvas()
	if t, ok := c.Focused().(fyne.Tabbable); ok && t.AcceptsTab() {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		return
	}
	c.FocusNext()
}

// typeFocused types into whatever has the keyboard focus.
func (f *fixture) typeFocused(text string) {
	f.t.Helper()
	focused := f.win.Canvas().Focused()
	if focused == nil {
		f.t.Fatalf("typing %q: nothing has the keyboard focus", text)
	}
	test.Type(focused, text)
}

func TestTabFromDepartmentGoesToExternalID(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Ada", "Lovelace", "HR-1")) })
	d := f.openAdd()
	c := f.win.Canvas()
	if c.Focused() != d.first {
		t.Fatalf("the dialog opens with %T focused, want the first name", c.Focused())
	}
	// Field after field, as the form reads: no drop-down arrow in between.
	for _, want := range []fyne.Focusable{d.last, d.email, d.dept, d.extID} {
		f.tab()
		if c.Focused() != want {
			t.Fatalf("Tab lands on %T, want %T", c.Focused(), want)
		}
	}

	c.Focus(d.dept)
	f.typeFocused("Finance")
	f.tab()
	f.typeFocused("HR-9")
	if d.dept.Text != "Finance" || d.extID.Text != "HR-9" {
		t.Errorf("department %q, external ID %q; want Finance, HR-9", d.dept.Text, d.extID.Text)
	}
}

func TestDepartmentArrowStillOpensTheOptions(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		c := person("Ada", "Lovelace", "HR-1")
		c.Department = "Finance"
		f.addCardholders(c)
	})
	d := f.openAdd()
	arrow, ok := d.dept.ActionItem.(*widgets.NoFocusButton)
	if !ok {
		t.Fatalf("the department's arrow is a %T", d.dept.ActionItem)
	}
	if _, focusable := d.dept.ActionItem.(fyne.Focusable); focusable {
		t.Fatal("the department's arrow can take the keyboard focus")
	}
	f.tap(arrow)
	// The drop-down's items are unexported widgets: find the one that says Finance.
	var finance fyne.Tappable
	for _, o := range test.LaidOutObjects(f.win.Canvas().Overlays().Top()) {
		if item, ok := o.(fyne.Tappable); ok && fmt.Sprintf("%T", o) == "*widget.menuItem" &&
			strings.Contains(textsOf(o), "Finance") {
			finance = item
		}
	}
	if finance == nil {
		t.Fatal("the arrow did not show the departments")
	}
	f.tap(finance)
	if d.dept.Text != "Finance" {
		t.Errorf("picking Finance gives %q", d.dept.Text)
	}
}

func TestTabFromActivationDateGoesToMailFlag(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Kees", "Kok", "HR-5")) })
	d := f.openRequest(0)
	d.activation.SetSelected("On date")
	c := f.win.Canvas()
	if c.Focused() != d.date {
		t.Fatalf("On date focuses %T, want the date", c.Focused())
	}
	f.tab()
	if c.Focused() != d.mail {
		t.Fatalf("Tab from the date lands on %T, want the e-mail check box", c.Focused())
	}
	f.tab()
	if c.Focused() != d.note {
		t.Fatalf("Tab from the check box lands on %T, want the note", c.Focused())
	}
	f.typeFocused("desk")
	if d.note.Text != "desk" {
		t.Errorf("note %q after typing", d.note.Text)
	}
}

// textsOf joins the plain canvas texts under o (menu items draw no labels).
func textsOf(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if t, ok := x.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	}
	return strings.Join(out, "|")
}
