package iso7816

import (
	"encoding/hex"
	"strings"
	"testing"
)

func atr(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDescribeATR(t *testing.T) {
	tests := []struct{ atr, want string }{
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A", "MIFARE Classic 1K"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 02 00 00 00 00 69", "MIFARE Classic 4K"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 68", "MIFARE Ultralight"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 26 00 00 00 00 4D", "MIFARE Mini"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 3A 00 00 00 00 51", "MIFARE Ultralight C"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 36 00 00 00 00 5D", "MIFARE Plus SL1 2K"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 37 00 00 00 00 5C", "MIFARE Plus SL1 4K"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 0B 00 14 00 00 00 00 77", "I-CODE SLI"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 0B 00 17 00 00 00 00 74", "PicoPass 2K"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 11 00 3B 00 00 00 00 42", "FeliCa"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 00 00 00 00 00 6B", "contactless storage card (ISO 14443 A part 3)"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 FF 00 00 00 00 94", "contactless storage card (ISO 14443 A part 3), card name 00FF"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 7F 12 34 00 00 00 00 00", "contactless storage card, card name 1234"},
		{"3B 81 80 01 80 80", "MIFARE DESFire"},
		{"3B 88 80 01 00 00 00 00 33 81 81 00 3A", "contactless smart card (ISO 14443-4)"},
		{"3B 8C 80 01 50 12 23 45 56 12 53 54 4E 33 81 C3 55", "contactless smart card (ISO 14443-4)"},
		{"3B 80 80 01 01", "contactless smart card (ISO 14443-4)"},
		{"3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00", "unknown card (ATR 3b8f8001804f0ca000000306030001000000)"},
		{"3B 88 80 01 00 00", "unknown card (ATR 3b8880010000)"},
		{"3B F8 13 00 00 81 31 FE 45 4A 43 4F 50 76 32 34 31 B7", "unknown card (ATR 3bf81300008131fe454a434f5076323431b7)"},
		{"", "unknown card (no ATR)"},
	}
	for _, tt := range tests {
		if got := DescribeATR(atr(t, tt.atr)); got != tt.want {
			t.Errorf("DescribeATR(%s) = %q, want %q", tt.atr, got, tt.want)
		}
	}
}

func FuzzDescribeATR(f *testing.F) {
	for _, s := range []string{"3B8F8001804F0CA000000306030001000000006A", "3B8180018080", "3B80800101", "", "3B"} {
		b, _ := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, atr []byte) {
		got := DescribeATR(atr)
		if got == "" {
			t.Fatal("empty description")
		}
		if strings.HasPrefix(got, "unknown card (ATR ") && !strings.Contains(got, hex.EncodeToString(atr)) {
			t.Fatalf("%q does not show the ATR", got)
		}
	})
}
