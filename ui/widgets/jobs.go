package widgets

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// TypingDelay is how long search-as-you-type waits for the next key.
const TypingDelay = 200 * time.Millisecond

// Jobs moves slow work (SQL, argon2, image decoding, file I/O) off the UI
// goroutine and hands each result back with fyne.Do. One Jobs serves one
// session: Stop cancels its context, waits for the work still running and
// drops results that arrive later, so nothing touches a closed database or
// a closed window.
type Jobs struct {
	// Drain, in tests, runs the functions the test driver queued for the
	// UI goroutine and says how many (the test driver has no UI goroutine
	// of its own); nil in the app.
	Drain func() int
	// Delay is how long a Debouncer waits; 0 runs at once (tests).
	Delay time.Duration

	ctx    context.Context
	cancel context.CancelFunc
	do     func(func())

	// mu serialises hand-backs where the driver runs a fyne.Do function on
	// the calling goroutine instead of one UI goroutine.
	mu sync.Mutex
	// unapplied counts jobs whose result has not reached the UI yet, so
	// Wait knows when the window shows everything it asked for.
	unapplied atomic.Int64
	running   sync.WaitGroup // work goroutines, for Stop
	stopped   atomic.Bool
}

// NewJobs returns jobs whose work sees ctx (cancelled by Stop as well).
func NewJobs(ctx context.Context) *Jobs {
	ctx, cancel := context.WithCancel(ctx)
	return &Jobs{ctx: ctx, cancel: cancel, do: fyne.Do, Delay: TypingDelay}
}

// Context is cancelled when the jobs stop: work passes it to the services.
func (j *Jobs) Context() context.Context { return j.ctx }

// Run calls work on a new goroutine, then the function it returns (if
// any) on the UI goroutine. After Stop nothing new starts and late results
// are dropped.
func (j *Jobs) Run(work func() func()) {
	if j.stopped.Load() {
		return
	}
	j.unapplied.Add(1)
	j.running.Add(1)
	go func() {
		apply := work()
		j.running.Done()
		j.Do(func() {
			defer j.unapplied.Add(-1)
			if apply != nil && !j.stopped.Load() {
				apply()
			}
		})
	}()
}

// Go runs work off the UI goroutine and done with its result on it.
func Go[T any](j *Jobs, work func() (T, error), done func(T, error)) {
	j.Run(func() func() {
		v, err := work()
		return func() { done(v, err) }
	})
}

// Do runs fn on the UI goroutine.
func (j *Jobs) Do(fn func()) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.do(fn)
}

// Go starts a goroutine that is not a job: a wait that may last long (a
// card at a reader, a ticker). Stop still cancels its context and waits
// for it, but Wait does not.
func (j *Jobs) Go(fn func(ctx context.Context)) {
	if j.stopped.Load() {
		return
	}
	j.running.Add(1)
	go func() {
		defer j.running.Done()
		fn(j.ctx)
	}()
}

// Every calls tick off the UI goroutine every interval until the jobs stop
// or stop (nil: never) is closed. Like Go, it is not a job.
func (j *Jobs) Every(every time.Duration, stop <-chan struct{}, tick func()) {
	j.Go(func(ctx context.Context) {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-stop:
				return
			case <-t.C:
				tick()
			}
		}
	})
}

// Stop cancels the context, waits for the work still running and drops
// every result that has not been applied. It must not be called from a
// job's work.
func (j *Jobs) Stop() {
	j.stopped.Store(true)
	j.cancel()
	j.running.Wait()
}

// Stopped reports whether Stop was called.
func (j *Jobs) Stopped() bool { return j.stopped.Load() }

// Wait returns once every job started so far, and every job those
// started, has delivered its result to the UI. Tests use it.
func (j *Jobs) Wait() {
	for {
		ran := 0
		if j.Drain != nil {
			ran = j.Drain()
		}
		if ran == 0 && j.unapplied.Load() == 0 {
			return
		}
		if ran == 0 {
			time.Sleep(200 * time.Microsecond)
		}
	}
}

// Debouncer runs a function on the UI goroutine once the calls to
// Trigger pause for the jobs' Delay, so typing a search queries once per
// pause instead of once per key.
type Debouncer struct {
	jobs  *Jobs
	fn    func()
	timer *time.Timer
	seq   int
}

// NewDebouncer debounces fn.
func NewDebouncer(j *Jobs, fn func()) *Debouncer { return &Debouncer{jobs: j, fn: fn} }

// Trigger (UI goroutine) schedules fn after the delay, cancelling a call
// that is still waiting. Wait counts the scheduled call as a job.
func (d *Debouncer) Trigger() {
	if d.jobs.Delay <= 0 {
		d.fn()
		return
	}
	d.seq++
	seq := d.seq
	if d.timer != nil && d.timer.Stop() {
		d.jobs.unapplied.Add(-1) // the cancelled call never runs
	}
	d.jobs.unapplied.Add(1)
	d.timer = time.AfterFunc(d.jobs.Delay, func() {
		d.jobs.Do(func() {
			defer d.jobs.unapplied.Add(-1)
			if seq == d.seq && !d.jobs.stopped.Load() {
				d.fn()
			}
		})
	})
}
