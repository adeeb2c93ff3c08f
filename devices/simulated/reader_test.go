package simulated

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

func TestPresentReachesTheWaiter(t *testing.T) {
	r := New()
	list, _ := r.Readers(t.Context())
	if len(list) != 1 || list[0].Kind != enroll.ReaderSimulated {
		t.Fatalf("Readers = %+v", list)
	}
	if r.Present([]byte{1, 2, 3, 4}) {
		t.Fatal("Present with nobody waiting said it was taken")
	}
	got := make(chan enroll.CardRead)
	go func() {
		read, err := r.NextCard(t.Context(), Name)
		if err != nil {
			t.Error(err)
		}
		got <- read
	}()
	for !r.Present([]byte{0x04, 0xa1, 0xb2, 0xc3}) {
		time.Sleep(time.Millisecond) // until the goroutine waits
	}
	read := <-got
	if string(read.UID) != "\x04\xa1\xb2\xc3" || read.Reader != Name || len(read.ATR) == 0 || read.At.IsZero() {
		t.Fatalf("read %+v", read)
	}
}

func TestNextCardEnds(t *testing.T) {
	r := New()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if _, err := r.NextCard(ctx, Name); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("NextCard past its deadline: %v", err)
	}
	if r.Present(enroll.RandomTestUID()) {
		t.Fatal("a cancelled waiter still received a card")
	}
	if _, err := r.NextCard(t.Context(), "Other reader"); !errors.Is(err, enroll.ErrReaderGone) {
		t.Fatalf("unknown reader: %v", err)
	}
}

func TestWatchSeesTheReaderAndEachCard(t *testing.T) {
	r := New()
	ctx, cancel := context.WithCancel(t.Context())
	events := r.Watch(ctx)
	if ev := <-events; ev.Kind != enroll.ReaderAdded || ev.Reader.Name != Name || ev.Reader.Kind != enroll.ReaderSimulated {
		t.Fatalf("first event %+v; want the reader added", ev)
	}
	if !r.Present([]byte{4, 5, 6, 7}) {
		t.Fatal("Present with a watcher said nobody took it")
	}
	ev := <-events
	if ev.Kind != enroll.ReaderCard || string(ev.Card.UID) != "\x04\x05\x06\x07" || ev.Card.Reader != Name {
		t.Fatalf("card event %+v", ev)
	}
	cancel()
	if _, open := <-events; open {
		t.Fatal("Watch channel still open after ctx ended")
	}
}
