package ccidemu

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/devices/ccid/ccidemu/tpdu"
)

func hx(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// The TPDU-level reader's parameter commands and XfrBlock, against frames
// written out by hand from CCID 1.1 sections 6.1.7, 6.1.4, 6.1.8 and
// 6.2.3 (RDR_to_PC_Parameters: bProtocolNum in byte 9).
func TestTPDUWireFormat(t *testing.T) {
	r := New(Config{Level: TPDU})
	tr := claim(t, r)
	app := func(cmd []byte) []byte { return hx("0102 9000") }
	r.Insert(0, Card{TPDU: tpdu.NewT0(hx("3B00"), app)})
	steps := []struct{ name, cmd, ans string }{
		{"power on: the card's ATR", "62 00000000 00 01 000000", "80 02000000 00 01 00 00 00 3B00"},
		{"get parameters: T=0 defaults", "6C 00000000 00 02 000000", "82 05000000 00 02 00 00 00 1100000A00"},
		{"set T=1 parameters", "61 07000000 00 03 01 0000 9610004500FE00", "82 07000000 00 03 00 00 01 9610004500FE00"},
		{"get parameters: T=1 kept", "6C 00000000 00 04 000000", "82 07000000 00 04 00 00 01 9610004500FE00"},
		{"reset parameters", "6D 00000000 00 05 000000", "82 05000000 00 05 00 00 00 1100000A00"},
		{"bProtocolNum 2", "61 05000000 00 06 02 0000 1100000A00", "82 00000000 00 06 40 07 00"},
		{"T=1 structure too short", "61 05000000 00 07 01 0000 1110004500", "82 00000000 00 07 40 01 00"},
		{"reserved Fi", "61 05000000 00 08 00 0000 7100000A00", "82 00000000 00 08 40 0A 00"},
		{"bmTCCKST1 without 10", "61 07000000 00 09 01 0000 11000045002000", "82 00000000 00 09 40 0B 00"},
		{"bClockStop 4", "61 05000000 00 0A 00 0000 1100000A04", "82 00000000 00 0A 40 0E 00"},
		{"bIFSC FF", "61 07000000 00 0B 01 0000 111000450 0FF00", "82 00000000 00 0B 40 0F 00"},
		{"NAD without the feature", "61 07000000 00 0C 01 0000 11100045002012", "82 00000000 00 0C 40 10 00"},
		{"XfrBlock: TPDU to the card", "6F 05000000 00 0D 00 0000 8010000002", "80 04000000 00 0D 00 00 00 01029000"},
		{"XfrBlock: bBWI taken", "6F 05000000 00 0E 05 0000 8010000002", "80 04000000 00 0E 00 00 00 01029000"},
		{"XfrBlock: wLevelParameter refused", "6F 05000000 00 0F 00 1000 8010000002", "80 00000000 00 0F 40 08 00"},
		{"XfrBlock: empty", "6F 00000000 00 10 00 0000", "80 00000000 00 10 40 01 00"},
		{"XfrBlock: data short of P3, card mute", "6F 06000000 00 11 00 0000 8010000002AA", "80 00000000 00 11 40 FE 00"},
		{"XfrBlock: data past P3, out of step", "6F 08000000 00 12 00 0000 8010000002AABBCC", "80 00000000 00 12 40 FB 00"},
		{"power off", "63 00000000 00 13 000000", "81 00000000 00 13 01 00 00"},
		{"XfrBlock: card not powered", "6F 05000000 00 14 00 0000 8010000002", "80 00000000 00 14 41 FE 00"},
	}
	for _, s := range steps {
		if got := exchange(t, tr, hx(s.cmd)); !bytes.Equal(got, hx(s.ans)) {
			t.Errorf("%s:\n got % x\nwant % x", s.name, got, hx(s.ans))
		}
	}
	r.Remove(0)
	if got, want := exchange(t, tr, hx("61 05000000 00 20 00 0000 1100000A00")), hx("82 00000000 00 20 42 FE 00"); !bytes.Equal(got, want) {
		t.Errorf("set parameters, no card:\n got % x\nwant % x", got, want)
	}
}
