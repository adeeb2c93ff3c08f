package cardholders

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// fixture is a Screen in a test window over a real station on a temp-file
// SQLite database.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *sqlite.DB
	st     *enroll.Station
	admin  enroll.Actor
	win    fyne.Window
	s      *Screen
	status []string
}

func newStation(t testing.TB) (*sqlite.DB, *enroll.Station, enroll.Actor) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "carddesk.db"), zap.NewNop())
	if err != nil {
		t.Fatalf("open db: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	st := enroll.New(db, enroll.Options{Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}})
	admin, err := st.Operators.Setup(ctx, "admin", "", "correct-horse-42")
	if err != nil {
		t.Fatalf("setup admin: %v", err)
	}
	return db, st, admin
}

// newFixture opens the screen after seed has filled the database.
func newFixture(t *testing.T, seed func(f *fixture)) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{t: t, ctx: context.Background()}
	f.db, f.st, f.admin = newStation(t)
	if seed != nil {
		seed(f)
	}
	f.win = test.NewTempWindow(t, nil)
	f.win.Resize(fyne.NewSize(1100, 760))
	f.s = New(f.win, f.st, f.admin, zaptest.NewLogger(t))
	f.s.OnStatus = func(msg string) { f.status = append(f.status, msg) }
	f.wait() // the first page arrives on another goroutine in tests
	f.win.SetContent(f.s.Content())
	f.win.Resize(fyne.NewSize(1100, 760))
	f.wait()
	t.Cleanup(f.wait) // before the database closes: nothing may still be loading
	return f
}

// ui runs fn as the UI goroutine would: never at the same time as a
// result being handed back (the test driver runs those on the job's goroutine).
func (f *fixture) ui(fn func()) { f.s.jobs.Do(fn) }

// wait lets every query, debounce and hand-back of the screen finish.
func (f *fixture) wait() { f.s.jobs.Wait() }

func (f *fixture) addCardholders(cs ...enroll.Cardholder) {
	f.t.Helper()
	if err := f.db.Update(f.ctx, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(f.ctx, cs) }); err != nil {
		f.t.Fatalf("seed cardholders: %v", err)
	}
}

func (f *fixture) allCardholders() []enroll.Cardholder {
	f.t.Helper()
	cs, err := f.st.Cardholders.Search(f.ctx, f.admin, enroll.CardholderQuery{})
	if err != nil {
		f.t.Fatalf("search: %v", err)
	}
	return cs
}

// visibleRows are the row views the list has laid out, by list index.
func (f *fixture) visibleRows() map[int]*rowView {
	rows := map[int]*rowView{}
	for _, o := range test.LaidOutObjects(f.s.list) {
		if r, ok := o.(*rowView); ok && r.Visible() && r.id >= 0 {
			rows[r.id] = r
		}
	}
	return rows
}

// row returns the laid-out view of list index i.
func (f *fixture) row(i int) *rowView {
	f.t.Helper()
	r := f.visibleRows()[i]
	if r == nil {
		f.t.Fatalf("row %d is not on screen", i)
	}
	return r
}

func (f *fixture) lastStatus() string {
	if len(f.status) == 0 {
		return ""
	}
	return f.status[len(f.status)-1]
}

// person is a minimal valid cardholder.
func person(first, last, ext string) enroll.Cardholder {
	return enroll.Cardholder{FirstName: first, LastName: last, ExternalID: ext, Status: enroll.CardholderActive}
}

// writeFile puts content in a temp file and returns its path.
func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pickFile makes the screen's file-open dialog choose path.
func (f *fixture) pickFile(path string) {
	f.s.openFile = func(exts []string, cb func(fyne.URIReadCloser, error)) {
		ok := false
		for _, e := range exts {
			ok = ok || strings.EqualFold(filepath.Ext(path), e)
		}
		if !ok {
			f.t.Errorf("file dialog filters %v, test picked %s", exts, path)
		}
		cb(storage.Reader(storage.NewFileURI(path)))
	}
}

// testPhoto is a w x h PNG with a recognisable pattern.
func testPhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: 160, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tap, typ and typeInto drive widgets as the operator would, on the
// test's stand-in for the UI goroutine.
func (f *fixture) tap(o fyne.Tappable) { f.ui(func() { test.Tap(o) }) }

func (f *fixture) typ(o fyne.Focusable, text string) { f.ui(func() { test.Type(o, text) }) }

// key sends a key to whatever has the keyboard focus.
func (f *fixture) key(name fyne.KeyName) {
	f.t.Helper()
	f.ui(func() {
		focused := f.win.Canvas().Focused()
		if focused == nil {
			f.t.Fatalf("key %s: nothing has the keyboard focus", name)
		}
		focused.TypedKey(&fyne.KeyEvent{Name: name})
	})
}

// typeInto replaces an entry's text: clear it, then type.
func (f *fixture) typeInto(e interface {
	fyne.Focusable
	SetText(string)
}, text string) {
	f.ui(func() {
		e.SetText("")
		test.Type(e, text)
	})
}
