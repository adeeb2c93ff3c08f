package kit

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// Jobs moves slow work (SQL, image decoding, file I/O) off the UI goroutine
// and hands the result back with fyne.Do. The zero value is ready.
//
// The wait group exists for tests: they call Wait to know that every job
// started so far, and every job those started, has delivered its result.
// The mutex serialises the hand-backs, because the test driver runs a
// fyne.Do function on the calling goroutine instead of a single UI goroutine.
type Jobs struct {
	wg sync.WaitGroup
	mu sync.Mutex
}

// Run calls work on a new goroutine, then the function it returns (if any)
// on the UI goroutine.
func (j *Jobs) Run(work func() func()) {
	j.wg.Add(1)
	go func() {
		apply := work()
		j.Do(func() {
			defer j.wg.Done()
			if apply != nil {
				apply()
			}
		})
	}()
}

// Do runs fn on the UI goroutine.
func (j *Jobs) Do(fn func()) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fyne.Do(fn)
}

// Wait blocks until all started jobs have been applied.
func (j *Jobs) Wait() { j.wg.Wait() }

// Debouncer delays a call until the triggers pause, so search-as-you-type
// queries once per pause instead of once per key.
type Debouncer struct {
	Jobs  *Jobs
	Delay time.Duration
	timer *time.Timer
}

// Trigger (UI goroutine) schedules fn on the UI goroutine after the delay,
// cancelling a call that is still waiting.
func (d *Debouncer) Trigger(fn func()) {
	if d.timer != nil && d.timer.Stop() {
		d.Jobs.wg.Done() // the cancelled call will never run
	}
	d.Jobs.wg.Add(1)
	d.timer = time.AfterFunc(d.Delay, func() {
		d.Jobs.Do(func() {
			defer d.Jobs.wg.Done()
			fn()
		})
	})
}
