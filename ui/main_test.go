package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

func sectionIDs(s *session) []sectionID {
	var ids []sectionID
	for _, sec := range s.sections {
		ids = append(ids, sec.id)
	}
	return ids
}

// press is Ctrl (Cmd) with digit n, delivered as the desktop driver does:
// the main menu first, whatever has the focus.
func press(s *session, n int) {
	uitest.Shortcut(s.win, uitest.Ctrl(fyne.KeyName(strconv.Itoa(n))))
	s.d.wait()
}

func TestOperatorDoesNotSeeSettings(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	op := addOperator(t, st, admin, "olga")
	_, s := signedInDesk(t, st, path, op)

	for _, id := range sectionIDs(s) {
		if id == secSettings {
			t.Fatal("Settings is in an operator's navigation")
		}
	}
	if got := s.nav.list.Length(); got != 6 {
		t.Errorf("operator navigation has %d entries, want 6", got)
	}
	press(s, 6) // Ctrl+6 is Settings for administrators
	if s.current == secSettings || s.screens[secSettings] != nil {
		t.Error("Ctrl+6 opened Settings for an operator")
	}
	press(s, 7)
	if s.current != secAudit {
		t.Errorf("Ctrl+7 opened section %d, want the audit log", s.current)
	}

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

// focusTextField puts the keyboard in a text field of the open section:
// its search box, or else the first entry on screen.
func focusTextField(t *testing.T, s *session) {
	t.Helper()
	s.menu.find()
	if _, ok := s.win.Canvas().Focused().(*widgets.Entry); ok {
		return
	}
	for _, o := range test.LaidOutObjects(s.body) {
		if e, ok := o.(*widgets.Entry); ok && o.Visible() && !e.Disabled() {
			s.win.Canvas().Focus(e)
			return
		}
	}
	if s.current == secOrders {
		return // a placeholder: the shortcut is tried from the window
	}
	t.Fatalf("section %d has no text field to type in", s.current)
}

// Ctrl+1..7 work whatever has the focus: the shortcuts are in the main
// menu, which the window asks before the focused widget.
func TestSectionShortcutsWorkWithTheFocusInATextField(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	d := newTestDesk(t, st, path)
	d.cfg.Readers = simulatedHub(t, st) // the Devices screen then has the simulator's UID field
	d.signedIn(admin)
	d.wait()
	s := d.session
	for from := secRequests; from < sectionCount; from++ {
		to := (from + 1) % sectionCount
		t.Run(s.sections[from].key, func(t *testing.T) {
			s.open(from)
			s.d.wait()
			focusTextField(t, s)
			press(s, int(to)+1)
			if s.current != to {
				t.Errorf("Ctrl+%d with the focus in %s opened section %d", int(to)+1, s.sections[from].key, s.current)
			}
		})
	}
}

func TestNavigationOpensEverySection(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	for i, sec := range s.sections {
		s.nav.list.Select(i)
		s.d.wait()
		if s.current != sec.id {
			t.Errorf("selecting %q opened %d", sec.title, s.current)
		}
		if len(s.body.Objects) != 1 || s.body.Objects[0] != s.screens[sec.id].Content() {
			t.Errorf("%q: body does not show the section", sec.title)
		}
	}
}

func TestGoMenuListsTheSectionsWithTheirShortcuts(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	var labels []string
	for _, m := range s.win.MainMenu().Items {
		labels = append(labels, m.Label)
	}
	if got := strings.Join(labels, "|"); got != "File|Go|Requests|Help" {
		t.Errorf("main menu = %s", got)
	}
	goMenu := s.win.MainMenu().Items[1]
	for i, sec := range s.sections {
		it := goMenu.Items[i]
		if it.Label != sec.title || it.Shortcut.ShortcutName() != uitest.Ctrl(fyne.KeyName(strconv.Itoa(int(sec.id)+1))).ShortcutName() {
			t.Errorf("Go menu item %d = %q %v", i, it.Label, it.Shortcut)
		}
	}
	// Without a selection the desk's answers are off.
	for _, it := range s.win.MainMenu().Items[2].Items {
		if !it.Disabled {
			t.Errorf("%q is enabled with no request selected", it.Label)
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
	eventually(t, d, "the badge to show 1", func() bool { return !s.top.badge.Hidden && s.top.badge.Text() == "1" })

	// Requests filed at another desk (straight through the station) appear by themselves.
	fileRequest(t, st, admin, people[1], "lost")
	fileRequest(t, st, admin, people[2], "new employee")
	eventually(t, d, "the badge to show 3", func() bool { return s.top.badge.Text() == "3" })
	if got := s.nav.pending; got != 3 {
		t.Errorf("navigation count = %d", got)
	}
	eventually(t, d, "the open request list to show the three", func() bool {
		texts := uitest.Texts(s.screens[secRequests].Content())
		return strings.Contains(texts, "Card requests: 3 pending") && strings.Contains(texts, "Cor Tester")
	})

	// Signing out stops the ticker.
	d.SignOut()
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
		t.Errorf("badge shows %q with no requests", s.top.badge.Text())
	}
	if s.count != 0 {
		t.Errorf("count = %d", s.count)
	}
}

func TestTopBarRequestsButtonOpensRequests(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	s.open(secAudit)
	s.d.wait()
	test.Tap(s.top.requests)
	s.d.wait()
	if s.current != secRequests {
		t.Errorf("notification button opened %d", s.current)
	}
}

func TestStatusBarSaysWhatIsNotThere(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	if s.status.db.Text != path {
		t.Errorf("database path shown as %q", s.status.db.Text)
	}
	if got := s.status.readers.Text; got != "No card reader" {
		t.Errorf("status bar without readers says %q", got)
	}
	if got := s.status.printer.Text; !strings.Contains(got, "Badge printing: not set up") {
		t.Errorf("status bar says %q", got)
	}
	s.Flash("Imported 120 cardholders")
	if s.status.message.Text != "Imported 120 cardholders" {
		t.Errorf("message = %q", s.status.message.Text)
	}
}

func TestEscapeInAnEntryClosesTheTopDialog(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	entry := widgets.NewEntry()
	s.ShowDialog(dialog.NewCustom("Test", "Close", entry, s.win))
	s.win.Canvas().Focus(entry)
	if s.dialogs.Len() != 1 {
		t.Fatalf("%d dialogs open", s.dialogs.Len())
	}
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s.dialogs.Len() != 0 {
		t.Error("Escape typed into the dialog's entry did not close it")
	}
}

func TestChangedUpdatesTheCountAtOnce(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna")
	d, s := signedInDesk(t, st, path, admin) // no ticker: only the local change can update the count
	fileRequest(t, st, admin, people[0], "")
	s.Changed() // what a screen calls after filing one
	d.wait()
	if s.count != 1 || s.top.badge.Text() != "1" {
		t.Errorf("after a local request: count %d, badge %q", s.count, s.top.badge.Text())
	}
}
