package cardholders

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/storagetest"
)

func TestListShowsCardholdersAndSearchNarrowsIt(t *testing.T) {
	gen := storagetest.GenCardholders(450, 7)
	zoe := enroll.Cardholder{FirstName: "Zoë", LastName: "Quistenaar", Email: "zoe@example.nl",
		Department: "Facilities", ExternalID: "Q-1", Status: enroll.CardholderActive}
	f := newFixture(t, func(f *fixture) { f.addCardholders(append(gen, zoe)...) })

	if got, want := f.s.count.Text, "451 cardholders"; got != want {
		t.Errorf("count label = %q, want %q", got, want)
	}
	all := f.allCardholders()
	r0 := f.row(0)
	if r0.name.Text != all[0].FullName() || r0.ext.Text != all[0].ExternalID || r0.email.Text != all[0].Email {
		t.Errorf("row 0 shows %q %q %q, want %q %q %q", r0.name.Text, r0.ext.Text, r0.email.Text,
			all[0].FullName(), all[0].ExternalID, all[0].Email)
	}

	f.typ(f.s.search, "quisten")
	f.wait()
	if got := f.s.count.Text; got != "1 cardholder" {
		t.Fatalf("after search: count label = %q, want 1 cardholder", got)
	}
	r := f.row(0)
	if r.name.Text != "Zoë Quistenaar" || r.dept.Text != "Facilities" || r.ext.Text != "Q-1" || r.email.Text != "zoe@example.nl" {
		t.Errorf("search result row = %q %q %q %q", r.name.Text, r.dept.Text, r.ext.Text, r.email.Text)
	}
	if rows := f.visibleRows(); len(rows) != 1 {
		t.Errorf("%d rows on screen after search, want 1", len(rows))
	}

	f.typeInto(f.s.search, "")
	f.wait()
	if got := f.s.count.Text; got != "451 cardholders" {
		t.Errorf("after clearing the search: count label = %q", got)
	}
}

func TestStatusFilterAndInactiveMarking(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		off := person("Ina", "Actief", "X-2")
		off.Status = enroll.CardholderInactive
		f.addCardholders(person("Anna", "Bakker", "X-1"), off)
	})
	f.ui(func() { f.s.statusFilter.SetSelectedIndex(2) }) // inactive only
	f.wait()
	if got := f.s.count.Text; got != "1 cardholder" {
		t.Fatalf("inactive filter: count label = %q", got)
	}
	r := f.row(0)
	if r.name.Text != "Ina Actief" || r.state.Text != "Inactive" {
		t.Errorf("inactive row shows %q / %q", r.name.Text, r.state.Text)
	}
	if r.state.Importance == r.ext.Importance || r.name.TextStyle.Bold {
		t.Error("an inactive row is not marked differently from an active one")
	}
	f.ui(func() { f.s.statusFilter.SetSelectedIndex(1) })
	f.wait()
	if r := f.row(0); r.name.Text != "Anna Bakker" || r.state.Text != "Active" {
		t.Errorf("active filter row shows %q / %q", r.name.Text, r.state.Text)
	}
}

// TestListLoadsPagesOnScroll checks the virtual list: rows far below the
// first page appear after scrolling, and only a few pages are held.
func TestListLoadsPagesOnScroll(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(storagetest.GenCardholders(3*pageSize+17, 3)...) })
	all := f.allCardholders()
	if got := f.s.list.Length(); got != len(all) {
		t.Fatalf("list length %d, want %d", got, len(all))
	}
	if len(f.s.pager.pages) != 1 {
		t.Errorf("%d pages loaded before scrolling, want 1", len(f.s.pager.pages))
	}
	for _, target := range []int{2*pageSize + 40, len(all) - 1, 5} {
		f.ui(func() { f.s.list.ScrollTo(target) })
		f.wait()
		r := f.row(target)
		if r.name.Text != all[target].FullName() || r.ext.Text != all[target].ExternalID {
			t.Errorf("row %d shows %q %q, want %q %q", target, r.name.Text, r.ext.Text, all[target].FullName(), all[target].ExternalID)
		}
	}
	if n := len(f.s.pager.pages); n > maxPages {
		t.Errorf("%d pages cached, limit %d", n, maxPages)
	}
}

func TestRequestButtonFollowsSelection(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		off := person("Bert", "Zwart", "B-2")
		off.Status = enroll.CardholderInactive
		f.addCardholders(person("Anna", "Aalders", "A-1"), off)
	})
	if !f.s.request.Disabled() || !f.s.edit.Disabled() {
		t.Fatal("Edit and Request card are enabled without a selection")
	}
	if f.s.requestHint.Text == "" {
		t.Error("no hint says why Request card is disabled")
	}
	f.tap(f.row(0))
	if f.s.request.Disabled() || f.s.edit.Disabled() {
		t.Error("Edit / Request card disabled with an active cardholder selected")
	}
	if f.s.requestHint.Text != "" {
		t.Errorf("hint %q shown for an active cardholder", f.s.requestHint.Text)
	}
	f.s.lastTapAt = f.s.lastTapAt.Add(-time.Second) // the next tap is not a double-click
	f.tap(f.row(1))
	if !f.s.request.Disabled() || f.s.edit.Disabled() {
		t.Error("inactive selection: Request card should be off and Edit on")
	}
	if want := "Bert Zwart is inactive"; !strings.Contains(f.s.requestHint.Text, want) {
		t.Errorf("hint %q does not say %q", f.s.requestHint.Text, want)
	}
}

func TestKeyboardMovesSelectionAndEnterEdits(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Anna", "Aalders", "A-1"), person("Bob", "Brink", "B-1"), person("Cor", "Claes", "C-1"))
	})
	f.ui(func() { f.win.Canvas().Focus(f.s.search) })
	f.key(fyne.KeyReturn) // Enter in the search box
	if f.s.list.selected != 0 {
		t.Fatalf("Enter in search selected row %d, want 0", f.s.list.selected)
	}
	f.key(fyne.KeyDown)
	f.key(fyne.KeyDown)
	f.key(fyne.KeyDown)
	if f.s.selected == nil || f.s.selected.LastName != "Claes" {
		t.Fatalf("after 3x Down the selection is %v, want Claes", f.s.selected)
	}
	f.key(fyne.KeyHome)
	f.key(fyne.KeyReturn)
	f.wait()
	if f.s.editor == nil || f.s.editor.last.Text != "Aalders" {
		t.Fatal("Enter did not open the selected cardholder for editing")
	}
}

func TestDoubleClickOpensEditor(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Anna", "Aalders", "A-1")) })
	clock := time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)
	f.s.now = func() time.Time { return clock }
	f.tap(f.row(0))
	f.wait()
	if f.s.editor != nil {
		t.Fatal("a single click opened the editor")
	}
	clock = clock.Add(100 * time.Millisecond)
	f.tap(f.row(0))
	f.wait()
	if f.s.editor == nil || f.s.editor.first.Text != "Anna" {
		t.Fatal("a double click did not open the editor")
	}
}

func TestCountText(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 cardholders"}, {1, "1 cardholder"}, {12345, "12,345 cardholders"}, {100000, "100,000 cardholders"}} {
		if got := countText(tc.n); got != tc.want {
			t.Errorf("countText(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// TestEnterBeforeSearchResultsSelectsTheirFirstRow: a fast typist presses
// Enter before the debounced search ran; the first match gets selected,
// not a row of the previous result.
func TestEnterBeforeSearchResultsSelectsTheirFirstRow(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Anna", "Aalders", "A-1"), person("Bob", "Brink", "B-1"), person("Cor", "Claes", "C-1"))
	})
	f.ui(func() {
		f.win.Canvas().Focus(f.s.search)
		test.Type(f.s.search, "claes")
		f.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	f.wait()
	if f.s.selected == nil || f.s.selected.LastName != "Claes" {
		t.Fatalf("selected %v after Enter, want Claes", f.s.selected)
	}
	if f.win.Canvas().Focused() != f.s.list {
		t.Error("Enter did not move the keyboard to the list")
	}
}
