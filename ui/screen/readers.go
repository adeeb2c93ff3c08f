package screen

import (
	"context"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
)

// Readers brings the reader hub's changes to the screens on the UI
// goroutine, so the status bar, the Devices screen and the connect dialog
// all show the same picture. Its methods run on the UI goroutine.
type Readers struct {
	// Hub is the station's reader hub: waits for cards, settings.
	Hub       *enroll.ReaderHub
	states    []enroll.ReaderState
	listeners map[int]func([]enroll.ReaderState)
	next      int
	// held: the desk is locked; cards read meanwhile wait in waiting.
	held    bool
	waiting []func()
}

// Hold keeps what the readers deliver from the screens until Release:
// while the desk is locked, a dialog waiting for a card behind the lock
// must not act on a card a passer-by presents.
func (r *Readers) Hold() { r.held = true }

// Release hands over what arrived while held, in order.
func (r *Readers) Release() {
	r.held = false
	waiting := r.waiting
	r.waiting = nil
	for _, fn := range waiting {
		fn()
	}
}

// deliver runs fn, which acts on a card read, now or at Release.
func (r *Readers) deliver(fn func()) {
	if r.held {
		r.waiting = append(r.waiting, fn)
		return
	}
	fn()
}

// NewReaders follows hub until the jobs stop.
func NewReaders(hub *enroll.ReaderHub, jobs *widgets.Jobs) *Readers {
	r := &Readers{Hub: hub, listeners: map[int]func([]enroll.ReaderState){}}
	events := hub.Subscribe(jobs.Context())
	r.states = hub.States()
	jobs.Go(func(context.Context) {
		for range events { // closed when the jobs stop
			states := hub.States()
			jobs.Do(func() {
				if !jobs.Stopped() { // the screens may be gone
					r.set(states)
				}
			})
		}
	})
	return r
}

func (r *Readers) set(states []enroll.ReaderState) {
	r.states = states
	for _, l := range r.listeners {
		l(states)
	}
}

// States is the picture now.
func (r *Readers) States() []enroll.ReaderState { return r.states }

// Listen calls fn with the picture now and after every change until the
// returned stop is called.
func (r *Readers) Listen(fn func([]enroll.ReaderState)) (stop func()) {
	id := r.next
	r.next++
	r.listeners[id] = fn
	fn(r.states)
	return func() { delete(r.listeners, id) }
}

// Simulated is the name of a simulated reader of the station (demo and
// training), if it has one.
func Simulated(states []enroll.ReaderState) (string, bool) {
	for _, st := range states {
		if st.Info.Kind == enroll.ReaderSimulated && !st.Info.Service {
			return st.Info.Name, true
		}
	}
	return "", false
}
