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
	fail := func(m maskMsg) ([]int, error) {
		e := &MaskError{Mask: s, ID: m.id, Data: m.data}
		e.Msg = problem("", nil, m.id, m.data).Msg
		return nil, e
	}
	if strings.TrimSpace(s) == "" {
		return fail(maskMsg{MsgMaskIsEmpty, nil})
	}
	var seen [MaxLength]bool
	var out []int
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return fail(maskMsg{MsgMaskEmptyItem, nil})
		}
		first, last, isRange := strings.Cut(item, "-")
		a, msg := maskNumber(first)
		if msg.id != "" {
			return fail(msg)
		}
		b := a
		if isRange {
			if b, msg = maskNumber(last); msg.id != "" {
				return fail(msg)
			}
			if b < a {
				return fail(maskMsg{MsgMaskBackwards, map[string]any{"Range": item, "Low": b, "High": a}})
			}
		}
		for p := a; p <= b; p++ {
			if seen[p] {
				return fail(maskMsg{MsgMaskTwice, map[string]any{"Bit": p}})
			}
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// maskMsg is a message id and its data, for a MaskError.
type maskMsg struct {
	id   string
	data map[string]any
}

// maskNumber returns the position, or a message saying why s is not one.
func maskNumber(s string) (int, maskMsg) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, maskMsg{MsgMaskHalfRange, nil}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, maskMsg{MsgMaskNotNumber, map[string]any{"Text": strconv.Quote(s)}}
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n >= MaxLength {
		return 0, maskMsg{MsgMaskPastMax, map[string]any{"Text": s, "Max": MaxLength}}
	}
	return n, maskMsg{}
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
