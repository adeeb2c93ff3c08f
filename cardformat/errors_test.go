package cardformat

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestEncodeErrors(t *testing.T) {
	h26 := mustLookup(t, "h10301")
	csn32 := mustLookup(t, "csn32")
	tests := []struct {
		name string
		f    Format
		in   map[string]string
		msg  string
		as   any
	}{
		{"facility too big", h26, map[string]string{"facility": "256", "card": "5"},
			"facility: 256 is out of range 0–255", new(*RangeError)},
		{"card too big", h26, map[string]string{"facility": "1", "card": "65536"},
			"card: 65536 is out of range 0–65535", new(*RangeError)},
		{"negative", h26, map[string]string{"facility": "-1", "card": "5"},
			"facility: -1 is out of range 0–255", new(*RangeError)},
		{"huge", h26, map[string]string{"facility": "1", "card": "999999999999999999999999999999999999999999"},
			"card: 999999999999999999999999999999999999999999 is out of range 0–65535", new(*RangeError)},
		{"missing", h26, map[string]string{"facility": "1"},
			"card: missing; give a value in the range 0–65535", new(*MissingFieldError)},
		{"unknown beats missing", h26, map[string]string{"facilty": "1", "card": "5"},
			`h10301 has no field "facilty"; its fields are facility, card`, new(*UnknownFieldError)},
		{"not a number", h26, map[string]string{"facility": "1e3", "card": "5"},
			`facility: "1e3" is not a whole decimal number`, new(*ValueSyntaxError)},
		{"empty", h26, map[string]string{"facility": "", "card": "5"},
			`facility: "" is not a whole decimal number`, new(*ValueSyntaxError)},
		{"csn too long", csn32, map[string]string{"csn": "04a1b2c3ff"},
			"csn: 04a1b2c3ff is out of range 00000000–ffffffff", new(*RangeError)},
		{"csn not hex", csn32, map[string]string{"csn": "04a1b2cz"},
			`csn: "04a1b2cz" is not a hexadecimal number (e.g. 04a1b2c3)`, new(*ValueSyntaxError)},
		{"csn missing", csn32, map[string]string{},
			"csn: missing; give a value in the range 00000000–ffffffff", new(*MissingFieldError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.f.Encode(tt.in)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.msg {
				t.Errorf("message\n got: %s\nwant: %s", err, tt.msg)
			}
			if !errors.As(err, tt.as) {
				t.Errorf("error %T is not %T", err, tt.as)
			}
		})
	}
}

func TestParseValueForms(t *testing.T) {
	csn := mustLookup(t, "csn32")
	for _, in := range []string{"04a1b2c3", "04A1B2C3", "0x04a1b2c3", " 4a1b2c3 "} {
		v, err := csn.ParseValue("csn", in)
		if err != nil || v.String() != "04a1b2c3" {
			t.Errorf("ParseValue(csn, %q) = %s, %v", in, v, err)
		}
	}
	h := mustLookup(t, "h10301")
	for in, want := range map[string]string{"007": "7", "+5": "5", " 255 ": "255", "-0": "0"} {
		v, err := h.ParseValue("facility", in)
		if err != nil || v.String() != want {
			t.Errorf("ParseValue(facility, %q) = %s, %v; want %s", in, v, err, want)
		}
	}
	var ue *UnknownFieldError
	if _, err := h.ParseValue("site", "1"); !errors.As(err, &ue) {
		t.Errorf("ParseValue(site) error = %v", err)
	}
}

func TestDecodeErrorsAndJSON(t *testing.T) {
	f := mustLookup(t, "h10301")
	b, _ := ParseBits("1000000010000000000000101", 0)
	_, err := f.Decode(b)
	var le *LengthError
	if !errors.As(err, &le) || err.Error() != "h10301 takes 26 bits, got 25" {
		t.Errorf("Decode(25 bits) error = %v", err)
	}

	if _, err := f.ParseBits("1000000010000000000000101"); err == nil || err.Error() != "h10301 takes 26 bits, got 25" {
		t.Errorf("Format.ParseBits(25 bits) error = %v", err)
	}
	if b, err := f.ParseBits("0x202000b"); err != nil || b.String() != "10000000100000000000001011" {
		t.Errorf("Format.ParseBits(hex) = %s, %v", b, err)
	}

	b, _ = ParseBits("10000000100000000000001010", 26)
	d, err := f.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if d.ParityOK || len(d.FailedChecks) != 1 || d.FailedChecks[0] != 1 {
		t.Errorf("bad odd parity: ok %v failed %v", d.ParityOK, d.FailedChecks)
	}
	out, _ := json.Marshal(d)
	if want := `{"fields":{"card":5,"facility":1},"parity_ok":false,"failed_checks":[1],"fixed_ok":true}`; string(out) != want {
		t.Errorf("JSON %s\nwant %s", out, want)
	}

	csn := mustLookup(t, "csn56")
	b, _ = ParseBits("0x4a1b2c3d4e5f6", 56)
	d, _ = csn.Decode(b)
	out, _ = json.Marshal(d.Fields)
	if want := `{"csn":"04a1b2c3d4e5f6"}`; string(out) != want {
		t.Errorf("JSON %s, want %s", out, want)
	}
}

func TestFind(t *testing.T) {
	if _, err := Find("h10301"); err != nil {
		t.Fatal(err)
	}
	_, err := Find("h1030")
	want := `unknown format "h1030"; known formats: h10301, h10306, h10302, h10304, c1k35, c1k48, csn32, csn56, csn80`
	var ue *UnknownFormatError
	if !errors.As(err, &ue) || err.Error() != want {
		t.Errorf("Find(h1030) = %v", err)
	}
}

// A malformed Format must give an error, not a panic.
func TestUnvalidatedFormat(t *testing.T) {
	bad := []Format{
		{ID: "x", Length: 0},
		{ID: "x", Length: 600},
		{ID: "x", Length: 8, Fields: []Field{{Name: "a", Bits: []int{8}}}},
		{ID: "x", Length: 8, Fields: []Field{{Name: "a", Bits: []int{-1}}}},
		{ID: "x", Length: 8, Parity: []ParityCheck{{Position: 9}}},
		{ID: "x", Length: 8, Parity: []ParityCheck{{Position: 0, Mask: []int{100}}}},
		{ID: "x", Length: 200, Fields: []Field{{Name: "a", Bits: span(0, 199)}}},
	}
	for _, f := range bad {
		var de *DefinitionError
		if _, err := f.Encode(map[string]string{"a": "1"}); !errors.As(err, &de) {
			t.Errorf("Encode on %+v: %v", f, err)
		}
		if _, err := f.Decode(Bits{n: max(min(f.Length, MaxLength), 0)}); !errors.As(err, &de) {
			t.Errorf("Decode on %+v: %v", f, err)
		}
	}
}
