package enroll_test

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

func TestConfigureReaderChecksSettings(t *testing.T) {
	e := newEnv(t)
	wedge := func(meaning enroll.WedgeMeaning, format string, fields map[string]string) enroll.ReaderConfig {
		return enroll.ReaderConfig{Name: "Desk wedge", Kind: enroll.ReaderKeyboard, Meaning: meaning, Format: format, Fields: fields}
	}
	tests := []struct {
		name  string
		cfg   enroll.ReaderConfig
		field string // "" = accepted
		says  string
	}{
		{"number with facility", wedge(enroll.WedgeNumber, "h10301", map[string]string{"facility": "12"}), "", ""},
		{"bits", wedge(enroll.WedgeBits, "h10302", nil), "", ""},
		{"csn without format", wedge(enroll.WedgeCSN, "", nil), "", ""},
		{"pcsc reader in csn32", enroll.ReaderConfig{Name: "ACR 00 00", Kind: enroll.ReaderPCSC, Format: "csn32"}, "", ""},
		{"no name", enroll.ReaderConfig{Kind: enroll.ReaderPCSC}, "name", "Required"},
		{"unknown kind", enroll.ReaderConfig{Name: "x", Kind: "bluetooth"}, "kind", "bluetooth"},
		{"no meaning", wedge("", "h10301", nil), "meaning", "number, bits, csn"},
		{"number needs a format", wedge(enroll.WedgeNumber, "", nil), "format", "needs a format"},
		{"unknown format", wedge(enroll.WedgeBits, "h999", nil), "format", "h999"},
		{"no card field", wedge(enroll.WedgeNumber, "csn32", nil), "format", `no "card" field`},
		{"facility missing", wedge(enroll.WedgeNumber, "h10301", nil), "field.facility", "Required"},
		{"facility not a number", wedge(enroll.WedgeNumber, "h10301", map[string]string{"facility": "x1"}), "field.facility", `"x1" is not a whole number`},
		{"facility out of range", wedge(enroll.WedgeNumber, "h10301", map[string]string{"facility": "256"}), "field.facility", "255"},
		{"uid in 26 bits", enroll.ReaderConfig{Name: "ACR 00 00", Kind: enroll.ReaderPCSC, Format: "h10301"}, "format", "multiple of 8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := e.st.Devices.Configure(e.ctx, e.admin, tc.cfg)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ve *enroll.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(ve.For(tc.field), tc.says) {
				t.Fatalf("err = %v; want field %s saying %q", err, tc.field, tc.says)
			}
		})
	}
}

func TestConfigureReaderIsForAdminsAndAudited(t *testing.T) {
	e := newEnv(t)
	cfg := enroll.ReaderConfig{Name: "Desk wedge", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeCSN}
	var pe *enroll.PermissionError
	if err := e.st.Devices.Configure(e.ctx, e.operator(t, "olga"), cfg); !errors.As(err, &pe) {
		t.Fatalf("operator configured a reader: %v", err)
	}
	if err := e.st.Devices.Configure(e.ctx, e.admin, cfg); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Devices.Remove(e.ctx, e.admin, cfg.Name); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Devices.Remove(e.ctx, e.admin, cfg.Name); !errors.Is(err, enroll.ErrNotFound) {
		t.Fatalf("second remove: %v", err)
	}
	got := e.auditActions(t)
	if len(got) < 2 || got[0] != "reader.remove" || got[1] != "reader.configure" {
		t.Fatalf("audit = %v", got)
	}
}

func TestDecodeReadWithReaderSettings(t *testing.T) {
	e := newEnv(t)
	for _, c := range []enroll.ReaderConfig{
		{Name: "number", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeNumber, Format: "h10301", Fields: map[string]string{"facility": "1"}},
		{Name: "bits", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeBits, Format: "h10301"},
		{Name: "csn", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeCSN},
		{Name: "uid32", Kind: enroll.ReaderPCSC, Format: "csn32"},
	} {
		if err := e.st.Devices.Configure(e.ctx, e.admin, c); err != nil {
			t.Fatal(err)
		}
	}
	const fc1card5 = "10000000100000000000001011"
	tests := []struct {
		name   string
		read   enroll.CardRead
		format string
		bits   string
		uid    string
		bad    string // part of the BadReadError; "" = decodes
	}{
		{"typed number", enroll.CardRead{Reader: "number", Typed: "00005"}, "h10301", fc1card5, "", ""},
		{"typed number too big", enroll.CardRead{Reader: "number", Typed: "70000"}, "", "", "", "65535"},
		{"typed bits", enroll.CardRead{Reader: "bits", Typed: fc1card5}, "h10301", fc1card5, "", ""},
		{"typed hex bits", enroll.CardRead{Reader: "bits", Typed: "202000B"}, "h10301", fc1card5, "", ""},
		{"typed hex too long", enroll.CardRead{Reader: "bits", Typed: "FFFFFFFF"}, "", "", "", "h10301"},
		{"typed csn", enroll.CardRead{Reader: "csn", Typed: "04A1B2C3"}, "", "", "04a1b2c3", ""},
		{"typed odd csn", enroll.CardRead{Reader: "csn", Typed: "4A1B2C3"}, "", "", "", "not a serial number"},
		{"unset keyboard reader", enroll.CardRead{Reader: "other", Typed: "1234"}, "", "", "", "no settings"},
		{"uid as csn32", enroll.CardRead{Reader: "uid32", UID: []byte{4, 0xa1, 0xb2, 0xc3}}, "csn32", "00000100101000011011001011000011", "04a1b2c3", ""},
		{"7-byte uid at a csn32 reader", enroll.CardRead{Reader: "uid32", UID: []byte{4, 1, 2, 3, 4, 5, 6}}, "", "", "", "7-byte"},
		{"uid, no settings", enroll.CardRead{Reader: "plain", UID: []byte{4, 1, 2, 3}}, "", "", "04010203", ""},
		{"bits from the reader", enroll.CardRead{Reader: "uid32", Format: "h10301", Bits: fc1card5}, "h10301", fc1card5, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := e.st.Devices.Decode(e.ctx, tc.read)
			if tc.bad != "" {
				var bad *enroll.BadReadError
				if !errors.As(err, &bad) || !strings.Contains(err.Error(), tc.bad) {
					t.Fatalf("err = %v; want a BadReadError saying %q", err, tc.bad)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != tc.format || got.Bits != tc.bits || hex.EncodeToString(got.UID) != tc.uid {
				t.Fatalf("decoded %+v; want format %q bits %q uid %q", got, tc.format, tc.bits, tc.uid)
			}
		})
	}
}
