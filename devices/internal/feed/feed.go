// Package feed is what the reader services have in common around their
// event stream: the watcher goroutine that produces the events, the
// picture the events add up to, and the listeners.
//
// A new listener is first told the picture, then gets every later event.
// Both happen under the one lock Emit takes too, so no event can fall
// between what a listener is replayed and what it is sent, nor reach it
// twice.
package feed

import (
	"context"
	"sync"
	"time"

	"github.com/carddesk/carddesk/devices/internal/fanout"
)

// Picture is what a service has told its listeners so far. Its methods
// are called under the Feed's lock, so they must not call back into the
// Feed or the service.
type Picture[E, P any] interface {
	// Apply takes ev into the picture. It may complete ev first (a status
	// the picture derives), and listeners then get ev as completed.
	Apply(ev *E)
	// Replay tells a new listener the picture, as events. send never
	// blocks: a listener's channel has room for more than a desk has.
	Replay(send func(E))
	// Clone is a deep copy, for a caller to read without the lock.
	Clone() P
}

// Feed is one service's listeners, picture and watcher. Its methods are
// safe to call from any goroutine.
type Feed[E any, P Picture[E, P]] struct {
	buffer int
	quit   chan struct{} // closed by Close

	mu     sync.Mutex
	subs   fanout.Set[E]
	pic    P
	closed bool
	stop   context.CancelFunc // the watcher's, once it runs
	done   chan struct{}      // closed when the watcher has returned
}

// New returns a Feed starting from pic, whose listeners each have room
// for buffer events; a listener further behind loses events.
func New[E any, P Picture[E, P]](pic P, buffer int) *Feed[E, P] {
	return &Feed[E, P]{buffer: buffer, pic: pic, quit: make(chan struct{})}
}

// Subscribe adds a listener that is replayed the picture, then gets every
// event until ctx ends or Close. After Close the channel comes closed.
func (f *Feed[E, P]) Subscribe(ctx context.Context) chan E {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		ch := make(chan E)
		close(ch)
		return ch
	}
	ch := f.subs.Add(f.buffer)
	f.pic.Replay(func(ev E) { fanout.Offer(ch, ev) })
	context.AfterFunc(ctx, func() { f.Unsubscribe(ch) })
	return ch
}

// Unsubscribe ends a listener early; one already ended is left alone.
func (f *Feed[E, P]) Unsubscribe(ch chan E) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs.Remove(ch)
}

// Emit takes ev into the picture and offers it to every listener, and
// reports how many were too far behind to take it (for the service to
// log: the Feed does not know how to word an event).
func (f *Feed[E, P]) Emit(ev E) (dropped int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pic.Apply(&ev)
	return f.subs.Send(ev)
}

// Snapshot is a copy of the picture.
func (f *Feed[E, P]) Snapshot() P {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pic.Clone()
}

// Len is the number of listeners.
func (f *Feed[E, P]) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.subs.Len()
}

// Start runs the watcher in a goroutine of its own the first time it is
// called, until Close; after Close it does nothing. The watcher learns of
// Close by its ctx.
func (f *Feed[E, P]) Start(watcher func(ctx context.Context)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || f.stop != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	f.stop, f.done = cancel, done
	go func() {
		defer close(done)
		watcher(ctx)
	}()
}

// Closed is closed by Close, for a goroutine that forwards events to stop
// where nobody reads them any more.
func (f *Feed[E, P]) Closed() <-chan struct{} { return f.quit }

// Close ends every listener and stops the watcher, waiting for it at most
// wait. It reports false when the watcher was still busy then (stuck in a
// call to a device, say): it ends by itself when that call returns, and
// tells no one. Closing again does nothing.
func (f *Feed[E, P]) Close(wait time.Duration) (stopped bool) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return true
	}
	f.closed = true
	close(f.quit)
	f.subs.CloseAll()
	stop, done := f.stop, f.done
	f.mu.Unlock()
	if stop == nil {
		return true
	}
	stop()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}
