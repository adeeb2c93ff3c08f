package formats

import (
	"sync"

	"fyne.io/fyne/v2"
)

// jobs moves database and file work off the UI goroutine and hands the
// result back with fyne.Do.
//
// The wait group lets tests wait until every job started so far has
// delivered its result. The mutex serialises the hand-backs, because the
// test driver runs a fyne.Do function on the calling goroutine instead of
// on a single UI goroutine.
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
