package ccid

import (
	"encoding/binary"
	"fmt"
)

// Message types (CCID 1.1 sections 6.1 to 6.3).
const (
	msgIccPowerOn     = 0x62
	msgIccPowerOff    = 0x63
	msgGetSlotStatus  = 0x65
	msgXfrBlock       = 0x6F
	msgSetParameters  = 0x61
	msgGetParameters  = 0x6C
	msgParameters     = 0x82
	msgDataBlock      = 0x80
	msgSlotStatus     = 0x81
	msgNotifySlotChg  = 0x50
	msgHardwareError  = 0x51
	headerLen         = 10
	maxMessageDefault = 271 // a short APDU's worth, for readers that announce less
	maxMessageCap     = 65544 + headerLen
)

// Extended APDU chaining (wLevelParameter, bChainParameter).
const (
	chainComplete  = 0x00
	chainBegins    = 0x01
	chainEnds      = 0x02
	chainContinues = 0x03
	chainNext      = 0x10 // host asks for the next part of a response
)

// command is one host-to-reader message: a 10-byte header (type, data
// length little-endian, slot, sequence, three message-specific bytes)
// followed by the data.
type command struct {
	Type  byte
	Slot  byte
	Seq   byte
	Param [3]byte
	Data  []byte
}

func (c command) encode() []byte {
	b := make([]byte, headerLen+len(c.Data))
	b[0] = c.Type
	binary.LittleEndian.PutUint32(b[1:], uint32(len(c.Data)))
	b[5], b[6] = c.Slot, c.Seq
	copy(b[7:10], c.Param[:])
	copy(b[headerLen:], c.Data)
	return b
}

func commandName(t byte) string {
	switch t {
	case msgIccPowerOn:
		return "IccPowerOn"
	case msgIccPowerOff:
		return "IccPowerOff"
	case msgGetSlotStatus:
		return "GetSlotStatus"
	case msgXfrBlock:
		return "XfrBlock"
	case msgSetParameters:
		return "SetParameters"
	case msgGetParameters:
		return "GetParameters"
	}
	return fmt.Sprintf("command %02X", t)
}

// response is one reader-to-host message.
type response struct {
	Type   byte
	Slot   byte
	Seq    byte
	Status byte // bStatus
	Error  byte // bError
	Param  byte // bChainParameter of a DataBlock, bClockStatus of a SlotStatus
	Data   []byte
}

// FrameError is a message from the reader that is not a well-formed CCID
// response.
type FrameError struct {
	Frame  []byte
	Reason string
}

func (e *FrameError) Error() string {
	shown := e.Frame
	if len(shown) > 16 {
		shown = shown[:16]
	}
	return fmt.Sprintf("the reader sent a malformed message (%s): % x", e.Reason, shown)
}

// parseResponse checks a bulk-in transfer is exactly one response message.
func parseResponse(b []byte) (response, error) {
	if len(b) < headerLen {
		return response{}, &FrameError{Frame: clone(b), Reason: fmt.Sprintf("%d bytes, shorter than a header", len(b))}
	}
	n := binary.LittleEndian.Uint32(b[1:])
	if uint64(n) != uint64(len(b)-headerLen) {
		return response{}, &FrameError{Frame: clone(b), Reason: fmt.Sprintf("header announces %d data bytes, %d came", n, len(b)-headerLen)}
	}
	return response{
		Type: b[0], Slot: b[5], Seq: b[6], Status: b[7], Error: b[8], Param: b[9],
		Data: clone(b[headerLen:]),
	}, nil
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
