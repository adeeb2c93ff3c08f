package ccidemu

import "encoding/binary"

// CCID 1.1 message types.
const (
	PowerOn       = 0x62
	PowerOff      = 0x63
	GetSlotStatus = 0x65
	XfrBlock      = 0x6F
	// SetParameters, GetParameters and ResetParameters are answered
	// with Parameters.
	SetParameters   = 0x61
	GetParameters   = 0x6C
	ResetParameters = 0x6D
	Parameters      = 0x82
	DataBlock       = 0x80
	SlotStatus      = 0x81
	NotifySlot      = 0x50
	HardwareError   = 0x51
)

// bStatus values: ICC state in bits 0-1, command status in bits 6-7.
const (
	iccActive   = 0x00
	iccInactive = 0x01
	iccAbsent   = 0x02

	cmdFailed        = 0x40
	cmdTimeExtension = 0x80
)

// bError values the emulator sends.
const (
	ErrICCMute   = 0xFE
	ErrHardware  = 0xFB
	ErrSlotBusy  = 0xE0
	ErrParity    = 0xFD
	errNotSupp   = 0x00
	errBadLength = 0x01
	errBadSlot   = 0x05
	errBadParam7 = 0x07
	errBadParam8 = 0x08
)

// message encodes a reader-to-host message.
func message(typ, slot, seq, status, bErr, param byte, data []byte) []byte {
	b := make([]byte, 10+len(data))
	b[0] = typ
	binary.LittleEndian.PutUint32(b[1:], uint32(len(data)))
	b[5], b[6], b[7], b[8], b[9] = slot, seq, status, bErr, param
	copy(b[10:], data)
	return b
}

// Received is one command the emulator took in.
type Received struct {
	Type, Slot, Seq byte
	Params          [3]byte
	Data            []byte
	Raw             []byte
}

func parseCommand(p []byte) (Received, bool) {
	if len(p) < 10 {
		return Received{}, false
	}
	r := Received{Type: p[0], Slot: p[5], Seq: p[6], Data: append([]byte(nil), p[10:]...), Raw: append([]byte(nil), p...)}
	copy(r.Params[:], p[7:10])
	return r, true
}

// notify encodes NotifySlotChange: two bits per slot, present and changed.
func notify(present []bool, changed int) []byte {
	b := make([]byte, 1+(2*len(present)+7)/8)
	b[0] = NotifySlot
	for s, p := range present {
		var v byte
		if p {
			v |= 0x01
		}
		if s == changed {
			v |= 0x02
		}
		b[1+s/4] |= v << (2 * (s % 4))
	}
	return b
}
