package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// deskFixture is a signed-in administrator with one pending request per
// cardholder, filed oldest first in the order given.
type deskFixture struct {
	st     *enroll.Station
	path   string
	admin  enroll.Actor
	people []enroll.Cardholder
	reqs   []enroll.CardRequest
	d      *Desk
	s      *session
	v      *requestsView
}

func newDeskFixture(t *testing.T, names ...string) *deskFixture {
	t.Helper()
	st, path := newTestStation(t)
	f := &deskFixture{st: st, path: path, admin: setupAdmin(t, st)}
	f.people = addCardholders(t, st, f.admin, names...)
	for _, p := range f.people {
		f.reqs = append(f.reqs, fileRequest(t, st, f.admin, p, "Lost card"))
	}
	return f
}

// signIn opens the main window; configure may set the desk up first (readers).
func (f *deskFixture) signIn(t *testing.T, configure func(*Desk)) {
	t.Helper()
	f.d = newTestDesk(t, f.st, f.path)
	if configure != nil {
		configure(f.d)
	}
	f.d.signedIn(f.admin)
	f.d.run.wait()
	f.s = f.d.session
	f.v = f.s.views[secRequests].(*requestsView)
	f.v.list.Refresh() // lay the rows out
}

func (f *deskFixture) wait() { f.d.run.wait() }

// request reads a request as stored now.
func (f *deskFixture) request(t *testing.T, i int) enroll.CardRequest {
	t.Helper()
	r, err := f.st.Requests.Get(context.Background(), f.admin, f.reqs[i].ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rowAt is the row widget that shows list row i.
func rowAt(t *testing.T, l *multiList, i int) *selectableRow {
	t.Helper()
	l.Refresh()
	for _, o := range test.LaidOutObjects(l) {
		if r, ok := o.(*selectableRow); ok && r.index == i {
			return r
		}
	}
	t.Fatalf("row %d is not on screen", i)
	return nil
}

// clickRow clicks row i with modifier keys held, as the mouse does:
// mouse down reports the modifiers, the tap follows.
func clickRow(t *testing.T, l *multiList, i int, mods fyne.KeyModifier) {
	t.Helper()
	r := rowAt(t, l, i)
	r.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: mods})
	test.Tap(r)
}

// selectedNames are the cardholders of the selected requests, in list order.
func selectedNames(v *requestsView) []string {
	var out []string
	for _, r := range v.selectedRows() {
		out = append(out, r.CardholderName)
	}
	return out
}

// textsOf joins every label and rich text under o that is visible.
func textsOf(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if !x.Visible() {
			continue
		}
		switch x := x.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		}
	}
	return strings.Join(out, "|")
}

// topDialogTexts is what the newest dialog on the window says.
func topDialogTexts(s *session) string {
	top := s.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return textsOf(top)
}
