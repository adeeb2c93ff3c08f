package ccidemu

import (
	"encoding/binary"
	"errors"

	"github.com/carddesk/carddesk/devices/ccid/ccidemu/tpdu"
)

// parameters is a slot's protocol (bProtocolNum) and its
// abProtocolDataStructure (CCID 1.1 6.1.7 and 6.2.3).
type parameters struct {
	protocol byte
	data     []byte
}

// defaultParameters are T=0's at power-up: Fi/Di 11, direct convention,
// no extra guard time, WI 10, clock stop not allowed.
func defaultParameters() parameters {
	return parameters{protocol: 0, data: []byte{0x11, 0x00, 0x00, 0x0A, 0x00}}
}

// parametersLocked answers SetParameters, GetParameters and
// ResetParameters with RDR_to_PC_Parameters: bProtocolNum in the last
// header byte, the structure as data. A rejected field is named by its
// offset in the command (CCID 1.1 6.2.6).
func (r *Reader) parametersLocked(cmd Received, s *slot, icc byte) []byte {
	fail := func(code byte) []byte { return message(Parameters, cmd.Slot, cmd.Seq, cmdFailed|icc, code, 0, nil) }
	if s.card == nil {
		return fail(ErrICCMute)
	}
	switch cmd.Type {
	case ResetParameters:
		s.params = defaultParameters()
	case SetParameters:
		p, bad := checkParameters(cmd, r.cfg.Features)
		if bad != 0 {
			return fail(bad)
		}
		s.params = p
	}
	return message(Parameters, cmd.Slot, cmd.Seq, icc, 0, s.params.protocol, s.params.data)
}

// checkParameters validates SetParameters the way CCID 1.1 table 6.1-8
// and 6.1-9 define the fields; bad is the offset of the first wrong one.
func checkParameters(cmd Received, features uint32) (parameters, byte) {
	proto, d := cmd.Params[0], cmd.Data
	switch {
	case proto > 1:
		return parameters{}, 7
	case cmd.Params[1] != 0 || cmd.Params[2] != 0:
		return parameters{}, 8
	case proto == 0 && len(d) != 5, proto == 1 && len(d) != 7:
		return parameters{}, errBadLength
	case !validFiDi(d[0]):
		return parameters{}, 10
	case proto == 0 && d[1]&^0x02 != 0, proto == 1 && d[1]&^0x03 != 0x10:
		return parameters{}, 11
	case d[4] > 3:
		return parameters{}, 14
	case proto == 1 && (d[5] == 0 || d[5] == 0xFF):
		return parameters{}, 15
	case proto == 1 && d[6] != 0 && features&0x200 == 0:
		return parameters{}, 16
	}
	return parameters{protocol: proto, data: clone(d)}, 0
}

// validFiDi: Fi and Di both name a value in ISO/IEC 7816-3 tables 7 and 8.
func validFiDi(b byte) bool {
	fi, di := b>>4, b&0x0F
	return fi != 7 && fi != 8 && fi < 14 && di != 0 && di < 10
}

// xfrTPDULocked passes the payload to the card as a TPDU-level reader
// does, and its answer back. A card that waits for bytes never sent (or
// is missing) is ICC_MUTE; one that falls out of step with the reader is
// a hardware error; an empty payload is a bad dwLength.
func (r *Reader) xfrTPDULocked(cmd Received, s *slot, icc byte) []byte {
	fail := func(code byte) []byte { return message(DataBlock, cmd.Slot, cmd.Seq, cmdFailed|icc, code, 0, nil) }
	switch {
	case binary.LittleEndian.Uint16(cmd.Params[1:]) != 0:
		return fail(errBadParam8)
	case s.card == nil || !s.powered:
		return fail(ErrICCMute)
	case s.card.TPDU == nil:
		return fail(ErrICCMute) // a card that only the APDU levels know
	case len(cmd.Data) == 0:
		return fail(errBadLength)
	}
	out, err := s.card.TPDU.Transmit(clone(cmd.Data))
	switch {
	case errors.Is(err, tpdu.ErrProtocol):
		return fail(ErrHardware)
	case err != nil:
		return fail(ErrICCMute)
	}
	return message(DataBlock, cmd.Slot, cmd.Seq, icc, 0, 0, out)
}
