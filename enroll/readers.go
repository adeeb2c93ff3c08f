package enroll

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/cardformat"
)

// ReaderKind names how a reader reaches the station.
type ReaderKind string

const (
	ReaderPCSC      ReaderKind = "pcsc"
	ReaderCCID      ReaderKind = "ccid"
	ReaderKeyboard  ReaderKind = "keyboard"
	ReaderSimulated ReaderKind = "simulated"
)

// ReaderInfo is one reader as the devices layer lists it.
type ReaderInfo struct {
	Name   string     `json:"name"`
	Kind   ReaderKind `json:"kind"`
	Status string     `json:"status"` // e.g. "ready", "card present", "service not running"
	// Service marks an entry that stands for a reader service rather than
	// a reader (a smart-card service that is not running): its Status is
	// the service's, and no card can be read at it.
	Service bool `json:"service,omitempty"`
}

// CardRead is one card presented to a reader: a chip's UID (contactless
// readers) or Wiegand bits in a known format (readers that decode them).
type CardRead struct {
	Reader string
	UID    []byte // first byte most significant
	ATR    []byte
	Format string // with Bits: the format the reader's bits are in
	Bits   string
	// Typed is what a keyboard-wedge reader typed, before its settings
	// turn it into a UID or bits.
	Typed string
	At    time.Time
}

// ReaderSet is what the devices layer offers the desk: the readers there
// are and the next card presented at one of them.
type ReaderSet interface {
	Readers(ctx context.Context) ([]ReaderInfo, error)
	// NextCard waits until a card is presented at the named reader, the
	// reader goes away (an error saying so) or ctx ends.
	NextCard(ctx context.Context, reader string) (CardRead, error)
}

// OpenedReaders is a ReaderSet with what was opened for it, for callers
// without a hub (the command line): its InForce answers as the hub's does.
type OpenedReaders struct {
	ReaderSet
	Opened ReadersInForce
}

// InForce is what was opened.
func (o OpenedReaders) InForce() ReadersInForce { return o.Opened }

// ErrReaderGone: the reader was unplugged or stopped answering mid-read.
var ErrReaderGone = errors.New("the card reader is no longer available")

// ConnectCard connects the card a reader delivered: a UID becomes the csn
// credential of its length (4 bytes csn32, 7 csn56, 10 csn80); bits are
// decoded with the format the read names.
func (s *Requests) ConnectCard(ctx context.Context, a Actor, requestID int64, read CardRead) (ConnectResult, error) {
	// Permission first: someone who may not connect cards hears that, not
	// what is wrong with the read.
	if err := a.require(PermRespondRequests); err != nil {
		return ConnectResult{}, err
	}
	format, bits, err := readCredential(read)
	if err != nil {
		return ConnectResult{}, err
	}
	return s.ConnectRead(ctx, a, requestID, format, bits)
}

func readCredential(read CardRead) (format, bits string, err error) {
	if read.Bits != "" {
		if read.Format == "" {
			return "", "", badRead("?", msg(MsgReadNoFormat, nil))
		}
		return read.Format, read.Bits, nil
	}
	f, b, err := cardformat.CSNFromUID(read.UID)
	if err != nil {
		e := badRead("csn", msg(MsgReadNoCSN, Data{"UID": hex.EncodeToString(read.UID), "Bytes": len(read.UID)}))
		e.Cause = err
		return "", "", e
	}
	return f.ID, b.String(), nil
}

// JoinReaders is one ReaderSet over several (PC/SC and CCID, say): Readers
// lists them all, NextCard asks the set that lists the reader.
func JoinReaders(sets ...ReaderSet) ReaderSet {
	if len(sets) == 1 {
		return sets[0]
	}
	return joinedReaders(sets)
}

type joinedReaders []ReaderSet

func (j joinedReaders) Readers(ctx context.Context) ([]ReaderInfo, error) {
	var all []ReaderInfo
	var errs []error
	for _, set := range j {
		list, err := set.Readers(ctx)
		all = append(all, list...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return all, errors.Join(errs...)
}

func (j joinedReaders) NextCard(ctx context.Context, reader string) (CardRead, error) {
	for _, set := range j {
		list, err := set.Readers(ctx)
		if err != nil {
			continue // another set may have it
		}
		for _, r := range list {
			if r.Name == reader && !r.Service {
				return set.NextCard(ctx, reader)
			}
		}
	}
	return CardRead{}, fmt.Errorf("reader %q is not connected: %w", reader, ErrReaderGone)
}
