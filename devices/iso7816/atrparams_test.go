package iso7816

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseATR(t *testing.T) {
	def := ATRParams{Protocols: 1, First: 0, TA1: 0x11, WI: 10, IFSC: 32, BWICWI: 0x4D}
	with := func(f func(*ATRParams)) ATRParams { p := def; f(&p); return p }
	tests := []struct {
		name, atr string
		want      ATRParams
	}{
		{"no interface bytes", "3B 00", def},
		{"inverse convention, TA1 TC1, T=0 TC2",
			"3F D0 96 FF 40 20", with(func(p *ATRParams) { p.Inverse, p.TA1, p.HasTA1, p.ExtraGuard, p.WI = true, 0x96, true, 0xFF, 0x20 })},
		{"T=1 only with IFSC, BWI/CWI, CRC",
			"3B 80 81 71 FE 45 01 CA", with(func(p *ATRParams) { p.Protocols, p.First, p.IFSC, p.BWICWI, p.CRC = 2, 1, 0xFE, 0x45, true })},
		{"T=0 first, then T=1 with its own group",
			"3B 80 80 11 20 31", with(func(p *ATRParams) { p.Protocols, p.IFSC = 3, 0x20 })},
		{"specific mode T=1 (TA2 01)",
			"3B 90 18 91 81 31 FE 45 12", with(func(p *ATRParams) {
				p.TA1, p.HasTA1, p.Specific, p.SpecificT, p.Protocols, p.First, p.IFSC, p.BWICWI = 0x18, true, true, 1, 2, 1, 0xFE, 0x45
			})},
		{"historical bytes", "3B 02 AB CD", with(func(p *ATRParams) { p.Historical = []byte{0xAB, 0xCD} })},
		{"a real JCOP card",
			"3B F8 13 00 00 81 31 FE 45 4A 43 4F 50 76 32 34 31 B7", with(func(p *ATRParams) {
				p.TA1, p.HasTA1, p.Protocols, p.First, p.IFSC, p.BWICWI = 0x13, true, 2, 1, 0xFE, 0x45
				p.Historical = []byte("JCOPv241")
			})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseATR(atr(t, tc.atr))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseATRMalformed(t *testing.T) {
	tests := []struct{ atr, why string }{
		{"3B", "1 bytes"},
		{"3C 00", "TS 3C is neither 3B nor 3F"},
		{"3B 80", "interface bytes of group 1 missing"},
		{"3B 05 01 02", "5 historical bytes announced, 2 left"},
		{"3B 80 81 31 20 45", "TCK missing"},
		{"3B 80 81 31 20 45 00", "TCK does not check"},
		{"3B 00 01 02", "2 bytes after the historical bytes"},
	}
	for _, tc := range tests {
		_, err := ParseATR(atr(t, tc.atr))
		if !errors.Is(err, ErrMalformedATR) || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("%s: %v, want %q", tc.atr, err, tc.why)
		}
	}
}

func TestFiDi(t *testing.T) {
	for _, tc := range []struct {
		ta1    byte
		fi, di int
		ok     bool
	}{{0x11, 372, 1, true}, {0x96, 512, 32, true}, {0x18, 372, 12, true}, {0x13, 372, 4, true}, {0x71, 0, 1, false}, {0x10, 372, 0, false}} {
		fi, di, ok := FiDi(tc.ta1)
		if fi != tc.fi || di != tc.di || ok != tc.ok {
			t.Errorf("%02X: %d %d %v", tc.ta1, fi, di, ok)
		}
	}
}
