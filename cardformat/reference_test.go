package cardformat

import (
	"fmt"
	"math/big"
	"math/bits"
)

// This file is a second, independent implementation of the built-in formats,
// written straight from the spec with integer arithmetic: a bit string of
// length L is one number whose position p has weight 2^(L-1-p); fields are
// shifted into place and parity is a popcount of the number ANDed with a
// mask. It shares no code with the package, so agreement between the two is
// evidence that both read the spec the same way.

type refField struct {
	name        string
	first, last int // contiguous, as every built-in field is
}

type refCheck struct {
	odd  bool
	pos  int
	mask uint64 // as a number in the same weighting as the bit string
}

type refLayout struct {
	length int
	fields []refField
	checks []refCheck // in computation order
}

func refWeight(length, p int) uint64 { return 1 << uint(length-1-p) }

// refRange is positions a..b as a number: a run of ones shifted into place.
func refRange(length, a, b int) uint64 {
	return (uint64(1)<<uint(b-a+1) - 1) << uint(length-1-b)
}

// refMod3 is positions a..b whose remainder mod 3 is in keep.
func refMod3(length, a, b int, keep ...int) uint64 {
	var m uint64
	for p := a; p <= b; p++ {
		r := p % 3
		if r == keep[0] || len(keep) > 1 && r == keep[1] {
			m |= refWeight(length, p)
		}
	}
	return m
}

func refLayouts() map[string]refLayout {
	std := func(length, facLast, cardLast, evenLast, oddFirst int, hasFacility bool) refLayout {
		l := refLayout{length: length}
		if hasFacility {
			l.fields = append(l.fields, refField{"facility", 1, facLast})
			l.fields = append(l.fields, refField{"card", facLast + 1, cardLast})
		} else {
			l.fields = append(l.fields, refField{"card", 1, cardLast})
		}
		l.checks = []refCheck{
			{odd: false, pos: 0, mask: refRange(length, 1, evenLast)},
			{odd: true, pos: length - 1, mask: refRange(length, oddFirst, length-2)},
		}
		return l
	}
	return map[string]refLayout{
		"h10301": std(26, 8, 24, 12, 13, true),
		"h10306": std(34, 16, 32, 16, 17, true),
		"h10302": std(37, 0, 35, 18, 18, false),
		"h10304": std(37, 16, 35, 18, 18, true),
		"c1k35": {
			length: 35,
			fields: []refField{{"facility", 2, 13}, {"card", 14, 33}},
			checks: []refCheck{
				{odd: false, pos: 1, mask: refMod3(35, 2, 33, 0, 2)},
				{odd: true, pos: 34, mask: refMod3(35, 1, 32, 1, 2)},
				{odd: true, pos: 0, mask: refRange(35, 1, 34)},
			},
		},
		"c1k48": {
			length: 48,
			fields: []refField{{"facility", 2, 23}, {"card", 24, 46}},
			checks: []refCheck{
				{odd: false, pos: 1, mask: refMod3(48, 3, 46, 0, 1)},
				{odd: true, pos: 47, mask: refMod3(48, 2, 45, 0, 2)},
				{odd: true, pos: 0, mask: refRange(48, 1, 47)},
			},
		},
	}
}

// refEncode returns the bit string as '0'/'1' text.
func refEncode(l refLayout, values map[string]uint64) string {
	var n uint64
	for _, f := range l.fields {
		n |= values[f.name] << uint(l.length-1-f.last)
	}
	for _, c := range l.checks {
		ones := bits.OnesCount64(n & c.mask)
		set := ones%2 == 1 // even parity: set when the covered ones are odd
		if c.odd {
			set = !set
		}
		if set {
			n |= refWeight(l.length, c.pos)
		}
	}
	return fmt.Sprintf("%0*b", l.length, n)
}

// refDecode reads fields and parity back from '0'/'1' text.
func refDecode(l refLayout, s string) (map[string]uint64, bool) {
	n, ok := new(big.Int).SetString(s, 2)
	if !ok || len(s) != l.length {
		panic("refDecode: bad input " + s)
	}
	u := n.Uint64()
	out := map[string]uint64{}
	for _, f := range l.fields {
		width := f.last - f.first + 1
		out[f.name] = u >> uint(l.length-1-f.last) & (1<<uint(width) - 1)
	}
	parityOK := true
	for _, c := range l.checks {
		ones := bits.OnesCount64(u & (c.mask | refWeight(l.length, c.pos)))
		if c.odd != (ones%2 == 1) {
			parityOK = false
		}
	}
	return out, parityOK
}

// refCSN writes a serial number of length bits as '0'/'1' text via big.Int.
func refCSN(length int, hexValue string) string {
	n, ok := new(big.Int).SetString(hexValue, 16)
	if !ok {
		panic("refCSN: bad hex " + hexValue)
	}
	return fmt.Sprintf("%0*s", length, n.Text(2))
}
