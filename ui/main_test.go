package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func sectionIDs(s *session) []sectionID {
	var ids []sectionID
	for _, sec := range s.sections {
		ids = append(ids, sec.id)
	}
	return ids
}

func ctrl(n int) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyName(string(rune('0' + n))), Modifier: fyne.KeyModifierShortcutDefault}
}

func press(s *session, n int) {
	s.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(n))
	s.d.run.wait()
}

func TestOperatorDoesNotSeeSettings(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	op := addOperator(t, st, admin, "olga")
	d, s := signedInDesk(t, st, path, op)

	for _, id := range sectionIDs(s) {
		if id == secSettings {
			t.Fatal("Settings is in an operator's navigation")
		}
	}
	if got := s.nav.list.Length(); got != 6 {
		t.Errorf("operator navigation has %d entries, want 6", got)
	}
	press(s, 6) // Ctrl+6 is Settings for administrators
	if s.current == secSettings || s.views[secSettings] != nil {
		t.Error("Ctrl+6 opened Settings for an operator")
	}
	press(s, 7)
	if s.current != secAudit {
		t.Errorf("Ctrl+7 opened section %d, want the audit log", s.current)
	}
	_ = d

	// An administrator has it.
	_, as := signedInDesk(t, st, path, admin)
	if ids := sectionIDs(as); len(ids) != 7 || ids[5] != secSettings {
		t.Errorf("administrator navigation = %v", ids)
	}
	press(as, 6)
	if as.current != secSettings {
		t.Error("Ctrl+6 did not open Settings for an administrator")
	}
}

func TestShortcutsWorkWhileTypingInASearch(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	v := s.views[secRequests].(*requestsView)
	s.win.Canvas().Focus(v.search)
	v.search.TypedShortcut(ctrl(3))
	s.d.run.wait()
	if s.current != secCredentials {
		t.Errorf("Ctrl+3 in the search entry opened %d", s.current)
	}
}

func TestNavigationOpensEverySection(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	for i, sec := range s.sections {
		s.nav.list.Select(i)
		s.d.run.wait()
		if s.current != sec.id {
			t.Errorf("selecting %q opened %d", sec.title, s.current)
		}
		if len(s.body.Objects) != 1 || s.body.Objects[0] != s.views[sec.id].content() {
			t.Errorf("%q: body does not show the section", sec.title)
		}
	}
}

func TestPendingBadgeFollowsRequestsFiledElsewhere(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna", "Bert", "Cor")
	fileRequest(t, st, admin, people[0], "")

	d := newTestDesk(t, st, path)
	d.pendingEvery = 20 * time.Millisecond
	d.signedIn(admin)
	s := d.session
	eventually(t, d, "the badge to show 1", func() bool { return !s.top.badge.Hidden && s.top.badge.text() == "1" })

	// Requests filed at another desk (straight through the station) appear by themselves.
	fileRequest(t, st, admin, people[1], "lost")
	fileRequest(t, st, admin, people[2], "new employee")
	eventually(t, d, "the badge to show 3", func() bool { return s.top.badge.text() == "3" })
	if got := s.nav.pending; got != 3 {
		t.Errorf("navigation count = %d", got)
	}
	v := s.views[secRequests].(*requestsView)
	if got := v.heading.Text; got != "Card requests: 3 pending" {
		t.Errorf("requests heading = %q", got)
	}
	eventually(t, d, "the open request list to show 3 rows", func() bool { return v.rows.len() == 3 })

	// Signing out stops the ticker.
	d.signOut()
	select {
	case <-s.pending.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the pending-count ticker still runs after sign-out")
	}
}

func TestBadgeHiddenWithoutPendingRequests(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	if !s.top.badge.Hidden {
		t.Errorf("badge shows %q with no requests", s.top.badge.text())
	}
	if s.count != 0 {
		t.Errorf("count = %d", s.count)
	}
}

func TestBadgeText(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{1, "1"}, {42, "42"}, {999, "999"}, {1000, "999+"}, {10000, "999+"}} {
		b := newBadge()
		b.setCount(tc.n)
		if got := b.text(); got != tc.want || b.Hidden {
			t.Errorf("count %d: text %q hidden %v", tc.n, got, b.Hidden)
		}
	}
}

func TestTopBarRequestsButtonOpensRequests(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	s.open(secAudit)
	s.d.run.wait()
	test.Tap(s.top.requests)
	s.d.run.wait()
	if s.current != secRequests {
		t.Errorf("notification button opened %d", s.current)
	}
}

func TestStatusBarSaysWhatIsNotSetUp(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	if s.status.db.Text != path {
		t.Errorf("database path shown as %q", s.status.db.Text)
	}
	if got := s.status.readers.Text; got != "No card reader" {
		t.Errorf("status bar without readers says %q", got)
	}
	if got := s.status.printer.Text; !strings.Contains(got, "not set up yet") {
		t.Errorf("status bar says %q", got)
	}
	s.status.flash("Imported 120 cardholders")
	if s.status.message.Text != "Imported 120 cardholders" {
		t.Errorf("message = %q", s.status.message.Text)
	}
}

func TestEscapeClosesTheTopDialog(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	s.open(secSettings)
	s.d.run.wait()
	sv := s.views[secSettings].(*settingsView)
	sv.reasons.add()
	if len(s.dialogs.open) != 1 {
		t.Fatalf("%d dialogs open", len(s.dialogs.open))
	}
	// Escape typed into the dialog's entry reaches the window and closes it.
	entry := s.win.Canvas().Focused()
	if entry == nil {
		t.Fatal("the dialog's entry has no focus")
	}
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(s.dialogs.open) != 0 {
		t.Error("Escape did not close the dialog")
	}
}

// fakeTray is a desktop app with a system tray, on the test driver.
type fakeTray struct {
	fyne.App
	menus int
	menu  *fyne.Menu
}

func (f *fakeTray) SetSystemTrayMenu(m *fyne.Menu)    { f.menus++; f.menu = m }
func (f *fakeTray) SetSystemTrayIcon(fyne.Resource)   {}
func (f *fakeTray) SetSystemTrayWindow(w fyne.Window) {}

func TestTrayShowsPendingCount(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna", "Bert")
	fileRequest(t, st, admin, people[0], "")
	fileRequest(t, st, admin, people[1], "")

	app := &fakeTray{App: newUIApp(t)}
	d := newTestDeskOn(t, app, st, path)
	if d.tray == nil {
		t.Fatal("no tray on a desktop app")
	}
	if got := app.menu.Items[0].Label; !strings.Contains(got, "sign in") {
		t.Errorf("tray before sign-in: %q", got)
	}
	d.signedIn(admin)
	d.run.wait()
	if got := app.menu.Items[0].Label; got != "Card requests: 2 pending" {
		t.Errorf("tray says %q", got)
	}
	menus := app.menus
	d.session.pending.refresh()
	d.run.wait()
	if app.menus != menus {
		t.Error("tray menu re-set although the count did not change")
	}
	var labels []string
	for _, it := range app.menu.Items {
		labels = append(labels, it.Label)
	}
	if joined := strings.Join(labels, "|"); !strings.Contains(joined, "Show CardDesk") || !strings.Contains(joined, "Quit") {
		t.Errorf("tray menu = %v", labels)
	}
	d.signOut()
	if got := app.menu.Items[0].Label; !strings.Contains(got, "sign in") {
		t.Errorf("tray after sign-out: %q", got)
	}
}

func TestRequestFiledAtThisDeskUpdatesTheCountAtOnce(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna")
	d, s := signedInDesk(t, st, path, admin) // no ticker: only the local change can update the count
	press(s, 2)
	ch, ok := s.views[secCardholders].(*cardholdersView)
	if !ok || ch.screen.OnRequestCreated == nil {
		t.Fatal("the Cardholders screen is not told how to report a new request")
	}
	fileRequest(t, st, admin, people[0], "")
	ch.screen.OnRequestCreated() // what the screen calls after filing one
	d.run.wait()
	if s.count != 1 || s.top.badge.text() != "1" {
		t.Errorf("after a local request: count %d, badge %q", s.count, s.top.badge.text())
	}
}
