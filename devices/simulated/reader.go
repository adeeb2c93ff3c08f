// Package simulated is a card reader that exists only in software, for the
// demo station and for training: an operator presents a card by typing or
// generating its UID. It is always labelled as simulated.
package simulated

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/carddesk/carddesk/devices/internal/fanout"
	"github.com/carddesk/carddesk/enroll"
)

// Name is how the reader is listed.
const Name = "Simulated reader (demo)"

// ATR of a MIFARE Classic 1K as a PC/SC reader reports it, so a simulated
// read looks like a real one.
var atr = []byte{0x3b, 0x8f, 0x80, 0x01, 0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6a}

// Reader is one simulated reader. Present hands a card to whoever waits in
// NextCard; with nobody waiting the card is dropped, as a card waved at a
// reader nobody listens to would be.
type Reader struct {
	mu       sync.Mutex
	waiting  []chan enroll.CardRead
	watchers fanout.Set[enroll.ReaderEvent]
	last     *enroll.CardRead
	now      func() time.Time
}

// New returns a reader with no card on it.
func New() *Reader { return &Reader{now: time.Now} }

// info is how the reader lists itself; a simulated card is waved past, so
// the reader is always ready for the next one.
var info = enroll.ReaderInfo{Name: Name, Kind: enroll.ReaderSimulated, Status: "ready"}

// Readers lists the one simulated reader.
func (r *Reader) Readers(context.Context) ([]enroll.ReaderInfo, error) {
	return []enroll.ReaderInfo{info}, nil
}

// Watch reports the reader, then each card presented, until ctx ends.
func (r *Reader) Watch(ctx context.Context) <-chan enroll.ReaderEvent {
	r.mu.Lock()
	ch := r.watchers.Add(16)
	ch <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: info, At: r.now()}
	r.mu.Unlock()
	context.AfterFunc(ctx, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.watchers.Remove(ch)
	})
	return ch
}

// NextCard waits for Present.
func (r *Reader) NextCard(ctx context.Context, reader string) (enroll.CardRead, error) {
	if reader != Name {
		return enroll.CardRead{}, fmt.Errorf("reader %q: %w", reader, enroll.ErrReaderGone)
	}
	ch := make(chan enroll.CardRead, 1)
	r.mu.Lock()
	r.waiting = append(r.waiting, ch)
	r.mu.Unlock()
	select {
	case read := <-ch:
		return read, nil
	case <-ctx.Done():
		r.mu.Lock()
		for i, w := range r.waiting {
			if w == ch {
				r.waiting = append(r.waiting[:i], r.waiting[i+1:]...)
				break
			}
		}
		r.mu.Unlock()
		return enroll.CardRead{}, ctx.Err()
	}
}

// Present puts a card with this UID on the reader; it reports whether
// anyone was waiting for it or watching. It makes the reader an
// enroll.CardPresenter.
func (r *Reader) Present(uid []byte) bool {
	read := enroll.CardRead{Reader: Name, UID: append([]byte(nil), uid...), ATR: atr, At: r.now()}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = &read
	// A watcher that does not keep up misses a wave, as at a real reader.
	r.watchers.Send(enroll.ReaderEvent{Kind: enroll.ReaderCard, Reader: info, Card: read, At: read.At})
	for _, w := range r.waiting {
		w <- read
	}
	n := len(r.waiting) + r.watchers.Len()
	r.waiting = nil
	return n > 0
}

// Last is the most recent card presented, if any.
func (r *Reader) Last() (enroll.CardRead, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last == nil {
		return enroll.CardRead{}, false
	}
	return *r.last, true
}

var _ enroll.CardPresenter = (*Reader)(nil)
