package ccid

import (
	"errors"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/devices/iso7816"
)

func TestSlotErrorMessages(t *testing.T) {
	cases := []struct {
		cmd    byte
		status byte // bStatus: failed, with the ICC state
		code   byte
		want   string
		kind   error
	}{
		{msgIccPowerOn, 0x41, 0xFE, "IccPowerOn failed with ICC_MUTE (FE): the card does not answer", iso7816.ErrCardMute},
		{msgIccPowerOn, 0x42, 0xFE, "ICC_MUTE (FE): the card does not answer (no card on the reader)", iso7816.ErrCardLifted},
		{msgXfrBlock, 0x40, 0xFD, "XfrBlock failed with XFR_PARITY_ERROR (FD): parity error", nil},
		{msgXfrBlock, 0x40, 0xFC, "XFR_OVERRUN (FC)", nil},
		{msgIccPowerOn, 0x41, 0xFB, "HW_ERROR (FB): the reader reports a hardware error", nil},
		{msgIccPowerOn, 0x41, 0xF8, "BAD_ATR_TS (F8)", nil},
		{msgIccPowerOn, 0x41, 0xF7, "BAD_ATR_TCK (F7)", nil},
		{msgIccPowerOn, 0x41, 0xF6, "ICC_PROTOCOL_NOT_SUPPORTED (F6)", nil},
		{msgIccPowerOn, 0x41, 0xF5, "ICC_CLASS_NOT_SUPPORTED (F5): the reader does not support the card's voltage class", nil},
		{msgXfrBlock, 0x40, 0xF4, "PROCEDURE_BYTE_CONFLICT (F4)", nil},
		{msgXfrBlock, 0x40, 0xF3, "DEACTIVATED_PROTOCOL (F3)", nil},
		{msgIccPowerOn, 0x41, 0xF2, "BUSY_WITH_AUTO_SEQUENCE (F2)", ErrSlotBusy},
		{msgXfrBlock, 0x40, 0xF0, "PIN_TIMEOUT (F0)", nil},
		{msgXfrBlock, 0x40, 0xEF, "PIN_CANCELLED (EF)", nil},
		{msgXfrBlock, 0x40, 0xE0, "CMD_SLOT_BUSY (E0): the slot is busy", ErrSlotBusy},
		{msgXfrBlock, 0x40, 0xFF, "CMD_ABORTED (FF)", nil},
		{msgXfrBlock, 0x40, 0x00, "CMD_NOT_SUPPORTED (00)", nil},
		{msgIccPowerOn, 0x41, 0x07, "BAD_PARAMETER (07): the reader rejected byte 7 of the command", nil},
		{msgXfrBlock, 0x40, 0x90, "VENDOR_ERROR (90)", nil},
		{msgGetSlotStatus, 0x42, 0xFB, "GetSlotStatus failed with HW_ERROR (FB)", nil},
	}
	for _, c := range cases {
		err := slotError(c.cmd, response{Status: c.status, Error: c.code})
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("bError %02X: %q, want %q", c.code, err, c.want)
		}
		if c.kind != nil && !errors.Is(err, c.kind) {
			t.Errorf("bError %02X: %v does not match %v", c.code, err, c.kind)
		}
		if c.kind == nil && (errors.Is(err, iso7816.ErrCardMute) || errors.Is(err, ErrSlotBusy) || errors.Is(err, iso7816.ErrCardLifted)) {
			t.Errorf("bError %02X: %v matches a kind it should not", c.code, err)
		}
	}
}

func TestICCStates(t *testing.T) {
	for _, c := range []struct {
		status  byte
		present bool
		text    string
	}{{0x00, true, "card present and powered"}, {0x01, true, "card present, not powered"},
		{0x02, false, "no card"}, {0x43, false, "card state unknown"}} {
		r := response{Status: c.status}
		if r.icc().present() != c.present || r.icc().String() != c.text {
			t.Errorf("bStatus %02X: %v %q", c.status, r.icc().present(), r.icc())
		}
	}
}
