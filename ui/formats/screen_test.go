package formats

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

func TestListShowsBuiltinsAndCustomFormatsWithTheirUse(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.createFormat(acme())
		f.enroll("acme30", map[string]string{"card": "1"})
		f.enroll("acme30", map[string]string{"card": "2"})
		f.enroll("h10301", map[string]string{"facility": "1", "card": "5"})
	})
	builtin := cardformat.BuiltinIDs()
	if len(f.s.list.Items()) != len(builtin)+1 {
		t.Fatalf("%d formats listed", len(f.s.list.Items()))
	}
	for i, id := range builtin {
		if f.s.list.Items()[i].Format.ID != id || !f.s.list.Items()[i].Builtin {
			t.Errorf("row %d is %s, want built-in %s", i, f.s.list.Items()[i].Format.ID, id)
		}
	}
	tests := []struct {
		id    string
		cells []string
	}{
		{"h10301", []string{"h10301", "Standard 26-bit (H10301)", "26 bits", "Wiegand", "Facility code 1-8, Card number 9-24 · parity 0, 25", "Built-in", "1 credential"}},
		{"csn32", []string{"csn32", "CSN 32-bit", "32 bits", "CSN (UID)", "Serial number 0-31", "Built-in", "Not used"}},
		{"acme30", []string{"acme30", "ACME 30 bits", "30 bits", "Wiegand", "site 1-4, Card number 5-28 · parity 0, 29", "Custom", "2 credentials"}},
	}
	for _, tc := range tests {
		cells := make([]*widget.Label, len(listColumns()))
		for j := range cells {
			cells[j] = widgets.Cell()
		}
		showRow(f.s.list.Items()[f.index(tc.id)], cells)
		for j, want := range tc.cells {
			if got := cells[j].Text; got != want {
				t.Errorf("%s column %d: %q, want %q", tc.id, j, got, want)
			}
		}
	}
}

func TestSelectionDecidesTheButtons(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	for _, tc := range []struct {
		id                     string
		open                   string
		copy, remove, exported bool
	}{
		{"h10301", "View", true, false, true},
		{"csn80", "View", false, false, false},
		{"acme30", "Edit…", true, true, true},
	} {
		f.s.list.Select(f.index(tc.id))
		if f.s.btn.Open.Text != tc.open || f.s.btn.Copy.Disabled() == tc.copy ||
			f.s.btn.Delete.Disabled() == tc.remove || f.s.btn.Export.Disabled() == tc.exported {
			t.Errorf("%s: open %q, duplicate %v, delete %v, export %v", tc.id, f.s.btn.Open.Text,
				!f.s.btn.Copy.Disabled(), !f.s.btn.Delete.Disabled(), !f.s.btn.Export.Disabled())
		}
	}
}

func TestBuiltinOpensReadOnlyAndCanBeTried(t *testing.T) {
	f := newFixture(t, nil)
	e := f.open("h10301")
	if e.mode != modeView || !e.name.Disabled() || e.save.Visible() {
		t.Fatalf("h10301 opened editable (mode %d)", e.mode)
	}
	test.Type(e.test.input("facility"), "1")
	test.Type(e.test.input("card"), "5")
	if e.test.bits.Text != "10000000100000000000001011" || e.test.hex.Text != "202000b" {
		t.Errorf("bits %q hex %q", e.test.bits.Text, e.test.hex.Text)
	}
	if e.bitmap.cells[0].val.Text != "1" || e.bitmap.cells[1].val.Text != "0" {
		t.Error("the bit map does not show the bits under test")
	}
	// Tapping the same row again opens it again once closed.
	f.Tap(e.cancel)
	if f.s.editor != nil {
		t.Fatal("Close left the editor open")
	}
	f.open("h10301")
}

func TestNewValidFormatIsSaved(t *testing.T) {
	f := newFixture(t, nil)
	f.Tap(f.s.btn.New)
	e := f.s.editor
	if e == nil || e.mode != modeNew {
		t.Fatal("New format opened no editor")
	}
	fillH10301(e)
	f.Tap(e.save)
	if f.s.editor != nil {
		t.Fatalf("editor still open; general %q", e.general.Text)
	}
	stored, err := f.St.Formats.Find(f.Ctx, "std26")
	if err != nil {
		t.Fatal(err)
	}
	want := h10301(t)
	want.ID, want.Name = "std26", "Standard 26"
	if !sameInput(stored, want) {
		t.Errorf("stored %+v", inputOf(stored))
	}
	if fi, ok := f.s.list.Current(); !ok || fi.Format.ID != "std26" {
		t.Error("the new format is not selected in the list")
	}
	if !strings.Contains(f.H.LastMessage(), "std26 saved") {
		t.Errorf("status %q", f.H.LastMessage())
	}
}

func TestInvalidMaskShowsTheProblemAndIsNotSaved(t *testing.T) {
	f := newFixture(t, nil)
	f.Tap(f.s.btn.New)
	e := f.s.editor
	fillH10301(e)
	f.TypeInto(e.fields[1].mask, "9-30")
	if msg := e.fields[1].msg.Text; !strings.Contains(msg, "bits 26-30 are outside 0-25") {
		t.Errorf("message at the card row: %q", msg)
	}
	f.Tap(e.save)
	if f.s.editor == nil {
		t.Fatal("the editor closed on an invalid format")
	}
	if _, err := f.St.Formats.Find(f.Ctx, "std26"); err == nil {
		t.Fatal("an invalid format was stored")
	}
}

func TestBuiltinIDIsRefusedAtTheID(t *testing.T) {
	f := newFixture(t, nil)
	f.Tap(f.s.btn.New)
	e := f.s.editor
	fillH10301(e)
	f.TypeInto(e.id, "h10301")
	f.Tap(e.save)
	if !strings.Contains(e.idMsg.Text, "h10301") || f.s.editor == nil {
		t.Errorf("id message %q", e.idMsg.Text)
	}
	f.TypeInto(e.id, "h10301b")
	if e.idMsg.Visible() {
		t.Errorf("refusal kept after the id changed: %q", e.idMsg.Text)
	}
}

func TestDeleteIsRefusedWithTheCountWhileCredentialsUseTheFormat(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.createFormat(acme())
		for _, card := range []string{"1", "2", "3"} {
			f.enroll("acme30", map[string]string{"card": card})
		}
	})
	f.s.list.Select(f.index("acme30"))
	f.Tap(f.s.btn.Delete)
	if f.s.ask.Alert == nil || !strings.Contains(f.s.ask.Alert.Text, "3 credential") {
		t.Fatalf("no refusal with the count: %+v", f.s.ask.Alert)
	}
	if f.s.ask.Question != nil {
		t.Error("asked to confirm a delete that cannot happen")
	}
	if _, err := f.St.Formats.Find(f.Ctx, "acme30"); err != nil {
		t.Fatal("the format is gone")
	}
}

func TestDeleteOfAFormatEnrolledSinceTheListWasReadIsRefusedByTheStation(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	f.enroll("acme30", map[string]string{"card": "9"}) // after the list was read
	f.s.list.Select(f.index("acme30"))
	f.Tap(f.s.btn.Delete)
	f.Confirm(f.s.ask)
	if f.s.ask.Alert == nil || !strings.Contains(f.s.ask.Alert.Text, "1 credential") {
		t.Fatalf("refusal %+v", f.s.ask.Alert)
	}
}

func TestDeleteUnusedFormatAfterConfirming(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	e := f.open("acme30")
	f.Tap(e.del)
	f.Confirm(f.s.ask)
	if _, err := f.St.Formats.Find(f.Ctx, "acme30"); err == nil {
		t.Fatal("not deleted")
	}
	if f.s.editor != nil {
		t.Error("the editor of a deleted format stays open")
	}
	if len(f.s.list.Items()) != len(cardformat.BuiltinIDs()) {
		t.Errorf("list has %d formats", len(f.s.list.Items()))
	}
}

func TestEditingAFormatInUseChangesOnlyItsName(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.createFormat(acme())
		f.enroll("acme30", map[string]string{"card": "1"})
	})
	e := f.open("acme30")
	if !e.locked || !e.fields[0].mask.Disabled() {
		t.Fatal("the layout of a format in use is editable")
	}
	f.TypeInto(e.name, "ACME head office")
	f.Tap(e.save)
	stored, _ := f.St.Formats.Find(f.Ctx, "acme30")
	if stored.Name != "ACME head office" {
		t.Errorf("name %q", stored.Name)
	}
}

func TestLayoutChangeRefusedByTheStationIsShownInTheEditor(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	e := f.open("acme30")
	f.enroll("acme30", map[string]string{"card": "1"}) // while the editor is open
	f.TypeInto(e.fields[1].name, "number")
	f.Tap(e.save)
	if f.s.editor == nil || !strings.Contains(e.general.Text, "1 credential") {
		t.Errorf("general %q", e.general.Text)
	}
}

func TestDuplicateBuiltinAsCustom(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		c := h10301(t)
		c.ID, c.Name = "h10301-copy", "taken"
		f.createFormat(c)
	})
	view := f.open("h10301")
	f.Tap(view.copyFmt)
	e := f.s.editor
	if e == nil || e.mode != modeNew || e.id.Text != "h10301-copy-2" || e.name.Text != "Standard 26 bits (copy)" {
		t.Fatalf("duplicate editor: %+v", e)
	}
	f.Tap(e.save)
	stored, err := f.St.Formats.Find(f.Ctx, "h10301-copy-2")
	if err != nil {
		t.Fatal(err)
	}
	if stored.Kind != cardformat.KindWiegand || len(stored.Parity) != 2 {
		t.Errorf("stored %+v", stored)
	}
}

func TestExportAndImportRoundTrip(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	path := filepath.Join(t.TempDir(), "out.json")
	var suggested string
	f.s.files.Save = uitest.SaveFileAt(path, &suggested)
	f.s.list.Select(f.index("acme30"))
	f.Tap(f.s.btn.Export)
	if suggested != "acme30.json" {
		t.Errorf("suggested name %q", suggested)
	}
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := f.St.Formats.Export(f.Ctx, f.Admin, "acme30")
	if !bytes.Equal(written, want) {
		t.Errorf("file:\n%s\nwant:\n%s", written, want)
	}
	if !strings.Contains(f.H.LastMessage(), "exported") {
		t.Errorf("status %q", f.H.LastMessage())
	}

	if err := f.St.Formats.Delete(f.Ctx, f.Admin, "acme30"); err != nil {
		t.Fatal(err)
	}
	f.s.files.Open = f.OpenFileAt(path)
	f.Tap(f.s.btn.Import)
	got, err := f.St.Formats.Find(f.Ctx, "acme30")
	if err != nil {
		t.Fatalf("not imported: %v (alert %+v)", err, f.s.ask.Alert)
	}
	if !sameInput(got, acme()) {
		t.Errorf("imported %+v", inputOf(got))
	}
	if fi, ok := f.s.list.Current(); !ok || fi.Format.ID != "acme30" {
		t.Error("the imported format is not selected")
	}
}

func TestImportOfAnExistingFormatAsksToReplaceIt(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	data, _ := f.St.Formats.Export(f.Ctx, f.Admin, "acme30")
	data = bytes.Replace(data, []byte(`"ACME 30 bits"`), []byte(`"ACME renamed"`), 1)
	f.s.files.Open = f.OpenFileAt(uitest.WriteFile(t, "acme30.json", data))
	f.Tap(f.s.btn.Import)
	if f.s.ask.Question == nil {
		t.Fatalf("no question; alert %+v", f.s.ask.Alert)
	}
	if stored, _ := f.St.Formats.Find(f.Ctx, "acme30"); stored.Name != "ACME 30 bits" {
		t.Fatal("replaced before the operator said so")
	}
	f.Confirm(f.s.ask)
	if stored, _ := f.St.Formats.Find(f.Ctx, "acme30"); stored.Name != "ACME renamed" {
		t.Errorf("name after replace %q", stored.Name)
	}
}

func TestImportListsEveryProblemOfABadFile(t *testing.T) {
	f := newFixture(t, nil)
	file := map[string]any{"carddesk_format": 1, "id": "bad", "name": "Bad", "length": 26,
		"fields": []map[string]any{{"name": "card", "mask": "1-30"}, {"name": "x", "mask": "3-1"}}}
	data, _ := json.Marshal(file)
	f.s.files.Open = f.OpenFileAt(uitest.WriteFile(t, "bad.json", data))
	f.Tap(f.s.btn.Import)
	if f.s.ask.Alert == nil {
		t.Fatal("no error shown")
	}
	if !uitest.Contains(f.s.ask.Alert.Text, "1-30", "runs backwards") || !strings.Contains(f.s.ask.Alert.Title, "bad.json") {
		t.Errorf("alert %q: %q", f.s.ask.Alert.Title, f.s.ask.Alert.Text)
	}
	for _, bad := range [][]byte{[]byte("not json"), []byte(`{"carddesk_format": 9}`)} {
		f.s.files.Open = f.OpenFileAt(uitest.WriteFile(t, "x.json", bad))
		f.Tap(f.s.btn.Import)
		if f.s.ask.Alert == nil || f.s.ask.Alert.Text == "" {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestEscapeAsksBeforeItThrowsChangesAway(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	e := f.open("acme30")
	if f.H.Dialogs.Len() != 1 || f.H.Win.Canvas().Focused() != e.name {
		t.Fatalf("%d dialogs on the shell's stack; focus on %v", f.H.Dialogs.Len(), f.H.Win.Canvas().Focused())
	}
	uitest.Key(t, f.H.Win, fyne.KeyEscape) // typed in the name entry
	f.H.Wait()
	if f.s.editor != nil || f.H.Dialogs.Len() != 0 {
		t.Fatal("an unchanged editor stayed open")
	}
	e = f.open("acme30")
	f.TypeInto(e.name, "Changed")
	uitest.Key(t, f.H.Win, fyne.KeyEscape)
	f.H.Wait()
	if f.s.editor == nil || f.s.ask.Question == nil {
		t.Fatal("changes were thrown away without asking")
	}
	f.Confirm(f.s.ask)
	if f.s.editor != nil || f.H.Dialogs.Len() != 0 {
		t.Error("Discard did not close the editor")
	}
}
