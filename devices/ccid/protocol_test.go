package ccid

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	// The emulator's class values: 4 MHz default clock, 825806 bps max.
	reader := classDesc{Protocols: 0x03, DefaultClock: 4000, MaxDataRate: 825806, MaxIFSD: 254}
	only := func(p uint32, features uint32) classDesc {
		c := reader
		c.Protocols, c.Features = p, features
		return c
	}
	tests := []struct {
		name   string
		atr    string
		class  classDesc
		t      int
		fidi   byte
		pps    bool
		params string
		errHas string
	}{
		{name: "T=0 without interface bytes", atr: "3B00", class: reader, t: 0, fidi: 0x11, params: "1100000A00"},
		{name: "T=0 inverse, TC1 and TC2", atr: "3F C0 FF 40 10", class: reader, t: 0, fidi: 0x11, params: "1102FF1000"},
		{name: "T=1 only, IFSC and BWI/CWI from the third group", atr: hex.EncodeToString(t1ATR), class: reader,
			t: 1, fidi: 0x11, params: "1110004500" + "2000"},
		{name: "T=1 with TA1 96: PPS asked for", atr: hex.EncodeToString(withTCK(hx("3B 90 96 81 31 FE 45"))),
			class: reader, t: 1, fidi: 0x96, pps: true, params: "96100045" + "00FE00"},
		{name: "reader does the PPS (80)", atr: hex.EncodeToString(withTCK(hx("3B 90 96 81 31 FE 45"))),
			class: only(3, featAutoPPS), t: 1, fidi: 0x96, params: "96100045" + "00FE00"},
		{name: "T=0 first, T=1 too: T=0, no PPS", atr: hex.EncodeToString(withTCK(hx("3B 80 80 01"))), class: reader,
			t: 0, fidi: 0x11, params: "1100000A00"},
		{name: "T=0 first, reader only T=1: PPS for T=1", atr: hex.EncodeToString(withTCK(hx("3B 80 80 01"))),
			class: only(2, 0), t: 1, fidi: 0x11, pps: true, params: "111000" + "4D0020" + "00"},
		{name: "card faster than the reader is slowed", atr: hex.EncodeToString(withTCK(hx("3B 90 97 81 31 FE 45"))),
			class: func() classDesc { c := reader; c.MaxDataRate = 344086; return c }(), t: 1, fidi: 0x96, pps: true, params: "96100045" + "00FE00"},
		{name: "specific mode T=1", atr: hex.EncodeToString(withTCK(hx("3B 90 11 91 81 31 20 45"))), class: reader,
			t: 1, fidi: 0x11, params: "1110004500" + "2000"},
		{name: "specific mode in a protocol the reader lacks", atr: hex.EncodeToString(withTCK(hx("3B 90 11 91 81 31 20 45"))),
			class: only(1, 0), errHas: "works only in T=1, which the reader (protocols T=0) does not offer"},
		{name: "specific mode, implicit parameters", atr: "3B 90 11 10 10",
			class: reader, errHas: "implicit parameters"},
		{name: "T=15 only", atr: hex.EncodeToString(withTCK(hx("3B 80 0F"))), class: reader,
			errHas: "the card offers T=15, the reader T=0 and T=1"},
		{name: "bad TCK", atr: "3B8081312045FF", class: reader, errHas: "TCK does not check"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := negotiate(hx(tc.atr), tc.class)
			if tc.errHas != "" {
				if err == nil || !errors.Is(err, ErrCardNotSupported) || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("got %+v, %v; want %q", n, err, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n.t != tc.t || n.fidi != tc.fidi || n.pps != tc.pps {
				t.Errorf("T=%d Fi/Di %02X PPS %v; want T=%d %02X %v", n.t, n.fidi, n.pps, tc.t, tc.fidi, tc.pps)
			}
			if got := strings.ToUpper(hex.EncodeToString(n.parameters())); got != tc.params {
				t.Errorf("parameters %s, want %s", got, tc.params)
			}
		})
	}
}

func TestPPS(t *testing.T) {
	tests := []struct {
		t         int
		fidi      byte
		req, resp string
		accepted  bool
		fidiInUse byte
	}{
		{1, 0x11, "FF01FE", "FF01FE", true, 0x11},
		{1, 0x96, "FF119678", "FF119678", true, 0x96},
		{1, 0x96, "FF119678", "FF01FE", true, 0x11}, // PPS1 left out: default speed
		{1, 0x96, "FF119678", "FF1195 7B", false, 0},
		{1, 0x96, "FF119678", "FF0010", false, 0}, // another protocol
		{0, 0x11, "FF00FF", "FF00FE", false, 0},   // bad PCK
	}
	for _, tc := range tests {
		req := ppsRequest(tc.t, tc.fidi)
		if got := strings.ToUpper(hex.EncodeToString(req)); got != tc.req {
			t.Errorf("request %s, want %s", got, tc.req)
		}
		fidi, ok := ppsAccepted(req, hx(tc.resp))
		if ok != tc.accepted || fidi != tc.fidiInUse {
			t.Errorf("answer %s: %02X %v, want %02X %v", tc.resp, fidi, ok, tc.fidiInUse, tc.accepted)
		}
	}
}
