package usbprinter

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzDeviceID feeds GET_DEVICE_ID answers from outside: whatever a
// printer sends, the ID comes out printable UTF-8, parses into fields
// that read back the same, and matching against a queue does not fail.
func FuzzDeviceID(f *testing.F) {
	for _, s := range []string{zebraID, evolisID, fargoID, magicardID, "MFG:Zebra ;CMD:None;MDL:LP2844 ;"} {
		f.Add(answer("", string([]byte{byte((len(s) + 2) >> 8), byte(len(s) + 2)})+s), "Zebra ZXP Series 7 Card Printer")
	}
	f.Add([]byte{0x04, 0x00, 'M', 'F', 'G', ':', 0xff, 0xfe, ';', ';', 0}, "Evolis Primacy 2, 1.0")
	f.Add([]byte("\x00\x1aMDL:DTC1250e;mfg:HID Global"), "HID Global FARGO DTC 1250e Card Printer (USB)")
	f.Add([]byte("\x00"), "")
	f.Fuzz(func(t *testing.T, reply []byte, makeModel string) {
		s, err := decodeDeviceID(reply)
		if err != nil {
			if s != "" {
				t.Fatalf("%q with the error %v", s, err)
			}
			return
		}
		if !printable(s) || s == "" || s != strings.TrimSpace(s) {
			t.Fatalf("device ID %q", s)
		}
		id := ParseDeviceID(s)
		for k, v := range id.Fields {
			if k == "" || v == "" || strings.ContainsAny(k, ";:") || strings.Contains(v, ";") || !printable(k) || !printable(v) || k != strings.ToUpper(k) {
				t.Fatalf("field %q=%q", k, v)
			}
		}
		again := ParseDeviceID("MFG:" + id.Manufacturer + ";MDL:" + id.Model + ";CMD:" + id.CommandSet + ";CLS:" + id.Class + ";DES:" + id.Description + ";SN:" + id.Serial)
		if idCore(again) != idCore(id) {
			t.Fatalf("read back\n got %q\nwant %q", idCore(again), idCore(id))
		}
		p := Printer{Manufacturer: id.Manufacturer, Model: id.Model, Serial: id.Serial}
		_ = p.MatchesQueue(makeModel)
		_ = p.MatchesDeviceURI("usb://" + makeModel)
		// A model with words and no phrase punctuation is found in itself.
		if m := tokens(id.Model); len(m) > 0 && !slices.Contains(m, "|") && !p.MatchesQueue(id.Model) {
			t.Fatalf("model %q does not match itself", id.Model)
		}
	})
}

func printable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError })
}
