package pcsc

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/internal/feed"
	"github.com/carddesk/carddesk/enroll"
)

// Service is the station's view of the PC/SC readers. Open one per
// station and Close it when done; its methods are safe to call from any
// goroutine.
type Service struct {
	log  *zap.Logger
	feed *feed.Feed[Event, *published]
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
		log:  log.Named("pcsc"),
		feed: feed.New[Event](&published{cards: map[string]Event{}}, eventBuffer),
	}
}

// Close stops watching and ends every Events channel.
func (s *Service) Close() error {
	if !s.feed.Close(closeWait) {
		// The watcher is stuck in a call to a reader that does not
		// answer; it ends when that call does and tells no one.
		s.log.Warn("card reader watcher still busy with a reader; not waiting for it")
	}
	return nil
}

// Events streams changes until ctx ends or the Service is closed, when the
// channel is closed. It starts with the current picture (ReaderAdded and
// CardPresent, then ServiceUp; or ServiceDown) once the watcher has one.
func (s *Service) Events(ctx context.Context) <-chan Event {
	ch := s.feed.Subscribe(ctx)
	s.feed.Start(s.watch)
	return ch
}

// emit records ev in the published picture and hands it to every listener.
func (s *Service) emit(ev Event) {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	if n := s.feed.Emit(ev); n > 0 {
		s.log.Warn("event listener is not keeping up; event dropped",
			zap.Stringer("event", ev.Kind), zap.String("reader", ev.Reader), zap.Int("listeners", n))
	}
}

// snapshot copies the published picture for the watcher.
func (s *Service) snapshot() *published { return s.feed.Snapshot() }

var _ enroll.ReaderSource = (*Service)(nil)
