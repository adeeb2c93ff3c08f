package ccid

import (
	"errors"
	"fmt"

	"github.com/carddesk/carddesk/devices/iso7816"
)

// iccState is bits 0-1 of bStatus: whether a card is there and powered.
type iccState byte

const (
	iccActive   iccState = 0
	iccInactive iccState = 1
	iccAbsent   iccState = 2
)

func (s iccState) present() bool { return s == iccActive || s == iccInactive }

func (s iccState) String() string {
	switch s {
	case iccActive:
		return "card present and powered"
	case iccInactive:
		return "card present, not powered"
	case iccAbsent:
		return "no card"
	}
	return "card state unknown"
}

// Command status, bits 6-7 of bStatus.
const (
	cmdOK            = 0
	cmdFailed        = 1
	cmdTimeExtension = 2
)

func (r response) icc() iccState   { return iccState(r.Status & 0x03) }
func (r response) cmdStatus() byte { return r.Status >> 6 }
func (r response) failed() bool    { return r.cmdStatus() == cmdFailed }
func (r response) extension() bool { return r.cmdStatus() == cmdTimeExtension }

// ErrSlotBusy: the reader is still busy with an earlier command on the
// slot; asking again later can work.
var ErrSlotBusy = errors.New("the card reader is busy")

// SlotError is a command the reader reports as failed, by its bError.
type SlotError struct {
	Command string // "IccPowerOn", ...
	Code    byte
	Name    string // the CCID name of the error, "ICC_MUTE"
	Problem string // what it means at the desk
	ICC     string // the card's state as the reader reported it with the error
	kind    error
}

func (e *SlotError) Error() string {
	return fmt.Sprintf("%s failed with %s (%02X): %s", e.Command, e.Name, e.Code, e.Problem)
}

// Unwrap matches a mute card with iso7816.ErrCardMute, a card that is gone
// with iso7816.ErrCardLifted and a busy slot with ErrSlotBusy, so the desk
// tells them apart the same way whichever reader path is in use.
func (e *SlotError) Unwrap() error { return e.kind }

// slotErrors are the bError values of CCID 1.1 table 6.2-2.
var slotErrors = map[byte]struct{ name, problem string }{
	0xFF: {"CMD_ABORTED", "the command was aborted"},
	0xFE: {"ICC_MUTE", "the card does not answer"},
	0xFD: {"XFR_PARITY_ERROR", "parity error talking to the card; present it again"},
	0xFC: {"XFR_OVERRUN", "the card sent more than the reader could take; present it again"},
	0xFB: {"HW_ERROR", "the reader reports a hardware error"},
	0xF8: {"BAD_ATR_TS", "the card's answer to reset starts wrong"},
	0xF7: {"BAD_ATR_TCK", "the card's answer to reset has a bad checksum"},
	0xF6: {"ICC_PROTOCOL_NOT_SUPPORTED", "the reader does not support the card's protocol"},
	0xF5: {"ICC_CLASS_NOT_SUPPORTED", "the reader does not support the card's voltage class"},
	0xF4: {"PROCEDURE_BYTE_CONFLICT", "the card sent an unexpected procedure byte"},
	0xF3: {"DEACTIVATED_PROTOCOL", "the card's protocol is switched off in the reader"},
	0xF2: {"BUSY_WITH_AUTO_SEQUENCE", "the reader is busy powering the card up by itself"},
	0xF0: {"PIN_TIMEOUT", "PIN entry timed out"},
	0xEF: {"PIN_CANCELLED", "PIN entry was cancelled"},
	0xE0: {"CMD_SLOT_BUSY", "the slot is busy with another command"},
	0x00: {"CMD_NOT_SUPPORTED", "the reader does not support this command"},
}

// slotError explains a failed response.
func slotError(cmd byte, r response) *SlotError {
	e := &SlotError{Command: commandName(cmd), Code: r.Error, ICC: r.icc().String()}
	if known, ok := slotErrors[r.Error]; ok {
		e.Name, e.Problem = known.name, known.problem
	} else if r.Error >= 0x01 && r.Error <= 0x7F {
		e.Name, e.Problem = "BAD_PARAMETER", fmt.Sprintf("the reader rejected byte %d of the command", r.Error)
	} else {
		e.Name, e.Problem = "VENDOR_ERROR", "an error the reader's maker defines"
	}
	switch {
	case r.icc() == iccAbsent && cmd != msgGetSlotStatus:
		e.kind = iso7816.ErrCardLifted
		e.Problem += " (no card on the reader)"
	case r.Error == 0xFE:
		e.kind = iso7816.ErrCardMute
	case r.Error == 0xE0 || r.Error == 0xF2:
		e.kind = ErrSlotBusy
	}
	return e
}
