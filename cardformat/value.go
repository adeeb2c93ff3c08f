package cardformat

import (
	"errors"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// maxValueBits is the widest field a Value can carry. csn80 needs more than
// a uint64; a fixed 128-bit pair keeps Encode and Decode free of big.Int
// allocations.
const maxValueBits = 128

// Value is an unsigned field value of up to 128 bits. The zero Value is 0.
// A Value read by Decode from a hex field (csn) remembers its digit count so
// String prints it the way operators type it.
type Value struct {
	hi, lo uint64
	digits uint8 // non-zero: shown as this many lower-case hex digits
}

// ValueOf returns u as a Value.
func ValueOf(u uint64) Value { return Value{lo: u} }

// ValueFromBig converts b, which must be in 0..2^128-1.
func ValueFromBig(b *big.Int) (Value, error) {
	if b.Sign() < 0 || b.BitLen() > maxValueBits {
		return Value{}, errors.New("cardformat: value must be between 0 and 2^128-1")
	}
	var v Value
	words := b.Bits()
	if bits.UintSize == 64 {
		if len(words) > 0 {
			v.lo = uint64(words[0])
		}
		if len(words) > 1 {
			v.hi = uint64(words[1])
		}
		return v, nil
	}
	for i, w := range words {
		switch i {
		case 0, 1:
			v.lo |= uint64(w) << (32 * i)
		default:
			v.hi |= uint64(w) << (32 * (i - 2))
		}
	}
	return v, nil
}

// Uint64 returns the value and whether it fits in a uint64.
func (v Value) Uint64() (uint64, bool) { return v.lo, v.hi == 0 }

// BitLen is the number of bits needed to write v (0 for 0).
func (v Value) BitLen() int {
	if v.hi != 0 {
		return 64 + bits.Len64(v.hi)
	}
	return bits.Len64(v.lo)
}

// Big returns v as a new big.Int.
func (v Value) Big() *big.Int {
	b := new(big.Int).SetUint64(v.hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(v.lo))
}

// Equal compares numbers only; how a value is displayed does not matter.
func (v Value) Equal(o Value) bool { return v.hi == o.hi && v.lo == o.lo }

// Cmp returns -1, 0 or +1 as v is less than, equal to or greater than o.
func (v Value) Cmp(o Value) int {
	switch {
	case v.hi != o.hi:
		if v.hi < o.hi {
			return -1
		}
		return 1
	case v.lo != o.lo:
		if v.lo < o.lo {
			return -1
		}
		return 1
	}
	return 0
}

// IsHex reports whether v came from a hex (csn) field.
func (v Value) IsHex() bool { return v.digits != 0 }

// String writes v in decimal, or zero-padded lower-case hex for a csn value.
func (v Value) String() string {
	if v.digits != 0 {
		return v.hexString(int(v.digits))
	}
	if v.hi == 0 {
		return strconv.FormatUint(v.lo, 10)
	}
	return v.Big().String()
}

// MarshalJSON writes decimal values as JSON numbers and csn values as hex
// strings, so 80-bit serial numbers survive JavaScript readers.
func (v Value) MarshalJSON() ([]byte, error) {
	if v.digits != 0 {
		return strconv.AppendQuote(nil, v.String()), nil
	}
	return []byte(v.String()), nil
}

func (v Value) hexString(digits int) string {
	const hexDigits = "0123456789abcdef"
	var buf [maxValueBits / 4]byte
	i := len(buf)
	hi, lo := v.hi, v.lo
	for n := 0; n < len(buf); n++ {
		if hi == 0 && lo == 0 && n >= digits && n > 0 {
			break
		}
		i--
		buf[i] = hexDigits[lo&15]
		lo = lo>>4 | hi<<60
		hi >>= 4
	}
	return string(buf[i:])
}

// bit returns bit j of v, 0 being the least significant.
func (v Value) bit(j int) bool {
	if j >= 64 {
		return v.hi>>(j-64)&1 == 1
	}
	return v.lo>>j&1 == 1
}

// maxOfWidth is the largest value a field of k bits holds.
func maxOfWidth(k int) Value {
	switch {
	case k <= 0:
		return Value{}
	case k < 64:
		return Value{lo: 1<<k - 1}
	case k < maxValueBits:
		return Value{hi: 1<<(k-64) - 1, lo: ^uint64(0)}
	}
	return Value{hi: ^uint64(0), lo: ^uint64(0)}
}

// ParseValue reads text for field: decimal, or hex (optional 0x) for csn.
// Leading and trailing spaces are ignored. A value that is a number but does
// not fit the field gives a *RangeError; anything else a *ValueSyntaxError.
func (fd Field) ParseValue(text string) (Value, error) {
	s := strings.TrimSpace(text)
	width := len(fd.Bits)
	var v Value
	var ok, overflow bool
	if fd.IsHex() {
		v, ok, overflow = parseHex(s)
	} else {
		v, ok, overflow = parseDecimal(s)
	}
	if !ok {
		return Value{}, &ValueSyntaxError{Field: fd.Name, Text: s, Hex: fd.IsHex()}
	}
	if overflow || v.BitLen() > width {
		return Value{}, fd.rangeError(s)
	}
	return fd.display(v), nil
}

func (fd Field) rangeError(text string) *RangeError {
	return &RangeError{Field: fd.Name, Value: text, Min: fd.Min(), Max: fd.Max()}
}

// parseDecimal accepts an optional sign so "-1" can be reported as out of
// range rather than as gibberish; overflow says the number is too large (or
// negative) for any field.
func parseDecimal(s string) (v Value, ok, overflow bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return Value{}, false, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return Value{}, false, false
		}
		if overflow {
			continue
		}
		hiMul, hi := bits.Mul64(v.hi, 10)
		carry, lo := bits.Mul64(v.lo, 10)
		lo, c1 := bits.Add64(lo, uint64(c-'0'), 0)
		hi, c2 := bits.Add64(hi, carry, c1)
		if hiMul != 0 || c2 != 0 {
			overflow = true
			continue
		}
		v.hi, v.lo = hi, lo
	}
	if neg && (v.hi != 0 || v.lo != 0 || overflow) {
		overflow = true
	}
	return v, true, overflow
}

func parseHex(s string) (v Value, ok, overflow bool) {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if s == "" {
		return Value{}, false, false
	}
	for i := 0; i < len(s); i++ {
		d, isHex := hexDigit(s[i])
		if !isHex {
			return Value{}, false, false
		}
		if overflow {
			continue
		}
		if v.hi>>60 != 0 {
			overflow = true
			continue
		}
		v.hi = v.hi<<4 | v.lo>>60
		v.lo = v.lo<<4 | uint64(d)
	}
	return v, true, overflow
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
