package ccid

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
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

// wire is a TPDU reader's slot reduced to its payloads: it records what
// the host sends and lets a test spoil what the card answers.
type wire struct {
	card  tpdu.Card
	sent  [][]byte
	bwis  []byte
	spoil func(n int, out []byte) []byte // n counts exchanges from 0
}

func (w *wire) xfr(_ context.Context, in []byte, bwi byte) ([]byte, error) {
	w.sent = append(w.sent, clone(in))
	w.bwis = append(w.bwis, bwi)
	out, err := w.card.Transmit(clone(in))
	if err != nil {
		return nil, err
	}
	if w.spoil != nil {
		out = w.spoil(len(w.sent)-1, out)
	}
	return out, nil
}

// cardApp is the test card's application: GET UID answers a 7-byte UID,
// 80 10 echoes its data, 80 20 P1 P2 answers P1P2 bytes counting up, 80
// 30 answers 9000 with no data.
func cardApp(cmd []byte) []byte {
	switch {
	case bytes.HasPrefix(cmd, hx("FFCA0000")):
		return hx("04A1B2C3D4E5F6 9000")
	case bytes.HasPrefix(cmd, hx("8010")) && len(cmd) > 5:
		return append(clone(cmd[5:5+int(cmd[4])]), 0x90, 0x00)
	case bytes.HasPrefix(cmd, hx("8020")):
		return append(counting(int(cmd[2])<<8|int(cmd[3])), 0x90, 0x00)
	case bytes.HasPrefix(cmd, hx("8030")):
		return hx("9000")
	}
	return hx("6D00")
}

func counting(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func hexes(bs [][]byte) []string {
	var out []string
	for _, b := range bs {
		out = append(out, strings.ToUpper(hex.EncodeToString(b)))
	}
	return out
}

func TestT0Cases(t *testing.T) {
	tests := []struct {
		name string
		apdu string
		want string
		sent []string // the TPDUs, in order
	}{
		{"case 1", "80300000", "9000", []string{"8030000000"}},
		{"case 2 right Le", "FFCA000007", "04A1B2C3D4E5F69000", []string{"FFCA000007"}},
		{"case 2 Le 00 is corrected by 6Cxx", "FFCA000000", "04A1B2C3D4E5F69000", []string{"FFCA000000", "FFCA000007"}},
		{"case 2 Le too short is corrected by 6Cxx", "FFCA000004", "04A1B2C3D4E5F69000", []string{"FFCA000004", "FFCA000007"}},
		{"case 3", "8030000002AABB", "9000", []string{"8030000002AABB"}},
		{"case 4 GET RESPONSE on 61xx", "8010000003AABBCC00", "AABBCC9000", []string{"8010000003AABBCC", "00C0000003"}},
		{"case 4 without data back", "8030000001AA00", "9000", []string{"8030000001AA"}},
		{"case 2 over 256 bytes: 61xx chain", "8020 0190 00", hex.EncodeToString(counting(400)) + "9000",
			[]string{"8020019000", "00C0000090"}},
		{"case 4 of 600 bytes: 61 00 twice", "8020025801AA00", hex.EncodeToString(counting(600)) + "9000",
			[]string{"8020025801AA", "00C0000000", "00C0000000", "00C0000058"}},
		{"unknown instruction", "80FF000000", "6D00", []string{"80FF000000"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := &wire{card: tpdu.NewT0(hx("3B00"), cardApp)}
			got, err := t0Link{xfr: w.xfr}.transmit(t.Context(), hx(tc.apdu))
			if err != nil {
				t.Fatal(err)
			}
			if want := hx(tc.want); !bytes.Equal(got, want) {
				t.Errorf("answer %X, want %X", got, want)
			}
			if got := hexes(w.sent); strings.Join(got, " ") != strings.Join(tc.sent, " ") {
				t.Errorf("sent %v, want %v", got, tc.sent)
			}
		})
	}
}

func TestT0Refusals(t *testing.T) {
	tests := []struct {
		name  string
		apdu  string
		card  func([]byte) ([]byte, error)
		want  string
		isErr error
	}{
		{"header too short", "8030", nil, "shorter than a header", nil},
		{"extended length", "80100000000001AA", nil, "extended-length APDUs", nil},
		{"Lc does not match", "8010000005AABB", nil, "does not match its Lc 5", nil},
		{"no status word", "FFCA000000", func([]byte) ([]byte, error) { return hx("90"), nil }, "no status word", ErrCardProtocol},
		{"6Cxx to a command with data", "8010000001AA00", func([]byte) ([]byte, error) { return hx("6C01"), nil }, "6C01", ErrCardProtocol},
		{"endless 61xx", "8010000001AA00", func([]byte) ([]byte, error) { return hx("AA6101"), nil }, "GET RESPONSE", ErrCardProtocol},
		{"endless 6Cxx", "FFCA000000", func([]byte) ([]byte, error) { return hx("6C07"), nil }, "rounds", ErrCardProtocol},
		{"the card leaves", "FFCA000000", func([]byte) ([]byte, error) { return nil, errors.New("ICC_MUTE") }, "ICC_MUTE", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xfr := func(_ context.Context, in []byte, _ byte) ([]byte, error) {
				if tc.card == nil {
					t.Fatalf("sent % X", in)
				}
				return tc.card(in)
			}
			_, err := t0Link{xfr: xfr}.transmit(t.Context(), hx(tc.apdu))
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.isErr != nil && !errors.Is(err, tc.isErr)) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// t1ATR: T=1 only, IFSC (TA3) 20, BWI/CWI (TB3) 45, LRC.
var t1ATR = withTCK(hx("3B 80 81 31 20 45"))

func withTCK(b []byte) []byte {
	var x byte
	for _, c := range b[1:] {
		x ^= c
	}
	return append(b, x)
}

func lrcBlock(s string) string {
	b := hx(s)
	return strings.ToUpper(hex.EncodeToString(append(b, t1EDC(false, b)...)))
}

func TestT1Exchanges(t *testing.T) {
	uid := "04A1B2C3D4E5F69000"
	tests := []struct {
		name   string
		opt    tpdu.T1Options
		ifsc   int // the host's IFSC (what it chains at)
		ifsd   int // 0: no S(IFS request)
		apdu   string
		spoil  func(n int, out []byte) []byte
		want   string
		sent   []string
		bwis   string
		errHas string
	}{
		{name: "one block each way", ifsc: 32, apdu: "FFCA000000", want: uid,
			sent: []string{lrcBlock("0000 05 FFCA000000")}},
		{name: "IFSD negotiated first", ifsc: 32, ifsd: 254, apdu: "FFCA000000", want: uid,
			sent: []string{lrcBlock("00C1 01 FE"), lrcBlock("0000 05 FFCA000000")}},
		{name: "command chained at IFSC", ifsc: 4, apdu: "8010000006A1A2A3A4A5A600", want: "A1A2A3A4A5A69000",
			sent: []string{lrcBlock("0020 04 80100000"), lrcBlock("0060 04 06A1A2A3"), lrcBlock("0000 04 A4A5A600")}},
		{name: "response chained by the card", opt: tpdu.T1Options{ChainAt: 8}, ifsc: 32, apdu: "8020001400",
			want: hex.EncodeToString(counting(20)) + "9000",
			sent: []string{lrcBlock("0000 05 8020001400"), lrcBlock("0090 00"), lrcBlock("0080 00")}},
		{name: "response chained at the IFSD", ifsc: 32, ifsd: 16, apdu: "8020001400",
			want: hex.EncodeToString(counting(20)) + "9000",
			sent: []string{lrcBlock("00C1 01 10"), lrcBlock("0000 05 8020001400"), lrcBlock("0090 00")}},
		{name: "waiting time extension", opt: tpdu.T1Options{WTXEvery: 1}, ifsc: 32, apdu: "FFCA000000", want: uid,
			sent: []string{lrcBlock("0000 05 FFCA000000"), lrcBlock("00E3 01 02")}, bwis: "0002"},
		{name: "damaged LRC asks again with R-block", ifsc: 32, apdu: "FFCA000000", want: uid,
			spoil: func(n int, out []byte) []byte {
				if n == 0 {
					out[len(out)-1] ^= 0xFF
				}
				return out
			},
			sent: []string{lrcBlock("0000 05 FFCA000000"), lrcBlock("0081 00")}},
		{name: "damaged block in a chain asks again", opt: tpdu.T1Options{ChainAt: 8}, ifsc: 32, apdu: "8020001400",
			want: hex.EncodeToString(counting(20)) + "9000",
			spoil: func(n int, out []byte) []byte {
				if n == 1 {
					out[3] ^= 0x01
				}
				return out
			},
			sent: []string{lrcBlock("0000 05 8020001400"), lrcBlock("0090 00"), lrcBlock("0091 00"), lrcBlock("0080 00")}},
		{name: "a card that never answers right", ifsc: 32, apdu: "FFCA000000",
			spoil:  func(_ int, out []byte) []byte { out[len(out)-1] ^= 0x55; return out },
			errHas: "no good block after 3 retries (last: T=1 block fails its LRC)"},
		{name: "a truncated block", ifsc: 32, apdu: "FFCA000000",
			spoil:  func(_ int, out []byte) []byte { return out[:3] },
			errHas: "too short"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := &wire{card: tpdu.NewT1(t1ATR, cardApp, tc.opt), spoil: tc.spoil}
			l := newT1Link(w.xfr, tc.ifsc, false)
			if tc.ifsd > 0 {
				if err := l.negotiateIFSD(t.Context(), tc.ifsd); err != nil {
					t.Fatal(err)
				}
			}
			got, err := l.transmit(t.Context(), hx(tc.apdu))
			if tc.errHas != "" {
				if err == nil || !errors.Is(err, ErrCardProtocol) || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("got %X, %v; want an error with %q", got, err, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v (sent %v)", err, hexes(w.sent))
			}
			if want := hx(tc.want); !bytes.Equal(got, want) {
				t.Errorf("answer %X, want %X", got, want)
			}
			if got := hexes(w.sent); strings.Join(got, " ") != strings.Join(tc.sent, " ") {
				t.Errorf("sent %v\nwant %v", got, tc.sent)
			}
			if tc.bwis != "" && hex.EncodeToString(w.bwis) != tc.bwis {
				t.Errorf("bBWI %x, want %s", w.bwis, tc.bwis)
			}
		})
	}
}

// Two APDUs in a row: N(S) alternates on both sides, and CRC works as
// the ATR asks.
func TestT1SequenceAndCRC(t *testing.T) {
	atr := withTCK(hx("3B 80 81 71 20 45 01")) // TC3 = 01: CRC
	w := &wire{card: tpdu.NewT1(atr, cardApp, tpdu.T1Options{})}
	l := newT1Link(w.xfr, 32, true)
	for i := range 3 {
		got, err := l.transmit(t.Context(), hx("FFCA000000"))
		if err != nil || !bytes.Equal(got, hx("04A1B2C3D4E5F69000")) {
			t.Fatalf("APDU %d: %X, %v", i, got, err)
		}
	}
	for i, b := range w.sent {
		if b[1] != byte(i%2)<<6 || len(b) != 3+5+2 {
			t.Errorf("block %d: % X", i, b)
		}
	}
}

func TestParseT1Block(t *testing.T) {
	tests := []struct {
		in      string
		crc     bool
		want    t1Block
		problem string
	}{
		{lrcBlock("0040 02 9000"), false, t1Block{kind: t1I, seq: 1, inf: hx("9000")}, ""},
		{lrcBlock("0020 01 AA"), false, t1Block{kind: t1I, more: true, inf: hx("AA")}, ""},
		{lrcBlock("0092 00"), false, t1Block{kind: t1R, seq: 1, bits: 2}, ""},
		{lrcBlock("00C3 01 05"), false, t1Block{kind: t1S, bits: t1SWTX, inf: hx("05")}, ""},
		{lrcBlock("00E1 01 FE"), false, t1Block{kind: t1S, bits: 0x21, inf: hx("FE")}, ""},
		{"0000", false, t1Block{}, "too short"},
		{"00000200", false, t1Block{}, "announces 2 information bytes in 4 bytes"},
		{"0000FF00", false, t1Block{}, "announces 255"},
		{"00400290 0001", false, t1Block{}, "fails its LRC"},
		{lrcBlock("0540 00"), false, t1Block{}, "NAD 05"},
		{lrcBlock("0041 00"), false, t1Block{}, "reserved bits"},
		{lrcBlock("0090 01 00"), false, t1Block{}, "R-block PCB 90 with 1 information bytes"},
		{lrcBlock("00C3 00"), false, t1Block{}, "S-block PCB C3 with 0"},
		{lrcBlock("00C5 00"), false, t1Block{}, "S-block PCB C5"},
		{"0000 00 0000", true, t1Block{}, "fails its CRC"},
	}
	for _, tc := range tests {
		got, err := parseT1Block(hx(tc.in), tc.crc)
		if tc.problem != "" {
			var be *t1BlockError
			if !errors.As(err, &be) || !strings.Contains(err.Error(), tc.problem) {
				t.Errorf("%s: %v, want %q", tc.in, err, tc.problem)
			}
			continue
		}
		if err != nil || got.kind != tc.want.kind || got.seq != tc.want.seq || got.more != tc.want.more ||
			got.bits != tc.want.bits || !bytes.Equal(got.inf, tc.want.inf) {
			t.Errorf("%s: %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}
