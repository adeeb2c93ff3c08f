package cardholders

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// jobs moves slow work (SQL, image decoding, file I/O) off the UI goroutine
// and hands the result back with fyne.Do.
//
// The wait group exists for tests: they call wait to know that every job
// started so far, and every job those started, has delivered its result.
// The mutex serialises the hand-backs, because the test driver runs a
// fyne.Do function on the calling goroutine instead of a single UI goroutine.
type jobs struct {
	wg sync.WaitGroup
	mu sync.Mutex
}

// run calls work on a new goroutine, then the function it returns (if any)
// on the UI goroutine.
func (j *jobs) run(work func() func()) {
	j.wg.Add(1)
	go func() {
		apply := work()
		j.do(func() {
			defer j.wg.Done()
			if apply != nil {
				apply()
			}
		})
	}()
}

// do runs fn on the UI goroutine.
func (j *jobs) do(fn func()) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fyne.Do(fn)
}

// wait blocks until all started jobs have been applied.
func (j *jobs) wait() { j.wg.Wait() }

// debouncer delays a call until the triggers pause, so search-as-you-type
// queries once per pause instead of once per key.
type debouncer struct {
	jobs  *jobs
	delay time.Duration
	timer *time.Timer
}

// trigger (UI goroutine) schedules fn on the UI goroutine after the delay,
// cancelling a call that is still waiting.
func (d *debouncer) trigger(fn func()) {
	if d.timer != nil && d.timer.Stop() {
		d.jobs.wg.Done() // the cancelled call will never run
	}
	d.jobs.wg.Add(1)
	d.timer = time.AfterFunc(d.delay, func() {
		d.jobs.do(func() {
			defer d.jobs.wg.Done()
			fn()
		})
	})
}
