package enroll

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"go.uber.org/zap"
)

// KeyboardStatus is the status of a keyboard reader: it has no state of its
// own, it types into whatever window has the focus.
const KeyboardStatus = "ready"

// ReaderState is one reader as the station shows it: what its source says,
// what the administrator set, and the last card presented.
type ReaderState struct {
	Info   ReaderInfo
	Config ReaderConfig // Name is empty when nothing was set
	// LastRead is the last card presented, decoded with the reader's
	// settings; LastErr says why it could not be read or decoded.
	LastRead *CardRead
	LastErr  error
}

// ReaderHub is the station's live view of its readers. It merges the
// sources (PC/SC, CCID, simulated) with the keyboard readers an
// administrator set up, decodes every read with its reader's settings,
// remembers each reader's last card and tells subscribers what changed.
// The desk waits for cards through it, so every kind of reader behaves the
// same there.
type ReaderHub struct {
	devices  *Devices
	sources  []ReaderSource
	keyboard KeyboardInput
	log      *zap.Logger
	inForce  ReadersInForce // set before Start, read-only after

	mu      sync.Mutex
	states  map[string]*ReaderState
	configs map[string]ReaderConfig
	waiting map[string]int // NextCard calls under way per reader
	subs    map[chan ReaderEvent]struct{}
	stop    context.CancelFunc
	done    sync.WaitGroup
}

// hubBuffer is each subscriber's backlog of events.
const hubBuffer = 64

// NewReaderHub returns a hub over the sources; keyboard may be nil where
// nothing types (the command line), and then keyboard readers are not
// listed. Start it before use.
func NewReaderHub(d *Devices, log *zap.Logger, keyboard KeyboardInput, sources ...ReaderSource) *ReaderHub {
	if log == nil {
		log = zap.NewNop()
	}
	return &ReaderHub{
		devices: d, sources: sources, keyboard: keyboard, log: log.Named("readers"),
		states: map[string]*ReaderState{}, configs: map[string]ReaderConfig{},
		waiting: map[string]int{}, subs: map[chan ReaderEvent]struct{}{},
	}
}

// ReadersInForce is what the running station opened. It can differ from
// the stored options: a change takes effect at the next start, and the
// demo always offers the simulated reader.
type ReadersInForce struct {
	ReaderOptions
	Demo bool
	// NoDirectUSB: this build reaches no device over raw USB (Windows:
	// readers go through the smart-card service, WinSCard, and printers
	// through the print spooler), so CCID stays off whatever
	// readers.ccid.enabled says.
	NoDirectUSB bool
}

// SetInForce records what the station opened; call it before Start.
func (h *ReaderHub) SetInForce(f ReadersInForce) { h.inForce = f }

// InForce is what SetInForce recorded.
func (h *ReaderHub) InForce() ReadersInForce { return h.inForce }

// Start loads the reader settings and follows every source until Close
// or ctx ends.
// Settings that cannot be read are logged; reads then use no settings.
func (h *ReaderHub) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	h.mu.Lock()
	h.stop = cancel
	h.mu.Unlock()
	if err := h.Reload(ctx); err != nil {
		h.log.Warn("reader settings not loaded", zap.Error(err))
	}
	for _, src := range h.sources {
		events := src.Watch(ctx)
		h.done.Go(func() { h.follow(ctx, events) })
	}
	if h.keyboard != nil {
		h.done.Go(func() { h.typing(ctx) })
	}
}

// Close stops following the sources and ends every subscription. It does
// not close the sources: whoever opened them does.
func (h *ReaderHub) Close() {
	h.mu.Lock()
	stop := h.stop
	h.mu.Unlock()
	if stop != nil {
		stop()
	}
	h.done.Wait()
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		delete(h.subs, ch)
		close(ch)
	}
}

// Readers lists every reader and service status entry the hub knows, by
// kind and name.
func (h *ReaderHub) Readers(ctx context.Context) ([]ReaderInfo, error) {
	states := h.States()
	out := make([]ReaderInfo, len(states))
	for i, s := range states {
		out[i] = s.Info
	}
	return out, ctx.Err()
}

// States is a copy of every reader's state: service entries first, then
// by kind and name.
func (h *ReaderHub) States() []ReaderState {
	h.mu.Lock()
	out := make([]ReaderState, 0, len(h.states))
	for _, s := range h.states {
		out = append(out, *s)
	}
	h.mu.Unlock()
	slices.SortFunc(out, func(a, b ReaderState) int {
		if a.Info.Service != b.Info.Service {
			if a.Info.Service {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Info.Kind, b.Info.Kind), cmp.Compare(a.Info.Name, b.Info.Name))
	})
	return out
}

// Subscribe streams every change (reads already decoded) until ctx ends or
// the hub closes. A subscriber that falls behind loses events; States
// always has the full picture.
func (h *ReaderHub) Subscribe(ctx context.Context) <-chan ReaderEvent {
	ch := make(chan ReaderEvent, hubBuffer)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[ch] = struct{}{}
	context.AfterFunc(ctx, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[ch]; ok {
			delete(h.subs, ch)
			close(ch)
		}
	})
	return ch
}

// NextCard waits for the next card presented at the named reader, decoded
// with its settings. A reader that is not there or goes away ends the
// wait with an error matching ErrReaderGone; a card that cannot be read or
// decoded returns what is known of it and the error.
func (h *ReaderHub) NextCard(ctx context.Context, name string) (CardRead, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := h.Subscribe(ctx)
	h.mu.Lock()
	st, ok := h.states[name]
	if !ok || st.Info.Service {
		h.mu.Unlock()
		return CardRead{}, fmt.Errorf("reader %q is not connected: %w", name, ErrReaderGone)
	}
	h.waiting[name]++
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.waiting[name]--
		h.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return CardRead{}, ctx.Err()
		case ev, ok := <-events:
			switch {
			case !ok:
				return CardRead{}, fmt.Errorf("reader %q: the station stopped watching readers: %w", name, ErrReaderGone)
			case ev.Reader.Name != name:
			case ev.Kind == ReaderRemoved:
				return CardRead{}, fmt.Errorf("reader %q was unplugged or stopped answering: %w", name, ErrReaderGone)
			case ev.Kind == ReaderCard:
				return ev.Card, ev.Err
			}
		}
	}
}

// Waiting reports whether someone waits in NextCard at the named reader.
func (h *ReaderHub) Waiting(name string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.waiting[name] > 0
}

// Configure stores a reader's settings and applies them at once.
func (h *ReaderHub) Configure(ctx context.Context, a Actor, c ReaderConfig) error {
	if err := h.devices.Configure(ctx, a, c); err != nil {
		return err
	}
	return h.Reload(ctx)
}

// Remove forgets a reader's settings; a keyboard reader leaves the list.
func (h *ReaderHub) Remove(ctx context.Context, a Actor, name string) error {
	if err := h.devices.Remove(ctx, a, name); err != nil {
		return err
	}
	return h.Reload(ctx)
}

// Reload reads the reader settings again: keyboard readers come and go
// with theirs.
func (h *ReaderHub) Reload(ctx context.Context) error {
	list, err := h.devices.Configs(ctx)
	if err != nil {
		return err
	}
	configs := make(map[string]ReaderConfig, len(list))
	for _, c := range list {
		configs[c.Name] = c
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.configs = configs
	for name, st := range h.states {
		before := st.Config
		st.Config = configs[name]
		switch {
		case st.Info.Kind == ReaderKeyboard && st.Config.Kind != ReaderKeyboard:
			delete(h.states, name)
			h.publishLocked(ReaderEvent{Kind: ReaderRemoved, Reader: st.Info, At: h.devices.now()})
		case !reflect.DeepEqual(before, st.Config):
			// New settings change how the reader's cards read: every
			// screen showing them should know.
			h.publishLocked(ReaderEvent{Kind: ReaderStatus, Reader: st.Info, At: h.devices.now()})
		}
	}
	if h.keyboard == nil {
		return nil
	}
	for _, c := range list {
		if _, ok := h.states[c.Name]; ok || c.Kind != ReaderKeyboard {
			continue
		}
		info := ReaderInfo{Name: c.Name, Kind: ReaderKeyboard, Status: KeyboardStatus}
		h.states[c.Name] = &ReaderState{Info: info, Config: c}
		h.publishLocked(ReaderEvent{Kind: ReaderAdded, Reader: info, At: h.devices.now()})
	}
	return nil
}

// follow applies a source's events until it closes them or ctx ends; a
// source that keeps its channel open past ctx must not hold up Close.
func (h *ReaderHub) follow(ctx context.Context, events <-chan ReaderEvent) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			h.apply(ctx, ev)
		}
	}
}

// apply takes one event from a source into the picture and passes it on.
func (h *ReaderHub) apply(ctx context.Context, ev ReaderEvent) {
	if ev.At.IsZero() {
		ev.At = h.devices.now()
	}
	if ev.Kind == ReaderCard && ev.Err == nil {
		ev.Card, ev.Err = h.devices.Decode(ctx, ev.Card)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	name := ev.Reader.Name
	switch ev.Kind {
	case ReaderRemoved:
		delete(h.states, name)
	default:
		st, ok := h.states[name]
		if !ok {
			st = &ReaderState{Config: h.configs[name]}
			h.states[name] = st
		}
		st.Info = ev.Reader
		if ev.Kind == ReaderCard {
			card := ev.Card
			st.LastRead, st.LastErr = &card, ev.Err
		}
	}
	if ev.Kind == ReaderCard && ev.Err != nil {
		h.log.Info("card not read", zap.String("reader", name), zap.Error(ev.Err))
	}
	h.publishLocked(ev)
}

func (h *ReaderHub) publishLocked(ev ReaderEvent) {
	for ch := range h.subs {
		select {
		case ch <- ev:
		default:
			h.log.Warn("reader event listener is not keeping up; event dropped",
				zap.String("event", string(ev.Kind)), zap.String("reader", ev.Reader.Name))
		}
	}
}

// typing turns keyboard bursts into reads of a keyboard reader until ctx
// ends.
func (h *ReaderHub) typing(ctx context.Context) {
	for {
		b, err := h.keyboard.NextBurst(ctx)
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, context.Canceled) {
				h.log.Warn("keyboard input ended", zap.Error(err))
			}
			return
		}
		name, ok := h.typingReader()
		if !ok {
			continue // no keyboard reader is set up: it was someone typing fast
		}
		at := b.At
		if at.IsZero() {
			at = h.devices.now()
		}
		h.apply(ctx, ReaderEvent{Kind: ReaderCard, At: at,
			Reader: ReaderInfo{Name: name, Kind: ReaderKeyboard, Status: KeyboardStatus},
			Card:   CardRead{Reader: name, Typed: b.Text, At: at}})
	}
}

// typingReader picks the keyboard reader a burst belongs to. There is one
// keyboard, so a burst cannot say which reader typed it: the reader being
// waited on gets it, else the first by name.
func (h *ReaderHub) typingReader() (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var names []string
	for name, st := range h.states {
		if st.Info.Kind == ReaderKeyboard {
			if h.waiting[name] > 0 {
				return name, true
			}
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "", false
	}
	return slices.Min(names), true
}

var _ ReaderSet = (*ReaderHub)(nil)

// CardPresenter is a reader source whose cards a person presents by hand:
// the simulated reader of the demo and of training.
type CardPresenter interface {
	// Present puts a card with this UID on the source's reader and
	// reports whether anyone waited for it or watched.
	Present(uid []byte) bool
}

// ErrNotPresentable: the reader reads real cards; nobody can present one
// by hand.
var ErrNotPresentable = errors.New("cards cannot be presented to this reader by hand")

// Present hands a test card to the named reader, when it belongs to a
// source whose cards are presented by hand; an empty uid is a random card.
// taken reports whether anyone waited for the card or watched the reader.
func (h *ReaderHub) Present(ctx context.Context, name string, uid []byte) (taken bool, err error) {
	if len(uid) == 0 {
		uid = RandomTestUID()
	}
	for _, src := range h.sources {
		p, ok := src.(CardPresenter)
		if !ok {
			continue
		}
		list, err := src.Readers(ctx)
		if err != nil {
			return false, err
		}
		if slices.ContainsFunc(list, func(r ReaderInfo) bool { return r.Name == name }) {
			return p.Present(uid), nil
		}
	}
	if _, ok := h.state(name); !ok {
		return false, fmt.Errorf("reader %q is not connected: %w", name, ErrReaderGone)
	}
	return false, fmt.Errorf("reader %q: %w", name, ErrNotPresentable)
}

func (h *ReaderHub) state(name string) (ReaderState, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st, ok := h.states[name]
	if !ok {
		return ReaderState{}, false
	}
	return *st, true
}

// TakesKeyboard reports whether keyboard-wedge readers can be set up: the
// hub watches a keyboard (the desktop app), not the command line.
func (h *ReaderHub) TakesKeyboard() bool { return h.keyboard != nil }

// RandomTestUID is a 4-byte UID (a csn32 card) with the NXP manufacturer
// byte first, as most cards at a desk have: a test card for the demo and
// training.
func RandomTestUID() []byte {
	uid := make([]byte, 4)
	_, _ = rand.Read(uid)
	uid[0] = 0x04
	return uid
}
