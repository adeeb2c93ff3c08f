package tpdu

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

func h(s string) []byte {
	b, err := hex.DecodeString(removeSpaces(s))
	if err != nil {
		panic(err)
	}
	return b
}

// testApp answers GET UID (FF CA 00 00) with a 4-byte UID, ECHO (80 10)
// with its data, LONG (80 20 00 00) with n bytes where P2... see cases.
func testApp(cmd []byte) []byte {
	switch {
	case bytes.HasPrefix(cmd, h("FFCA0000")):
		return h("010203049000")
	case bytes.HasPrefix(cmd, h("8010")) && len(cmd) > 5:
		return append(clone(cmd[5:5+int(cmd[4])]), 0x90, 0x00)
	case bytes.HasPrefix(cmd, h("8020")):
		n := int(cmd[2])<<8 | int(cmd[3])
		out := make([]byte, n)
		for i := range out {
			out[i] = byte(i)
		}
		return append(out, 0x90, 0x00)
	case bytes.HasPrefix(cmd, h("8030")):
		return h("9000")
	}
	return h("6D00")
}

var t0ATR = h("3B00") // T=0 implied, no interface bytes

func TestT0(t *testing.T) {
	long := make([]byte, 300)
	for i := range long {
		long[i] = byte(i)
	}
	tests := []struct {
		name string
		in   []string
		want []string
		err  error
	}{
		{"case 1", []string{"8030000000"}, []string{"9000"}, nil},
		{"case 2 exact Le", []string{"FFCA000004"}, []string{"010203049000"}, nil},
		{"case 2 Le 256 gets 6Cxx", []string{"FFCA000000", "FFCA000004"}, []string{"6C04", "010203049000"}, nil},
		{"case 2 Le too small gets 6Cxx", []string{"FFCA000002"}, []string{"6C04"}, nil},
		{"case 3", []string{"8030000002AABB"}, []string{"9000"}, nil},
		{"case 4 then GET RESPONSE", []string{"8010000003AABBCC", "00C0000003"}, []string{"6103", "AABBCC9000"}, nil},
		{"GET RESPONSE with a wrong Le", []string{"8010000003AABBCC", "00C0000005", "00C0000003"}, []string{"6103", "6C03", "AABBCC9000"}, nil},
		{"GET RESPONSE in parts", []string{"8010000003AABBCC", "00C0000002", "00C0000001"}, []string{"6103", "AABB6101", "CC9000"}, nil},
		{"case 2 over 256 chains 61xx", []string{"8020012C00"}, []string{hex.EncodeToString(long[:256]) + "612C"}, nil},
		{"GET RESPONSE with nothing kept", []string{"00C0000002"}, []string{"6D00"}, nil},
		{"short header", []string{"80300000"}, nil, ErrMute},
		{"data missing", []string{"8010000003AA"}, nil, ErrMute},
		{"data too long", []string{"8010000001AABB"}, nil, ErrProtocol},
		{"PPS echoed first", []string{"FF1011FE"}, []string{"FF1011FE"}, nil},
		{"PPS for T=1 refused", []string{"FF01FE"}, nil, ErrMute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewT0(t0ATR, testApp)
			for i, in := range tc.in {
				got, err := c.Transmit(h(in))
				if i == len(tc.in)-1 && tc.err != nil {
					if !errors.Is(err, tc.err) {
						t.Fatalf("got %x, %v; want %v", got, err, tc.err)
					}
					return
				}
				if err != nil {
					t.Fatalf("exchange %d: %v", i, err)
				}
				if want := h(tc.want[i]); !bytes.Equal(got, want) {
					t.Fatalf("exchange %d: got %x, want %x", i, got, want)
				}
			}
		})
	}
}

func removeSpaces(s string) string { return string(bytes.ReplaceAll([]byte(s), []byte(" "), nil)) }

func TestT0LongChain(t *testing.T) {
	c := NewT0(t0ATR, testApp)
	var got []byte
	out, err := c.Transmit(h("8020020000")) // 512 bytes asked with Le 256
	for err == nil && len(out) >= 2 && out[len(out)-2] == 0x61 {
		got = append(got, out[:len(out)-2]...)
		out, err = c.Transmit([]byte{0x00, 0xC0, 0x00, 0x00, out[len(out)-1]})
	}
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, out[:len(out)-2]...)
	if len(got) != 512 || !bytes.Equal(out[len(out)-2:], h("9000")) || got[511] != 0xFF {
		t.Fatalf("got %d bytes ending %x", len(got), out[len(out)-2:])
	}
}

// t1ATR offers T=1 with IFSC 32 and LRC: 3B 80 80 01 then TCK... built
// by hand: TS T0(TD1) TD1(T=1, TA2? no: TD2) TD2(TA3,T=1) TA3 TCK.
var t1ATR = withTCK(h("3B8081 31 20"))

func withTCK(b []byte) []byte { return append(b, xor(b[1:])) }

func TestReadATR(t *testing.T) {
	tests := []struct {
		atr  []byte
		want atrInfo
	}{
		{h("3B00"), atrInfo{protocols: 1, ifsc: 32}},
		{t1ATR, atrInfo{protocols: 2, ifsc: 0x20}},
		{withTCK(h("3B8081 71 FE 45 01")), atrInfo{protocols: 2, ifsc: 0xFE, crc: true}},
		{withTCK(h("3B90 11 80 71 10 45 00")), atrInfo{protocols: 3, ifsc: 0x10}},
	}
	for _, tc := range tests {
		got := readATR(tc.atr)
		if got != tc.want {
			t.Errorf("readATR(%x) = %+v, want %+v", tc.atr, got, tc.want)
		}
	}
}

func TestCRCMatchesOpenCTTable(t *testing.T) {
	// crctab[1], crctab[0x80] and crctab[0xFF] of openct's checksum.c are
	// the CRC of one byte from a zero preset.
	for _, tc := range []struct {
		b    byte
		want uint16
	}{{0x01, 0x1189}, {0x80, 0x8408}, {0xFF, 0x0F78}} {
		v := uint16(0) ^ uint16(tc.b)
		for range 8 {
			if v&1 != 0 {
				v = v>>1 ^ 0x8408
			} else {
				v >>= 1
			}
		}
		if v != tc.want {
			t.Errorf("byte %02X: %04X, want %04X", tc.b, v, tc.want)
		}
	}
}
