package ui

import (
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// runner moves slow work (argon2, SQL) off the UI goroutine and brings the
// result back with fyne.Do.
type runner struct {
	do func(func())
	// unapplied counts jobs whose result has not reached the UI yet, so tests
	// and benchmarks can wait until the window shows everything it asked for.
	unapplied atomic.Int64
	// drain, in tests, runs the UI functions queued by fyne.Do on the calling
	// goroutine (the test driver has no UI goroutine of its own).
	drain func() int
	// delay is how long search-as-you-type waits for the next key; 0 in tests.
	delay time.Duration
}

func newRunner() *runner {
	return &runner{do: fyne.Do, delay: 250 * time.Millisecond}
}

// background runs work on a goroutine and then done on the UI goroutine.
func background[T any](r *runner, work func() (T, error), done func(T, error)) {
	r.unapplied.Add(1)
	go func() {
		v, err := work()
		r.do(func() {
			defer r.unapplied.Add(-1)
			done(v, err)
		})
	}()
}

// wait returns once every job started so far, and every job those started,
// has delivered its result to the UI.
func (r *runner) wait() {
	for {
		ran := 0
		if r.drain != nil {
			ran = r.drain()
		}
		if ran == 0 && r.unapplied.Load() == 0 {
			return
		}
		if ran == 0 {
			time.Sleep(200 * time.Microsecond)
		}
	}
}

// debouncer runs fn on the UI goroutine once the calls to trigger pause for
// the runner's delay, so typing a search does not query on every key.
type debouncer struct {
	r     *runner
	fn    func()
	timer *time.Timer
	seq   int
}

func newDebouncer(r *runner, fn func()) *debouncer { return &debouncer{r: r, fn: fn} }

// trigger must be called on the UI goroutine.
func (d *debouncer) trigger() {
	if d.r.delay <= 0 {
		d.fn()
		return
	}
	d.seq++
	seq := d.seq
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(d.r.delay, func() {
		d.r.do(func() {
			if seq == d.seq { // a later key press restarted the wait
				d.fn()
			}
		})
	})
}
