package feed

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

// event is what the test picture is made of; Seq is set by Apply, as a
// service's picture completes an event (a reader's status) before it goes
// out.
type event struct {
	Name string
	Seq  int
}

// log is a picture that remembers every event and replays them all.
type log struct{ events []event }

func (l *log) Apply(ev *event) {
	ev.Seq = len(l.events) + 1
	l.events = append(l.events, *ev)
}

func (l *log) Replay(send func(event)) {
	for _, ev := range l.events {
		send(ev)
	}
}

func (l *log) Clone() *log { return &log{events: slices.Clone(l.events)} }

// buffered takes what is in ch now, without waiting: Subscribe and Emit
// deliver before they return.
func buffered(ch chan event) []event {
	out := make([]event, 0, len(ch))
	for range len(ch) {
		out = append(out, <-ch)
	}
	return out
}

func isClosed(ch chan event) bool {
	select {
	case _, ok := <-ch:
		return !ok
	default:
		return false
	}
}

func TestReplayThenEveryEvent(t *testing.T) {
	f := New[event](&log{}, 8)
	early := f.Subscribe(t.Context())
	f.Emit(event{Name: "a"})
	f.Emit(event{Name: "b"})
	late := f.Subscribe(t.Context())
	f.Emit(event{Name: "c"})

	want := []event{{"a", 1}, {"b", 2}, {"c", 3}}
	if got := buffered(early); !slices.Equal(got, want) {
		t.Errorf("early listener got %v, want %v", got, want)
	}
	// The replay carries the events as Apply completed them.
	if got := buffered(late); !slices.Equal(got, want) {
		t.Errorf("late listener got %v, want %v", got, want)
	}
	if f.Len() != 2 {
		t.Errorf("Len = %d", f.Len())
	}
}

func TestSnapshotIsACopy(t *testing.T) {
	f := New[event](&log{}, 8)
	f.Emit(event{Name: "a"})
	snap := f.Snapshot()
	snap.events[0].Name = "changed"
	f.Emit(event{Name: "b"})
	if got := f.Snapshot().events; len(got) != 2 || got[0].Name != "a" || len(snap.events) != 1 {
		t.Fatalf("picture %v, snapshot %v", got, snap.events)
	}
}

func TestSlowListenerLosesEvents(t *testing.T) {
	f := New[event](&log{}, 1)
	ch := f.Subscribe(t.Context())
	if n := f.Emit(event{Name: "a"}); n != 0 {
		t.Fatalf("first event dropped for %d", n)
	}
	if n := f.Emit(event{Name: "b"}); n != 1 {
		t.Fatalf("dropped for %d, want 1", n)
	}
	if got := buffered(ch); len(got) != 1 || got[0].Name != "a" {
		t.Fatalf("got %v", got)
	}
	// The picture has both: the next listener starts from all of it.
	if got := f.Snapshot().events; len(got) != 2 {
		t.Fatalf("picture %v", got)
	}
}

func TestListenerEndsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := New[event](&log{}, 8)
		ctx, cancel := context.WithCancel(t.Context())
		gone := f.Subscribe(ctx)
		stays := f.Subscribe(t.Context())
		cancel()
		synctest.Wait() // the unsubscribe runs in a goroutine of its own
		if !isClosed(gone) || isClosed(stays) || f.Len() != 1 {
			t.Fatalf("closed %v, %v; %d listeners", isClosed(gone), isClosed(stays), f.Len())
		}
		f.Unsubscribe(stays)
		f.Unsubscribe(stays) // twice is harmless
		if !isClosed(stays) || f.Len() != 0 {
			t.Fatal("Unsubscribe left the listener open")
		}
	})
}

func TestWatcherRunsOnceUntilClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := New[event](&log{}, 8)
		ch := f.Subscribe(t.Context())
		starts, stopped := 0, false
		watcher := func(ctx context.Context) {
			starts++
			<-ctx.Done()
			stopped = true
		}
		f.Start(watcher)
		f.Start(watcher)
		synctest.Wait()
		if starts != 1 {
			t.Fatalf("watcher started %d times", starts)
		}
		if !f.Close(time.Second) || !stopped {
			t.Fatal("Close did not stop the watcher")
		}
		select {
		case <-f.Closed():
		default:
			t.Error("Closed not closed by Close")
		}
		if !isClosed(ch) {
			t.Error("a listener outlived Close")
		}
		if !isClosed(f.Subscribe(t.Context())) {
			t.Error("Subscribe after Close gave an open channel")
		}
		f.Start(watcher)
		synctest.Wait()
		if starts != 1 {
			t.Error("Start after Close ran the watcher")
		}
		if !f.Close(time.Second) {
			t.Error("a second Close reported a busy watcher")
		}
	})
}

// A watcher stuck in a device call holds Close up no longer than asked.
func TestCloseDoesNotWaitForAStuckWatcher(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := New[event](&log{}, 8)
		release := make(chan struct{})
		f.Start(func(context.Context) { <-release })
		start := time.Now()
		if f.Close(5 * time.Second) {
			t.Fatal("Close reported the stuck watcher stopped")
		}
		if d := time.Since(start); d != 5*time.Second {
			t.Errorf("Close waited %v, want 5s", d)
		}
		close(release)
	})
}

func TestCloseWithoutWatcher(t *testing.T) {
	f := New[event](&log{}, 8)
	if !f.Close(time.Hour) {
		t.Fatal("Close without a watcher reported it busy")
	}
}
