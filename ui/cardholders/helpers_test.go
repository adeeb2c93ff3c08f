package cardholders

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/demo"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// fixture is a Screen in a test window over a real station on a temp-file
// SQLite database. The test goroutine is the UI goroutine.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	db    database
	st    *enroll.Station
	admin enroll.Actor
	h     *uitest.Host
	win   fyne.Window
	s     *Screen
}

// database is the station's SQLite file, as tests fill and break it.
type database interface {
	enroll.Store
	Close() error
}

// newStation is a station with an administrator who has no e-mail
// address (the request dialog says that no mail can reach them).
func newStation(t testing.TB) (database, *enroll.Station, enroll.Actor) {
	t.Helper()
	st, db, _ := uitest.StationDB(t)
	admin, err := st.Operators.Setup(context.Background(), "admin", "", uitest.AdminPassword)
	if err != nil {
		t.Fatalf("setup admin: %v", err)
	}
	return db, st, admin
}

// newFixture opens the screen after seed has filled the database.
func newFixture(t *testing.T, seed func(f *fixture)) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background()}
	f.db, f.st, f.admin = newStation(t)
	if seed != nil {
		seed(f)
	}
	f.open()
	return f
}

// open shows the screen on the fixture's station.
func (f *fixture) open() {
	f.h = uitest.NewHost(f.t, f.st, f.admin)
	f.win = f.h.Win
	f.s = New(f.h)
	f.h.Show(f.s)
	f.s.Shown()
	f.wait()
}

// wait lets every query, debounce and hand-back of the screen finish.
func (f *fixture) wait() { f.h.Wait() }

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
		if c, ok := o.(*fyne.Container); ok && c.Visible() {
			if _, ok := c.Layout.(rowLayout); ok && viewOf(c).id >= 0 {
				rows[viewOf(c).id] = viewOf(c)
			}
		}
	}
	return rows
}

// click clicks list row i, holding the modifier keys given.
func (f *fixture) click(i int, mods ...fyne.KeyModifier) {
	f.t.Helper()
	f.row(i) // on screen
	var m fyne.KeyModifier
	for _, x := range mods {
		m |= x
	}
	f.s.list.Clicked(i, m)
}

// tapRow taps the list's own row widget of index i, as the mouse does.
func (f *fixture) tapRow(i int) {
	f.t.Helper()
	for _, o := range test.LaidOutObjects(f.s.list) {
		switch r := o.(type) {
		case *widgets.ActivatableRow:
			if r.Index() == i {
				test.Tap(r)
				return
			}
		case *widgets.SelectableRow:
			if r.Index() == i {
				test.Tap(r)
				return
			}
		}
	}
	f.t.Fatalf("row %d is not on screen", i)
}

// loadedPages is how many pages of rows the screen holds.
func (f *fixture) loadedPages() int {
	pages := map[int]bool{}
	f.s.rows.Each(func(i int, _ row) { pages[i/pageSize] = true })
	return len(pages)
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

func (f *fixture) lastStatus() string { return f.h.LastMessage() }

// genCardholders returns n plausible active and inactive cardholders with
// external ids HR-000001 and up; the same seed gives the same rows.
func genCardholders(n int, seed uint64) []enroll.Cardholder {
	rng := rand.New(rand.NewPCG(seed, 0x43445344))
	depts := []string{"Finance", "Facilities", "Security", "IT Operations", "Reception", "Research & Development"}
	out := make([]enroll.Cardholder, n)
	for i := range out {
		first := demo.FirstNames[rng.IntN(len(demo.FirstNames))]
		last := demo.LastNames[rng.IntN(len(demo.LastNames))]
		status := enroll.CardholderActive
		if rng.IntN(100) < 8 {
			status = enroll.CardholderInactive
		}
		out[i] = enroll.Cardholder{ExternalID: fmt.Sprintf("HR-%06d", i+1), FirstName: first, LastName: last,
			Email: fmt.Sprintf("%s%d@example.com", demo.MailLocalPart(first, last), i), Department: depts[rng.IntN(len(depts))],
			Status: status}
	}
	return out
}

// person is a minimal valid cardholder.
func person(first, last, ext string) enroll.Cardholder {
	return enroll.Cardholder{FirstName: first, LastName: last, ExternalID: ext, Status: enroll.CardholderActive}
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

// tap, typ, key and typeInto drive widgets as the operator would.
func (f *fixture) tap(o fyne.Tappable) { test.Tap(o) }

func (f *fixture) typ(o fyne.Focusable, text string) { test.Type(o, text) }

// key sends a key to whatever has the keyboard focus.
func (f *fixture) key(name fyne.KeyName) {
	f.t.Helper()
	uitest.Key(f.t, f.win, name)
}

// typeInto replaces an entry's text: clear it, then type.
func (f *fixture) typeInto(e interface {
	fyne.Focusable
	SetText(string)
}, text string) {
	uitest.TypeInto(e, text)
}
