package pcsc

import (
	"context"
	"testing"
	"testing/synctest"
)

// drain takes the events waiting in ch. Replay and emit hand events over
// before they return, so what a listener was sent is there already:
// nothing to wait for.
func drain(ch <-chan Event) []Event {
	var out []Event
	for len(ch) > 0 {
		out = append(out, <-ch)
	}
	return out
}

func kinds(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Kind.String()+" "+ev.Reader)
	}
	return out
}

// A listener that arrives late gets the same picture as one that was there
// from the start, without the history.
func TestLateListenerGetsThePicture(t *testing.T) {
	s := Open(nil)
	defer s.Close()
	ctx := t.Context()
	early := s.feed.Subscribe(ctx)
	s.emit(Event{Kind: ReaderAdded, Reader: "A"})
	s.emit(Event{Kind: ReaderAdded, Reader: "B"})
	s.emit(Event{Kind: CardPresent, Reader: "B"})
	s.emit(Event{Kind: ServiceUp})
	s.emit(Event{Kind: ReaderRemoved, Reader: "A"})
	if got := len(drain(early)); got != 5 {
		t.Fatalf("early listener got %d events", got)
	}
	late := kinds(drain(s.feed.Subscribe(ctx)))
	want := []string{"reader added B", "card present B", "service up "}
	if len(late) != len(want) {
		t.Fatalf("late listener got %q, want %q", late, want)
	}
	for i := range want {
		if late[i] != want[i] {
			t.Fatalf("late listener got %q, want %q", late, want)
		}
	}
}

// A listener that comes while the watcher's first pass is under way gets
// the readers announced so far, and ServiceUp when the pass ends: NextCard
// then waits for a card instead of calling the reader not connected.
func TestListenerDuringTheFirstPass(t *testing.T) {
	s := Open(nil)
	defer s.Close()
	s.emit(Event{Kind: ReaderAdded, Reader: "A"})
	s.emit(Event{Kind: CardPresent, Reader: "A"})
	ch := s.feed.Subscribe(t.Context())
	s.emit(Event{Kind: ServiceUp})
	evs := drain(ch)
	want := []string{"reader added A", "card present A", "service up "}
	if got := kinds(evs); len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("got %q, want %q", got, want)
	}
	w := cardWait{reader: "A"}
	for _, ev := range evs {
		if done, _, err := w.step(ev); done {
			t.Fatalf("NextCard ended (%v) where it should wait for a card", err)
		}
	}
}

func TestServiceDownReplaysAlone(t *testing.T) {
	s := Open(nil)
	defer s.Close()
	s.emit(Event{Kind: ServiceDown})
	got := kinds(drain(s.feed.Subscribe(t.Context())))
	if len(got) != 1 || got[0] != "service down " {
		t.Fatalf("got %q", got)
	}
}

func TestEventsEndWithContextAndClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := Open(nil)
		ctx, cancel := context.WithCancel(t.Context())
		a := s.feed.Subscribe(ctx)
		b := s.feed.Subscribe(t.Context())
		cancel()
		synctest.Wait() // ctx's end is passed on by a goroutine of its own
		assertClosed(t, a)
		s.Close()
		assertClosed(t, b)
		assertClosed(t, s.Events(t.Context())) // after Close: closed at once
	})
}

func assertClosed(t *testing.T, ch <-chan Event) {
	t.Helper()
	drain(ch) // a closed channel hands over what it holds first
	select {
	case _, ok := <-ch:
		if !ok {
			return
		}
	default:
	}
	t.Fatal("channel not closed")
}
