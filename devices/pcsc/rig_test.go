package pcsc_test

import (
	"context"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/devices/pcsc"
	"github.com/carddesk/carddesk/devices/pcsc/rigtest"
	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
	"github.com/carddesk/carddesk/enroll"
)

// rig is the PC/SC test rig (rigtest.Rig) with what this package's tests
// do with it.
type rig struct{ rigtest.Rig }

// needRig returns the rig, or skips the test without one (rigtest.Need).
func needRig(t testing.TB) rig {
	t.Helper()
	return rig{rigtest.Need(t, "./devices/pcsc/")}
}

// open starts a Service for one test and waits until it has seen the
// rig's reader, so cards presented from then on are new cards.
func (r rig) open(t testing.TB) (*pcsc.Service, <-chan pcsc.Event) {
	t.Helper()
	log := zaptest.NewLogger(t)
	if _, bench := t.(*testing.B); bench {
		log = zap.NewNop() // a line per card would bury the numbers
	}
	s := pcsc.Open(log)
	t.Cleanup(func() { _ = s.Close() })
	events := s.Events(t.Context())
	waitFor(t, events, pcsc.ReaderAdded, r.Reader)
	waitFor(t, events, pcsc.ServiceUp, "")
	return s, events
}

// insert presents a virtual card and takes it away when the test ends.
func (r rig) insert(t testing.TB, uid, atr []byte, opts ...vpcdcard.Option) *vpcdcard.Card {
	t.Helper()
	card := r.Insert(t, uid, atr, opts...)
	t.Cleanup(func() { r.Remove(t, card) })
	return card
}

const eventWait = rigtest.Wait

// waitFor reads events until one of kind (for reader, if not empty).
func waitFor(t testing.TB, events <-chan pcsc.Event, kind pcsc.EventKind, reader string) pcsc.Event {
	t.Helper()
	timeout := time.After(eventWait)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("events ended while waiting for %v", kind)
			}
			if ev.Kind == kind && (reader == "" || ev.Reader == reader) {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %v %q within %v", kind, reader, eventWait)
		}
	}
}

type cardResult struct {
	read enroll.CardRead
	err  error
	at   time.Time // when NextCard returned
}

// nextCard runs NextCard in the background and returns once it listens.
func nextCard(t testing.TB, s *pcsc.Service, reader string) <-chan cardResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), eventWait)
	before := s.Listeners()
	out := make(chan cardResult, 1)
	go func() {
		defer cancel()
		read, err := s.NextCard(ctx, reader)
		out <- cardResult{read, err, time.Now()}
	}()
	for s.Listeners() <= before {
		time.Sleep(time.Millisecond)
	}
	return out
}

func result(t testing.TB, ch <-chan cardResult) cardResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(eventWait + 5*time.Second):
		t.Fatal("NextCard did not return")
		return cardResult{}
	}
}
