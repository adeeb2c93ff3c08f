package ccid

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/enroll"
)

// maxResponse bounds a chained response: an extended APDU's worth.
const maxResponse = 65536 + 2

// slotStatus asks whether a card is on the slot. Readers answer an empty
// slot either with a plain status or as a failed command with ICC_MUTE;
// both mean the same here.
func (c *conn) slotStatus(ctx context.Context, slot byte) (iccState, error) {
	r, err := c.transact(ctx, command{Type: msgGetSlotStatus, Slot: slot}, msgSlotStatus)
	var se *SlotError
	if errors.As(err, &se) && se.Code == 0xFE {
		return r.icc(), nil
	}
	if err != nil {
		return 0, err
	}
	return r.icc(), nil
}

// powerOn activates the card and returns its ATR.
func (c *conn) powerOn(ctx context.Context, slot byte) ([]byte, error) {
	cmd := command{Type: msgIccPowerOn, Slot: slot, Param: [3]byte{powerSelect(c.class)}}
	r, err := c.transact(ctx, cmd, msgDataBlock)
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

// powerOff deactivates the card.
func (c *conn) powerOff(ctx context.Context, slot byte) (iccState, error) {
	r, err := c.transact(ctx, command{Type: msgIccPowerOff, Slot: slot}, msgSlotStatus)
	if err != nil {
		return 0, err
	}
	return r.icc(), nil
}

// transmit sends one APDU and returns the card's answer. A reader at
// extended level may hand a long answer over in parts; they are asked for
// and joined.
func (c *conn) transmit(ctx context.Context, slot byte, apdu []byte) ([]byte, error) {
	if headerLen+len(apdu) > c.maxMessage {
		return nil, fmt.Errorf("a command of %d bytes is longer than the reader takes in one message (%d bytes, header included)", len(apdu), c.maxMessage)
	}
	r, err := c.transact(ctx, command{Type: msgXfrBlock, Slot: slot, Data: apdu}, msgDataBlock)
	if err != nil {
		return nil, err
	}
	out := r.Data
	for c.level == levelExtendedAPDU && (r.Param == chainBegins || r.Param == chainContinues) {
		var next [3]byte
		binary.LittleEndian.PutUint16(next[1:], chainNext)
		if r, err = c.transact(ctx, command{Type: msgXfrBlock, Slot: slot, Param: next}, msgDataBlock); err != nil {
			return nil, err
		}
		if out = append(out, r.Data...); len(out) > maxResponse {
			return nil, fmt.Errorf("the reader's answer grew past %d bytes", maxResponse)
		}
	}
	return out, nil
}

// readUID asks for the UID and, when the reader answers 6CXX (wrong Le),
// asks once more with the length it named.
func (c *conn) readUID(ctx context.Context, slot byte) ([]byte, string, error) {
	resp, err := c.transmit(ctx, slot, iso7816.GetUID(0))
	if err != nil {
		return nil, "", fmt.Errorf("asking for the card number: %w", err)
	}
	uid, warning, err := iso7816.ParseUIDResponse(resp)
	var wrongLe *iso7816.WrongLeError
	if !errors.As(err, &wrongLe) {
		return uid, warning, err
	}
	if resp, err = c.transmit(ctx, slot, iso7816.GetUID(wrongLe.Available)); err != nil {
		return nil, "", fmt.Errorf("asking again for the card number: %w", err)
	}
	return iso7816.ParseUIDResponse(resp)
}

// readCard powers the card up and reads its UID. The card is left powered,
// as PC/SC's LeaveCard leaves it: switching a contactless card off can
// make a reader report it again as if it had just arrived.
func (c *conn) readCard(ctx context.Context, slot byte, reader string, at time.Time) (enroll.CardRead, string, error) {
	read := enroll.CardRead{Reader: reader, At: at}
	atr, err := c.powerOn(ctx, slot)
	if err != nil {
		return read, "", &ReadError{Reader: reader, Err: fmt.Errorf("powering the card up: %w", err)}
	}
	read.ATR = atr
	uid, warning, err := c.readUID(ctx, slot)
	if err != nil {
		return read, "", &ReadError{Reader: reader, Err: err}
	}
	read.UID = uid
	return read, warning, nil
}
