// Package tpdu plays a contact card as a TPDU-level CCID reader's slot
// sees it: T=0 (headers, procedure handling done by the reader, 61xx and
// 6Cxx answers) and T=1 (blocks with NAD, PCB, LEN, INF and LRC or CRC).
// The emulator's TPDU-level reader, and the QEMU rig's passthru card,
// hand every PC_to_RDR_XfrBlock payload to a Card and send back what it
// answers.
//
// It is written from ISO/IEC 7816-3 and 7816-4 on its own, apart from
// package ccid's host side, so a mistake on one side is not mirrored by
// the other.
package tpdu

import "errors"

// Card is a contact card as a TPDU-level reader's slot exchanges with it:
// each call is the payload of one PC_to_RDR_XfrBlock, the answer the
// payload of the RDR_to_PC_DataBlock.
type Card interface {
	ATR() []byte
	Transmit(in []byte) ([]byte, error)
}

// Resetter is a Card that can be reset: its protocol state (T=1 sequence
// numbers, chains, a pending PPS or GET RESPONSE) goes back to what it is
// after the ATR. A reader's power-up (IccPowerOn, a cold or warm reset)
// resets the card; the emulator calls Reset there. NewT0 and NewT1 cards
// implement it.
type Resetter interface {
	Reset()
}

// APDU answers one command APDU with its response (data + SW1 SW2).
type APDU func(cmd []byte) []byte

// ErrMute: the card does not answer what it was sent (too few bytes for
// what the header announces, or a PPS it rejects); a reader reports it as
// ICC_MUTE once the waiting time has passed.
var ErrMute = errors.New("the card does not answer")

// ErrProtocol: the reader and the card fell out of step on what it was
// sent (more bytes than the header announces); a reader reports it as a
// hardware error.
var ErrProtocol = errors.New("the card and the reader fell out of step")

// answerPPS answers a PPS request sent as the first exchange after the
// ATR: the card takes the protocol and, when present, the Fi/Di it
// offers and echoes the request (ISO/IEC 7816-3 9.3). A request that is
// malformed, or names a protocol the ATR does not offer, is not a PPS
// the card accepts: ok is false and the caller decides (a command whose
// class byte is FF is not a PPS unless its bytes add up as one).
func answerPPS(a atrInfo, in []byte) (out []byte, ok bool) {
	if len(in) < 3 || in[0] != 0xFF {
		return nil, false
	}
	pps0 := in[1]
	if pps0&0x80 != 0 {
		return nil, false
	}
	want := 3
	for bit := byte(0x10); bit <= 0x40; bit <<= 1 {
		if pps0&bit != 0 {
			want++
		}
	}
	if len(in) != want || xor(in) != 0 {
		return nil, false
	}
	if !a.offers(int(pps0 & 0x0F)) {
		return nil, false
	}
	return append([]byte(nil), in...), true
}

func xor(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}
