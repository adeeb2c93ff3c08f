package requests

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// fixture is a signed-in administrator with one pending request per
// cardholder, filed oldest first in the order given.
type fixture struct {
	st     *enroll.Station
	admin  enroll.Actor
	people []enroll.Cardholder
	reqs   []enroll.CardRequest
	h      *uitest.Host
	s      *Screen
}

func newFixture(t *testing.T, names ...string) *fixture {
	t.Helper()
	st, _ := uitest.Station(t)
	f := &fixture{st: st, admin: uitest.SetupAdmin(t, st)}
	f.people = uitest.AddCardholders(t, st, f.admin, names...)
	for _, p := range f.people {
		f.reqs = append(f.reqs, uitest.FileRequest(t, st, f.admin, p, "Lost card"))
	}
	return f
}

// open shows the screen as the shell does when it opens the section;
// hub (may be nil) gives the station readers.
func (f *fixture) open(t *testing.T, hub *enroll.ReaderHub) {
	t.Helper()
	f.h = uitest.NewHost(t, f.st, f.admin)
	f.h.Hub = hub
	f.s = New(f.h)
	f.h.Show(f.s)
	f.s.Shown()
	f.count(t)
	f.s.list.Refresh() // lay the rows out
}

func (f *fixture) wait() { f.h.Wait() }

// count does what the shell's pending-count watcher does after a change.
func (f *fixture) count(t *testing.T) {
	t.Helper()
	n, err := f.st.Requests.CountPending(context.Background(), f.admin)
	if err != nil {
		t.Fatal(err)
	}
	f.s.SetPending(n)
	f.wait()
}

// request reads a request as stored now.
func (f *fixture) request(t *testing.T, i int) enroll.CardRequest {
	t.Helper()
	r, err := f.st.Requests.Get(context.Background(), f.admin, f.reqs[i].ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rowAt is the row widget that shows list row i.
func rowAt(t *testing.T, l *widgets.MultiList, i int) *widgets.SelectableRow {
	t.Helper()
	l.Refresh()
	for _, o := range test.LaidOutObjects(l) {
		r, ok := o.(*widgets.SelectableRow)
		if a, double := o.(*widgets.ActivatableRow); double {
			r, ok = &a.SelectableRow, true
		}
		if ok && r.Index() == i {
			return r
		}
	}
	t.Fatalf("row %d is not on screen", i)
	return nil
}

// doubleClickRow double-clicks row i of a list that takes double clicks.
func doubleClickRow(t *testing.T, l *widgets.MultiList, i int) {
	t.Helper()
	l.Refresh()
	for _, o := range test.LaidOutObjects(l) {
		if r, ok := o.(*widgets.ActivatableRow); ok && r.Index() == i {
			test.Tap(r)
			test.Tap(r)
			return
		}
	}
	t.Fatalf("row %d is not on screen or takes no double clicks", i)
}

// clickRow clicks row i with modifier keys held, as the mouse does:
// mouse down reports the modifiers, the tap follows.
func clickRow(t *testing.T, l *widgets.MultiList, i int, mods fyne.KeyModifier) {
	t.Helper()
	r := rowAt(t, l, i)
	r.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: mods})
	test.Tap(r)
}

// key presses a key on the list with modifiers held: plain keys arrive as
// key events, those with modifiers as shortcuts, as the desktop driver
// sends them (the test driver knows of no held modifiers).
func key(l *widgets.MultiList, name fyne.KeyName, mods fyne.KeyModifier) {
	if mods == 0 {
		l.TypedKey(&fyne.KeyEvent{Name: name})
		return
	}
	l.TypedShortcut(&desktop.CustomShortcut{KeyName: name, Modifier: mods})
}

// selectedNames are the cardholders of the selected requests, in list order.
func selectedNames(s *Screen) []string {
	var out []string
	for _, r := range s.selectedRows() {
		out = append(out, r.CardholderName)
	}
	return out
}
