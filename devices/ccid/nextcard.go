package ccid

import (
	"context"

	"github.com/carddesk/carddesk/enroll"
)

// NextCard waits for the next card presented at reader and returns it as
// read. A card already on the reader when NextCard is called is not
// returned: it has to be lifted and presented again, so a card left on
// the reader is never taken twice.
//
// It returns an error matching enroll.ErrReaderGone (a *ReaderGoneError)
// when the reader is not connected, is unplugged or stops answering, or
// USB goes away; the reader's refusal (a *InUseError or *LevelError,
// matching ErrNeedsPCSC) when it cannot be used here; a *ReadError when a
// card came but could not be read (the CardRead then holds its ATR when
// known); ctx.Err() when ctx ends.
func (s *Service) NextCard(ctx context.Context, reader string) (enroll.CardRead, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	notes := s.listen(ctx)
	defer s.feed.Unsubscribe(notes)
	w := cardWait{reader: reader}
	for {
		select {
		case <-ctx.Done():
			return enroll.CardRead{}, ctx.Err()
		case n, ok := <-notes:
			if !ok {
				if err := ctx.Err(); err != nil {
					return enroll.CardRead{}, err
				}
				return enroll.CardRead{}, &ReaderGoneError{Reader: reader, Why: "is no longer watched", Cause: ErrClosed}
			}
			if done, read, err := w.step(n); done {
				return read, err
			}
		}
	}
}

// cardWait is NextCard's reading of the notes.
type cardWait struct {
	reader  string
	known   bool
	refusal error
	usbDown bool
	synced  bool
}

// step takes one note; done says the wait is over, with read and err.
func (w *cardWait) step(n note) (done bool, read enroll.CardRead, err error) {
	ev := n.ev
	switch {
	case n.synced:
		w.synced = true
		switch {
		case w.usbDown:
			return true, read, w.usbGone()
		case !w.known:
			return true, read, readerUnknown(w.reader)
		case w.refusal != nil:
			return true, read, w.refusal
		}
	case ev.Kind == enroll.ReaderStatus && ev.Reader.Service:
		w.usbDown = ev.Reader.Status != StatusReady
		if w.usbDown && w.synced {
			return true, read, w.usbGone()
		}
	case ev.Reader.Name != w.reader:
	case ev.Kind == enroll.ReaderAdded:
		w.known, w.refusal = true, n.refusal
	case ev.Kind == enroll.ReaderStatus:
		if w.refusal = n.refusal; w.refusal != nil && w.synced {
			return true, read, w.refusal
		}
	case ev.Kind == enroll.ReaderRemoved:
		w.known = false
		if w.synced {
			return true, read, &ReaderGoneError{Reader: w.reader, Why: "was unplugged or stopped answering"}
		}
	case ev.Kind == enroll.ReaderCard:
		if w.synced && !n.lying {
			return true, ev.Card, ev.Err
		}
	}
	return false, read, nil
}

func (w *cardWait) usbGone() error {
	return &ReaderGoneError{Reader: w.reader, Why: "cannot be reached: USB is not available", Cause: ErrUSBDown}
}
