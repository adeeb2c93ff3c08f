package enroll

import (
	"context"
	"time"
)

// ReaderEventKind is what changed at a reader.
type ReaderEventKind string

const (
	// ReaderAdded: a reader was plugged in (or was there when watching began).
	ReaderAdded ReaderEventKind = "added"
	// ReaderRemoved: the reader was unplugged or its service went away.
	ReaderRemoved ReaderEventKind = "removed"
	// ReaderCard: a card was presented; Card holds the read, or Err says
	// why it could not be read (Card then holds what is known, e.g. the ATR).
	ReaderCard ReaderEventKind = "card"
	// ReaderCardRemoved: the card was taken off the reader.
	ReaderCardRemoved ReaderEventKind = "card removed"
	// ReaderStatus: the reader's Status changed with no reader coming or
	// going, e.g. a service that stopped ("smart-card service not running")
	// and came back. A status entry is not a reader cards can be read at.
	ReaderStatus ReaderEventKind = "status"
)

// ReaderEvent is one change a reader source reports.
type ReaderEvent struct {
	Kind   ReaderEventKind
	Reader ReaderInfo
	Card   CardRead
	Err    error
	At     time.Time
}

// ReaderSource is a ReaderSet that also reports changes as they happen.
type ReaderSource interface {
	ReaderSet
	// Watch streams changes until ctx ends or the source is closed, when
	// the channel is closed. It starts with what is there now: a
	// ReaderAdded for each reader (and a ReaderCard for a card lying on it).
	Watch(ctx context.Context) <-chan ReaderEvent
}

// KeyBurst is what a keyboard-wedge reader typed: the characters of one
// fast burst that ended with Enter.
type KeyBurst struct {
	Text string
	At   time.Time
}

// KeyboardInput delivers the bursts keyboard-wedge readers type. There is
// one keyboard: every keyboard reader configured on the station shares it.
type KeyboardInput interface {
	// NextBurst waits for the next burst or ctx's end.
	NextBurst(ctx context.Context) (KeyBurst, error)
}
