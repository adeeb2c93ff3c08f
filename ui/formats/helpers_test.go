package formats

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// fixture is the screen in a test window over a real station on a
// temp-file SQLite database. The test goroutine is the UI goroutine.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	st    *enroll.Station
	admin enroll.Actor
	h     *uitest.Host
	s     *Screen
}

// newFixture opens the screen after seed has filled the database.
func newFixture(t *testing.T, seed func(f *fixture)) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background()}
	f.st, _ = uitest.Station(t)
	f.admin = uitest.SetupAdmin(t, f.st)
	if seed != nil {
		seed(f)
	}
	f.h = uitest.NewHost(t, f.st, f.admin)
	f.s = New(f.h)
	f.h.Show(f.s)
	f.s.Shown()
	f.h.Wait()
	return f
}

func (f *fixture) tap(o fyne.Tappable) {
	test.Tap(o)
	f.h.Wait()
}

// typeInto replaces an entry's text as the operator would: clear, type.
func (f *fixture) typeInto(e *widgets.Entry, text string) {
	uitest.TypeInto(e, text)
	f.h.Wait()
}

// index is the list position of the format with this id.
func (f *fixture) index(id string) int {
	f.t.Helper()
	for i, fi := range f.s.infos {
		if fi.Format.ID == id {
			return i
		}
	}
	f.t.Fatalf("format %s is not listed", id)
	return -1
}

// open taps the format's row, as a click in the list does.
func (f *fixture) open(id string) *Editor {
	f.t.Helper()
	i := f.index(id)
	f.s.rowTapped(i)
	f.h.Wait()
	if f.s.editor == nil {
		f.t.Fatalf("tapping %s opened no editor", id)
	}
	return f.s.editor
}

// confirm answers yes to the open question.
func (f *fixture) confirm() {
	f.t.Helper()
	if f.s.question == nil {
		f.t.Fatal("no question was asked")
	}
	f.s.question.Confirm()
	f.h.Wait()
}

// createFormat stores a custom format straight through the station.
func (f *fixture) createFormat(def cardformat.Format) {
	f.t.Helper()
	if _, err := f.st.Formats.Create(f.ctx, f.admin, def); err != nil {
		f.t.Fatalf("create %s: %v", def.ID, err)
	}
}

// enroll stores a credential with the format.
func (f *fixture) enroll(format string, fields map[string]string) {
	f.t.Helper()
	if _, err := f.st.Credentials.Enroll(f.ctx, f.admin, enroll.NewCredential{Format: format, Fields: fields}); err != nil {
		f.t.Fatalf("enroll %s %v: %v", format, fields, err)
	}
}

// pickFile makes the screen's file-open dialog choose path.
func (f *fixture) pickFile(path string) {
	f.s.openFile = func(exts []string, cb func(fyne.URIReadCloser, error)) {
		if len(exts) != 1 || exts[0] != ".json" {
			f.t.Errorf("open dialog filters %v, want .json", exts)
		}
		cb(storage.Reader(storage.NewFileURI(path)))
	}
}

// saveTo makes the screen's save dialog choose path; it records the
// suggested name.
func (f *fixture) saveTo(path string, suggested *string) {
	f.s.saveFile = func(name string, cb func(fyne.URIWriteCloser, error)) {
		*suggested = name
		cb(storage.Writer(storage.NewFileURI(path)))
	}
}

func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// acme is a valid 30-bit custom format used across the tests.
func acme() cardformat.Format {
	site := uint64(5)
	return cardformat.Format{
		ID: "acme30", Name: "ACME 30 bits", Length: 30, Kind: cardformat.KindWiegand,
		Fields: []cardformat.Field{
			{Name: "site", Bits: span(1, 4), Fixed: &site},
			{Name: "card", Bits: span(5, 28)},
		},
		Parity: []cardformat.ParityCheck{
			{Type: cardformat.Even, Position: 0, Mask: span(1, 14)},
			{Type: cardformat.Odd, Position: 29, Mask: span(15, 28)},
		},
	}
}

func span(a, b int) []int {
	var out []int
	for p := a; p <= b; p++ {
		out = append(out, p)
	}
	return out
}

func h10301(t *testing.T) cardformat.Format {
	t.Helper()
	f, ok := cardformat.Lookup("h10301")
	if !ok {
		t.Fatal("no h10301")
	}
	return f
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
