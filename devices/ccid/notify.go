package ccid

import "fmt"

// slotChange is one slot's two bits in NotifySlotChange.
type slotChange struct {
	Present bool
	Changed bool // the card came or went since the last notification
}

// interruptMsg is one message on the interrupt pipe (CCID 1.1 section 6.3).
type interruptMsg struct {
	Type byte
	// NotifySlotChange: the slots the message covers, slot 0 first.
	Slots []slotChange
	// HardwareError: where and which.
	Slot, Seq, HWCode byte
}

// parseInterrupt reads an interrupt transfer. slots is the number of slots
// the reader has; a notification shorter than they need covers the first
// ones only, and bits past the last slot are ignored.
func parseInterrupt(b []byte, slots int) (interruptMsg, error) {
	if len(b) == 0 {
		return interruptMsg{}, &FrameError{Reason: "empty interrupt message"}
	}
	m := interruptMsg{Type: b[0]}
	switch b[0] {
	case msgNotifySlotChg:
		bits := b[1:]
		if len(bits) == 0 {
			return interruptMsg{}, &FrameError{Frame: clone(b), Reason: "slot change without slot bits"}
		}
		for s := 0; s < slots && s/4 < len(bits); s++ {
			v := bits[s/4] >> (2 * (s % 4))
			m.Slots = append(m.Slots, slotChange{Present: v&0x01 != 0, Changed: v&0x02 != 0})
		}
	case msgHardwareError:
		if len(b) < 4 {
			return interruptMsg{}, &FrameError{Frame: clone(b), Reason: fmt.Sprintf("hardware error message of %d bytes", len(b))}
		}
		m.Slot, m.Seq, m.HWCode = b[1], b[2], b[3]
	default:
		return interruptMsg{}, &FrameError{Frame: clone(b), Reason: fmt.Sprintf("unknown interrupt message %02X", b[0])}
	}
	return m, nil
}
