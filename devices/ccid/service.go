package ccid

import (
	"context"
	"slices"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/internal/fanout"
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

	mu      sync.Mutex
	subs    fanout.Set[note]
	pic     picture
	running bool
	closed  bool
	quit    chan struct{} // closed by Close
	stop    context.CancelFunc
	done    chan struct{}
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

// picture is what listeners have been told, so a late one starts from the
// same place.
type picture struct {
	synced   bool
	usbDown  string // the service entry's status while USB is not available
	readers  []enroll.ReaderInfo
	refusals map[string]error
	cards    map[string]note // ReaderCard of the card on each reader
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
		pic:  picture{refusals: map[string]error{}, cards: map[string]note{}},
		quit: make(chan struct{}),
	}
}

// OpenUSB returns a Service on the machine's USB bus through libusb.
func OpenUSB(log *zap.Logger) *Service { return New(log, openUSBBus, Options{}) }

// Close stops watching, releases every reader and ends every Watch
// channel.
func (s *Service) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.quit)
	stop, done := s.stop, s.done
	s.subs.CloseAll()
	s.mu.Unlock()
	if stop != nil {
		stop()
		select {
		case <-done:
		case <-time.After(closeWait):
			// A USB call is stuck; the watcher ends when it returns.
			s.log.Warn("USB card reader watcher still busy; not waiting for it")
		}
	}
	return nil
}

// listen subscribes and makes sure the watcher runs.
func (s *Service) listen(ctx context.Context) chan note {
	ch := s.subscribe(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed && !s.running {
		s.running = true
		wctx, cancel := context.WithCancel(context.Background())
		s.stop, s.done = cancel, make(chan struct{})
		go s.run(wctx, s.done)
	}
	return ch
}

// subscribe adds a listener that gets the picture so far, then every
// note, until ctx ends or Close.
func (s *Service) subscribe(ctx context.Context) chan note {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		ch := make(chan note)
		close(ch)
		return ch
	}
	ch := s.subs.Add(eventBuffer)
	s.replayLocked(ch)
	context.AfterFunc(ctx, func() { s.unsubscribe(ch) })
	return ch
}

func (s *Service) unsubscribe(ch chan note) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs.Remove(ch)
}

// replayLocked sends a new listener the picture so far. Sends never block
// (the lock is held): a fresh channel has room for more readers than a
// desk has.
func (s *Service) replayLocked(ch chan note) {
	p := &s.pic
	if !p.synced {
		return // the watcher's first pass will tell
	}
	now := time.Now()
	send := func(n note) { fanout.Offer(ch, n) }
	if p.usbDown != "" {
		send(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderStatus, Reader: serviceEntry(p.usbDown), At: now}, refusal: ErrUSBDown})
	}
	for _, r := range p.readers {
		send(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: r, Err: p.refusals[r.Name], At: now}, refusal: p.refusals[r.Name]})
		if c, ok := p.cards[r.Name]; ok {
			c.lying = true
			send(c)
		}
	}
	send(note{synced: true})
}

// emit records n in the picture and hands it to every listener.
func (s *Service) emit(n note) {
	if !n.synced && n.ev.At.IsZero() {
		n.ev.At = time.Now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pic.apply(&n)
	if dropped := s.subs.Send(n); dropped > 0 {
		s.log.Warn("reader event listener is not keeping up; event dropped",
			zap.String("event", string(n.ev.Kind)), zap.String("reader", n.ev.Reader.Name), zap.Int("listeners", dropped))
	}
}

// apply updates the picture; a ReaderCard's reader status is set here, so
// the event and the list agree.
func (p *picture) apply(n *note) {
	if n.synced {
		p.synced = true
		return
	}
	ev := &n.ev
	name := ev.Reader.Name
	i := slices.IndexFunc(p.readers, func(r enroll.ReaderInfo) bool { return r.Name == name })
	switch ev.Kind {
	case enroll.ReaderAdded:
		if i < 0 {
			p.readers = append(p.readers, ev.Reader)
		} else {
			p.readers[i] = ev.Reader
		}
		p.setRefusal(name, n.refusal)
	case enroll.ReaderRemoved:
		if i >= 0 {
			p.readers = slices.Delete(p.readers, i, i+1)
		}
		delete(p.cards, name)
		delete(p.refusals, name)
	case enroll.ReaderStatus:
		if ev.Reader.Service {
			p.usbDown = ""
			if ev.Reader.Status != StatusReady {
				p.usbDown = ev.Reader.Status
			}
			return
		}
		if i >= 0 {
			p.readers[i] = ev.Reader
		}
		p.setRefusal(name, n.refusal)
	case enroll.ReaderCard:
		ev.Reader.Status = cardStatus(ev.Err)
		if i >= 0 {
			p.readers[i] = ev.Reader
		}
		p.cards[name] = *n
	case enroll.ReaderCardRemoved:
		ev.Reader.Status = StatusReady
		if i >= 0 {
			p.readers[i] = ev.Reader
		}
		delete(p.cards, name)
	}
}

func (p *picture) setRefusal(name string, err error) {
	if err == nil {
		delete(p.refusals, name)
	} else {
		p.refusals[name] = err
	}
}

// snapshot copies the picture.
func (s *Service) snapshot() picture {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := picture{synced: s.pic.synced, usbDown: s.pic.usbDown, readers: slices.Clone(s.pic.readers),
		refusals: map[string]error{}, cards: map[string]note{}}
	for k, v := range s.pic.refusals {
		p.refusals[k] = v
	}
	for k, v := range s.pic.cards {
		p.cards[k] = v
	}
	return p
}

var _ enroll.ReaderSource = (*Service)(nil)
