package cardformat

import (
	"strconv"
	"strings"
)

// ParseMask reads a list of bit positions such as "1-8", "1-4,9-12" or
// "3,5,7". Ranges run upwards; the order written is the order of
// significance, most significant first. Spaces around items are allowed.
// A position may appear once, and must be below MaxLength so a typo cannot
// ask for millions of bits.
func ParseMask(s string) ([]int, error) {
	fail := func(msg string) ([]int, error) { return nil, &MaskError{Mask: s, Msg: msg} }
	if strings.TrimSpace(s) == "" {
		return fail("is empty")
	}
	var seen [MaxLength]bool
	var out []int
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return fail("has an empty item between commas")
		}
		first, last, isRange := strings.Cut(item, "-")
		a, msg := maskNumber(first)
		if msg != "" {
			return fail(msg)
		}
		b := a
		if isRange {
			if b, msg = maskNumber(last); msg != "" {
				return fail(msg)
			}
			if b < a {
				return fail("range " + item + " runs backwards; write " + strconv.Itoa(b) + "-" + strconv.Itoa(a) + " or list the bits one by one")
			}
		}
		for p := a; p <= b; p++ {
			if seen[p] {
				return fail("bit " + strconv.Itoa(p) + " appears more than once")
			}
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// maskNumber returns the position, or a message saying why s is not one.
func maskNumber(s string) (int, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "a range needs a number on both sides of -"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.Quote(s) + " is not a bit position (0, 1, 2, ...)"
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n >= MaxLength {
		return 0, "bit " + s + " is past the " + strconv.Itoa(MaxLength) + "-bit maximum"
	}
	return n, ""
}

// FormatMask writes positions in ParseMask notation, joining ascending runs
// into ranges; ParseMask(FormatMask(m)) gives m back for any valid mask.
func FormatMask(mask []int) string {
	var sb strings.Builder
	for i := 0; i < len(mask); {
		j := i
		for j+1 < len(mask) && mask[j+1] == mask[j]+1 {
			j++
		}
		if sb.Len() > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(mask[i]))
		if j > i {
			sb.WriteByte('-')
			sb.WriteString(strconv.Itoa(mask[j]))
		}
		i = j + 1
	}
	return sb.String()
}
