package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

const adminPassword = uitest.AdminPassword

var (
	newTestStation = uitest.Station
	setupAdmin     = uitest.SetupAdmin
	addOperator    = uitest.AddOperator
	addCardholders = uitest.AddCardholders
	fileRequest    = uitest.FileRequest
)

// noTray is the desktop of the test machine: no system tray.
func noTray() bool { return false }

// newTestDesk builds a Desk on the test driver with no ticker, no search
// delay and status messages that stay, so tests decide when things happen.
func newTestDesk(t testing.TB, st *enroll.Station, path string) *Desk {
	t.Helper()
	return newTestDeskOn(t, uitest.NewApp(t), st, path, Config{Tray: noTray})
}

// newTestDeskOn builds the desk on a (wrapped) test app; a must queue
// fyne.Do like uitest.App does, drain says how to run the queue.
func newTestDeskOn(t testing.TB, a interface {
	fyne.App
	Drain() int
}, st *enroll.Station, path string, cfg Config) *Desk {
	t.Helper()
	fyne.SetCurrentApp(a)
	ctx, cancel := context.WithCancel(context.Background())
	cfg.DBPath, cfg.Version = path, "test"
	d := NewDesk(ctx, a, st, cfg)
	d.pendingEvery, d.mailEvery, d.messageFor, d.drain, d.syncOrders = 0, 0, 0, a.Drain, false
	// desk.lock_minutes is read at sign-in only.
	d.lockEvery = 0
	t.Cleanup(func() { // before the database closes
		d.wait()
		d.Close()
		cancel()
	})
	return d
}

// wait runs the UI work the test driver queued until every job of the
// entry window and the session has delivered its result.
func (d *Desk) wait() {
	for {
		ran := d.drain()
		if d.entry != nil {
			d.entry.jobs.Wait()
		}
		if d.session != nil {
			d.session.jobs.Wait()
		}
		if ran == 0 && d.drain() == 0 {
			return
		}
	}
}

// signedInDesk opens the main window for actor without typing a password.
func signedInDesk(t testing.TB, st *enroll.Station, path string, actor enroll.Actor) (*Desk, *session) {
	t.Helper()
	d := newTestDesk(t, st, path)
	d.signedIn(actor)
	d.wait()
	return d, d.session
}

// eventually runs queued UI work until cond holds or the time is up.
func eventually(t *testing.T, d *Desk, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		d.wait()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// simulatedHub is a started reader hub with the simulated reader of the
// demo; it stops with the test.
func simulatedHub(t testing.TB, st *enroll.Station) *enroll.ReaderHub {
	t.Helper()
	hub := enroll.NewReaderHub(st.Devices, nil, nil, simulated.New())
	hub.Start(context.Background())
	t.Cleanup(hub.Close)
	for deadline := time.Now().Add(5 * time.Second); len(hub.States()) == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the simulated reader never showed up")
		}
	}
	return hub
}
