package cardformat

import (
	"errors"
	"strings"
	"testing"
)

// Every problem the validator and ParseMask report carries a message id
// whose template, filled with the problem's data, is the English text.
func TestProblemsCarryMessageIDs(t *testing.T) {
	seven := uint64(300)
	tests := []struct {
		name string
		f    Format
		item string
		id   string
		msg  string
	}{
		{"bad id", Format{ID: "Bad ID", Name: "x", Kind: KindWiegand, Length: 26, Fields: []Field{{Name: "card", Bits: span(0, 25)}}},
			"id", MsgID, `"Bad ID": use 1–32 of a–z, 0–9, _ and -, starting with a letter or digit`},
		{"no name", Format{ID: "x", Kind: KindWiegand, Length: 26, Fields: []Field{{Name: "card", Bits: span(0, 25)}}},
			"name", MsgNameRequired, "is required"},
		{"short Wiegand", Format{ID: "x", Name: "x", Kind: KindWiegand, Length: 2, Fields: []Field{{Name: "card", Bits: span(0, 1)}}},
			"length", MsgWiegandLength, "2: a Wiegand format has 8–512 bits"},
		{"bit outside", Format{ID: "x", Name: "x", Kind: KindWiegand, Length: 26, Fields: []Field{{Name: "card", Bits: span(0, 26)}}},
			`field "card"`, MsgMaskOutsideOne, "bit 26 is outside 0-25"},
		{"bits taken", Format{ID: "x", Name: "x", Kind: KindWiegand, Length: 26, Fields: []Field{{Name: "a", Bits: span(0, 25)}, {Name: "b", Bits: span(0, 1)}}},
			`field "b"`, MsgMaskTaken, `bits 0-1 are already used by field "a"`},
		{"fixed too big", Format{ID: "x", Name: "x", Kind: KindWiegand, Length: 26, Fields: []Field{{Name: "site", Bits: span(0, 7), Fixed: &seven}, {Name: "card", Bits: span(8, 25)}}},
			`field "site"`, MsgFieldFixed, "fixed value 300 does not fit in 8 bits (0–255)"},
		{"own parity bit", Format{ID: "x", Name: "x", Kind: KindWiegand, Length: 26, Fields: []Field{{Name: "card", Bits: span(1, 25)}},
			Parity: []ParityCheck{{Type: Even, Position: 0, Mask: span(0, 12)}}},
			"parity check #1 (bit 0)", MsgParityOwn, "covers its own parity bit 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var de *DefinitionError
			if err := tc.f.Validate(); !errors.As(err, &de) {
				t.Fatalf("Validate() = %v, want a DefinitionError", err)
			}
			var found bool
			for _, p := range de.Problems {
				if p.ID == "" || strings.Contains(p.Msg, "<no value>") || strings.Contains(p.Msg, "{{") {
					t.Errorf("problem %+v has no id or an unfilled text", p)
				}
				found = found || (p.Item == tc.item && p.ID == tc.id && p.Msg == tc.msg)
			}
			if !found {
				t.Errorf("no %s problem %s %q in %+v", tc.item, tc.id, tc.msg, de.Problems)
			}
		})
	}
}

func TestMaskErrorsCarryMessageIDs(t *testing.T) {
	tests := []struct{ mask, id, msg string }{
		{"", MsgMaskIsEmpty, "is empty"},
		{"1,,2", MsgMaskEmptyItem, "has an empty item between commas"},
		{"9-1", MsgMaskBackwards, "range 9-1 runs backwards; write 1-9 or list the bits one by one"},
		{"1,1", MsgMaskTwice, "bit 1 appears more than once"},
		{"1-", MsgMaskHalfRange, "a range needs a number on both sides of -"},
		{"a", MsgMaskNotNumber, `"a" is not a bit position (0, 1, 2, ...)`},
		{"99999", MsgMaskPastMax, "bit 99999 is past the 512-bit maximum"},
	}
	for _, tc := range tests {
		_, err := ParseMask(tc.mask)
		var me *MaskError
		if !errors.As(err, &me) || me.ID != tc.id || me.Msg != tc.msg {
			t.Errorf("ParseMask(%q) = %#v, want id %s saying %q", tc.mask, err, tc.id, tc.msg)
		}
	}
}
