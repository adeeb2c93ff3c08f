package pcsc

import (
	"context"
	"errors"

	"github.com/carddesk/carddesk/enroll"
)

// ErrClosed: the Service was closed while someone waited for a card.
var ErrClosed = errors.New("the card reader service was closed")

// NextCard waits for the next card presented at reader and returns it as
// read. A card already lying on the reader when NextCard is called is not
// returned: it has to be lifted and presented again, so a card left on the
// reader is never taken twice.
//
// It returns an error matching enroll.ErrReaderGone (a *ReaderGoneError)
// when the reader is not connected, is unplugged or the smart-card service
// stops; a *ReadError when a card came but could not be read (the
// CardRead then holds its ATR); ctx.Err() when ctx ends.
func (s *Service) NextCard(ctx context.Context, reader string) (enroll.CardRead, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := s.Events(ctx)
	w := cardWait{reader: reader}
	for {
		select {
		case <-ctx.Done():
			return enroll.CardRead{}, ctx.Err()
		case ev, ok := <-events:
			if !ok {
				if err := ctx.Err(); err != nil {
					return enroll.CardRead{}, err
				}
				return enroll.CardRead{}, &ReaderGoneError{Reader: reader, Why: "is no longer watched", Cause: ErrClosed}
			}
			if done, read, err := w.step(ev); done {
				return read, err
			}
		}
	}
}

// cardWait is NextCard's reading of the event stream.
type cardWait struct {
	reader string
	known  bool // the reader is there
	synced bool // the picture of what was there before the call is complete
}

// step takes one event; done says the wait is over, with read and err.
func (w *cardWait) step(ev Event) (done bool, read enroll.CardRead, err error) {
	switch ev.Kind {
	case ReaderAdded:
		if ev.Reader == w.reader {
			w.known = true
		}
	case ServiceUp:
		w.synced = true
		if !w.known {
			return true, enroll.CardRead{}, readerUnknown(w.reader)
		}
	case ServiceDown:
		return true, enroll.CardRead{}, readerServiceDown(w.reader)
	case ReaderRemoved:
		if ev.Reader == w.reader {
			return true, enroll.CardRead{}, readerUnplugged(w.reader)
		}
	case CardPresent:
		// Before the picture is complete a CardPresent is a card that
		// was already there.
		if w.synced && ev.Reader == w.reader {
			return true, ev.Card, ev.Err
		}
	}
	return false, enroll.CardRead{}, nil
}
