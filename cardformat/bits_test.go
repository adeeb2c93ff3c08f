package cardformat

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestParseBits(t *testing.T) {
	tests := []struct {
		in     string
		length int
		want   string // '0'/'1' form, or "" when an error is expected
		err    string // substring of the error
	}{
		{"10000000100000000000001011", 0, "10000000100000000000001011", ""},
		{"10000000100000000000001011", 26, "10000000100000000000001011", ""},
		{"0x202000b", 26, "10000000100000000000001011", ""},
		{"0X202000B", 26, "10000000100000000000001011", ""},
		{"0x0000202000b", 26, "10000000100000000000001011", ""},
		{"0x0", 8, "00000000", ""},
		{"0xff", 8, "11111111", ""},
		{"0x1ff", 9, "111111111", ""},
		{"0", 0, "0", ""},
		{"1000000010000000000000101", 26, "", "expected 26 bits, got 25"},
		{"0x202000b", 0, "", "hex needs a bit length"},
		{"0x202000b", 25, "", "0x202000b needs 26 bits and does not fit in 25"},
		{"0x1ff", 8, "", "needs 9 bits"},
		{"0x", 8, "", "no hex digits after 0x"},
		{"0x20g", 26, "", `'g' at position 4 is not a hex digit`},
		{"", 0, "", "empty"},
		{"10201", 0, "", `'2' at position 2 is not 0 or 1`},
		{"10é1", 0, "", `'é' at position 2 is not 0 or 1`},
		{" 101", 0, "", `' ' at position 0`},
		{strings.Repeat("1", 513), 0, "", "1–512 bits long, not 513"},
		{"101", -1, "", "not -1"},
		{"101", 513, "", "not 513"},
		{strings.Repeat("1", 512), 512, strings.Repeat("1", 512), ""},
	}
	for _, tt := range tests {
		got, err := ParseBits(tt.in, tt.length)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseBits(%q, %d) error = %v, want %q", tt.in, tt.length, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseBits(%q, %d) = %s, %v; want %s", tt.in, tt.length, got, err, tt.want)
		}
	}
	var se *BitsSyntaxError
	if _, err := ParseBits("10x", 0); !errors.As(err, &se) || se.Pos != 2 || se.Char != 'x' {
		t.Errorf("ParseBits(10x) error = %#v", err)
	}
}

func TestHex(t *testing.T) {
	for bits, want := range map[string]string{
		"0": "0", "1": "1", "0000": "0", "0001": "1", "10000": "10",
		"11111": "1f", "100000000": "100", "0000000011111111": "ff",
	} {
		b, err := ParseBits(bits, 0)
		if err != nil || b.Hex() != want {
			t.Errorf("ParseBits(%s).Hex() = %s, %v; want %s", bits, b.Hex(), err, want)
		}
	}
	if (Bits{}).Hex() != "0" || (Bits{}).String() != "" {
		t.Error("zero Bits should print as empty string and hex 0")
	}
}

func TestBitsText(t *testing.T) {
	b, _ := ParseBits("0x202000b", 26)
	out, err := json.Marshal(struct{ B Bits }{b})
	if err != nil || string(out) != `{"B":"10000000100000000000001011"}` {
		t.Fatalf("Marshal = %s, %v", out, err)
	}
	var back struct{ B Bits }
	if err := json.Unmarshal(out, &back); err != nil || back.B != b {
		t.Fatalf("Unmarshal = %s, %v", back.B, err)
	}
	if b.Flip(0).Flip(0) != b || b.Flip(3) == b {
		t.Error("Flip is not its own inverse")
	}
}

func TestCSNFromUID(t *testing.T) {
	tests := []struct {
		uid    []byte
		id     string
		csnHex string
	}{
		{[]byte{0x04, 0xa1, 0xb2, 0xc3}, "csn32", "04a1b2c3"},
		{[]byte{0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6}, "csn56", "04a1b2c3d4e5f6"},
		{[]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff}, "csn80", "010203040506070809ff"},
	}
	for _, tt := range tests {
		f, b, err := CSNFromUID(tt.uid)
		if err != nil || f.ID != tt.id {
			t.Fatalf("CSNFromUID(% x) = %s, %v", tt.uid, f.ID, err)
		}
		d, err := f.Decode(b)
		if err != nil || d.Fields["csn"].String() != tt.csnHex {
			t.Errorf("decoded csn = %s, %v; want %s", d.Fields["csn"], err, tt.csnHex)
		}
		enc, _ := f.Encode(map[string]string{"csn": tt.csnHex})
		if enc != b {
			t.Errorf("Encode(csn=%s) = %s, want %s", tt.csnHex, enc, b)
		}
	}
	for _, n := range []int{0, 1, 3, 5, 8, 11, 100} {
		_, _, err := CSNFromUID(make([]byte, n))
		var ue *UIDLengthError
		if !errors.As(err, &ue) || ue.Got != n || !strings.Contains(err.Error(), "4 (csn32), 7 (csn56) or 10 (csn80)") {
			t.Errorf("CSNFromUID(%d bytes) error = %v", n, err)
		}
	}
}
