package ccid

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseInterrupt(t *testing.T) {
	p, pc, c, none := slotChange{Present: true}, slotChange{Present: true, Changed: true}, slotChange{Changed: true}, slotChange{}
	cases := []struct {
		name  string
		msg   []byte
		slots int
		want  []slotChange
	}{
		{"card arrived", []byte{0x50, 0x03}, 1, []slotChange{pc}},
		{"card left", []byte{0x50, 0x02}, 1, []slotChange{c}},
		{"bits past the slots ignored", []byte{0x50, 0xFD}, 1, []slotChange{p}},
		{"two slots, the second changed", []byte{0x50, 0x0D}, 2, []slotChange{p, pc}},
		{"five slots over two bytes", []byte{0x50, 0x00, 0x03}, 5, []slotChange{none, none, none, none, pc}},
		{"short notification covers what it can", []byte{0x50, 0x01}, 6, []slotChange{p, none, none, none}},
	}
	for _, tc := range cases {
		m, err := parseInterrupt(tc.msg, tc.slots)
		if err != nil || !reflect.DeepEqual(m.Slots, tc.want) {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, m.Slots, err, tc.want)
		}
	}
	hw, err := parseInterrupt([]byte{0x51, 0x00, 0x07, 0x01}, 1)
	if err != nil || hw.Type != msgHardwareError || hw.Seq != 7 || hw.HWCode != 1 {
		t.Errorf("hardware error: %+v, %v", hw, err)
	}
	for _, bad := range [][]byte{nil, {0x50}, {0x51, 0, 1}, {0x80, 0x00}} {
		var fe *FrameError
		if _, err := parseInterrupt(bad, 1); !errors.As(err, &fe) {
			t.Errorf("% x: %v, want a FrameError", bad, err)
		}
	}
}
