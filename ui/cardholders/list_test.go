package cardholders

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

func TestListShowsCardholdersAndSearchNarrowsIt(t *testing.T) {
	gen := genCardholders(450, 7)
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
	f.s.statusFilter.SetSelectedIndex(2) // inactive only
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
	f.s.statusFilter.SetSelectedIndex(1)
	f.wait()
	if r := f.row(0); r.name.Text != "Anna Bakker" || r.state.Text != "Active" {
		t.Errorf("active filter row shows %q / %q", r.name.Text, r.state.Text)
	}
}

// TestListLoadsPagesOnScroll checks the virtual list: rows far below the
// first page appear after scrolling, and only a few pages are held.
func TestListLoadsPagesOnScroll(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(genCardholders(3*pageSize+17, 3)...) })
	all := f.allCardholders()
	if got := f.s.list.Length(); got != len(all) {
		t.Fatalf("list length %d, want %d", got, len(all))
	}
	if n := f.loadedPages(); n != 1 {
		t.Errorf("%d pages loaded before scrolling, want 1", n)
	}
	for _, target := range []int{2*pageSize + 40, len(all) - 1, 5} {
		f.s.list.ScrollTo(target)
		f.wait()
		r := f.row(target)
		if r.name.Text != all[target].FullName() || r.ext.Text != all[target].ExternalID {
			t.Errorf("row %d shows %q %q, want %q %q", target, r.name.Text, r.ext.Text, all[target].FullName(), all[target].ExternalID)
		}
	}
	if n := f.loadedPages(); n > maxPages {
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
	f.tapRow(0)
	if f.s.request.Disabled() || f.s.edit.Disabled() {
		t.Error("Edit / Request card disabled with an active cardholder selected")
	}
	if f.s.requestHint.Text != "" {
		t.Errorf("hint %q shown for an active cardholder", f.s.requestHint.Text)
	}
	f.tapRow(1)
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
	f.s.FocusSearch()
	if f.win.Canvas().Focused() != f.s.search {
		t.Fatal("FocusSearch did not focus the search box")
	}
	f.key(fyne.KeyReturn) // Enter in the search box
	if f.s.list.Sel.Cursor != 0 {
		t.Fatalf("Enter in search selected row %d, want 0", f.s.list.Sel.Cursor)
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
	f.tapRow(0)
	f.wait()
	if f.s.editor != nil {
		t.Fatal("a single click opened the editor")
	}
	clock = clock.Add(100 * time.Millisecond)
	f.tapRow(0)
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
	f.h.Jobs().Delay = 150 * time.Millisecond // Enter comes before the search runs
	f.win.Canvas().Focus(f.s.search)
	test.Type(f.s.search, "claes")
	f.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.wait()
	if f.s.selected == nil || f.s.selected.LastName != "Claes" {
		t.Fatalf("selected %v after Enter, want Claes", f.s.selected)
	}
	if f.win.Canvas().Focused() != f.s.list {
		t.Error("Enter did not move the keyboard to the list")
	}
}

// TestLongScrollKeepsAtMostSixPagesAndTheCount: a long scroll holds no
// more than maxPages pages (their thumbnails are decoded), and a dropped
// first page loads again with the same count.
func TestLongScrollKeepsAtMostSixPagesAndTheCount(t *testing.T) {
	n := (maxPages+3)*pageSize + 5
	f := newFixture(t, func(f *fixture) { f.addCardholders(genCardholders(n, 5)...) })
	all := f.allCardholders()
	for pg := 1; pg <= maxPages+2; pg++ {
		target := pg*pageSize + 7
		f.s.list.ScrollTo(target)
		f.wait()
		if r := f.row(target); r.ext.Text != all[target].ExternalID {
			t.Errorf("row %d shows %q, want %q", target, r.ext.Text, all[target].ExternalID)
		}
		if got := f.loadedPages(); got > maxPages {
			t.Fatalf("after scrolling to page %d: %d pages held, limit %d", pg, got, maxPages)
		}
	}
	if _, ok := f.s.rows.Peek(0); ok {
		t.Fatal("the first page is still held after a long scroll")
	}
	f.s.list.ScrollTo(0)
	f.wait()
	if r := f.row(0); r.ext.Text != all[0].ExternalID {
		t.Errorf("row 0 shows %q after scrolling back, want %q", r.ext.Text, all[0].ExternalID)
	}
	if f.s.rows.Len() != n || f.s.count.Text != countText(n) {
		t.Errorf("after scrolling back: %d rows, count label %q; want %d", f.s.rows.Len(), f.s.count.Text, n)
	}
}

// TestFailedLoadKeepsRowsAndSaysSo: when the database fails, the rows on
// screen stay and the count and the status bar say what happened.
func TestFailedLoadKeepsRowsAndSaysSo(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Anna", "Aalders", "A-1")) })
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}
	f.s.Shown()
	f.wait()
	if f.s.count.Text != "Could not load cardholders" || f.s.count.Importance != widget.DangerImportance {
		t.Errorf("count label %q (importance %v) after a failed load", f.s.count.Text, f.s.count.Importance)
	}
	if msg := f.lastStatus(); !strings.HasPrefix(msg, "error: ") {
		t.Errorf("status %q does not report the failure", msg)
	}
	if r := f.row(0); r.name.Text != "Anna Aalders" {
		t.Errorf("row 0 shows %q after a failed load", r.name.Text)
	}
}

// TestShownKeepsPlaceAndSelectionNewSearchGoesToTop: coming back to the
// screen keeps the scroll position and the selected cardholder (when it is
// on the first page, which is the page a reload reads); a new search
// starts at the first row.
func TestShownKeepsPlaceAndSelectionNewSearchGoesToTop(t *testing.T) {
	const at = pageSize - 50
	f := newFixture(t, func(f *fixture) { f.addCardholders(genCardholders(2*pageSize, 11)...) })
	f.s.list.ScrollTo(at)
	f.wait()
	f.tapRow(at)
	want, offset := f.s.selected.ID, f.s.list.GetScrollOffset()
	if offset <= 0 {
		t.Fatal("the list did not scroll")
	}
	f.s.Shown()
	f.wait()
	if f.s.selected == nil || f.s.selected.ID != want || f.s.list.Sel.Cursor != at {
		t.Errorf("after Shown the selection is %v at row %d, want cardholder %d at row %d",
			f.s.selected, f.s.list.Sel.Cursor, want, at)
	}
	if got := f.s.list.GetScrollOffset(); got != offset {
		t.Errorf("after Shown the list is scrolled to %v, want %v", got, offset)
	}
	f.typ(f.s.search, "e")
	f.wait()
	if got := f.s.list.GetScrollOffset(); got != 0 {
		t.Errorf("a new search leaves the list scrolled to %v", got)
	}
}

// TestPageAskedBeforeTheFirstKeepsTheNewCount: a page the list asks for
// while a new search is on its way belongs to that search, and counts its
// matches, as it may arrive after the search's first page.
func TestPageAskedBeforeTheFirstKeepsTheNewCount(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(append(genCardholders(3*pageSize, 13), person("Zoë", "Quistenaar", "Q-1"))...)
	})
	all := f.s.rows.Len()
	f.s.filter.Text = "quisten"
	f.s.reload(true)
	rows, count, err := f.s.fetch(2*pageSize, pageSize)() // as the list would, still showing everybody
	if err != nil || len(rows) != 0 || count != 1 {
		t.Errorf("a later page asked during the search: %d rows, count %d, %v; want 0 rows of 1", len(rows), count, err)
	}
	f.wait()
	if got := f.s.rows.Len(); got != 1 || f.s.count.Text != "1 cardholder" {
		t.Fatalf("%d rows, count label %q after the search; want 1", got, f.s.count.Text)
	}
	f.s.filter.Text = ""
	f.s.reload(true)
	f.wait()
	if _, count, err := f.s.fetch(2*pageSize, pageSize)(); err != nil || count != all {
		t.Errorf("a later page of a shown result: count %d, %v; want %d", count, err, all)
	}
}

func TestOnlyTheNewestSearchIsShown(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Kim", "Kwast", "K-1"), person("Lot", "Lamers", "L-1"), person("Mia", "Mol", "M-1"))
	})
	// Two searches race; whichever finishes last, the screen must show the
	// one asked for last.
	for i := range 30 {
		first, last := "kwast", ""
		if i%2 == 1 {
			first, last = "", "kwast"
		}
		f.s.filter = enroll.CardholderQuery{Text: first}
		f.s.reload(true)
		f.s.filter = enroll.CardholderQuery{Text: last}
		f.s.reload(true)
		f.wait()
		want := "3 cardholders"
		if last != "" {
			want = "1 cardholder"
		}
		if f.s.count.Text != want || f.s.shown.Text != last {
			t.Fatalf("round %d: shows %q for %q, want %q for %q", i, f.s.count.Text, f.s.shown.Text, want, last)
		}
	}
}
