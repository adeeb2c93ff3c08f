package cardformat

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// acme40 exercises what built-ins do not: a fixed field, a field whose
// significance runs against transmission order, unused bits, a scattered
// mask and parity checks that cover earlier parity bits.
func acme40(t testing.TB) Format {
	site := uint64(5)
	m := func(s string) []int {
		mask, err := ParseMask(s)
		if err != nil {
			t.Fatal(err)
		}
		return mask
	}
	f := Format{
		ID: "acme40", Name: "ACME 40 bits", Length: 40, Kind: KindWiegand,
		Fields: []Field{
			{Name: "site", Bits: m("1-4"), Fixed: &site},
			{Name: "facility", Bits: m("5-14")},
			{Name: "card", Bits: m("15-32")},
			{Name: "issue", Bits: m("34,33")},
		},
		Parity: []ParityCheck{
			{Type: Even, Position: 0, Mask: m("1-19")},
			{Type: Odd, Position: 37, Mask: m("20-34")},
			{Type: Even, Position: 38, Mask: m("1,3,5,7,9,11,13,15,17,19,37")},
			{Type: Odd, Position: 39, Mask: m("0-34,37-38")},
		},
		Unused: m("35-36"),
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestBuiltinsValidate(t *testing.T) {
	for _, f := range Builtin() {
		if err := f.Validate(); err != nil {
			t.Errorf("%s: %v", f.ID, err)
		}
	}
}

func TestBuiltinIsACopy(t *testing.T) {
	f := mustLookup(t, "h10301")
	f.Fields[0].Bits[0] = 20
	f.Parity[0].Mask[0] = 20
	if g := mustLookup(t, "h10301"); g.Fields[0].Bits[0] != 1 || g.Parity[0].Mask[0] != 1 {
		t.Fatal("editing a looked-up format changed the built-in")
	}
}

func TestFixedField(t *testing.T) {
	f := acme40(t)
	b, err := f.Encode(map[string]string{"facility": "1", "card": "2", "issue": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String()[1:5]; got != "0101" {
		t.Errorf("site bits = %s, want 0101", got)
	}
	// issue's mask is "34,33": its most significant bit is transmitted last.
	if b.Bit(33) != true || b.Bit(34) != false {
		t.Errorf("issue=1 should set bit 33 only: %s", b)
	}
	if _, err := f.Encode(map[string]string{"site": "5", "facility": "1", "card": "2", "issue": "0"}); err != nil {
		t.Errorf("giving the fixed value itself: %v", err)
	}
	_, err = f.Encode(map[string]string{"site": "6", "facility": "1", "card": "2", "issue": "0"})
	var fe *FixedFieldError
	if !errors.As(err, &fe) || fe.Field != "site" {
		t.Errorf("site=6: error %v, want FixedFieldError", err)
	}
	// A card whose site bits differ decodes, flagged.
	d, err := f.Decode(b.Flip(2))
	if err != nil {
		t.Fatal(err)
	}
	if d.FixedOK {
		t.Error("Decode with wrong site bits: FixedOK = true")
	}
}

func TestValidateProblems(t *testing.T) {
	base := func() Format {
		return Format{
			ID: "t26", Name: "Test 26", Length: 26, Kind: KindWiegand,
			Fields: []Field{{Name: "facility", Bits: span(1, 8)}, {Name: "card", Bits: span(9, 24)}},
			Parity: []ParityCheck{{Type: Even, Position: 0, Mask: span(1, 12)}, {Type: Odd, Position: 25, Mask: span(13, 24)}},
		}
	}
	tests := []struct {
		name   string
		edit   func(*Format)
		item   string // expected Problem.Item
		mask   string // expected Problem.Mask
		substr string // expected in Problem.Msg
	}{
		{"field outside length", func(f *Format) { f.Fields[1].Bits = span(9, 30) },
			`field "card"`, "9-30", "bits 26-30 are outside 0-25"},
		{"parity mask outside length", func(f *Format) { f.Parity[1].Mask = span(13, 26) },
			"parity check #2 (bit 25)", "13-26", "bit 26 is outside 0-25"},
		{"parity bit outside length", func(f *Format) { f.Parity[1].Position = 26 },
			"parity check #2 (bit 26)", "", "parity bit 26 is outside"},
		{"field overlaps field", func(f *Format) { f.Fields[1].Bits = span(7, 24) },
			`field "card"`, "7-24", `bits 7-8 are already used by field "facility"`},
		{"field overlaps parity bit", func(f *Format) { f.Fields[1].Bits = span(9, 25) },
			"parity check #2 (bit 25)", "", `bit 25 is already used by field "card"`},
		{"unaccounted bits", func(f *Format) { f.Fields[1].Bits = span(13, 24) },
			"unaccounted bits", "9-12", "no field or parity check uses them"},
		{"own parity bit in mask", func(f *Format) { f.Parity[0].Mask = span(0, 12) },
			"parity check #1 (bit 0)", "0-12", "covers its own parity bit 0"},
		{"later parity bit in mask", func(f *Format) { f.Parity[0].Mask = append(span(1, 12), 25) },
			"parity check #1 (bit 0)", "1-12,25", "computed later"},
		{"two parity bits at one position", func(f *Format) { f.Parity[1].Position = 0 },
			"parity check #2 (bit 0)", "", "bit 0 is already used by parity check #1"},
		{"empty parity mask", func(f *Format) { f.Parity[0].Mask = nil },
			"parity check #1 (bit 0)", "", "mask is empty"},
		{"bad parity type", func(f *Format) { f.Parity[0].Type = 7 },
			"parity check #1 (bit 0)", "", "even or odd"},
		{"empty field mask", func(f *Format) { f.Fields[0].Bits = nil; f.Unused = span(1, 8) },
			`field "facility"`, "", "mask is empty"},
		{"repeated bit", func(f *Format) { f.Fields[0].Bits = []int{1, 2, 3, 4, 5, 6, 7, 8, 8} },
			`field "facility"`, "1-8,8", "bit 8 is listed more than once"},
		{"duplicate field name", func(f *Format) { f.Fields[1].Name = "facility" },
			`field "facility"`, "", "already has this name"},
		{"empty field name", func(f *Format) { f.Fields[1].Name = "" },
			"field #2", "", "needs a name"},
		{"bad field name", func(f *Format) { f.Fields[1].Name = "Card No" },
			`field "Card No"`, "", "a–z"},
		{"fixed value too big", func(f *Format) { v := uint64(256); f.Fields[0].Fixed = &v },
			`field "facility"`, "1-8", "fixed value 256 does not fit in 8 bits (0–255)"},
		{"length too short", func(f *Format) { f.Length = 7 }, "length", "", "8–512"},
		{"length too long", func(f *Format) { f.Length = 513 }, "length", "", "8–512"},
		{"missing kind", func(f *Format) { f.Kind = "" }, "kind", "", "wiegand or csn"},
		{"bad id", func(f *Format) { f.ID = "My Format" }, "id", "", "a–z"},
		{"missing name", func(f *Format) { f.Name = " " }, "name", "", "required"},
		{"unused overlaps field", func(f *Format) { f.Unused = []int{3} },
			"unused bits", "3", `already used by field "facility"`},
		{"no fields", func(f *Format) { f.Fields = nil; f.Unused = span(1, 24) }, "fields", "", "at least one field"},
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("base format: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			tt.edit(&f)
			err := f.Validate()
			var de *DefinitionError
			if !errors.As(err, &de) {
				t.Fatalf("Validate() = %v, want *DefinitionError", err)
			}
			for _, p := range de.Problems {
				if p.Item == tt.item && p.Mask == tt.mask && strings.Contains(p.Msg, tt.substr) {
					return
				}
			}
			t.Errorf("no problem {%s, %s, ...%s...} in:\n%s", tt.item, tt.mask, tt.substr, err)
		})
	}
}

// One mistake, one problem: a repeated or out-of-range position must not
// also be reported as an unaccounted bit.
func TestValidateReportsOnce(t *testing.T) {
	f := Format{
		ID: "t", Name: "T", Length: 10, Kind: KindWiegand,
		Fields: []Field{{Name: "a", Bits: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9}}},
	}
	var de *DefinitionError
	if err := f.Validate(); !errors.As(err, &de) || len(de.Problems) != 1 {
		t.Errorf("Validate() = %v, want one problem", err)
	}
	f.Fields[0].Bits = span(0, 10)
	if err := f.Validate(); !errors.As(err, &de) || len(de.Problems) != 1 {
		t.Errorf("Validate() = %v, want one problem", err)
	}
}

func TestValidateFieldTooWide(t *testing.T) {
	f := Format{
		ID: "wide", Name: "Wide", Length: 80, Kind: KindWiegand,
		Fields: []Field{{Name: "card", Bits: span(0, 79)}},
	}
	var de *DefinitionError
	if err := f.Validate(); !errors.As(err, &de) || !strings.Contains(err.Error(), "has 80 bits; a field holds at most 64") {
		t.Fatalf("Validate() = %v", err)
	}
}

func TestValidateCSNKind(t *testing.T) {
	f := mustLookup(t, "csn56")
	f.Fields[0].Bits = span(0, 54)
	if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "exactly one field") {
		t.Fatalf("Validate() = %v", err)
	}
}

func TestParseMask(t *testing.T) {
	good := []struct {
		in   string
		want []int
	}{
		{"1-8", span(1, 8)},
		{"1-4,9-12", append(span(1, 4), span(9, 12)...)},
		{"3,5,7", []int{3, 5, 7}},
		{" 34 , 33 ", []int{34, 33}},
		{"0", []int{0}},
		{"5-5", []int{5}},
		{"511", []int{511}},
	}
	for _, tt := range good {
		got, err := ParseMask(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseMask(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	bad := []struct{ in, msg string }{
		{"8-1", "runs backwards"},
		{"a", `"a" is not a bit position`},
		{"1--3", `"-3" is not a bit position`},
		{"", "is empty"},
		{"  ", "is empty"},
		{"1,,2", "empty item"},
		{"1,", "empty item"},
		{"-3", "number on both sides"},
		{"3-", "number on both sides"},
		{"1-4,3", "bit 3 appears more than once"},
		{"512", "past the 512-bit maximum"},
		{"0-99999999999999999999", "past the 512-bit maximum"},
		{"1.5", "not a bit position"},
	}
	for _, tt := range bad {
		_, err := ParseMask(tt.in)
		var me *MaskError
		if !errors.As(err, &me) || !strings.Contains(me.Msg, tt.msg) {
			t.Errorf("ParseMask(%q) error = %v; want it to say %q", tt.in, err, tt.msg)
		}
	}
}

func TestFormatMask(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{nil, ""},
		{[]int{4}, "4"},
		{span(1, 8), "1-8"},
		{[]int{1, 2, 3, 4, 9, 10, 11, 12}, "1-4,9-12"},
		{[]int{3, 5, 7}, "3,5,7"},
		{[]int{34, 33}, "34,33"},
		{[]int{5, 6, 1, 2}, "5-6,1-2"},
	}
	for _, tt := range tests {
		got := FormatMask(tt.in)
		if got != tt.want {
			t.Errorf("FormatMask(%v) = %q, want %q", tt.in, got, tt.want)
		}
		if len(tt.in) > 0 {
			back, err := ParseMask(got)
			if err != nil || !slices.Equal(back, tt.in) {
				t.Errorf("ParseMask(FormatMask(%v)) = %v, %v", tt.in, back, err)
			}
		}
	}
	for _, f := range Builtin() {
		for _, c := range f.Parity {
			back, err := ParseMask(FormatMask(c.Mask))
			if err != nil || !slices.Equal(back, c.Mask) {
				t.Errorf("%s parity mask does not survive FormatMask: %v", f.ID, err)
			}
		}
	}
}
