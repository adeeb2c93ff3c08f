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

// powerOn activates the card and returns its ATR. On a TPDU-level
// reader it then settles the card's protocol, which every APDU to it
// goes through until the next power-up.
func (c *conn) powerOn(ctx context.Context, slot byte) ([]byte, error) {
	delete(c.links, slot)
	cmd := command{Type: msgIccPowerOn, Slot: slot, Param: [3]byte{powerSelect(c.class)}}
	r, err := c.transact(ctx, cmd, msgDataBlock)
	if err != nil {
		return nil, err
	}
	if c.level != levelTPDU {
		return r.Data, nil
	}
	link, err := c.startProtocol(ctx, slot, r.Data)
	if err != nil {
		return nil, fmt.Errorf("setting up the card's protocol (ATR % X): %w", r.Data, err)
	}
	c.links[slot] = link
	return r.Data, nil
}

// powerOff deactivates the card.
func (c *conn) powerOff(ctx context.Context, slot byte) (iccState, error) {
	delete(c.links, slot)
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
	if c.level == levelTPDU {
		link := c.links[slot]
		if link == nil {
			return nil, fmt.Errorf("no card powered up on slot %d to send an APDU to", slot)
		}
		return link.transmit(ctx, apdu)
	}
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

// lifted names a failed read for what it most likely was: the card taken
// away. Some readers (QEMU's, for one) answer the exchange the card was
// taken from with a plain failure that still reports a card.
func (c *conn) lifted(ctx context.Context, slot byte, err error) error {
	var se *SlotError
	if !errors.As(err, &se) || errors.Is(err, iso7816.ErrCardLifted) {
		return err
	}
	if st, serr := c.slotStatus(ctx, slot); serr == nil && st == iccAbsent {
		return fmt.Errorf("%w (the reader said: %v)", iso7816.ErrCardLifted, err)
	}
	// The card answered its power-up, so a failure now most often means
	// it left the field or the slot; the reader may not know it yet.
	return fmt.Errorf("the read was cut off; was the card taken away? Present it again and hold it still (%w)", err)
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
		return read, "", &ReadError{Reader: reader, Err: c.lifted(ctx, slot, err)}
	}
	read.UID = uid
	return read, warning, nil
}
