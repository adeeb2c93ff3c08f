package pcsc

import (
	"errors"
	"fmt"
	"time"

	"github.com/ebfe/scard"

	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/enroll"
)

// transmitter is the one thing reading a UID needs from a connected card,
// so the exchange can be tested without a reader.
type transmitter interface {
	Transmit(cmd []byte) ([]byte, error)
}

// readCard connects to the card on reader, reads its UID and disconnects,
// leaving the card as it was. at is when the service reported the card.
func readCard(sc *scard.Context, reader string, atr []byte, at time.Time) (enroll.CardRead, string, error) {
	read := cardReadOf(reader, atr, at)
	card, err := sc.Connect(reader, scard.ShareShared, scard.ProtocolAny)
	if err != nil {
		return read, "", &ReadError{Reader: reader, Err: explainCardError(reader, "connecting to the card", err)}
	}
	defer func() { _ = card.Disconnect(scard.LeaveCard) }()
	if st, err := card.Status(); err == nil && len(st.Atr) > 0 {
		read.ATR = clone(st.Atr)
	}
	uid, warning, err := readUID(reader, card)
	if err != nil {
		return read, "", &ReadError{Reader: reader, Err: err}
	}
	read.UID = uid
	return read, warning, nil
}

// readUID sends GET DATA and, when the reader answers 6CXX (wrong Le), asks
// once more with the length it named.
func readUID(reader string, card transmitter) ([]byte, string, error) {
	resp, err := card.Transmit(iso7816.GetUID(0))
	if err != nil {
		return nil, "", explainCardError(reader, "asking for the card number", err)
	}
	uid, warning, err := iso7816.ParseUIDResponse(resp)
	var wrongLe *iso7816.WrongLeError
	if !errors.As(err, &wrongLe) {
		return uid, warning, err
	}
	if resp, err = card.Transmit(iso7816.GetUID(wrongLe.Available)); err != nil {
		return nil, "", explainCardError(reader, "asking again for the card number", err)
	}
	return iso7816.ParseUIDResponse(resp)
}

// explainCardError turns the smart-card service's error codes into what
// happened at the desk.
func explainCardError(reader, doing string, err error) error {
	switch {
	case errors.Is(err, scard.ErrRemovedCard), errors.Is(err, scard.ErrNoSmartcard):
		return iso7816.ErrCardLifted
	case errors.Is(err, scard.ErrUnresponsiveCard), errors.Is(err, scard.ErrUnpoweredCard):
		return iso7816.ErrCardMute
	case errors.Is(err, scard.ErrUnknownReader), errors.Is(err, scard.ErrReaderUnavailable):
		return readerUnplugged(reader)
	case serviceGone(err):
		return readerServiceDown(reader)
	case errors.Is(err, scard.ErrSharingViolation):
		return fmt.Errorf("%s: another program is using the card exclusively: %w", doing, err)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// serviceGone: the error means the smart-card service itself went away.
func serviceGone(err error) bool {
	return errors.Is(err, scard.ErrNoService) || errors.Is(err, scard.ErrServiceStopped) ||
		errors.Is(err, scard.ErrCommError) || errors.Is(err, scard.ErrInvalidHandle)
}

// cardReadOf is what is known of a card that could not be read.
func cardReadOf(reader string, atr []byte, at time.Time) enroll.CardRead {
	return enroll.CardRead{Reader: reader, ATR: clone(atr), At: at}
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
