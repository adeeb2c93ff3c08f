package ccid_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/devices/ccid"
	"github.com/carddesk/carddesk/devices/ccid/ccidemu"
	"github.com/carddesk/carddesk/devices/ccid/ccidemu/tpdu"
	"github.com/carddesk/carddesk/devices/iso7816"
)

var contactUID = []byte{0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6}

// uidApp is a contact card's application as the QEMU rig's card and the
// vpcd card answer: GET UID (FF CA 00 00) gives the UID and 9000.
func uidApp(cmd []byte) []byte {
	if len(cmd) >= 4 && bytes.Equal(cmd[:4], []byte{0xFF, 0xCA, 0x00, 0x00}) {
		return append(clone(contactUID), 0x90, 0x00)
	}
	return []byte{0x6D, 0x00}
}

func atrWithTCK(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	var x byte
	for _, c := range b[1:] {
		x ^= c
	}
	return append(b, x)
}

// commands lists the commands of the given types the reader took in, as
// "61:p0:data" strings.
func commands(r *ccidemu.Reader, types ...byte) []string {
	var out []string
	for _, c := range r.Received() {
		if bytes.IndexByte(types, c.Type) >= 0 {
			out = append(out, fmt.Sprintf("%02X:%02X:%X", c.Type, c.Params[0], c.Data))
		}
	}
	return out
}

// The whole path through a TPDU-level reader: power-up, protocol from the
// ATR, SetParameters (and PPS, IFSD where due), GET UID over T=0 or T=1.
func TestTPDUReaderReadsUID(t *testing.T) {
	t0ATR := []byte{0x3B, 0x00}
	t1ATR := atrWithTCK("3B 80 81 31 20 45")
	fastT1 := atrWithTCK("3B 90 96 81 31 FE 45")
	tests := []struct {
		name     string
		features uint32
		card     tpdu.Card
		want     []string // SetParameters and XfrBlock commands, in order
	}{
		{"T=0, reader does PPS", 0x000100BA, tpdu.NewT0(t0ATR, uidApp), []string{
			"61:00:1100000A00", "6F:00:FFCA000000", "6F:00:FFCA000007"}},
		{"T=1, IFSD negotiated by the host", 0x000100BA, tpdu.NewT1(t1ATR, uidApp, tpdu.T1Options{}), []string{
			"61:01:1110004500" + "2000", "6F:00:00C101FE3E", "6F:00:000005FFCA00000030"}},
		{"T=1, the reader sends IFSD itself", 0x000104BA, tpdu.NewT1(t1ATR, uidApp, tpdu.T1Options{}), []string{
			"61:01:11100045002000", "6F:00:000005FFCA00000030"}},
		{"T=1 at TA1 96, host runs the PPS", 0x00010438, tpdu.NewT1(fastT1, uidApp, tpdu.T1Options{}), []string{
			"6F:00:FF119678", "61:01:9610004500FE00", "6F:00:000005FFCA00000030"}},
		{"reader negotiates all by itself (40)", 0x000104FA, tpdu.NewT1(fastT1, uidApp, tpdu.T1Options{}), []string{
			"6F:00:000005FFCA00000030"}},
		{"T=1 with WTX: bBWI carries the multiplier", 0x000104BA, tpdu.NewT1(t1ATR, uidApp, tpdu.T1Options{WTXEvery: 1}), []string{
			"61:01:11100045002000", "6F:00:000005FFCA00000030", "6F:02:00E30102E0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := withCard(ccidemu.Config{ManufacturerName: "ACME", ProductName: "Contact", Level: ccidemu.TPDU, Features: tc.features},
				ccidemu.Card{TPDU: tc.card})
			c := attach(t, r, nil)
			if c.Level() != "TPDU" {
				t.Fatalf("level %q", c.Level())
			}
			read, warning, err := c.ReadCard(t.Context(), 0)
			if err != nil || warning != "" {
				t.Fatalf("ReadCard: %v (%q); commands %v", err, warning, commands(r, ccidemu.SetParameters, ccidemu.XfrBlock))
			}
			// Powered up again, the card starts its protocol afresh, and
			// so does the host.
			if again, _, err := c.ReadCard(t.Context(), 0); err != nil || !bytes.Equal(again.UID, contactUID) {
				t.Fatalf("second read: %X, %v", again.UID, err)
			}
			if !bytes.Equal(read.UID, contactUID) || !bytes.Equal(read.ATR, tc.card.ATR()) {
				t.Errorf("UID %X ATR %X", read.UID, read.ATR)
			}
			want := append(append([]string(nil), tc.want...), tc.want...)
			if got := commands(r, ccidemu.SetParameters, ccidemu.XfrBlock); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("commands\n %v\nwant\n %v", got, want)
			}
		})
	}
}

// mute answers nothing after the first n exchanges, as a card pulled
// from a contact reader mid-read.
type mute struct {
	tpdu.Card
	n int
}

func (m *mute) Transmit(in []byte) ([]byte, error) {
	if m.n--; m.n < 0 {
		return nil, tpdu.ErrMute
	}
	return m.Card.Transmit(in)
}

// funcCard answers every exchange with f.
type funcCard struct {
	atr []byte
	f   func([]byte) ([]byte, error)
}

func (c funcCard) ATR() []byte                        { return c.atr }
func (c funcCard) Transmit(in []byte) ([]byte, error) { return c.f(in) }

func TestTPDUReaderFailures(t *testing.T) {
	t1ATR := atrWithTCK("3B 80 81 31 20 45")
	tests := []struct {
		name     string
		features uint32
		card     ccidemu.Card
		is       error
		has      string
	}{
		{"card stops answering mid-read", 0x000100BA, ccidemu.Card{TPDU: &mute{Card: tpdu.NewT1(t1ATR, uidApp, tpdu.T1Options{}), n: 1}},
			iso7816.ErrCardMute, "ICC_MUTE"},
		{"T=1 card whose blocks never check", 0x000104BA, ccidemu.Card{TPDU: funcCard{atrWithTCK("3B 80 81 31 20 45"),
			func([]byte) ([]byte, error) { return []byte{0x00, 0x00, 0x02, 0x90, 0x00, 0xFF}, nil }}},
			ccid.ErrCardProtocol, "no good block after 3 retries (last: T=1 block fails its LRC)"},
		{"T=0 card stops answering after 6Cxx", 0x000100BA, ccidemu.Card{TPDU: &mute{Card: tpdu.NewT0([]byte{0x3B, 0x00}, uidApp), n: 1}},
			iso7816.ErrCardMute, "XfrBlock failed with ICC_MUTE"},
		{"card in specific mode T=1 on a T=0 reader", 0x000100BA, ccidemu.Card{TPDU: tpdu.NewT1(atrWithTCK("3B 90 11 91 81 31 20 45"), uidApp, tpdu.T1Options{})},
			ccid.ErrCardNotSupported, "works only in T=1"},
		{"malformed ATR", 0x000100BA, ccidemu.Card{TPDU: tpdu.NewT0([]byte{0x3B, 0x80}, uidApp)},
			iso7816.ErrMalformedATR, "interface bytes of group 1 missing"},
		{"PPS refused", 0x00010438, ccidemu.Card{TPDU: funcCard{atrWithTCK("3B 90 96 80 01"), func([]byte) ([]byte, error) { return []byte{0xFF, 0x01, 0xFE}, nil }}},
			ccid.ErrCardNotSupported, "refused the PPS request FF 10 96 79 (answer FF 01 FE)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			protocols := uint32(0)
			if strings.Contains(tc.name, "T=0 reader") {
				protocols = 1
			}
			cfg := ccidemu.Config{Level: ccidemu.TPDU, Features: tc.features, Protocols: protocols}
			r := withCard(cfg, tc.card)
			c := attach(t, r, nil)
			_, _, err := c.ReadCard(t.Context(), 0)
			var re *ccid.ReadError
			if !errors.As(err, &re) || !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.has) {
				t.Fatalf("got %v; want %v with %q", err, tc.is, tc.has)
			}
		})
	}
}
