package cardformat

import (
	"fmt"
	"strings"
)

// ParityType is even or odd parity.
type ParityType uint8

const (
	Even ParityType = iota
	Odd
)

func (t ParityType) String() string {
	switch t {
	case Even:
		return "even"
	case Odd:
		return "odd"
	}
	return fmt.Sprintf("ParityType(%d)", uint8(t))
}

// parseParityType accepts the names String writes, in any case.
func parseParityType(s string) (ParityType, bool) {
	switch strings.ToLower(s) {
	case "even":
		return Even, true
	case "odd":
		return Odd, true
	}
	return 0, false
}

// ParityCheck is one parity bit at Position over the bits in Mask. Even
// means the ones in Mask plus the parity bit make an even count.
type ParityCheck struct {
	Type     ParityType
	Position int
	Mask     []int
}

func (c *ParityCheck) ones(b *Bits) int {
	n := 0
	for _, p := range c.Mask {
		if b.get(p) {
			n++
		}
	}
	return n
}

// bitFor is the parity bit that makes the check hold for b as it is now;
// Encode calls it in list order so earlier parity bits are already set.
func (c *ParityCheck) bitFor(b *Bits) bool {
	odd := c.ones(b)&1 == 1
	if c.Type == Odd {
		return !odd
	}
	return odd
}

func (c *ParityCheck) holds(b *Bits) bool {
	n := c.ones(b)
	if b.get(c.Position) {
		n++
	}
	if c.Type == Odd {
		return n&1 == 1
	}
	return n&1 == 0
}
