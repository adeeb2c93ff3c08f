package uitest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
)

// Desk is the ground of a screen's tests: a real station on a temp-file
// SQLite database, its administrator, and once Open has run a test host
// signed in as them. The test goroutine is the UI goroutine.
type Desk struct {
	T     *testing.T
	Ctx   context.Context
	St    *enroll.Station
	Admin enroll.Actor
	H     *Host
}

// NewDesk sets up the station; the test seeds it, then calls Open.
func NewDesk(t *testing.T) *Desk {
	t.Helper()
	d := &Desk{T: t, Ctx: context.Background()}
	d.St, _ = Station(t)
	d.Admin = SetupAdmin(t, d.St)
	return d
}

// Open opens the host, after the seeding: a screen loads what is there.
func (d *Desk) Open() *Host {
	d.H = NewHost(d.T, d.St, d.Admin)
	return d.H
}

// OpenScreen opens the host and shows the screen build makes over it,
// loaded.
func OpenScreen[S screen.Screen](d *Desk, build func(screen.Host) S) S {
	s := build(d.Open())
	d.H.ShowLoaded(s)
	return s
}

// Confirm answers yes to the question a's screen asks.
func (d *Desk) Confirm(a *dialogs.Asker) {
	d.T.Helper()
	if a.Question == nil {
		d.T.Fatal("no question was asked")
	}
	a.Question.Confirm()
	d.H.Wait()
}

// Tap taps o and lets the work it starts finish.
func (d *Desk) Tap(o fyne.Tappable) {
	test.Tap(o)
	d.H.Wait()
}

// TypeInto replaces an entry's text as the operator would, and lets the
// work it starts finish.
func (d *Desk) TypeInto(e interface {
	fyne.Focusable
	SetText(string)
}, text string) {
	TypeInto(e, text)
	d.H.Wait()
}

// OpenFileAt answers a screen's file-open dialog for .json files with path.
func (d *Desk) OpenFileAt(path string) func(exts []string, cb func(fyne.URIReadCloser, error)) {
	return func(exts []string, cb func(fyne.URIReadCloser, error)) {
		if len(exts) != 1 || exts[0] != ".json" {
			d.T.Errorf("open dialog filters %v, want .json", exts)
		}
		cb(storage.Reader(storage.NewFileURI(path)))
	}
}

// SaveFileAt answers a screen's save dialog with path, and records the
// name the dialog suggested.
func SaveFileAt(path string, suggested *string) func(name string, cb func(fyne.URIWriteCloser, error)) {
	return func(name string, cb func(fyne.URIWriteCloser, error)) {
		*suggested = name
		cb(storage.Writer(storage.NewFileURI(path)))
	}
}

// WriteFile puts content in a temp file and returns its path.
func WriteFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Contains reports whether s holds every one of parts.
func Contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
