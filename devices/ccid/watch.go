package ccid

import (
	"context"

	"github.com/carddesk/carddesk/enroll"
)

// Watch streams changes until ctx ends or the Service is closed, when the
// channel is closed. It starts with what is there: a ReaderAdded for each
// reader (and a ReaderCard for a card on it), or, while USB cannot be
// reached, a ReaderStatus for the ServiceName entry. A ReaderAdded or
// ReaderStatus for a reader no card can be read at carries the reason in
// Err (a *InUseError, say).
func (s *Service) Watch(ctx context.Context) <-chan enroll.ReaderEvent {
	notes := s.listen(ctx)
	out := make(chan enroll.ReaderEvent, eventBuffer)
	go func() {
		defer close(out)
		for n := range notes {
			if n.synced {
				continue
			}
			select {
			case out <- n.ev:
			case <-ctx.Done():
				return
			case <-s.feed.Closed():
				return
			}
		}
	}()
	return out
}
