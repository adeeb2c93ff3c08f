package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// fakeDesktop is a desktop app on the test driver: a system tray, OS
// notifications and Quit are recorded.
type fakeDesktop struct {
	*uitest.App
	menus int
	menu  *fyne.Menu
	notes []*fyne.Notification
	quits int
}

func (f *fakeDesktop) SetSystemTrayMenu(m *fyne.Menu)               { f.menus++; f.menu = m }
func (f *fakeDesktop) SetSystemTrayIcon(fyne.Resource)              {}
func (f *fakeDesktop) SetSystemTrayWindow(fyne.Window)              {}
func (f *fakeDesktop) SendNotification(n *fyne.Notification)        { f.notes = append(f.notes, n) }
func (f *fakeDesktop) Quit()                                        { f.quits++ }
func (f *fakeDesktop) trayItem(label string) (*fyne.MenuItem, bool) { return menuItem(f.menu, label) }

func menuItem(m *fyne.Menu, label string) (*fyne.MenuItem, bool) {
	for _, it := range m.Items {
		if it.Label == label {
			return it, true
		}
	}
	return nil, false
}

// desktopDesk is a desk on a fake desktop with or without a system tray.
func desktopDesk(t *testing.T, st *enroll.Station, path string, withTray bool) (*Desk, *fakeDesktop) {
	t.Helper()
	app := &fakeDesktop{App: uitest.NewApp(t)}
	d := newTestDeskOn(t, app, st, path, Config{Tray: func() bool { return withTray }})
	return d, app
}

// signOuts counts the operator's sign-outs in the audit log.
func signOuts(t *testing.T, st *enroll.Station, who enroll.Actor) int {
	t.Helper()
	evs, _, err := st.Audit.List(context.Background(), who, enroll.AuditQuery{Action: "operator.sign_out", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Operator == who.Name {
			n++
		}
	}
	return n
}

// Every way out of a session records the sign-out, before the database
// could close, and ends the session's background work first.
func TestEveryWayOutIsAudited(t *testing.T) {
	ways := []struct {
		name     string
		withTray bool
		leave    func(t *testing.T, d *Desk, app *fakeDesktop, cancel func())
		quits    bool
	}{
		{"sign out", false, func(_ *testing.T, d *Desk, _ *fakeDesktop, _ func()) { d.SignOut() }, false},
		{"File > Quit", false, func(_ *testing.T, d *Desk, _ *fakeDesktop, _ func()) {
			quit, _ := menuItem(d.session.win.MainMenu().Items[0], "Quit")
			quit.Action()
		}, true},
		{"window closed without a tray", false, func(_ *testing.T, d *Desk, _ *fakeDesktop, _ func()) { d.session.closeWindow() }, true},
		{"tray Quit", true, func(_ *testing.T, d *Desk, app *fakeDesktop, _ func()) {
			quit, _ := app.trayItem("Quit")
			quit.Action()
		}, true},
		{"Ctrl+C or SIGTERM", false, func(t *testing.T, d *Desk, _ *fakeDesktop, cancel func()) {
			cancel() // main's context ends
			eventually(t, d, "the desk to quit", func() bool { return d.session == nil })
		}, true},
		{"the app ended another way", false, func(_ *testing.T, d *Desk, _ *fakeDesktop, _ func()) { d.Close() }, false},
	}
	for _, w := range ways {
		t.Run(w.name, func(t *testing.T) {
			st, path := newTestStation(t)
			admin := setupAdmin(t, st)
			app := &fakeDesktop{App: uitest.NewApp(t)}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			d := NewDesk(ctx, app, st, Config{DBPath: path, Tray: func() bool { return w.withTray }})
			d.pendingEvery, d.mailEvery, d.messageFor, d.drain, d.syncOrders = 0, 0, 0, app.Drain, false
			d.signedIn(admin)
			d.wait()
			s := d.session
			w.leave(t, d, app, cancel)
			d.wait()
			if n := signOuts(t, st, admin); n != 1 {
				t.Fatalf("%d sign-outs recorded, want 1", n)
			}
			if !s.jobs.Stopped() || !s.ended {
				t.Error("the session's background work still runs")
			}
			if (app.quits > 0) != w.quits {
				t.Errorf("app quit %d times", app.quits)
			}
			d.Close() // a second way out (main's Close after Quit) records nothing more
			if n := signOuts(t, st, admin); n != 1 {
				t.Errorf("%d sign-outs after Close, want 1", n)
			}
		})
	}
}

// With a system tray, closing the window keeps the station running there:
// signed in, counting requests, and the window comes back with Open.
func TestClosingTheWindowKeepsTheStationInTheTray(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna", "Bert")
	d, app := desktopDesk(t, st, path, true)
	d.signedIn(admin)
	d.wait()
	s := d.session

	s.closeWindow()
	d.wait()
	if d.session != s || app.quits != 0 || signOuts(t, st, admin) != 0 {
		t.Fatal("closing the window ended the session although there is a tray")
	}
	if len(app.notes) != 1 || !strings.Contains(app.notes[0].Title, "still running") {
		t.Errorf("notifications after the first close: %+v", app.notes)
	}
	s.show()
	s.closeWindow() // told once is enough
	if len(app.notes) != 1 {
		t.Errorf("the tray hint came again: %d notifications", len(app.notes))
	}

	// Requests keep being counted, in the tray, with a notification.
	fileRequest(t, st, admin, people[0], "")
	fileRequest(t, st, admin, people[1], "")
	s.Changed()
	d.wait()
	if item := app.menu.Items[0]; item.Label != "Card requests: 2 pending" || item.Disabled {
		t.Errorf("tray says %q (disabled %v)", item.Label, item.Disabled)
	}
	open, ok := app.trayItem("Open")
	if !ok {
		t.Fatal("the tray has no Open")
	}
	open.Action()
	if !d.shown {
		t.Error("Open did not bring the window back")
	}
}

func TestNewRequestsNotifyOnlyWhenNotLookedAt(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna", "Bert", "Cor")
	d, app := desktopDesk(t, st, path, false)
	d.signedIn(admin)
	d.wait()
	s := d.session

	fileRequest(t, st, admin, people[0], "")
	s.Changed()
	d.wait()
	if len(app.notes) != 0 {
		t.Errorf("notified while the operator looks at CardDesk: %+v", app.notes[0])
	}
	d.focused = false // another program is in front
	fileRequest(t, st, admin, people[1], "")
	fileRequest(t, st, admin, people[2], "")
	s.Changed()
	d.wait()
	if len(app.notes) != 1 || app.notes[0].Content != "2 new card requests are waiting." {
		t.Fatalf("notifications = %+v", app.notes)
	}
	s.Changed() // no new request: no new notification
	d.wait()
	if len(app.notes) != 1 {
		t.Errorf("%d notifications without a new request", len(app.notes))
	}
}

func TestTrayShowsPendingCount(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna", "Bert")
	fileRequest(t, st, admin, people[0], "")
	fileRequest(t, st, admin, people[1], "")

	d, app := desktopDesk(t, st, path, true)
	if d.tray == nil {
		t.Fatal("no tray on a desktop with one")
	}
	if got := app.menu.Items[0].Label; !strings.Contains(got, "sign in") {
		t.Errorf("tray before sign-in: %q", got)
	}
	d.signedIn(admin)
	d.wait()
	if got := app.menu.Items[0].Label; got != "Card requests: 2 pending" {
		t.Errorf("tray says %q", got)
	}
	menus := app.menus
	d.session.pending.refresh()
	d.wait()
	if app.menus != menus {
		t.Error("tray menu re-set although the count did not change")
	}
	for _, label := range []string{"Open", "Quit"} {
		if _, ok := app.trayItem(label); !ok {
			t.Errorf("the tray menu has no %q", label)
		}
	}
	d.SignOut()
	if got := app.menu.Items[0].Label; !strings.Contains(got, "sign in") {
		t.Errorf("tray after sign-out: %q", got)
	}

	// Without a tray on the desktop there is none.
	d2, _ := desktopDesk(t, st, path, false)
	if d2.tray != nil {
		t.Error("a tray was set up on a desktop without one")
	}
}

// The window's size and the last section are the user's preferences:
// the next session opens as the last one was left.
func TestWindowSizeAndSectionAreRemembered(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	op := addOperator(t, st, admin, "olga")
	d := newTestDesk(t, st, path)
	d.signedIn(admin)
	d.wait()
	s := d.session
	if got := s.win.Canvas().Size(); got != defaultWindow {
		t.Errorf("first window is %v, want %v", got, defaultWindow)
	}
	s.win.Resize(fyne.NewSize(1500, 900))
	s.open(secSettings)
	d.wait()
	d.SignOut()

	d.signedIn(admin)
	d.wait()
	if got := d.session.win.Canvas().Size(); got != fyne.NewSize(1500, 900) {
		t.Errorf("window reopened at %v", got)
	}
	if d.session.current != secSettings {
		t.Errorf("reopened on section %d, want Settings", d.session.current)
	}
	d.SignOut()

	// An operator may not open Settings: the desk opens on the requests.
	d.signedIn(op)
	d.wait()
	if d.session.current != secRequests {
		t.Errorf("operator opened on section %d", d.session.current)
	}
}
