package pcsc

import (
	"maps"
	"slices"
	"time"
)

// published is what the watcher has told its listeners so far, so a late
// listener starts from the same picture. The Service's feed holds it.
type published struct {
	synced  bool // the watcher has reached the service (or found it down) once
	up      bool
	readers []string
	cards   map[string]Event // CardPresent of each card lying on a reader
}

// Apply takes one event into the picture.
func (p *published) Apply(ev *Event) {
	switch ev.Kind {
	case ReaderAdded:
		if !slices.Contains(p.readers, ev.Reader) {
			p.readers = append(p.readers, ev.Reader)
		}
	case ReaderRemoved:
		p.readers = slices.DeleteFunc(p.readers, func(r string) bool { return r == ev.Reader })
		delete(p.cards, ev.Reader)
	case CardPresent:
		p.cards[ev.Reader] = *ev
	case CardRemoved:
		delete(p.cards, ev.Reader)
	case ServiceUp:
		p.synced, p.up = true, true
	case ServiceDown:
		p.synced, p.up = true, false
	}
}

// Replay tells a new listener the picture so far: each reader with the
// card on it, then ServiceUp; or ServiceDown alone. A listener that comes
// during the watcher's first pass gets the readers announced so far and
// the rest, ServiceUp included, as the pass goes on: replaying nothing
// until ServiceUp would lose those readers for it.
func (p *published) Replay(send func(Event)) {
	now := time.Now()
	if p.synced && !p.up {
		send(Event{Kind: ServiceDown, At: now})
		return
	}
	for _, r := range p.readers {
		send(Event{Kind: ReaderAdded, Reader: r, At: now})
		if c, ok := p.cards[r]; ok {
			send(c)
		}
	}
	if p.synced {
		send(Event{Kind: ServiceUp, At: now})
	}
}

// Clone copies the picture for the watcher.
func (p *published) Clone() *published {
	return &published{synced: p.synced, up: p.up, readers: slices.Clone(p.readers), cards: maps.Clone(p.cards)}
}
