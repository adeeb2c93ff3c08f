package pcsc

import (
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// EventKind is what changed.
type EventKind int

const (
	ReaderAdded EventKind = iota + 1
	ReaderRemoved
	CardPresent
	CardRemoved
	// ServiceDown: the smart-card service stopped or cannot be reached;
	// every reader is gone until ServiceUp.
	ServiceDown
	// ServiceUp follows the ReaderAdded (and CardPresent) events of what
	// was there when the service was reached, so a listener knows the
	// picture is complete.
	ServiceUp
)

func (k EventKind) String() string {
	switch k {
	case ReaderAdded:
		return "reader added"
	case ReaderRemoved:
		return "reader removed"
	case CardPresent:
		return "card present"
	case CardRemoved:
		return "card removed"
	case ServiceDown:
		return "service down"
	case ServiceUp:
		return "service up"
	}
	return "unknown event"
}

// Event is one change the watcher saw.
type Event struct {
	Kind   EventKind
	Reader string // empty for ServiceUp and ServiceDown
	// For CardPresent: the card as read. When it could not be read, Err
	// (a *ReadError) says why and Card holds what is known (reader, ATR).
	Card    enroll.CardRead
	Err     error
	Warning string // a read that worked, with something to tell (UID cut short)
	At      time.Time
}
