package ccid

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/devices/iso7816"
)

func TestEncodeCommands(t *testing.T) {
	cases := []struct {
		name string
		cmd  command
		want []byte
	}{
		{"power on, automatic voltage", command{Type: msgIccPowerOn, Seq: 3},
			[]byte{0x62, 0, 0, 0, 0, 0x00, 0x03, 0x00, 0x00, 0x00}},
		{"power on slot 1 at 1.8 V", command{Type: msgIccPowerOn, Slot: 1, Seq: 0xFF, Param: [3]byte{0x03}},
			[]byte{0x62, 0, 0, 0, 0, 0x01, 0xFF, 0x03, 0x00, 0x00}},
		{"get slot status", command{Type: msgGetSlotStatus, Seq: 9},
			[]byte{0x65, 0, 0, 0, 0, 0x00, 0x09, 0x00, 0x00, 0x00}},
		{"GET DATA", command{Type: msgXfrBlock, Seq: 7, Data: iso7816.GetUID(0)},
			[]byte{0x6F, 0x05, 0, 0, 0, 0x00, 0x07, 0x00, 0x00, 0x00, 0xFF, 0xCA, 0x00, 0x00, 0x00}},
		{"next part of a chained answer", command{Type: msgXfrBlock, Seq: 8, Param: [3]byte{0, 0x10, 0x00}},
			[]byte{0x6F, 0, 0, 0, 0, 0x00, 0x08, 0x00, 0x10, 0x00}},
	}
	for _, c := range cases {
		if got := c.cmd.encode(); !bytes.Equal(got, c.want) {
			t.Errorf("%s:\n got % x\nwant % x", c.name, got, c.want)
		}
	}
}

func TestParseResponse(t *testing.T) {
	atr := []byte{0x3B, 0x81, 0x80, 0x01, 0x80, 0x80}
	frame := append([]byte{0x80, 0x06, 0, 0, 0, 0x00, 0x04, 0x00, 0x00, 0x00}, atr...)
	r, err := parseResponse(frame)
	if err != nil {
		t.Fatal(err)
	}
	if r.Type != msgDataBlock || r.Seq != 4 || r.icc() != iccActive || r.cmdStatus() != cmdOK || !bytes.Equal(r.Data, atr) {
		t.Errorf("parsed %+v", r)
	}
	frame[7] = 0x81 // time extension, card present but inactive
	if r, _ = parseResponse(frame); !r.extension() || r.icc() != iccInactive {
		t.Errorf("bStatus 81: extension %v, icc %v", r.extension(), r.icc())
	}

	bad := []struct {
		name  string
		frame []byte
		why   string
	}{
		{"empty", nil, "0 bytes"},
		{"short", []byte{0x81, 0, 0, 0, 0, 0, 1}, "7 bytes"},
		{"data missing", []byte{0x80, 0x02, 0, 0, 0, 0, 1, 0, 0, 0, 0x90}, "announces 2 data bytes, 1 came"},
		{"data extra", []byte{0x81, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x00}, "announces 0 data bytes, 1 came"},
		{"length past 4 GiB", []byte{0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 0, 0, 0}, "announces 4294967295"},
	}
	for _, c := range bad {
		_, err := parseResponse(c.frame)
		var fe *FrameError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: %v, want a FrameError saying %q", c.name, err, c.why)
		}
	}
}

func TestReadBufferSize(t *testing.T) {
	for _, c := range []struct {
		max  uint32
		want int
	}{{0, 512}, {271, 512}, {513, 1024}, {65544, 66048}, {1 << 31, 66048}} {
		if got := readBufferSize(c.max); got != c.want {
			t.Errorf("readBufferSize(%d) = %d, want %d", c.max, got, c.want)
		}
	}
}
