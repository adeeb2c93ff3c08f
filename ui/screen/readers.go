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
