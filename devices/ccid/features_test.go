package ccid

import (
	"errors"
	"strings"
	"testing"
)

func TestLevels(t *testing.T) {
	cases := []struct {
		features  uint32
		protocols uint32 // dwProtocols
		protocol  byte   // bInterfaceProtocol
		level     level
		refused   string // "" when the reader is driven here
	}{
		{0x000204BA, 0x03, 0, levelShortAPDU, ""},
		{0x000404BA, 0x03, 0, levelExtendedAPDU, ""},
		{0x00060000, 0x00, 0, levelExtendedAPDU, ""},
		{0x000100BA, 0x03, 0, levelTPDU, ""},
		{0x000100BA, 0x01, 0, levelTPDU, ""},
		{0x000100BA, 0x02, 0, levelTPDU, ""},
		{0x000100BA, 0x04, 0, levelTPDU, "works at TPDU without T=0 or T=1 (dwProtocols 00000004) level"},
		{0x000000BA, 0x03, 0, levelCharacter, "works at character level"},
		{0x000204BA, 0x03, 2, levelShortAPDU, "works at ICCD version B level"},
	}
	for _, c := range cases {
		if got := levelOf(c.features); got != c.level {
			t.Errorf("%08X: level %v, want %v", c.features, got, c.level)
		}
		err := checkInterface("ACME Tap (USB 001:004)", ccidInterface{Protocol: c.protocol, Class: classDesc{Features: c.features, Protocols: c.protocols}})
		if c.refused == "" {
			if err != nil {
				t.Errorf("%08X: refused: %v", c.features, err)
			}
			continue
		}
		var le *LevelError
		if !errors.As(err, &le) || !errors.Is(err, ErrNeedsPCSC) {
			t.Fatalf("%08X: %v, want a LevelError", c.features, err)
		}
		for _, want := range []string{c.refused, `"ACME Tap (USB 001:004)"`, "use it through PC/SC", "pcscd", "CCID driver"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%08X: %q lacks %q", c.features, err, want)
			}
		}
	}
}

func TestPowerSelect(t *testing.T) {
	cases := []struct {
		features uint32
		voltage  byte
		want     byte
	}{
		{featAutoVoltage, 0x07, 0x00},
		{0, 0x07, 0x03},
		{0, 0x03, 0x02},
		{0, 0x01, 0x01},
		{0, 0x00, 0x00},
	}
	for _, c := range cases {
		if got := powerSelect(classDesc{Features: c.features, VoltageSupport: c.voltage}); got != c.want {
			t.Errorf("features %08X voltage %02X: bPowerSelect %02X, want %02X", c.features, c.voltage, got, c.want)
		}
	}
}

func TestDescribeFeatures(t *testing.T) {
	if got := describeFeatures(0x000204BA); got != "automatic parameters from ATR, voltage, clock, baud rate, PPS" {
		t.Errorf("got %q", got)
	}
	if got := describeFeatures(featLevelShort); got != "none automatic" {
		t.Errorf("got %q", got)
	}
}
