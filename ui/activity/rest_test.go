package activity

import (
	"slices"
	"sync"
	"testing"
	"time"
)

const quiet = 30 * time.Millisecond

// restLog records the calls of settle and wake in order, and when each
// settle came after the last Touch the test made.
type restLog struct {
	mu     sync.Mutex
	calls  []string
	last   time.Time       // the test's last Touch
	early  []time.Duration // settles sooner than quiet after a Touch
	signal chan string
}

func newRest(t *testing.T) (*Rest, *restLog) {
	l := &restLog{signal: make(chan string, 100)}
	r := NewRest(quiet, func() { l.add("settle", true) }, func() { l.add("wake", false) })
	t.Cleanup(r.Stop)
	return r, l
}

func (l *restLog) add(call string, settle bool) {
	l.mu.Lock()
	if gap := time.Since(l.last); settle && gap < quiet {
		l.early = append(l.early, gap)
	}
	l.calls = append(l.calls, call)
	l.mu.Unlock()
	l.signal <- call
}

func (l *restLog) touch(r *Rest) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = time.Now()
	r.Touch()
}

func (l *restLog) wait(t *testing.T, want string) {
	t.Helper()
	select {
	case got := <-l.signal:
		if got != want {
			t.Fatalf("%s came, want %s", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no %s", want)
	}
}

// none checks nothing is called for several quiet spells.
func (l *restLog) none(t *testing.T, why string) {
	t.Helper()
	select {
	case got := <-l.signal:
		t.Fatalf("%s %s", got, why)
	case <-time.After(5 * quiet):
	}
}

func (l *restLog) check(t *testing.T, want ...string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !slices.Equal(l.calls, want) {
		t.Errorf("calls %v, want %v", l.calls, want)
	}
	if len(l.early) > 0 {
		t.Errorf("settled %v after input, before the quiet spell of %v", l.early, quiet)
	}
}

func TestRestSettlesOnceAfterTheStart(t *testing.T) {
	_, l := newRest(t)
	l.wait(t, "settle")
	l.none(t, "without input")
	l.check(t, "settle")
}

func TestRestWakesOnInputAndSettlesWhenItStops(t *testing.T) {
	r, l := newRest(t)
	l.wait(t, "settle")
	l.touch(r)
	l.wait(t, "wake")
	l.touch(r) // awake already: no second wake
	l.wait(t, "settle")
	l.none(t, "without input")
	l.check(t, "settle", "wake", "settle")
}

func TestRestWaitsForInputToStop(t *testing.T) {
	r, l := newRest(t)
	l.wait(t, "settle")
	// Input more often than the quiet spell. A machine that stalls this
	// loop for a whole spell may see a rest in between; never an early one.
	for range 36 {
		l.touch(r)
		time.Sleep(quiet / 6)
	}
	var last string
	for last != "settle" || len(l.signal) > 0 {
		select {
		case last = <-l.signal:
		case <-time.After(5 * time.Second):
			t.Fatal("the desk never came to rest")
		}
	}
	l.none(t, "without input")
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.early) > 0 {
		t.Errorf("settled %v after input, before the quiet spell of %v", l.early, quiet)
	}
	if got := l.calls[len(l.calls)-1]; got != "settle" {
		t.Errorf("the last call was %s, want settle: %v", got, l.calls)
	}
}

func TestRestStop(t *testing.T) {
	r, l := newRest(t)
	l.touch(r)
	r.Stop()
	r.Touch() // after Stop: counts nothing
	l.none(t, "after Stop")
	l.check(t)
}
