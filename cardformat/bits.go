package cardformat

import "strings"

// MaxLength is the longest bit string the package handles; custom formats
// may use up to this many bits.
const MaxLength = 512

// Bits is a string of up to MaxLength bits, first transmitted bit first.
// The storage is inline so Encode and Decode need no heap allocation, and
// two Bits values compare equal with == exactly when they hold the same bits.
type Bits struct {
	n int
	b [MaxLength / 8]byte
}

// Len is the number of bits.
func (b Bits) Len() int { return b.n }

// Bit reports bit i (0 = first transmitted). It panics if i is out of range,
// like a slice index.
func (b Bits) Bit(i int) bool {
	b.mustHave(i)
	return b.get(i)
}

// Flip returns a copy of b with bit i inverted. It panics if i is out of range.
func (b Bits) Flip(i int) Bits {
	b.mustHave(i)
	b.b[i>>3] ^= 0x80 >> (i & 7)
	return b
}

func (b *Bits) mustHave(i int) {
	if i < 0 || i >= b.n {
		panic("cardformat: bit index out of range")
	}
}

func (b *Bits) get(i int) bool { return b.b[i>>3]&(0x80>>(i&7)) != 0 }

func (b *Bits) put(i int, v bool) {
	if v {
		b.b[i>>3] |= 0x80 >> (i & 7)
	} else {
		b.b[i>>3] &^= 0x80 >> (i & 7)
	}
}

// String writes the bits as '0' and '1', first transmitted bit first.
func (b Bits) String() string {
	out := make([]byte, b.n)
	for i := range out {
		out[i] = '0'
		if b.get(i) {
			out[i] = '1'
		}
	}
	return string(out)
}

// Hex reads the bits as one binary number (the last bit is the least
// significant) and writes it in lower-case hex without prefix or padding;
// "0" when no bit is set.
func (b Bits) Hex() string {
	const hexDigits = "0123456789abcdef"
	out := make([]byte, 0, (b.n+3)/4)
	// The first digit takes the n%4 leading bits so the rest align on nibbles.
	i := 0
	for i < b.n {
		take := 4
		if i == 0 && b.n%4 != 0 {
			take = b.n % 4
		}
		d := 0
		for j := 0; j < take; j++ {
			d <<= 1
			if b.get(i + j) {
				d |= 1
			}
		}
		i += take
		if d == 0 && len(out) == 0 {
			continue
		}
		out = append(out, hexDigits[d])
	}
	if len(out) == 0 {
		return "0"
	}
	return string(out)
}

// MarshalText writes the '0'/'1' form, so Bits stores as a JSON string.
func (b Bits) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// UnmarshalText reads the '0'/'1' form; hex needs a length and is refused.
func (b *Bits) UnmarshalText(text []byte) error {
	v, err := ParseBits(string(text), 0)
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// BitsFromBytes returns the 8*len(p) bits of p, the first byte's top bit
// first. It fails if that is more than MaxLength bits.
func BitsFromBytes(p []byte) (Bits, error) {
	if len(p)*8 > MaxLength {
		return Bits{}, &LengthError{Got: len(p) * 8}
	}
	var b Bits
	b.n = len(p) * 8
	copy(b.b[:], p)
	return b, nil
}

// ParseBits reads a bit string: '0'/'1' characters, first transmitted bit
// first, or hex with a 0x prefix. For the '0'/'1' form length may be 0 (take
// the string's length) or must match it. Hex needs length, because leading
// zero bits are not written; the hex number must fit in length bits.
func ParseBits(s string, length int) (Bits, error) {
	if length < 0 || length > MaxLength {
		return Bits{}, &LengthError{Got: length}
	}
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		return parseHexBits(s, length)
	}
	if s == "" {
		return Bits{}, &BitsSyntaxError{}
	}
	if len(s) > MaxLength {
		return Bits{}, &LengthError{Want: length, Got: len(s)}
	}
	var b Bits
	b.n = len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '0':
		case '1':
			b.put(i, true)
		default:
			return Bits{}, &BitsSyntaxError{Pos: i, Char: runeAt(s, i)}
		}
	}
	if length != 0 && length != b.n {
		return Bits{}, &LengthError{Want: length, Got: b.n}
	}
	return b, nil
}

func parseHexBits(s string, length int) (Bits, error) {
	digits := s[2:]
	if digits == "" {
		return Bits{}, &BitsSyntaxError{Pos: 2, Hex: true}
	}
	for i := 0; i < len(digits); i++ {
		if _, ok := hexDigit(digits[i]); !ok {
			return Bits{}, &BitsSyntaxError{Pos: 2 + i, Char: runeAt(s, 2+i), Hex: true}
		}
	}
	if length == 0 {
		return Bits{}, ErrLengthRequired
	}
	sig := strings.TrimLeft(digits, "0")
	width := 0
	if sig != "" {
		lead, _ := hexDigit(sig[0])
		width = 4*(len(sig)-1) + bitLen4(lead)
	}
	if width > length {
		return Bits{}, &HexOverflowError{Hex: s, Length: length, Need: width}
	}
	var b Bits
	b.n = length
	// Fill from the least significant end so the value sits right-aligned.
	pos := length - 1
	for i := len(sig) - 1; i >= 0 && pos >= 0; i-- {
		d, _ := hexDigit(sig[i])
		for j := 0; j < 4 && pos >= 0; j++ {
			if d>>j&1 == 1 {
				b.put(pos, true)
			}
			pos--
		}
	}
	return b, nil
}

func bitLen4(d byte) int {
	n := 0
	for d != 0 {
		n++
		d >>= 1
	}
	return n
}

// runeAt decodes the character at byte i so errors show what the user typed,
// not half of a UTF-8 sequence.
func runeAt(s string, i int) rune {
	for _, r := range s[i:] {
		return r
	}
	return 0
}
