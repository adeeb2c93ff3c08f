package ccid_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/devices/ccid"
	"github.com/carddesk/carddesk/devices/ccid/ccidemu"
	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/enroll"
)

// wait bounds how long a test waits for what it expects. The tests run in
// synctest bubbles, whose clock moves only when every goroutine of the
// test waits: the bound costs no real time, and it runs out only when
// nothing is left that could happen.
const wait = 3 * time.Second

func newService(t *testing.T, bus ccid.Bus, opts ccid.Options) *ccid.Service {
	t.Helper()
	s := ccid.New(zaptest.NewLogger(t), func() (ccid.Bus, error) { return bus, nil }, opts)
	t.Cleanup(func() { s.Close() })
	return s
}

// named is a reader with names, as the tests list it.
func named(product string, address int, interrupt bool) *ccidemu.Reader {
	return ccidemu.New(ccidemu.Config{Address: address, ManufacturerName: "ACME", ProductName: product, Interrupt: interrupt})
}

func name(r *ccidemu.Reader) string {
	c := r.Config()
	return fmt.Sprintf("ACME %s (USB %03d:%03d)", c.ProductName, c.Bus, c.Address)
}

func readers(t *testing.T, s *ccid.Service) map[string]enroll.ReaderInfo {
	t.Helper()
	list, err := s.Readers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]enroll.ReaderInfo{}
	for _, r := range list {
		m[r.Name] = r
	}
	return m
}

// next is the next event, within wait.
func next(t *testing.T, ch <-chan enroll.ReaderEvent) enroll.ReaderEvent {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("the watch ended")
		}
		return ev
	case <-time.After(wait):
		t.Fatal("no event")
	}
	return enroll.ReaderEvent{}
}

func expect(t *testing.T, ch <-chan enroll.ReaderEvent, kind enroll.ReaderEventKind, reader string) enroll.ReaderEvent {
	t.Helper()
	ev := next(t, ch)
	if ev.Kind != kind || ev.Reader.Name != reader {
		t.Fatalf("event %q for %q (status %q, err %v), want %q for %q", ev.Kind, ev.Reader.Name, ev.Reader.Status, ev.Err, kind, reader)
	}
	return ev
}

type result struct {
	read enroll.CardRead
	err  error
}

// nextCard calls NextCard in the background and returns once it listens:
// synctest.Wait returns when every other goroutine of the test is blocked,
// so by then the call has subscribed (or returned).
func nextCard(t *testing.T, s *ccid.Service, ctx context.Context, reader string) <-chan result {
	t.Helper()
	before := s.Listeners()
	out := make(chan result, 1)
	go func() {
		read, err := s.NextCard(ctx, reader)
		out <- result{read, err}
	}()
	synctest.Wait()
	if s.Listeners() <= before {
		t.Fatal("NextCard does not listen")
	}
	return out
}

func await(t *testing.T, ch <-chan result) result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(wait):
		t.Fatal("NextCard did not return")
	}
	return result{}
}

func TestReadersListsEveryKind(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		withCard := named("Tap 100", 4, true)
		withCard.Insert(0, ccidemu.Card{ATR: classicATR, UID: classicUID})
		anonymous := ccidemu.New(ccidemu.Config{Address: 5})
		character := ccidemu.New(ccidemu.Config{Address: 6, ManufacturerName: "ACME", ProductName: "Contact", Level: ccidemu.Character})
		busy := named("Busy", 7, false)
		busy.SetClaimError(fmt.Errorf("claim: %w", ccid.ErrBusy))
		s := newService(t, ccidemu.NewBus(withCard, anonymous, character, busy), fast)

		got := readers(t, s)
		want := map[string]string{
			"ACME Tap 100 (USB 001:004)":              ccid.StatusCardPresent,
			"USB card reader 1209:cc1d (USB 001:005)": ccid.StatusReady,
			"ACME Contact (USB 001:006)":              ccid.StatusNeedsPCSC,
			"ACME Busy (USB 001:007)":                 ccid.StatusInUse,
		}
		if len(got) != len(want) {
			t.Fatalf("readers %+v", got)
		}
		for n, status := range want {
			r, ok := got[n]
			if !ok || r.Status != status || r.Kind != enroll.ReaderCCID || r.Service {
				t.Errorf("%q: %+v, want status %q", n, r, status)
			}
		}
		// A refused reader says why when a card is asked for.
		if _, err := s.NextCard(t.Context(), "ACME Contact (USB 001:006)"); !errors.Is(err, ccid.ErrNeedsPCSC) || !strings.Contains(err.Error(), "character level") {
			t.Errorf("NextCard at the character-level reader: %v", err)
		}
		if _, err := s.NextCard(t.Context(), "ACME Busy (USB 001:007)"); !strings.Contains(fmt.Sprint(err), "use it through PC/SC instead, or stop pcscd") {
			t.Errorf("NextCard at the busy reader: %v", err)
		}
		if _, err := s.NextCard(t.Context(), "Nothing (USB 009:009)"); !errors.Is(err, enroll.ErrReaderGone) || !strings.Contains(err.Error(), "is not connected") {
			t.Errorf("NextCard at no reader: %v", err)
		}
	})
}

func TestUSBNotAvailable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := ccid.New(zaptest.NewLogger(t), func() (ccid.Bus, error) { return nil, errors.New("libusb could not start: no backend") }, fast)
		defer s.Close()
		list, err := s.Readers(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := enroll.ReaderInfo{Name: ccid.ServiceName, Kind: enroll.ReaderCCID, Status: "USB not available: libusb could not start: no backend", Service: true}
		if len(list) != 1 || list[0] != want {
			t.Fatalf("readers %+v, want %+v", list, want)
		}
		ev := next(t, s.Watch(t.Context()))
		if ev.Kind != enroll.ReaderStatus || ev.Reader != want {
			t.Errorf("first event %+v", ev)
		}
		if _, err := s.NextCard(t.Context(), "ACME Tap (USB 001:004)"); !errors.Is(err, enroll.ErrReaderGone) || !errors.Is(err, ccid.ErrUSBDown) {
			t.Errorf("NextCard: %v", err)
		}
	})
}

// USB that goes away takes its readers along, and brings them back.
func TestUSBGoesAndComesBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := named("Tap", 4, true)
		bus := ccidemu.NewBus(r)
		s := newService(t, bus, fast)
		events := s.Watch(t.Context())
		expect(t, events, enroll.ReaderAdded, name(r))
		waiting := nextCard(t, s, t.Context(), name(r))

		bus.SetError(errors.New("libusb: i/o error"))
		expect(t, events, enroll.ReaderRemoved, name(r))
		down := expect(t, events, enroll.ReaderStatus, ccid.ServiceName)
		if !down.Reader.Service || down.Reader.Status != "USB not available: libusb: i/o error" {
			t.Errorf("down: %+v", down.Reader)
		}
		if res := await(t, waiting); !errors.Is(res.err, enroll.ErrReaderGone) {
			t.Errorf("NextCard: %v", res.err)
		}
		if r.Claimed() {
			t.Error("the reader is still claimed")
		}

		bus.SetError(nil)
		up := expect(t, events, enroll.ReaderStatus, ccid.ServiceName)
		if up.Reader.Status != ccid.StatusReady {
			t.Errorf("up: %+v", up.Reader)
		}
		expect(t, events, enroll.ReaderAdded, name(r))
	})
}

func TestNextCard(t *testing.T) {
	cases := []struct {
		name      string
		interrupt bool
		poll      time.Duration
	}{
		// A poll interval no test outlives: only the interrupt pipe can
		// tell the card came.
		{"by interrupt", true, time.Hour},
		{"by polling", false, 10 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := named("Tap", 4, tc.interrupt)
				opts := fast
				opts.PollEvery = tc.poll
				s := newService(t, ccidemu.NewBus(r), opts)
				if got := readers(t, s)[name(r)].Status; got != ccid.StatusReady {
					t.Fatalf("status %q", got)
				}
				waiting := nextCard(t, s, t.Context(), name(r))
				r.Insert(0, ccidemu.Card{ATR: classicATR, UID: classicUID})
				res := await(t, waiting)
				if res.err != nil || !bytes.Equal(res.read.UID, classicUID) || !bytes.Equal(res.read.ATR, classicATR) ||
					res.read.Reader != name(r) || res.read.At.IsZero() {
					t.Fatalf("NextCard: %+v, %v", res.read, res.err)
				}
				polls := r.Count(ccidemu.GetSlotStatus)
				if tc.interrupt && polls != 1 {
					t.Errorf("%d GetSlotStatus with an interrupt pipe, want only the first look", polls)
				}
				if !tc.interrupt && polls < 2 {
					t.Errorf("%d GetSlotStatus while polling", polls)
				}
				if got := readers(t, s)[name(r)].Status; got != ccid.StatusCardPresent {
					t.Errorf("status after the read %q", got)
				}
			})
		})
	}
}

// A card left on the reader is not taken again: NextCard waits for it to
// be lifted and a card presented.
func TestCardLyingIsNotTaken(t *testing.T) {
	for _, interrupt := range []bool{true, false} {
		t.Run(fmt.Sprintf("interrupt %v", interrupt), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := named("Tap", 4, interrupt)
				r.Insert(0, ccidemu.Card{ATR: classicATR, UID: classicUID})
				s := newService(t, ccidemu.NewBus(r), fast)
				events := s.Watch(t.Context())
				if added := expect(t, events, enroll.ReaderAdded, name(r)); added.Reader.Status != ccid.StatusCardPresent {
					t.Fatalf("status %q", added.Reader.Status)
				}
				expect(t, events, enroll.ReaderCard, name(r))
				// Twenty polls see the card lying there; none of them is
				// taken for a card presented.
				ctx, cancel := context.WithTimeout(t.Context(), 20*fast.PollEvery)
				defer cancel()
				if read, err := s.NextCard(ctx, name(r)); !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("NextCard took the card lying there: %x, %v", read.UID, err)
				}
				waiting := nextCard(t, s, t.Context(), name(r))
				r.Remove(0)
				// A poller has to see the slot empty before the next card
				// comes, or it sees one card that never left.
				expect(t, events, enroll.ReaderCardRemoved, name(r))
				r.Insert(0, ccidemu.Card{ATR: classicATR, UID: desfireUID})
				if res := await(t, waiting); res.err != nil || !bytes.Equal(res.read.UID, desfireUID) {
					t.Fatalf("NextCard: %x, %v", res.read.UID, res.err)
				}
			})
		})
	}
}

func TestWatchFollowsCards(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := named("Tap", 4, true)
		r.Insert(0, ccidemu.Card{ATR: classicATR, UID: classicUID})
		s := newService(t, ccidemu.NewBus(r), fast)
		events := s.Watch(t.Context())

		added := expect(t, events, enroll.ReaderAdded, name(r))
		if added.Reader.Status != ccid.StatusCardPresent || added.Err != nil {
			t.Errorf("added %+v", added)
		}
		lying := expect(t, events, enroll.ReaderCard, name(r))
		if !bytes.Equal(lying.Card.UID, classicUID) || lying.Err != nil {
			t.Errorf("card lying there: %+v", lying)
		}

		r.Remove(0)
		removed := expect(t, events, enroll.ReaderCardRemoved, name(r))
		if removed.Reader.Status != ccid.StatusReady {
			t.Errorf("removed %+v", removed.Reader)
		}

		r.Insert(0, ccidemu.Card{ATR: classicATR, Mute: true})
		mute := expect(t, events, enroll.ReaderCard, name(r))
		var re *ccid.ReadError
		if !errors.As(mute.Err, &re) || !errors.Is(mute.Err, iso7816.ErrCardMute) || mute.Reader.Status != ccid.StatusCardMute {
			t.Errorf("mute card: %+v", mute)
		}
		if got := readers(t, s)[name(r)].Status; got != ccid.StatusCardMute {
			t.Errorf("listed status %q", got)
		}

		// "Changed" on a slot known to hold a card is not taken as a new
		// card; neither is garbage on the interrupt pipe. The next event is
		// the card's removal.
		r.Remove(0)
		expect(t, events, enroll.ReaderCardRemoved, name(r))
		r.Insert(0, ccidemu.Card{ATR: classicATR, UID: classicUID})
		expect(t, events, enroll.ReaderCard, name(r))
		r.SendInterrupt([]byte{0x50, 0x03})
		r.SendInterrupt([]byte{0x99, 0x01})
		r.SendInterrupt([]byte{0x51, 0x00, 0x00, 0x01})
		r.Remove(0)
		expect(t, events, enroll.ReaderCardRemoved, name(r))
	})
}

func TestHotplug(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bus := ccidemu.NewBus()
		s := newService(t, bus, fast)
		if got := readers(t, s); len(got) != 0 {
			t.Fatalf("readers %+v", got)
		}
		events := s.Watch(t.Context())
		r := named("Tap", 4, false)
		bus.Plug(r)
		expect(t, events, enroll.ReaderAdded, name(r))
		bus.Unplug(r)
		expect(t, events, enroll.ReaderRemoved, name(r))
		if _, err := s.NextCard(t.Context(), name(r)); !errors.Is(err, enroll.ErrReaderGone) {
			t.Errorf("NextCard after unplug: %v", err)
		}
		// Plugged in again, it gets a new address and so a new name.
		again := named("Tap", 5, false)
		bus.Plug(again)
		expect(t, events, enroll.ReaderAdded, name(again))
	})
}

// A reader that leaves while a card is being read ends NextCard with an
// error matching enroll.ErrReaderGone, as soon as the read fails, and no
// card is announced.
func TestReaderGoneWhileReading(t *testing.T) {
	cases := []struct {
		name   string
		breaks func(*ccidemu.Reader)
		after  time.Duration // from the card to the error
	}{
		{"unplugged", func(r *ccidemu.Reader) { r.UnplugOn(ccidemu.XfrBlock) }, 0},
		{"stops answering", func(r *ccidemu.Reader) { r.Hang() }, fast.AnswerWait},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := named("Tap", 4, true)
				s := newService(t, ccidemu.NewBus(r), fast)
				events := s.Watch(t.Context())
				expect(t, events, enroll.ReaderAdded, name(r))
				waiting := nextCard(t, s, t.Context(), name(r))
				tc.breaks(r)
				start := time.Now()
				r.Insert(0, ccidemu.Card{ATR: classicATR, UID: classicUID})
				res := await(t, waiting)
				var gone *ccid.ReaderGoneError
				if !errors.Is(res.err, enroll.ErrReaderGone) || !errors.As(res.err, &gone) {
					t.Fatalf("NextCard: %+v, %v", res.read, res.err)
				}
				if d := time.Since(start); d != tc.after {
					t.Errorf("NextCard ended %v after the card came, want %v", d, tc.after)
				}
				ev := next(t, events)
				if ev.Kind != enroll.ReaderRemoved {
					t.Fatalf("event %q after the reader left, want removed", ev.Kind)
				}
			})
		})
	}
}

// A reader that stops answering while nothing is read is dropped, then
// listed as unavailable while it stays on the bus without answering.
func TestQuietReaderDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := named("Tap", 4, false)
		s := newService(t, ccidemu.NewBus(r), fast)
		events := s.Watch(t.Context())
		expect(t, events, enroll.ReaderAdded, name(r))
		r.Hang()
		expect(t, events, enroll.ReaderRemoved, name(r))
		back := expect(t, events, enroll.ReaderAdded, name(r))
		if back.Reader.Status != ccid.StatusUnavailable || !errors.Is(back.Err, ccid.ErrNoAnswer) {
			t.Errorf("back as %+v, %v", back.Reader, back.Err)
		}
	})
}

func TestInUseUntilFreed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := named("Tap", 4, true)
		r.SetClaimError(fmt.Errorf("claim: %w", ccid.ErrBusy))
		s := newService(t, ccidemu.NewBus(r), fast)
		events := s.Watch(t.Context())
		added := expect(t, events, enroll.ReaderAdded, name(r))
		var inUse *ccid.InUseError
		if added.Reader.Status != ccid.StatusInUse || !errors.As(added.Err, &inUse) {
			t.Fatalf("added %+v", added)
		}
		if _, err := s.NextCard(t.Context(), name(r)); !errors.As(err, &inUse) {
			t.Fatalf("NextCard: %v", err)
		}
		r.SetClaimError(nil) // pcscd stopped
		ready := expect(t, events, enroll.ReaderStatus, name(r))
		if ready.Reader.Status != ccid.StatusReady || ready.Err != nil {
			t.Fatalf("freed: %+v", ready)
		}
		waiting := nextCard(t, s, t.Context(), name(r))
		r.Insert(0, ccidemu.Card{ATR: classicATR, UID: classicUID})
		if res := await(t, waiting); res.err != nil {
			t.Fatal(res.err)
		}
	})
}

func TestCloseReleasesEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := named("Tap", 4, true)
		bus := ccidemu.NewBus(r)
		s := ccid.New(zaptest.NewLogger(t), func() (ccid.Bus, error) { return bus, nil }, fast)
		events := s.Watch(t.Context())
		expect(t, events, enroll.ReaderAdded, name(r))
		waiting := nextCard(t, s, t.Context(), name(r))
		if !r.Claimed() {
			t.Fatal("not claimed while watched")
		}
		s.Close()
		if res := await(t, waiting); !errors.Is(res.err, ccid.ErrClosed) {
			t.Errorf("NextCard at Close: %v", res.err)
		}
		for range events {
		}
		if r.Claimed() || bus.Closed() != 1 {
			t.Errorf("after Close: claimed %v, bus closed %d times", r.Claimed(), bus.Closed())
		}
		if _, err := s.Readers(t.Context()); !errors.Is(err, ccid.ErrClosed) {
			t.Errorf("Readers after Close: %v", err)
		}
		if _, ok := <-s.Watch(t.Context()); ok {
			t.Error("Watch after Close delivered an event")
		}
	})
}

func TestWatchEndsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newService(t, ccidemu.NewBus(named("Tap", 4, false)), fast)
		ctx, cancel := context.WithCancel(t.Context())
		events := s.Watch(ctx)
		next(t, events)
		cancel()
		deadline := time.After(wait)
		for {
			select {
			case _, ok := <-events:
				if !ok {
					return
				}
			case <-deadline:
				t.Fatal("the watch did not end")
			}
		}
	})
}
