package pcsc

import (
	"slices"

	"github.com/ebfe/scard"
)

// pnpReader is the pseudo-reader whose state changes when a reader is
// plugged in or out. It is never shown as a reader.
const pnpReader = `\\?PnP?\Notification`

// cardTrack is what the watcher last knew of one reader's slot.
type cardTrack struct {
	present bool
	// counter is the smart-card service's count of card events on the
	// reader (the upper 16 bits of the event state); -1 when not known.
	counter int
}

// tracksOf starts a session's tracking from what was published: a card
// still there after a reconnect is the same card, not a new one.
func tracksOf(p *published) map[string]cardTrack {
	tracks := map[string]cardTrack{}
	for _, r := range p.readers {
		_, present := p.cards[r]
		tracks[r] = cardTrack{present: present, counter: -1}
	}
	return tracks
}

// cardChange compares a reader's new event state with the last one: was a
// card taken away, did one arrive? A card lifted and presented again
// between two looks shows only as a new event count, and counts as both.
func cardChange(prev cardTrack, ev scard.StateFlag) (next cardTrack, removed, arrived bool) {
	present := ev&scard.StatePresent != 0 && ev&(scard.StateUnavailable|scard.StateUnknown) == 0
	next = cardTrack{present: present, counter: int(uint32(ev) >> 16)}
	switch {
	case prev.present && !present:
		removed = true
	case !prev.present && present:
		arrived = true
	case present && prev.counter >= 0 && next.counter != prev.counter:
		removed, arrived = true, true
	}
	return next, removed, arrived
}

// diffNames tells which readers came and went between two listings, in
// the order of the listings.
func diffNames(old, cur []string) (added, removed []string) {
	for _, n := range cur {
		if !slices.Contains(old, n) {
			added = append(added, n)
		}
	}
	for _, n := range old {
		if !slices.Contains(cur, n) {
			removed = append(removed, n)
		}
	}
	return added, removed
}

// visibleReaders drops the PnP pseudo-reader (some platforms list it) and
// empty names.
func visibleReaders(names []string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool {
		return n == "" || n == pnpReader
	})
}

// readerStates keeps the states asked about in step with the readers
// listed: the PnP pseudo-reader first (when pnp), then one per reader, each
// keeping what it last knew.
func readerStates(prev []scard.ReaderState, names []string, pnp bool) []scard.ReaderState {
	byName := map[string]scard.ReaderState{}
	for _, st := range prev {
		byName[st.Reader] = st
	}
	if pnp {
		names = append([]string{pnpReader}, names...)
	}
	next := make([]scard.ReaderState, 0, len(names))
	for _, n := range names {
		st, ok := byName[n]
		if !ok {
			st = scard.ReaderState{Reader: n, CurrentState: scard.StateUnaware}
		}
		next = append(next, st)
	}
	return next
}
