package pcsc

import (
	"context"
	"slices"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/internal/fanout"
	"github.com/carddesk/carddesk/enroll"
)

// Service is the station's view of the PC/SC readers. Open one per
// station and Close it when done; its methods are safe to call from any
// goroutine.
type Service struct {
	log *zap.Logger

	mu      sync.Mutex
	subs    fanout.Set[Event]
	state   published
	running bool
	closed  bool
	stop    context.CancelFunc
	done    chan struct{}
}

// published is what the watcher has told its listeners so far, so a late
// listener starts from the same picture.
type published struct {
	synced  bool // the watcher has reached the service (or found it down) once
	up      bool
	readers []string
	cards   map[string]Event // CardPresent of each card lying on a reader
}

// How the watcher paces itself.
const (
	// waitSlice bounds each wait for a change, so a missed cancel costs at
	// most this long.
	waitSlice = 2 * time.Second
	// retryEvery is how often a service that is down is tried again.
	retryEvery = 500 * time.Millisecond
	// eventBuffer is each listener's backlog; a listener that falls further
	// behind loses events (and the log says so).
	eventBuffer = 64
	// closeWait bounds how long Close waits for the watcher.
	closeWait = 5 * time.Second
)

// Open returns a Service. It reaches nothing yet: the smart-card service is
// asked on each Readers call, and watched from the first Events or NextCard.
func Open(log *zap.Logger) *Service {
	if log == nil {
		log = zap.NewNop()
	}
	return &Service{
		log:   log.Named("pcsc"),
		state: published{cards: map[string]Event{}},
	}
}

// Close stops watching and ends every Events channel.
func (s *Service) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	stop, done := s.stop, s.done
	s.subs.CloseAll()
	s.mu.Unlock()
	if stop != nil {
		stop()
		select {
		case <-done:
		case <-time.After(closeWait):
			// The watcher is stuck in a call to a reader that does not
			// answer; it ends when that call does and tells no one.
			s.log.Warn("card reader watcher still busy with a reader; not waiting for it")
		}
	}
	return nil
}

// Events streams changes until ctx ends or the Service is closed, when the
// channel is closed. It starts with the current picture (ReaderAdded and
// CardPresent, then ServiceUp; or ServiceDown) once the watcher has one.
func (s *Service) Events(ctx context.Context) <-chan Event {
	ch := s.subscribe(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.startLocked()
	}
	return ch
}

// subscribe adds a listener that gets the picture so far, then every event.
func (s *Service) subscribe(ctx context.Context) chan Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		ch := make(chan Event)
		close(ch)
		return ch
	}
	ch := s.subs.Add(eventBuffer)
	s.replayLocked(ch)
	context.AfterFunc(ctx, func() { s.unsubscribe(ch) })
	return ch
}

func (s *Service) unsubscribe(ch chan Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs.Remove(ch)
}

// replayLocked sends a new listener the picture so far. Sends never block
// (the lock is held): a fresh channel has room for far more readers than a
// desk has.
func (s *Service) replayLocked(ch chan Event) {
	st := s.state
	if !st.synced {
		return // the watcher's first pass will tell
	}
	now := time.Now()
	send := func(ev Event) { fanout.Offer(ch, ev) }
	if !st.up {
		send(Event{Kind: ServiceDown, At: now})
		return
	}
	for _, r := range st.readers {
		send(Event{Kind: ReaderAdded, Reader: r, At: now})
		if c, ok := st.cards[r]; ok {
			send(c)
		}
	}
	send(Event{Kind: ServiceUp, At: now})
}

// startLocked starts the watcher once; it runs until Close.
func (s *Service) startLocked() {
	if s.running {
		return
	}
	s.running = true
	ctx, cancel := context.WithCancel(context.Background())
	s.stop, s.done = cancel, make(chan struct{})
	go s.watch(ctx, s.done)
}

// emit records ev in the published picture and hands it to every listener.
func (s *Service) emit(ev Event) {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.apply(ev)
	if n := s.subs.Send(ev); n > 0 {
		s.log.Warn("event listener is not keeping up; event dropped",
			zap.Stringer("event", ev.Kind), zap.String("reader", ev.Reader), zap.Int("listeners", n))
	}
}

func (p *published) apply(ev Event) {
	switch ev.Kind {
	case ReaderAdded:
		if !slices.Contains(p.readers, ev.Reader) {
			p.readers = append(p.readers, ev.Reader)
		}
	case ReaderRemoved:
		p.readers = slices.DeleteFunc(p.readers, func(r string) bool { return r == ev.Reader })
		delete(p.cards, ev.Reader)
	case CardPresent:
		p.cards[ev.Reader] = ev
	case CardRemoved:
		delete(p.cards, ev.Reader)
	case ServiceUp:
		p.synced, p.up = true, true
	case ServiceDown:
		p.synced, p.up = true, false
	}
}

// snapshot copies the published picture for the watcher.
func (s *Service) snapshot() published {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := published{synced: s.state.synced, up: s.state.up, readers: slices.Clone(s.state.readers), cards: map[string]Event{}}
	for r, c := range s.state.cards {
		p.cards[r] = c
	}
	return p
}

var _ enroll.ReaderSource = (*Service)(nil)
