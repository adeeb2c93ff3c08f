package ccid

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/internal/feed"
	"github.com/carddesk/carddesk/enroll"
)

// Options paces the Service; a zero field takes its default.
type Options struct {
	// ScanEvery is how often the bus is listed for readers plugged in or
	// out (2 s): listing reads descriptors the USB stack has cached, and
	// only a new device is opened.
	ScanEvery time.Duration
	// PollEvery is how often a reader without an interrupt pipe is asked
	// whether a card is on it (250 ms). A reader with one is still asked,
	// ten times less often, in case a notification is lost.
	PollEvery time.Duration
	// AnswerWait is how long a reader may take over one command before it
	// counts as not answering (5 s); a time extension starts it again.
	AnswerWait time.Duration
	// ReadBudget bounds reading one card, time extensions included (15 s).
	ReadBudget time.Duration
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.ScanEvery, 2*time.Second)
	def(&o.PollEvery, 250*time.Millisecond)
	def(&o.AnswerWait, 5*time.Second)
	def(&o.ReadBudget, 15*time.Second)
	return o
}

// How the Service treats its listeners.
const (
	// eventBuffer is each listener's backlog; a listener that falls
	// further behind loses events (and the log says so).
	eventBuffer = 64
	// closeWait bounds how long Close waits for the watcher, and the
	// watcher for one reader's goroutine.
	closeWait = 5 * time.Second
)

// Service is the station's view of the CCID readers on USB. Open one per
// station and Close it when done; its methods are safe to call from any
// goroutine. The USB bus is first touched by Readers, NextCard or Watch;
// from then on a watcher follows it until Close.
type Service struct {
	log  *zap.Logger
	open BusOpener
	opts Options
	feed *feed.Feed[note, *picture]
}

// note is one event as the Service passes it around: the event a Watch
// listener gets, and what NextCard needs besides.
type note struct {
	ev enroll.ReaderEvent
	// synced marks the first complete picture of the bus; ev is unset.
	synced bool
	// lying: a ReaderCard for a card that was on the reader before the
	// reader was watched, which NextCard must not take.
	lying bool
	// refusal, on ReaderAdded and ReaderStatus: why no card can be read
	// at the reader (a *LevelError, *InUseError, ...); nil when one can.
	refusal error
}

// New returns a Service on the bus open opens; tests hand it an emulated
// bus. log may be nil.
func New(log *zap.Logger, open BusOpener, opts Options) *Service {
	if log == nil {
		log = zap.NewNop()
	}
	return &Service{
		log:  log.Named("ccid"),
		open: open,
		opts: opts.withDefaults(),
		feed: feed.New[note](&picture{refusals: map[string]error{}, cards: map[string]note{}}, eventBuffer),
	}
}

// OpenUSB returns a Service on the machine's USB bus through libusb.
func OpenUSB(log *zap.Logger) *Service { return New(log, openUSBBus, Options{}) }

// Close stops watching, releases every reader and ends every Watch
// channel.
func (s *Service) Close() error {
	if !s.feed.Close(closeWait) {
		// A USB call is stuck; the watcher ends when it returns.
		s.log.Warn("USB card reader watcher still busy; not waiting for it")
	}
	return nil
}

// listen subscribes, with the picture so far, until ctx ends or Close,
// and makes sure the watcher runs.
func (s *Service) listen(ctx context.Context) chan note {
	ch := s.feed.Subscribe(ctx)
	s.feed.Start(s.run)
	return ch
}

// emit records n in the picture and hands it to every listener.
func (s *Service) emit(n note) {
	if !n.synced && n.ev.At.IsZero() {
		n.ev.At = time.Now()
	}
	if dropped := s.feed.Emit(n); dropped > 0 {
		s.log.Warn("reader event listener is not keeping up; event dropped",
			zap.String("event", string(n.ev.Kind)), zap.String("reader", n.ev.Reader.Name), zap.Int("listeners", dropped))
	}
}

// snapshot copies the picture.
func (s *Service) snapshot() *picture { return s.feed.Snapshot() }

var _ enroll.ReaderSource = (*Service)(nil)
