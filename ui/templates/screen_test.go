package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// Delete asks first; only a yes deletes.
func TestDeleteAsksFirst(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.create(simple("Staff"))
		f.create(simple("Guests"))
	})
	f.s.list.Select(f.index("Guests"))
	f.tap(f.s.deleteBtn)
	if f.s.question == nil || !strings.Contains(uitest.TopDialogTexts(f.h.Win), "Guests") {
		t.Fatalf("no question naming the template: %q", uitest.TopDialogTexts(f.h.Win))
	}
	n := len(f.s.items)
	if f.s.items[f.index("Guests")].Name != "Guests" {
		t.Fatal("deleted before the answer")
	}
	f.s.question.Dismiss()
	f.h.Wait()
	f.stored("Guests")
	f.tap(f.s.deleteBtn)
	f.confirm()
	if len(f.s.items) != n-1 || !strings.Contains(f.h.LastMessage(), "deleted") {
		t.Errorf("after yes: %d templates, status %q", len(f.s.items), f.h.LastMessage())
	}
}

// A bad template file is refused with every problem listed, and nothing
// is stored.
func TestImportOfABadFileListsEveryProblem(t *testing.T) {
	f := newFixture(t, nil)
	before := len(f.s.items)
	bad := `{"format": "carddesk-badge", "version": 1, "name": "Broken", "size": "cr80", "orientation": "landscape",
 "front": {"elements": [
   {"type": "star", "x": 1, "y": 1, "w": 5, "h": 5},
   {"type": "text", "x": 80, "y": 2, "w": 20, "h": 5, "text": "{nickname}", "font_size": 8},
   {"type": "rect", "x": 1, "y": 40, "w": 10, "h": 5, "fill": "blue"}]}}`
	f.pickFile(writeFile(t, "broken.json", []byte(bad)))
	f.tap(f.s.importBtn)
	if f.s.alert == nil {
		t.Fatal("no error shown")
	}
	text := f.s.alert.Text
	for _, want := range []string{"broken.json", "element 1", "element 2", "element 3"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal does not name %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "•"); n < 4 {
		t.Errorf("the refusal lists %d problems, want every one (4: type, box, field, colour):\n%s", n, text)
	}
	if len(f.s.items) != before {
		t.Error("something was stored")
	}
}

// Export writes the template file; importing it again under another name
// gives the same template.
func TestExportAndImportRoundTrip(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	before := len(f.s.items)
	f.s.list.Select(f.index("Staff"))
	path := filepath.Join(t.TempDir(), "out.json")
	var suggested string
	f.saveTo(path, &suggested)
	f.tap(f.s.exportBtn)
	if suggested != "Staff.json" {
		t.Errorf("suggested %q", suggested)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := badge.Parse("out.json", data)
	if err != nil || tpl.Name != "Staff" || len(tpl.Front.Elements) != 2 {
		t.Fatalf("exported file: %v, %+v", err, tpl)
	}
	// The same name asks before replacing.
	f.pickFile(path)
	f.tap(f.s.importBtn)
	f.confirm()
	if len(f.s.items) != before || !strings.Contains(f.h.LastMessage(), "imported") {
		t.Errorf("after import: %d templates, status %q", len(f.s.items), f.h.LastMessage())
	}
}

// Set as default moves the marker; the list says which one it is.
func TestSetAsDefault(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.create(simple("Staff"))
		f.create(simple("Guests"))
	})
	f.s.list.Select(f.index("Guests"))
	if f.s.defaultBtn.Disabled() {
		t.Fatal("Set as default is disabled for a template that is not the default")
	}
	f.tap(f.s.defaultBtn)
	if !f.s.items[f.index("Guests")].IsDefault || f.s.items[f.index("Staff")].IsDefault {
		t.Error("the default did not move")
	}
	if !f.s.defaultBtn.Disabled() {
		t.Error("Set as default stays enabled for the default")
	}
}

// An operator sees the templates but cannot change them.
func TestOperatorsCannotChangeTemplates(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	op := uitest.AddOperator(t, f.st, f.admin, "olga")
	h := uitest.NewHost(t, f.st, op)
	s := New(h)
	showWithToolTips(h, s)
	s.Shown()
	h.Wait()
	if !s.newBtn.Disabled() || !s.importBtn.Disabled() {
		t.Error("New and Import are enabled for an operator")
	}
	s.list.Select(0)
	h.Wait()
	if !s.deleteBtn.Disabled() || !s.defaultBtn.Disabled() || s.openBtn.Disabled() {
		t.Error("an operator may open but not change")
	}
	s.openSelected()
	h.Wait()
	if s.designer == nil || s.designer.ui.save.Visible() {
		t.Error("the designer offers Save to an operator")
	}
}

// A name another template has is refused at the name, and the designer
// stays open with everything as it was.
func TestTakenNameIsMarkedAtTheName(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	before := len(f.s.items)
	f.tap(f.s.newBtn)
	d := f.s.designer
	f.typeInto(d.ui.name, "staff")
	f.tap(d.ui.save)
	if f.s.designer == nil {
		t.Fatal("the designer closed")
	}
	if msg := d.ui.nameMsg.Text; !d.ui.nameMsg.Visible() || !strings.Contains(msg, "already exists") {
		t.Errorf("the name says %q", msg)
	}
	if len(f.s.items) != before {
		t.Error("a template was stored")
	}
	f.typeInto(d.ui.name, "Staff 2")
	if d.ui.nameMsg.Visible() {
		t.Error("the mark stays after the name changed")
	}
	f.tap(d.ui.save)
	if f.s.designer != nil {
		t.Fatalf("not saved: %s", d.general)
	}
	f.stored("Staff 2")
}
