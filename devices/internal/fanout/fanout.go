// Package fanout keeps the listeners of an event stream. It has no lock of
// its own: the owner (package feed for the reader services) holds its lock
// around every call, so what a new listener is replayed and what is sent
// later never cross.
package fanout

// Set is a set of listener channels.
type Set[T any] struct{ subs map[chan T]struct{} }

// Add returns a new listener with room for buffer events.
func (s *Set[T]) Add(buffer int) chan T {
	if s.subs == nil {
		s.subs = map[chan T]struct{}{}
	}
	ch := make(chan T, buffer)
	s.subs[ch] = struct{}{}
	return ch
}

// Remove closes and forgets ch; a channel already removed is left alone.
func (s *Set[T]) Remove(ch chan T) {
	if _, ok := s.subs[ch]; ok {
		delete(s.subs, ch)
		close(ch)
	}
}

// CloseAll ends every listener.
func (s *Set[T]) CloseAll() {
	for ch := range s.subs {
		s.Remove(ch)
	}
}

// Send offers v to every listener without blocking and reports how many
// were too far behind to take it.
func (s *Set[T]) Send(v T) (dropped int) {
	for ch := range s.subs {
		if !Offer(ch, v) {
			dropped++
		}
	}
	return dropped
}

// Len is the number of listeners.
func (s *Set[T]) Len() int { return len(s.subs) }

// Offer sends v on ch unless ch is full.
func Offer[T any](ch chan T, v T) bool {
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}
