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
	f.Tap(f.s.btn.Delete)
	if f.s.ask.Question == nil || !strings.Contains(uitest.TopDialogTexts(f.H.Win), "Guests") {
		t.Fatalf("no question naming the template: %q", uitest.TopDialogTexts(f.H.Win))
	}
	n := len(f.s.list.Items())
	if f.s.list.Items()[f.index("Guests")].Name != "Guests" {
		t.Fatal("deleted before the answer")
	}
	f.s.ask.Question.Dismiss()
	f.H.Wait()
	f.stored("Guests")
	f.Tap(f.s.btn.Delete)
	f.Confirm(f.s.ask)
	if len(f.s.list.Items()) != n-1 || !strings.Contains(f.H.LastMessage(), "deleted") {
		t.Errorf("after yes: %d templates, status %q", len(f.s.list.Items()), f.H.LastMessage())
	}
}

// A bad template file is refused with every problem listed, and nothing
// is stored.
func TestImportOfABadFileListsEveryProblem(t *testing.T) {
	f := newFixture(t, nil)
	before := len(f.s.list.Items())
	bad := `{"format": "carddesk-badge", "version": 1, "name": "Broken", "size": "cr80", "orientation": "landscape",
 "front": {"elements": [
   {"type": "star", "x": 1, "y": 1, "w": 5, "h": 5},
   {"type": "text", "x": 80, "y": 2, "w": 20, "h": 5, "text": "{nickname}", "font_size": 8},
   {"type": "rect", "x": 1, "y": 40, "w": 10, "h": 5, "fill": "blue"}]}}`
	f.s.files.Open = f.OpenFileAt(uitest.WriteFile(t, "broken.json", []byte(bad)))
	f.Tap(f.s.btn.Import)
	if f.s.ask.Alert == nil {
		t.Fatal("no error shown")
	}
	text := f.s.ask.Alert.Text
	for _, want := range []string{"broken.json", "element 1", "element 2", "element 3"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal does not name %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "•"); n < 4 {
		t.Errorf("the refusal lists %d problems, want every one (4: type, box, field, colour):\n%s", n, text)
	}
	if len(f.s.list.Items()) != before {
		t.Error("something was stored")
	}
}

// Export writes the template file; importing it again under another name
// gives the same template.
func TestExportAndImportRoundTrip(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	before := len(f.s.list.Items())
	f.s.list.Select(f.index("Staff"))
	path := filepath.Join(t.TempDir(), "out.json")
	var suggested string
	f.s.files.Save = uitest.SaveFileAt(path, &suggested)
	f.Tap(f.s.btn.Export)
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
	f.s.files.Open = f.OpenFileAt(path)
	f.Tap(f.s.btn.Import)
	f.Confirm(f.s.ask)
	if len(f.s.list.Items()) != before || !strings.Contains(f.H.LastMessage(), "imported") {
		t.Errorf("after import: %d templates, status %q", len(f.s.list.Items()), f.H.LastMessage())
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
	f.Tap(f.s.defaultBtn)
	if !f.s.list.Items()[f.index("Guests")].IsDefault || f.s.list.Items()[f.index("Staff")].IsDefault {
		t.Error("the default did not move")
	}
	if !f.s.defaultBtn.Disabled() {
		t.Error("Set as default stays enabled for the default")
	}
}

// An operator sees the templates but cannot change them.
func TestOperatorsCannotChangeTemplates(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.create(simple("Staff")) })
	op := uitest.AddOperator(t, f.St, f.Admin, "olga")
	h := uitest.NewHost(t, f.St, op)
	s := New(h)
	h.ShowLoaded(s)
	if !s.btn.New.Disabled() || !s.btn.Import.Disabled() {
		t.Error("New and Import are enabled for an operator")
	}
	s.list.Select(0)
	h.Wait()
	if !s.btn.Delete.Disabled() || !s.defaultBtn.Disabled() || s.btn.Open.Disabled() {
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
	before := len(f.s.list.Items())
	f.Tap(f.s.btn.New)
	d := f.s.designer
	f.TypeInto(d.ui.name, "staff")
	f.Tap(d.ui.save)
	if f.s.designer == nil {
		t.Fatal("the designer closed")
	}
	if msg := d.ui.nameMsg.Text; !d.ui.nameMsg.Visible() || !strings.Contains(msg, "already exists") {
		t.Errorf("the name says %q", msg)
	}
	if len(f.s.list.Items()) != before {
		t.Error("a template was stored")
	}
	f.TypeInto(d.ui.name, "Staff 2")
	if d.ui.nameMsg.Visible() {
		t.Error("the mark stays after the name changed")
	}
	f.Tap(d.ui.save)
	if f.s.designer != nil {
		t.Fatalf("not saved: %s", d.general)
	}
	f.stored("Staff 2")
}
