package tpdu

import "testing"

// Whatever the host sends, a card answers without panicking, and a T=1
// card's answer is always one well-formed block: NAD 0, LEN matching,
// LRC checking.
func FuzzCards(f *testing.F) {
	f.Add([]byte("\x05\xFF\xCA\x00\x00\x00"), true)
	f.Add(append([]byte{byte(len(blk("0000 05 FFCA000000")))}, blk("0000 05 FFCA000000")...), false)
	f.Add(append([]byte{4}, blk("00C1 01 FE")...), false)
	f.Fuzz(func(t *testing.T, script []byte, t0 bool) {
		var c Card = NewT1(t1ATR, testApp, T1Options{ChainAt: 3, WTXEvery: 2})
		if t0 {
			c = NewT0(t0ATR, testApp)
		}
		for len(script) > 0 {
			n := min(int(script[0]), len(script)-1)
			in := script[1 : 1+n]
			script = script[1+n:]
			out, err := c.Transmit(in)
			if err != nil || t0 {
				continue
			}
			if len(out) < 4 || out[0] != 0 || int(out[2]) != len(out)-4 || xor(out) != 0 {
				t.Fatalf("answer to % X is not a block: % X", in, out)
			}
		}
	})
}
