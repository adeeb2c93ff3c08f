package enroll_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/devices/wedge"
	"github.com/carddesk/carddesk/enroll"
)

// plugSource is a reader source a test plugs and unplugs by hand.
type plugSource struct{ events chan enroll.ReaderEvent }

func newPlugSource() *plugSource { return &plugSource{events: make(chan enroll.ReaderEvent, 8)} }

func (p *plugSource) Readers(context.Context) ([]enroll.ReaderInfo, error) { return nil, nil }
func (p *plugSource) NextCard(context.Context, string) (enroll.CardRead, error) {
	return enroll.CardRead{}, errors.New("the hub must not call NextCard of a source")
}
func (p *plugSource) Watch(context.Context) <-chan enroll.ReaderEvent { return p.events }

func startHub(t *testing.T, e *env, kb enroll.KeyboardInput, sources ...enroll.ReaderSource) *enroll.ReaderHub {
	t.Helper()
	h := enroll.NewReaderHub(e.st.Devices, nil, kb, sources...)
	h.Start(t.Context())
	t.Cleanup(h.Close)
	return h
}

// eventually polls cond for up to two seconds: the hub applies source
// events on its own goroutines.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

func hasReader(h *enroll.ReaderHub, name string) func() bool {
	return func() bool {
		list, _ := h.Readers(context.Background())
		for _, r := range list {
			if r.Name == name {
				return true
			}
		}
		return false
	}
}

func TestHubDecodesAndRemembersReads(t *testing.T) {
	e := newEnv(t)
	if err := e.st.Devices.Configure(e.ctx, e.admin, enroll.ReaderConfig{Name: simulated.Name, Kind: enroll.ReaderSimulated, Format: "csn32"}); err != nil {
		t.Fatal(err)
	}
	sim := simulated.New()
	h := startHub(t, e, nil, sim)
	eventually(t, "the simulated reader is listed", hasReader(h, simulated.Name))

	got := make(chan enroll.CardRead, 1)
	go func() {
		read, err := h.NextCard(e.ctx, simulated.Name)
		if err != nil {
			t.Error(err)
		}
		got <- read
	}()
	eventually(t, "NextCard waits", func() bool { return h.Waiting(simulated.Name) })
	sim.Present([]byte{4, 0xa1, 0xb2, 0xc3})
	read := <-got
	if read.Format != "csn32" || read.Bits != "00000100101000011011001011000011" {
		t.Fatalf("NextCard = %+v; want the UID in csn32 as the reader's settings say", read)
	}
	states := h.States()
	if len(states) != 1 || states[0].LastRead == nil || states[0].LastRead.Format != "csn32" || states[0].Config.Format != "csn32" {
		t.Fatalf("States = %+v", states)
	}
}

func TestHubNextCardEndsWhenTheReaderGoes(t *testing.T) {
	e := newEnv(t)
	src := newPlugSource()
	h := startHub(t, e, nil, src)
	reader := enroll.ReaderInfo{Name: "USB reader", Kind: enroll.ReaderPCSC, Status: "ready"}
	if _, err := h.NextCard(e.ctx, reader.Name); !errors.Is(err, enroll.ErrReaderGone) {
		t.Fatalf("NextCard of a reader not there: %v", err)
	}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: reader}
	eventually(t, "the reader is listed", hasReader(h, reader.Name))
	done := make(chan error, 1)
	go func() { _, err := h.NextCard(e.ctx, reader.Name); done <- err }()
	time.Sleep(20 * time.Millisecond) // let NextCard subscribe; a later unplug is caught either way
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: reader}
	select {
	case err := <-done:
		if !errors.Is(err, enroll.ErrReaderGone) {
			t.Fatalf("NextCard after unplug: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("NextCard hangs after the reader was unplugged")
	}
	if len(h.States()) != 0 {
		t.Fatalf("unplugged reader still listed: %+v", h.States())
	}
}

func TestHubServiceEntryIsAStatus(t *testing.T) {
	e := newEnv(t)
	src := newPlugSource()
	h := startHub(t, e, nil, src)
	svc := enroll.ReaderInfo{Name: "Smart-card service", Kind: enroll.ReaderPCSC, Status: "not running", Service: true}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: svc}
	eventually(t, "the service entry is listed", hasReader(h, svc.Name))
	if _, err := h.NextCard(e.ctx, svc.Name); !errors.Is(err, enroll.ErrReaderGone) {
		t.Fatalf("NextCard at a service entry: %v", err)
	}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: svc}
	eventually(t, "the service entry goes", func() bool { return !hasReader(h, svc.Name)() })
}

func TestHubKeyboardReaders(t *testing.T) {
	e := newEnv(t)
	kb, err := wedge.New(wedge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := startHub(t, e, kb)
	if len(h.States()) != 0 {
		t.Fatalf("keyboard reader listed before one is set up: %+v", h.States())
	}
	events := h.Subscribe(e.ctx)
	cfg := enroll.ReaderConfig{Name: "Front desk pcProx", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeNumber,
		Format: "h10301", Fields: map[string]string{"facility": "1"}}
	if err := h.Configure(e.ctx, e.admin, cfg); err != nil {
		t.Fatal(err)
	}
	if ev := <-events; ev.Kind != enroll.ReaderAdded || ev.Reader.Name != cfg.Name || ev.Reader.Kind != enroll.ReaderKeyboard {
		t.Fatalf("after Configure: %+v; want the keyboard reader added", ev)
	}
	ev := typeUntilRead(t, kb, "00005", events)
	if ev.Kind != enroll.ReaderCard || ev.Err != nil || ev.Card.Typed != "00005" || ev.Card.Bits != "10000000100000000000001011" {
		t.Fatalf("burst: %+v", ev)
	}
	if err := h.Remove(e.ctx, e.admin, cfg.Name); err != nil {
		t.Fatal(err)
	}
	if ev := <-events; ev.Kind != enroll.ReaderRemoved || ev.Reader.Name != cfg.Name {
		t.Fatalf("after Remove: %+v", ev)
	}
}

// typeUntilRead types text at reader speed, again after a pause until the
// hub reports a read: a burst typed before the hub listens is dropped.
func typeUntilRead(t *testing.T, kb *wedge.Detector, text string, events <-chan enroll.ReaderEvent) enroll.ReaderEvent {
	t.Helper()
	at := time.Now()
	for range 100 {
		at = at.Add(time.Second) // a pause: what follows is a new burst
		for _, r := range text {
			at = at.Add(8 * time.Millisecond)
			kb.Key(r, at)
		}
		kb.Enter(at.Add(8 * time.Millisecond))
		select {
		case ev := <-events:
			return ev
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("no read after typing 100 bursts")
	return enroll.ReaderEvent{}
}

func TestJoinReadersAsksTheSetThatHasTheReader(t *testing.T) {
	sim := simulated.New()
	joined := enroll.JoinReaders(stubSet{{Name: "Service", Service: true}}, sim)
	list, err := joined.Readers(t.Context())
	if err != nil || len(list) != 2 {
		t.Fatalf("Readers = %+v, %v", list, err)
	}
	if _, err := joined.NextCard(t.Context(), "Service"); !errors.Is(err, enroll.ErrReaderGone) {
		t.Fatalf("NextCard at a service entry: %v", err)
	}
	got := make(chan enroll.CardRead, 1)
	go func() {
		read, err := joined.NextCard(t.Context(), simulated.Name)
		if err != nil {
			t.Error(err)
		}
		got <- read
	}()
	eventually(t, "the simulated reader takes the card", func() bool { return sim.Present([]byte{4, 3, 2, 1}) })
	if read := <-got; read.Reader != simulated.Name {
		t.Fatalf("read %+v", read)
	}
}

// stubSet lists fixed readers and never delivers a card.
type stubSet []enroll.ReaderInfo

func (s stubSet) Readers(context.Context) ([]enroll.ReaderInfo, error) { return s, nil }
func (s stubSet) NextCard(ctx context.Context, _ string) (enroll.CardRead, error) {
	<-ctx.Done()
	return enroll.CardRead{}, ctx.Err()
}

func TestHubPresentsTestCardsToSimulatedReadersOnly(t *testing.T) {
	e := newEnv(t)
	sim, src := simulated.New(), newPlugSource()
	h := startHub(t, e, nil, sim, src)
	real := enroll.ReaderInfo{Name: "USB reader", Kind: enroll.ReaderPCSC, Status: "ready"}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: real}
	eventually(t, "both readers are listed", func() bool { return hasReader(h, simulated.Name)() && hasReader(h, real.Name)() })

	// The hub watches every reader, so a card is always seen: it is the
	// reader's last card even when nobody waits for one.
	if taken, err := h.Present(e.ctx, simulated.Name, []byte{4, 1, 2, 3}); err != nil || !taken {
		t.Fatalf("Present = %v, %v; want taken by the hub, no error", taken, err)
	}
	eventually(t, "the card is the reader's last", func() bool {
		for _, st := range h.States() {
			if st.Info.Name == simulated.Name {
				return st.LastRead != nil && st.LastRead.UID[3] == 3
			}
		}
		return false
	})
	got := make(chan enroll.CardRead, 1)
	go func() {
		read, err := h.NextCard(e.ctx, simulated.Name)
		if err != nil {
			t.Error(err)
		}
		got <- read
	}()
	eventually(t, "NextCard waits", func() bool { return h.Waiting(simulated.Name) })
	eventually(t, "a random card is taken", func() bool {
		taken, err := h.Present(e.ctx, simulated.Name, nil)
		return err == nil && taken
	})
	if read := <-got; len(read.UID) != 4 || read.UID[0] != 0x04 {
		t.Fatalf("random test card read as %+v; want a 4-byte NXP UID", read)
	}
	if _, err := h.Present(e.ctx, real.Name, []byte{1, 2, 3, 4}); !errors.Is(err, enroll.ErrNotPresentable) {
		t.Fatalf("Present to a real reader: %v; want ErrNotPresentable", err)
	}
	if _, err := h.Present(e.ctx, "Gone reader", []byte{1, 2, 3, 4}); !errors.Is(err, enroll.ErrReaderGone) {
		t.Fatalf("Present to an unknown reader: %v; want ErrReaderGone", err)
	}
	if h.TakesKeyboard() {
		t.Error("a hub without keyboard input says it takes keyboard readers")
	}
}
