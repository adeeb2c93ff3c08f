package ccid

import (
	"context"
	"errors"
	"fmt"
)

// xfrFunc sends one TPDU-level XfrBlock payload to the card and returns
// the DataBlock payload; bwi is bBWI, the block waiting time multiplier
// a T=1 card asked for with S(WTX request).
type xfrFunc func(ctx context.Context, payload []byte, bwi byte) ([]byte, error)

// cardLink carries APDUs to the card on a TPDU-level slot: the host runs
// the card's transmission protocol, the reader only moves the bytes.
type cardLink interface {
	transmit(ctx context.Context, apdu []byte) ([]byte, error)
	protocol() string
}

// ErrCardProtocol: the card broke its transmission protocol (T=0 or
// T=1) in a way retrying did not mend.
var ErrCardProtocol = errors.New("the card does not follow its transmission protocol")

// maxT0Steps bounds the GET RESPONSE and resend rounds of one APDU: an
// extended response's worth of 256-byte parts, and a few more.
const maxT0Steps = maxResponse/256 + 4

// t0Link runs T=0 over a TPDU reader, which handles the procedure bytes
// itself: each XfrBlock is a command header (with its data, if any) and
// the answer is what the card sent back and SW1 SW2 (ISO/IEC 7816-3
// 12.2, as libccid's CmdXfrBlockTPDU_T0 and PC/SC part 3 map APDUs).
type t0Link struct{ xfr xfrFunc }

func (t0Link) protocol() string { return "T=0" }

func (l t0Link) transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	header, data, le, err := t0Case(apdu)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return l.outgoing(ctx, header, le)
	}
	resp, err := l.send(ctx, append(append(header[:4:4], byte(len(data))), data...))
	if err != nil || le < 0 {
		return resp, err // case 3: the status word is the answer
	}
	return l.collect(ctx, nil, resp)
}

// t0Case reads a short APDU as T=0 sends it: the header for P3, data
// (nil for case 1 and 2) and Le (-1 for case 1 and 3; 0 stands for 256).
func t0Case(apdu []byte) (header, data []byte, le int, err error) {
	switch {
	case len(apdu) < 4:
		return nil, nil, 0, fmt.Errorf("a command APDU of %d bytes is shorter than a header", len(apdu))
	case len(apdu) == 4:
		return apdu[:4], nil, -1, nil
	case len(apdu) == 5:
		return apdu[:4], nil, int(apdu[4]), nil
	case apdu[4] == 0:
		return nil, nil, 0, errors.New("extended-length APDUs cannot be sent to a T=0 card through a TPDU-level reader")
	}
	lc := int(apdu[4])
	switch len(apdu) {
	case 5 + lc:
		return apdu[:4], apdu[5:], -1, nil
	case 6 + lc:
		return apdu[:4], apdu[5 : 5+lc], int(apdu[5+lc]), nil
	}
	return nil, nil, 0, fmt.Errorf("a command APDU of %d bytes does not match its Lc %d", len(apdu), lc)
}

// outgoing runs case 1 (P3 = 00, nothing expected) and case 2 (P3 = Le).
func (l t0Link) outgoing(ctx context.Context, header []byte, le int) ([]byte, error) {
	cmd := append(header[:4:4], byte(max(le, 0)))
	resp, err := l.send(ctx, cmd)
	if err != nil || le < 0 {
		return resp, err
	}
	return l.collect(ctx, cmd, resp)
}

// collect follows the card's answer to last: 6Cxx (wrong Le, xx is
// right) sends last again with P3 = xx, 61xx (xx more bytes) asks with
// GET RESPONSE, Le = xx, for as long as the card has more; all the data
// comes back with the last status word. last is nil after a command
// with data, which 6Cxx cannot answer.
func (l t0Link) collect(ctx context.Context, last, resp []byte) ([]byte, error) {
	var out []byte
	for range maxT0Steps {
		sw1, sw2 := statusOf(resp)
		switch {
		case sw1 == 0x61:
			out = append(out, resp[:len(resp)-2]...)
			last = []byte{0x00, 0xC0, 0x00, 0x00, sw2}
		case sw1 == 0x6C && (last == nil || len(resp) != 2):
			return nil, fmt.Errorf("%w: 6C%02X (wrong length) where no Le was sent", ErrCardProtocol, sw2)
		case sw1 == 0x6C:
			last = append(last[:4:4], sw2)
		default:
			return append(out, resp...), nil
		}
		if len(out) > maxResponse {
			return nil, fmt.Errorf("%w: its answer grew past %d bytes", ErrCardProtocol, maxResponse)
		}
		var err error
		if resp, err = l.send(ctx, last); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%w: still 61xx or 6Cxx after %d rounds of GET RESPONSE or resending", ErrCardProtocol, maxT0Steps)
}

// send is one exchange; an answer without a status word is the card's
// (or the reader's) fault, not a response.
func (l t0Link) send(ctx context.Context, tpdu []byte) ([]byte, error) {
	resp, err := l.xfr(ctx, tpdu, 0)
	if err != nil {
		return nil, err
	}
	if len(resp) < 2 {
		return nil, fmt.Errorf("%w: T=0 answer of %d bytes, no status word", ErrCardProtocol, len(resp))
	}
	return resp, nil
}

func statusOf(resp []byte) (byte, byte) { return resp[len(resp)-2], resp[len(resp)-1] }
