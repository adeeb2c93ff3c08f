package activity

import (
	"sync"
	"time"
)

// Rest tells when the desk comes to rest and when it wakes: settle runs
// once no input has arrived for a quiet spell, counted from the last
// Touch (or from NewRest, as a start is busy too), and wake runs on the
// first Touch after it. Both run on goroutines of their own, one at a
// time, and a call that a newer change overtook is skipped, so after the
// last of them the desk is in the state the input says.
//
// The desktop app keeps its heap close to what is live while it rests.
// Between two collections the Go heap holds what the last screens and
// lists threw away, up to half the live heap again; a desk spends most of
// its time waiting for the next card, and that wait should not be paid for
// in memory by the bursts of work before it.
type Rest struct {
	quiet        time.Duration
	settle, wake func()

	mu      sync.Mutex
	last    time.Time   // the last Touch
	timer   *time.Timer // counting a quiet spell; nil while at rest
	resting bool
	gen     int // bumped by every change between resting and awake
	stopped bool

	serial sync.Mutex // one settle or wake at a time
}

// NewRest starts counting a quiet spell now.
func NewRest(quiet time.Duration, settle, wake func()) *Rest {
	r := &Rest{quiet: quiet, settle: settle, wake: wake, last: time.Now()}
	r.mu.Lock() // the timer may fire before AfterFunc returns
	defer r.mu.Unlock()
	r.timer = time.AfterFunc(quiet, r.fire)
	return r
}

// Touch records input. It is called for every mouse move, so it only
// notes the time while a spell is being counted.
func (r *Rest) Touch() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	r.last = time.Now()
	if r.timer == nil {
		r.timer = time.AfterFunc(r.quiet, r.fire)
	}
	if r.resting {
		r.resting = false
		r.gen++
		go r.run(r.wake, r.gen)
	}
}

// fire settles if the spell is whole, else waits for the rest of it.
func (r *Rest) fire() {
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return
	}
	if left := r.quiet - time.Since(r.last); left > 0 {
		r.timer.Reset(left)
		r.mu.Unlock()
		return
	}
	r.timer = nil
	r.resting = true
	r.gen++
	gen := r.gen
	r.mu.Unlock()
	r.run(r.settle, gen)
}

// run calls f unless a newer change came after the one it is for.
func (r *Rest) run(f func(), gen int) {
	r.serial.Lock()
	defer r.serial.Unlock()
	r.mu.Lock()
	current := gen == r.gen && !r.stopped
	r.mu.Unlock()
	if current {
		f()
	}
}

// Stop ends the counting; neither settle nor wake starts after Stop
// returns.
func (r *Rest) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopped = true
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
}
