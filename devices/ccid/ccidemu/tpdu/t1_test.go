package tpdu

import (
	"bytes"
	"errors"
	"testing"
)

// blk is a block with its LRC.
func blk(s string) []byte {
	b := h(s)
	return append(b, xor(b))
}

// The card's side of T=1, block by block (ISO/IEC 7816-3 11.6 and the
// scenarios of its annex A).
func TestT1Card(t *testing.T) {
	tests := []struct {
		name string
		opt  T1Options
		in   [][]byte
		want [][]byte
		err  error
	}{
		{"one I-block each way", T1Options{}, [][]byte{blk("0000 05 FFCA000000")}, [][]byte{blk("0000 06 01020304 9000")}, nil},
		{"N(S) alternates", T1Options{}, [][]byte{blk("0000 05 FFCA000000"), blk("0040 05 FFCA000000")},
			[][]byte{blk("0000 06 010203049000"), blk("0040 06 010203049000")}, nil},
		{"IFS request answered", T1Options{}, [][]byte{blk("00C1 01 FE")}, [][]byte{blk("00E1 01 FE")}, nil},
		{"RESYNCH answered", T1Options{}, [][]byte{blk("00C0 00")}, [][]byte{blk("00E0 00")}, nil},
		{"ABORT answered", T1Options{}, [][]byte{blk("00C2 00")}, [][]byte{blk("00E2 00")}, nil},
		{"command chained in", T1Options{}, [][]byte{blk("0020 03 801000"), blk("0040 04 0002AABB")},
			[][]byte{blk("0090 00"), blk("0000 04 AABB9000")}, nil},
		{"response chained out at ChainAt", T1Options{ChainAt: 4}, [][]byte{blk("0000 05 8020000600"), blk("0090 00")},
			[][]byte{blk("0020 04 00010203"), blk("0040 04 04059000")}, nil},
		{"the host asks again: last block resent", T1Options{ChainAt: 4}, [][]byte{blk("0000 05 8020000600"), blk("0081 00")},
			[][]byte{blk("0020 04 00010203"), blk("0020 04 00010203")}, nil},
		{"bad LRC: R-block with EDC error", T1Options{}, [][]byte{h("0000 05 FFCA000000 00")}, [][]byte{blk("0081 00")}, nil},
		{"wrong N(S): R-block other error", T1Options{}, [][]byte{blk("0040 05 FFCA000000")}, [][]byte{blk("0082 00")}, nil},
		{"WTX before the answer", T1Options{WTXEvery: 1}, [][]byte{blk("0000 05 FFCA000000"), blk("00E3 01 02")},
			[][]byte{blk("00C3 01 02"), blk("0000 06 010203049000")}, nil},
		{"block longer than IFSC", T1Options{IFSC: 4}, [][]byte{blk("0000 05 FFCA000000")}, [][]byte{blk("0082 00")}, nil},
		{"block cut short: the card waits", T1Options{}, [][]byte{h("0000 05 FFCA")}, nil, ErrMute},
		{"bytes past the block", T1Options{}, [][]byte{append(blk("0000 01 FF"), 0x00)}, nil, ErrProtocol},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewT1(t1ATR, testApp, tc.opt)
			for i, in := range tc.in {
				got, err := c.Transmit(in)
				if tc.err != nil && i == len(tc.in)-1 {
					if !errors.Is(err, tc.err) {
						t.Fatalf("got %X, %v; want %v", got, err, tc.err)
					}
					return
				}
				if err != nil || !bytes.Equal(got, tc.want[i]) {
					t.Fatalf("block %d: got %X, %v; want %X", i, got, err, tc.want[i])
				}
			}
		})
	}
}
