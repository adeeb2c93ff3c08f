package cardholders

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestImportWithBadRowsListsEveryProblemAndImportsNothing(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Olga", "Oud", "HR-1")) })
	csv := strings.Join([]string{
		"external_id,first_name,last_name,email,department,status",
		"HR-2,Piet,Post,piet@example.com,Mail,active",
		"HR-3,Quinta,,quinta@example.com,Mail,active", // line 3: no last name
		"HR-4,Rik,Rood,rik@example.com,Mail,active",
		"HR-5,Sara,Smit,not-an-address,Mail,active", // line 5: bad e-mail
		"HR-1,Tom,Tuin,,Mail,active",                // line 6: external id taken? (checked after parsing)
		"HR-6,Ulla,Uil,,Mail,retired",               // line 7: bad status
	}, "\n") + "\n"
	f.pickFile(uitest.WriteFile(t, "staff.csv", []byte(csv)))
	f.tap(f.s.importCSVBtn)
	f.wait()

	p := f.s.problems
	if p == nil {
		t.Fatal("no problem list after a refused import")
	}
	for _, want := range []string{"staff.csv:3: last_name", "staff.csv:5: email", "staff.csv:7: status"} {
		found := false
		for _, l := range p.lines {
			found = found || strings.HasPrefix(l, want)
		}
		if !found {
			t.Errorf("problem %q missing from %q", want, p.lines)
		}
	}
	if p.title != "Nothing was imported: 3 bad rows" {
		t.Errorf("dialog title %q", p.title)
	}
	if got := p.list.Length(); got != len(p.lines) {
		t.Errorf("list shows %d problems, have %d", got, len(p.lines))
	}
	f.tap(p.copy)
	clip := fyne.CurrentApp().Clipboard().Content()
	for _, l := range p.lines {
		if !strings.Contains(clip, l) {
			t.Errorf("clipboard lacks %q", l)
		}
	}
	if n := f.count(); n != 1 {
		t.Errorf("%d cardholders after a refused import, want 1 (nothing imported)", n)
	}
}

func TestImportGoodFileRefreshesList(t *testing.T) {
	f := newFixture(t, nil)
	var b strings.Builder
	b.WriteString("first_name,last_name,email,department,external_id\n")
	for i := range 250 {
		fmt.Fprintf(&b, "Voornaam%d,Achternaam%03d,p%d@example.nl,Afdeling %d,IMP-%d\n", i, i, i, i%7, i)
	}
	f.pickFile(uitest.WriteFile(t, "good.csv", []byte(b.String())))
	f.tap(f.s.importCSVBtn)
	f.wait()
	if f.s.problems != nil {
		t.Fatalf("good file refused: %q", f.s.problems.lines)
	}
	if n := f.count(); n != 250 {
		t.Fatalf("%d cardholders imported, want 250", n)
	}
	if got := f.s.count.Text; got != "250 cardholders" {
		t.Errorf("count label %q after import", got)
	}
	if s := f.lastStatus(); !strings.Contains(s, "250") || !strings.Contains(s, "good.csv") {
		t.Errorf("status %q does not report the import", s)
	}
}

func TestExportWritesEveryCardholder(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Vera", "Veen", "E-1"), person("Wim", "Wit", "E-2"))
	})
	f.s.now = func() time.Time { return time.Date(2031, 4, 5, 10, 0, 0, 0, time.Local) }
	dir := t.TempDir()
	var suggested string
	f.s.saveFile = func(name string, cb func(fyne.URIWriteCloser, error)) {
		suggested = name
		cb(storage.Writer(storage.NewFileURI(filepath.Join(dir, name))))
	}
	f.tap(f.s.exportCSVBtn)
	f.wait()
	if suggested != "cardholders-2031-04-05.csv" {
		t.Errorf("suggested file name %q", suggested)
	}
	data, err := os.ReadFile(filepath.Join(dir, suggested))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || !strings.Contains(string(data), "E-1,Vera,Veen") || !strings.Contains(string(data), "E-2,Wim,Wit") {
		t.Errorf("exported file:\n%s", data)
	}
	if s := f.lastStatus(); !strings.Contains(s, "Exported 2 cardholders") {
		t.Errorf("status %q", s)
	}
}

// TestImportFailureIsExplainedNotCalledCancelled: an import the station
// could not store (here: the database is gone) is explained in a dialog.
func TestImportFailureIsExplainedNotCalledCancelled(t *testing.T) {
	f := newFixture(t, nil)
	f.pickFile(uitest.WriteFile(t, "staff.csv", []byte("first_name,last_name\nPiet,Post\n")))
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}
	f.tap(f.s.importCSVBtn)
	f.wait()
	if s := f.lastStatus(); strings.Contains(s, "cancelled") {
		t.Errorf("a failed import reads as cancelled: %q", s)
	}
	if got := uitest.TopDialogTexts(f.win); !strings.Contains(got, "Cannot import staff.csv") {
		t.Errorf("no dialog says the import failed: %q", got)
	}
}

// gatedFile blocks its reader until open is closed.
type gatedFile struct {
	open chan struct{}
	r    io.Reader
}

func (g *gatedFile) Read(p []byte) (int, error) {
	<-g.open
	return g.r.Read(p)
}

func (g *gatedFile) Close() error { return nil }

func TestEscapeCancelsImportAndStoresNothing(t *testing.T) {
	f := newFixture(t, nil)
	file := &gatedFile{open: make(chan struct{}), r: strings.NewReader("first_name,last_name\nPiet,Post\n")}
	f.s.runImport("staff.csv", file)
	if f.h.Dialogs.Len() != 1 {
		t.Fatalf("%d dialogs open while importing, want the progress dialog", f.h.Dialogs.Len())
	}
	f.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) // nothing has the focus: the window gets it
	close(file.open)
	f.wait()
	if f.h.Dialogs.Len() != 0 {
		t.Error("Escape did not close the progress dialog")
	}
	if s := f.lastStatus(); s != "Import cancelled; nothing was imported." {
		t.Errorf("status %q after cancelling", s)
	}
	if n := f.count(); n != 0 {
		t.Errorf("%d cardholders stored by a cancelled import", n)
	}
}
