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

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestListShowsBuiltinsAndCustomFormatsWithTheirUse(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.createFormat(acme())
		f.enroll("acme30", map[string]string{"card": "1"})
		f.enroll("acme30", map[string]string{"card": "2"})
		f.enroll("h10301", map[string]string{"facility": "1", "card": "5"})
	})
	builtin := cardformat.BuiltinIDs()
	if len(f.s.infos) != len(builtin)+1 {
		t.Fatalf("%d formats listed", len(f.s.infos))
	}
	for i, id := range builtin {
		if f.s.infos[i].Format.ID != id || !f.s.infos[i].Builtin {
			t.Errorf("row %d is %s, want built-in %s", i, f.s.infos[i].Format.ID, id)
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
		r := newRowView(listColumns(), func(int) {})
		i := f.index(tc.id)
		r.show(i, f.s.infos[i])
		for j, want := range tc.cells {
			if got := r.cells[j].Text; got != want {
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
		if f.s.openBtn.Text != tc.open || f.s.copyBtn.Disabled() == tc.copy ||
			f.s.deleteBtn.Disabled() == tc.remove || f.s.exportBtn.Disabled() == tc.exported {
			t.Errorf("%s: open %q, duplicate %v, delete %v, export %v", tc.id, f.s.openBtn.Text,
				!f.s.copyBtn.Disabled(), !f.s.deleteBtn.Disabled(), !f.s.exportBtn.Disabled())
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
	f.tap(e.cancel)
	if f.s.editor != nil {
		t.Fatal("Close left the editor open")
	}
	f.open("h10301")
}

func TestNewValidFormatIsSaved(t *testing.T) {
	f := newFixture(t, nil)
	f.tap(f.s.newBtn)
	e := f.s.editor
	if e == nil || e.mode != modeNew {
		t.Fatal("New format opened no editor")
	}
	fillH10301(e)
	f.tap(e.save)
	if f.s.editor != nil {
		t.Fatalf("editor still open; general %q", e.general.Text)
	}
	stored, err := f.st.Formats.Find(f.ctx, "std26")
	if err != nil {
		t.Fatal(err)
	}
	want := h10301(t)
	want.ID, want.Name = "std26", "Standard 26"
	if !sameInput(stored, want) {
		t.Errorf("stored %+v", inputOf(stored))
	}
	if fi, ok := f.s.current(); !ok || fi.Format.ID != "std26" {
		t.Error("the new format is not selected in the list")
	}
	if !strings.Contains(f.h.LastMessage(), "std26 saved") {
		t.Errorf("status %q", f.h.LastMessage())
	}
}

func TestInvalidMaskShowsTheProblemAndIsNotSaved(t *testing.T) {
	f := newFixture(t, nil)
	f.tap(f.s.newBtn)
	e := f.s.editor
	fillH10301(e)
	f.typeInto(e.fields[1].mask, "9-30")
	if msg := e.fields[1].msg.Text; !strings.Contains(msg, "bits 26-30 are outside 0-25") {
		t.Errorf("message at the card row: %q", msg)
	}
	f.tap(e.save)
	if f.s.editor == nil {
		t.Fatal("the editor closed on an invalid format")
	}
	if _, err := f.st.Formats.Find(f.ctx, "std26"); err == nil {
		t.Fatal("an invalid format was stored")
	}
}

func TestBuiltinIDIsRefusedAtTheID(t *testing.T) {
	f := newFixture(t, nil)
	f.tap(f.s.newBtn)
	e := f.s.editor
	fillH10301(e)
	f.typeInto(e.id, "h10301")
	f.tap(e.save)
	if !strings.Contains(e.idMsg.Text, "h10301") || f.s.editor == nil {
		t.Errorf("id message %q", e.idMsg.Text)
	}
	f.typeInto(e.id, "h10301b")
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
	f.tap(f.s.deleteBtn)
	if f.s.alert == nil || !strings.Contains(f.s.alert.Text, "3 credential") {
		t.Fatalf("no refusal with the count: %+v", f.s.alert)
	}
	if f.s.question != nil {
		t.Error("asked to confirm a delete that cannot happen")
	}
	if _, err := f.st.Formats.Find(f.ctx, "acme30"); err != nil {
		t.Fatal("the format is gone")
	}
}

func TestDeleteOfAFormatEnrolledSinceTheListWasReadIsRefusedByTheStation(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	f.enroll("acme30", map[string]string{"card": "9"}) // after the list was read
	f.s.list.Select(f.index("acme30"))
	f.tap(f.s.deleteBtn)
	f.confirm()
	if f.s.alert == nil || !strings.Contains(f.s.alert.Text, "1 credential") {
		t.Fatalf("refusal %+v", f.s.alert)
	}
}

func TestDeleteUnusedFormatAfterConfirming(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	e := f.open("acme30")
	f.tap(e.del)
	f.confirm()
	if _, err := f.st.Formats.Find(f.ctx, "acme30"); err == nil {
		t.Fatal("not deleted")
	}
	if f.s.editor != nil {
		t.Error("the editor of a deleted format stays open")
	}
	if len(f.s.infos) != len(cardformat.BuiltinIDs()) {
		t.Errorf("list has %d formats", len(f.s.infos))
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
	f.typeInto(e.name, "ACME head office")
	f.tap(e.save)
	stored, _ := f.st.Formats.Find(f.ctx, "acme30")
	if stored.Name != "ACME head office" {
		t.Errorf("name %q", stored.Name)
	}
}

func TestLayoutChangeRefusedByTheStationIsShownInTheEditor(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	e := f.open("acme30")
	f.enroll("acme30", map[string]string{"card": "1"}) // while the editor is open
	f.typeInto(e.fields[1].name, "number")
	f.tap(e.save)
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
	f.tap(view.copyFmt)
	e := f.s.editor
	if e == nil || e.mode != modeNew || e.id.Text != "h10301-copy-2" || e.name.Text != "Standard 26 bits (copy)" {
		t.Fatalf("duplicate editor: %+v", e)
	}
	f.tap(e.save)
	stored, err := f.st.Formats.Find(f.ctx, "h10301-copy-2")
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
	f.saveTo(path, &suggested)
	f.s.list.Select(f.index("acme30"))
	f.tap(f.s.exportBtn)
	if suggested != "acme30.json" {
		t.Errorf("suggested name %q", suggested)
	}
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := f.st.Formats.Export(f.ctx, f.admin, "acme30")
	if !bytes.Equal(written, want) {
		t.Errorf("file:\n%s\nwant:\n%s", written, want)
	}
	if !strings.Contains(f.h.LastMessage(), "exported") {
		t.Errorf("status %q", f.h.LastMessage())
	}

	if err := f.st.Formats.Delete(f.ctx, f.admin, "acme30"); err != nil {
		t.Fatal(err)
	}
	f.pickFile(path)
	f.tap(f.s.importBtn)
	got, err := f.st.Formats.Find(f.ctx, "acme30")
	if err != nil {
		t.Fatalf("not imported: %v (alert %+v)", err, f.s.alert)
	}
	if !sameInput(got, acme()) {
		t.Errorf("imported %+v", inputOf(got))
	}
	if fi, ok := f.s.current(); !ok || fi.Format.ID != "acme30" {
		t.Error("the imported format is not selected")
	}
}

func TestImportOfAnExistingFormatAsksToReplaceIt(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	data, _ := f.st.Formats.Export(f.ctx, f.admin, "acme30")
	data = bytes.Replace(data, []byte(`"ACME 30 bits"`), []byte(`"ACME renamed"`), 1)
	f.pickFile(writeFile(t, "acme30.json", data))
	f.tap(f.s.importBtn)
	if f.s.question == nil {
		t.Fatalf("no question; alert %+v", f.s.alert)
	}
	if stored, _ := f.st.Formats.Find(f.ctx, "acme30"); stored.Name != "ACME 30 bits" {
		t.Fatal("replaced before the operator said so")
	}
	f.confirm()
	if stored, _ := f.st.Formats.Find(f.ctx, "acme30"); stored.Name != "ACME renamed" {
		t.Errorf("name after replace %q", stored.Name)
	}
}

func TestImportListsEveryProblemOfABadFile(t *testing.T) {
	f := newFixture(t, nil)
	file := map[string]any{"carddesk_format": 1, "id": "bad", "name": "Bad", "length": 26,
		"fields": []map[string]any{{"name": "card", "mask": "1-30"}, {"name": "x", "mask": "3-1"}}}
	data, _ := json.Marshal(file)
	f.pickFile(writeFile(t, "bad.json", data))
	f.tap(f.s.importBtn)
	if f.s.alert == nil {
		t.Fatal("no error shown")
	}
	if !contains(f.s.alert.Text, "1-30", "runs backwards") || !strings.Contains(f.s.alert.Title, "bad.json") {
		t.Errorf("alert %q: %q", f.s.alert.Title, f.s.alert.Text)
	}
	for _, bad := range [][]byte{[]byte("not json"), []byte(`{"carddesk_format": 9}`)} {
		f.pickFile(writeFile(t, "x.json", bad))
		f.tap(f.s.importBtn)
		if f.s.alert == nil || f.s.alert.Text == "" {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestWriteFileAtomicReplacesTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.json")
	if err := os.WriteFile(path, []byte("old and longer"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	if string(got) != "new" || len(entries) != 1 {
		t.Errorf("content %q, %d files in the folder", got, len(entries))
	}
	if err := writeFileAtomic(filepath.Join(dir, "missing", "f.json"), []byte("x")); err == nil {
		t.Error("no error for a folder that does not exist")
	}
}

func TestEscapeAsksBeforeItThrowsChangesAway(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.createFormat(acme()) })
	e := f.open("acme30")
	if f.h.Dialogs.Len() != 1 || f.h.Win.Canvas().Focused() != e.name {
		t.Fatalf("%d dialogs on the shell's stack; focus on %v", f.h.Dialogs.Len(), f.h.Win.Canvas().Focused())
	}
	uitest.Key(t, f.h.Win, fyne.KeyEscape) // typed in the name entry
	f.h.Wait()
	if f.s.editor != nil || f.h.Dialogs.Len() != 0 {
		t.Fatal("an unchanged editor stayed open")
	}
	e = f.open("acme30")
	f.typeInto(e.name, "Changed")
	uitest.Key(t, f.h.Win, fyne.KeyEscape)
	f.h.Wait()
	if f.s.editor == nil || f.s.question == nil {
		t.Fatal("changes were thrown away without asking")
	}
	f.confirm()
	if f.s.editor != nil || f.h.Dialogs.Len() != 0 {
		t.Error("Discard did not close the editor")
	}
}
