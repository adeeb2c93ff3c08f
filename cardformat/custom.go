package cardformat

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits for definitions. A non-csn field is capped at 64 bits so its value
// (and a fixed value) fits a uint64 everywhere: JSON numbers, database
// columns, UI spinners.
const (
	MinWiegandLength = 8
	MaxFieldBits     = 64
	maxNameLen       = 32
	maxTitleLen      = 100
)

// Validate checks a format definition the way a station must before saving
// or importing it, and returns a *DefinitionError listing every problem:
//   - Kind is wiegand (length 8–512) or csn (one field "csn" over all bits,
//     length a multiple of 8 up to 128, no parity);
//   - the id is 1–32 of a–z, 0–9, "_" and "-", starting with a letter or digit;
//     the name is one line of 1–100 characters;
//   - field names are unique, 1–32 of a–z, 0–9 and "_", starting with a letter;
//   - every mask is non-empty, lists a position at most once and stays inside
//     the length; a field has at most 64 bits and its fixed value fits them;
//   - no bit belongs to two fields, or to a field and a parity bit, or to two
//     parity bits; unused bits belong to nothing else;
//   - a parity mask does not cover its own parity bit or the parity bit of a
//     later check (Encode computes checks in list order, so only earlier
//     parity bits are final when a check is computed);
//   - every bit is in a field, is a parity bit, or is listed in Unused.
func (f Format) Validate() error { return f.validate(nil, brokenMasks{}) }

// brokenMasks marks masks that failed to parse in a file, so validate does
// not pile further complaints (empty mask, unaccounted bits) on top.
type brokenMasks struct {
	fields, parity map[int]bool
	unused         bool
}

func (b brokenMasks) any() bool { return len(b.fields) > 0 || len(b.parity) > 0 || b.unused }

type validator struct {
	f        *Format
	problems []Problem
	owner    []string // who holds each bit; nil when the length is unusable
}

func (v *validator) add(item string, mask []int, id string, data map[string]any) {
	v.problems = append(v.problems, problem(item, mask, id, data))
}

func (f Format) validate(pre []Problem, broken brokenMasks) error {
	v := &validator{f: &f, problems: pre}
	if !validID(f.ID) {
		v.add("id", nil, MsgID, map[string]any{"Value": f.ID, "Max": maxNameLen})
	}
	v.checkTitle()
	v.checkKindAndLength()
	if v.owner != nil && f.Kind == KindCSN {
		v.checkCSNLayout()
	}

	names := map[string]bool{}
	for i := range f.Fields {
		fd := &f.Fields[i]
		item := fieldItem(fd.Name, i)
		switch {
		case fd.Name == "":
			v.add(item, nil, MsgFieldUnnamed, nil)
		case !validFieldName(fd.Name):
			v.add(item, nil, MsgFieldName, map[string]any{"Max": maxNameLen})
		case names[fd.Name]:
			v.add(item, nil, MsgFieldTwice, nil)
		}
		names[fd.Name] = true
		if broken.fields[i] {
			continue
		}
		usable := v.checkMask(item, fd.Bits)
		width := len(fd.Bits)
		if width > MaxFieldBits && f.Kind != KindCSN {
			v.add(item, fd.Bits, MsgFieldWide, map[string]any{"Width": width, "Max": MaxFieldBits})
		}
		if fd.Fixed != nil && width <= MaxFieldBits && ValueOf(*fd.Fixed).BitLen() > width {
			v.add(item, fd.Bits, MsgFieldFixed, map[string]any{"Value": *fd.Fixed, "Width": width, "Max": maxOfWidth(width).String()})
		}
		v.claim(item, usable, fd.Bits)
	}
	if len(f.Fields) == 0 {
		v.add("fields", nil, MsgNoFields, nil)
	}

	for i := range f.Parity {
		c := &f.Parity[i]
		item := parityItem(c, i)
		if c.Type != Even && c.Type != Odd {
			v.add(item, nil, MsgParityType, nil)
		}
		if v.owner != nil {
			if c.Position < 0 || c.Position >= f.Length {
				v.add(item, nil, MsgParityOutside, map[string]any{"Bit": c.Position, "Length": f.Length})
			} else {
				v.claim(item, []int{c.Position}, nil)
			}
		}
		if broken.parity[i] {
			continue
		}
		v.checkMask(item, c.Mask)
		if slices.Contains(c.Mask, c.Position) {
			v.add(item, c.Mask, MsgParityOwn, map[string]any{"Bit": c.Position})
		}
		for j := i + 1; j < len(f.Parity); j++ {
			later := f.Parity[j].Position
			if later != c.Position && slices.Contains(c.Mask, later) {
				v.add(item, c.Mask, MsgParityLater, map[string]any{"Bit": later, "Check": j + 1})
			}
		}
	}

	if len(f.Unused) > 0 && !broken.unused {
		v.claim("unused bits", v.checkMask("unused bits", f.Unused), f.Unused)
	}

	if v.owner != nil && !broken.any() {
		var free []int
		for p, who := range v.owner {
			if who == "" {
				free = append(free, p)
			}
		}
		if len(free) > 0 {
			v.add("unaccounted bits", free, MsgUnaccounted, nil)
		}
	}

	if len(v.problems) == 0 {
		return nil
	}
	return &DefinitionError{Format: f.ID, Problems: v.problems}
}

func (v *validator) checkTitle() {
	name := v.f.Name
	switch {
	case strings.TrimSpace(name) == "":
		v.add("name", nil, MsgNameRequired, nil)
	case !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxTitleLen:
		v.add("name", nil, MsgNameLong, map[string]any{"Max": maxTitleLen})
	case strings.ContainsFunc(name, unicode.IsControl):
		v.add("name", nil, MsgNameLine, nil)
	}
}

func (v *validator) checkKindAndLength() {
	f := v.f
	lengthOK := false
	switch f.Kind {
	case KindWiegand:
		lengthOK = f.Length >= MinWiegandLength && f.Length <= MaxLength
		if !lengthOK {
			v.add("length", nil, MsgWiegandLength, map[string]any{"Length": f.Length, "Min": MinWiegandLength, "Max": MaxLength})
		}
	case KindCSN:
		lengthOK = f.Length >= 8 && f.Length <= maxValueBits && f.Length%8 == 0
		if !lengthOK {
			v.add("length", nil, MsgCSNLength, map[string]any{"Length": f.Length, "Max": maxValueBits})
		}
	default:
		v.add("kind", nil, MsgKind, map[string]any{"Value": string(f.Kind)})
	}
	if lengthOK {
		v.owner = make([]string, f.Length)
	}
}

// checkCSNLayout holds a csn format to what CSNFromUID produces.
func (v *validator) checkCSNLayout() {
	f := v.f
	if len(f.Fields) != 1 || f.Fields[0].Name != hexFieldName || !slices.Equal(f.Fields[0].Bits, span(0, f.Length-1)) {
		v.add("fields", nil, MsgCSNFields, map[string]any{"Last": f.Length - 1})
	}
	if len(f.Parity) > 0 {
		v.add("parity", nil, MsgCSNParity, nil)
	}
}

// checkMask reports an empty mask, repeated positions and positions outside
// the length. It returns the positions fit to claim: each in-range position
// once, so one typo does not also show up as unaccounted bits.
func (v *validator) checkMask(item string, mask []int) []int {
	if len(mask) == 0 {
		v.add(item, nil, MsgMaskEmpty, nil)
		return nil
	}
	var usable []int
	limit := MaxLength
	if v.owner != nil {
		limit = v.f.Length
	}
	var outside, repeated []int
	seen := map[int]bool{}
	for _, p := range mask {
		if p < 0 || p >= limit {
			outside = append(outside, p)
			continue
		}
		if seen[p] {
			if !slices.Contains(repeated, p) {
				repeated = append(repeated, p)
			}
			continue
		}
		seen[p] = true
		usable = append(usable, p)
	}
	if len(outside) > 0 {
		v.add(item, mask, oneOrMany(outside, MsgMaskOutsideOne, MsgMaskOutside), map[string]any{"Bits": FormatMask(outside), "Last": limit - 1})
	}
	if len(repeated) > 0 {
		v.add(item, mask, oneOrMany(repeated, MsgMaskRepeatedOne, MsgMaskRepeated), map[string]any{"Bits": FormatMask(repeated)})
	}
	return usable
}

// claim records item as the holder of positions and reports, per earlier
// holder, the positions it already had. mask is what the report shows.
func (v *validator) claim(item string, positions, mask []int) {
	if v.owner == nil {
		return
	}
	var holders []string
	clash := map[string][]int{}
	for _, p := range positions {
		who := v.owner[p]
		if who == "" {
			v.owner[p] = item
			continue
		}
		if who == item {
			continue
		}
		if _, seen := clash[who]; !seen {
			holders = append(holders, who)
		}
		clash[who] = append(clash[who], p)
	}
	for _, who := range holders {
		v.add(item, mask, oneOrMany(clash[who], MsgMaskTakenOne, MsgMaskTaken), map[string]any{"Bits": FormatMask(clash[who]), "Holder": who})
	}
}

func fieldItem(name string, i int) string {
	if name == "" {
		return fmt.Sprintf("field #%d", i+1)
	}
	return fmt.Sprintf("field %q", name)
}

func parityItem(c *ParityCheck, i int) string {
	return fmt.Sprintf("parity check #%d (bit %d)", i+1, c.Position)
}

func validFieldName(s string) bool {
	if s == "" || len(s) > maxNameLen || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func validID(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '_' && c != '-') {
			return false
		}
	}
	return true
}
