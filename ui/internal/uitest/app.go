// Package uitest runs the screens of the desktop app in tests: a test app
// with one UI goroutine (the test's), a real station on a temp-file SQLite
// database, and a Host that records what a screen tells the shell.
package uitest

import (
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// App is the test app with what a real driver has and the test driver
// lacks: one UI goroutine. fyne.Do from any goroutine queues the function
// and the test goroutine runs the queue (Jobs.Wait drains it), so widgets
// are touched by one goroutine only and the race detector sees the code as
// it runs for real.
type App struct {
	fyne.App
	drv *queueDriver
}

// Driver is the queueing driver.
func (a *App) Driver() fyne.Driver { return a.drv }

// Drain runs the functions queued for the UI goroutine on the calling
// goroutine and says how many ran.
func (a *App) Drain() int { return a.drv.drain() }

// NewApp returns a test app and makes it the current app, so fyne.Do goes
// through its driver.
func NewApp(t testing.TB) *App {
	t.Helper()
	base := test.NewTempApp(t)
	a := &App{App: base, drv: &queueDriver{Driver: base.Driver()}}
	fyne.SetCurrentApp(a)
	return a
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
