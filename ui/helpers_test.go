package ui

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// cheapPasswords keeps argon2 fast in tests.
var cheapPasswords = enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}

const adminPassword = "correct horse battery"

// newTestStation opens a fresh database file in a temp dir.
func newTestStation(t testing.TB) (*enroll.Station, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "carddesk.db")
	db, err := sqlite.Open(context.Background(), path, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return enroll.New(db, enroll.Options{Password: cheapPasswords}), path
}

// newTestDesk builds a Desk on the test driver with no ticker, no search
// delay and status messages that stay, so tests decide when things happen.
func newTestDesk(t testing.TB, st *enroll.Station, path string) *Desk {
	t.Helper()
	return newTestDeskOn(t, newUIApp(t), st, path)
}

func newTestDeskOn(t testing.TB, a fyne.App, st *enroll.Station, path string) *Desk {
	t.Helper()
	fyne.SetCurrentApp(a) // fyne.Do goes through a's driver
	d := NewDesk(a, st, Config{DBPath: path, Version: "test"})
	d.pendingEvery, d.mailEvery, d.messageFor, d.run.delay = 0, 0, 0, 0
	d.run.drain = a.Driver().(*queueDriver).drain
	t.Cleanup(func() {
		if d.session != nil {
			d.session.stop()
		}
		d.run.wait()
	})
	return d
}

// uiApp is the test app with what a real driver has and the test driver
// lacks: one UI goroutine. fyne.Do from any goroutine queues the function and
// the test goroutine runs the queue (runner.wait), so widgets are touched by
// one goroutine only and the race detector sees the code as it runs for real.
type uiApp struct {
	fyne.App
	drv *queueDriver
}

func (a *uiApp) Driver() fyne.Driver { return a.drv }

func newUIApp(t testing.TB) *uiApp {
	t.Helper()
	a := test.NewTempApp(t)
	return &uiApp{App: a, drv: &queueDriver{Driver: a.Driver()}}
}

type queueDriver struct {
	fyne.Driver
	mu    sync.Mutex
	queue []func()
}

func (d *queueDriver) DoFromGoroutine(fn func(), wait bool) {
	d.mu.Lock()
	if !wait {
		d.queue = append(d.queue, fn)
		d.mu.Unlock()
		return
	}
	done := make(chan struct{})
	d.queue = append(d.queue, func() { fn(); close(done) })
	d.mu.Unlock()
	<-done
}

// drain runs the queued functions on the calling goroutine and says how many.
func (d *queueDriver) drain() int {
	ran := 0
	for {
		d.mu.Lock()
		q := d.queue
		d.queue = nil
		d.mu.Unlock()
		if len(q) == 0 {
			return ran
		}
		for _, fn := range q {
			fn()
		}
		ran += len(q)
	}
}

// setupAdmin creates the first administrator directly through the station.
func setupAdmin(t testing.TB, st *enroll.Station) enroll.Actor {
	t.Helper()
	a, err := st.Operators.Setup(context.Background(), "admin", "admin@example.com", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// addOperator adds a non-administrator account.
func addOperator(t testing.TB, st *enroll.Station, admin enroll.Actor, name string) enroll.Actor {
	t.Helper()
	op, err := st.Operators.Add(context.Background(), admin, enroll.NewOperator{
		Name: name, Role: enroll.RoleOperator, Password: "operator password"})
	if err != nil {
		t.Fatal(err)
	}
	return enroll.Actor{ID: op.ID, Name: op.Name, Role: op.Role}
}

// addCardholders stores people to file requests for.
func addCardholders(t testing.TB, st *enroll.Station, a enroll.Actor, names ...string) []enroll.Cardholder {
	t.Helper()
	var out []enroll.Cardholder
	for _, n := range names {
		c, err := st.Cardholders.Add(context.Background(), a, enroll.Cardholder{FirstName: n, LastName: "Tester", Department: "Security"})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func fileRequest(t testing.TB, st *enroll.Station, a enroll.Actor, c enroll.Cardholder, reason string) enroll.CardRequest {
	t.Helper()
	r, err := st.Requests.Create(context.Background(), a, enroll.NewRequest{CardholderID: c.ID, Reason: reason, EmailWhenReady: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// signedInDesk opens the main window for actor without typing a password.
func signedInDesk(t testing.TB, st *enroll.Station, path string, actor enroll.Actor) (*Desk, *session) {
	t.Helper()
	d := newTestDesk(t, st, path)
	d.signedIn(actor)
	d.run.wait()
	return d, d.session
}

// eventually runs queued UI work until cond holds or the time is up.
func eventually(t *testing.T, d *Desk, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		d.run.wait()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
