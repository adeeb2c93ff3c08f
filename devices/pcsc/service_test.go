package pcsc

import (
	"context"
	"testing"
	"time"
)

func drain(ch <-chan Event) []Event {
	var out []Event
	for {
		select {
		case ev := <-ch:
			out = append(out, ev)
		case <-time.After(50 * time.Millisecond):
			return out
		}
	}
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
	early := s.subscribe(ctx)
	s.emit(Event{Kind: ReaderAdded, Reader: "A"})
	s.emit(Event{Kind: ReaderAdded, Reader: "B"})
	s.emit(Event{Kind: CardPresent, Reader: "B"})
	s.emit(Event{Kind: ServiceUp})
	s.emit(Event{Kind: ReaderRemoved, Reader: "A"})
	if got := len(drain(early)); got != 5 {
		t.Fatalf("early listener got %d events", got)
	}
	late := kinds(drain(s.subscribe(ctx)))
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

func TestServiceDownReplaysAlone(t *testing.T) {
	s := Open(nil)
	defer s.Close()
	s.emit(Event{Kind: ServiceDown})
	got := kinds(drain(s.subscribe(t.Context())))
	if len(got) != 1 || got[0] != "service down " {
		t.Fatalf("got %q", got)
	}
}

func TestEventsEndWithContextAndClose(t *testing.T) {
	s := Open(nil)
	ctx, cancel := context.WithCancel(t.Context())
	a := s.subscribe(ctx)
	b := s.subscribe(t.Context())
	cancel()
	waitClosed(t, a)
	s.Close()
	waitClosed(t, b)
	waitClosed(t, s.Events(t.Context())) // after Close: closed at once
}

func waitClosed(t *testing.T, ch <-chan Event) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("channel not closed")
		}
	}
}
