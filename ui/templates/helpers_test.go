package templates

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/badge"
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
	showWithToolTips(f.h, f.s)
	f.s.Shown()
	f.h.Wait()
	return f
}

func (f *fixture) tap(o fyne.Tappable) {
	test.Tap(o)
	f.h.Wait()
}

func (f *fixture) typeInto(e *widgets.Entry, text string) {
	uitest.TypeInto(e, text)
	f.h.Wait()
}

// index is the list position of the template with this name.
func (f *fixture) index(name string) int {
	f.t.Helper()
	for i, bt := range f.s.items {
		if bt.Name == name {
			return i
		}
	}
	f.t.Fatalf("template %s is not listed", name)
	return -1
}

// open double-clicks the template's row.
func (f *fixture) open(name string) *Designer {
	f.t.Helper()
	f.s.rowTapped(f.index(name))
	f.h.Wait()
	if f.s.designer == nil {
		f.t.Fatalf("opening %s showed no designer", name)
	}
	return f.s.designer
}

func (f *fixture) confirm() {
	f.t.Helper()
	if f.s.question == nil {
		f.t.Fatal("no question was asked")
	}
	f.s.question.Confirm()
	f.h.Wait()
}

func (f *fixture) create(t *badge.Template) enroll.BadgeTemplate {
	f.t.Helper()
	bt, err := f.st.Templates.Create(f.ctx, f.admin, t)
	if err != nil {
		f.t.Fatalf("create %s: %v", t.Name, err)
	}
	return bt
}

// stored is the template as the station has it now.
func (f *fixture) stored(name string) enroll.BadgeTemplate {
	f.t.Helper()
	list, err := f.st.Templates.List(f.ctx, f.admin)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, bt := range list {
		if bt.Name == name {
			return bt
		}
	}
	f.t.Fatalf("no stored template %s", name)
	return enroll.BadgeTemplate{}
}

func (f *fixture) pickFile(path string) {
	f.s.openFile = func(exts []string, cb func(fyne.URIReadCloser, error)) {
		cb(storage.Reader(storage.NewFileURI(path)))
	}
}

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

// simple is a valid one-sided template with a name and a band.
func simple(name string) *badge.Template {
	return &badge.Template{Format: badge.FormatName, Version: badge.Version, Name: name,
		Size: badge.SizeCR80, Orientation: badge.Landscape,
		Front: badge.Side{Background: "#ffffff", Elements: []badge.Element{
			{Type: badge.TypeText, X: 5, Y: 5, W: 50, H: 8, Text: "{full_name}", FontSize: 12, Align: "left", Color: "#000000"},
			{Type: badge.TypeRect, X: 0, Y: 46, W: 85.6, H: 7.98, Fill: "#0b5cad"},
		}}}
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// showWithToolTips shows the screen as the app's main window has it: with
// a tooltip layer, which the designer's pop-up adds its own to.
func showWithToolTips(h *uitest.Host, s *Screen) {
	h.Show(s)
	c := h.Win.Canvas()
	h.Win.SetContent(widgets.AddToolTips(s.Content(), c))
	h.Win.Resize(fyne.NewSize(1240, 800))
	h.Wait()
}
