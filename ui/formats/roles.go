package formats

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/cardformat"
)

// ownerKind says what a bit is for.
type ownerKind int

const (
	ownField ownerKind = iota
	ownParity
	ownUnused
)

// owner is one claim on a bit: a field (and which of its bits), a parity
// check, or the unused list.
type owner struct {
	kind  ownerKind
	index int // into Format.Fields or Format.Parity
	rank  int // for a field: 0 is its most significant bit
}

// bitInfo is what the definition says about one position. A valid format
// gives every bit exactly one owner; the editor also draws invalid ones,
// where a bit may have none or several.
type bitInfo struct {
	owners    []owner
	coveredBy []int // parity checks whose mask includes the bit
}

func (b bitInfo) unaccounted() bool { return len(b.owners) == 0 }
func (b bitInfo) conflict() bool    { return len(b.owners) > 1 }

// analyse works out every bit's role. Positions outside the length are
// ignored (the problem list reports them); a length the map cannot draw
// gives nil.
func analyse(f cardformat.Format) []bitInfo {
	if f.Length < 1 || f.Length > cardformat.MaxLength {
		return nil
	}
	bits := make([]bitInfo, f.Length)
	claim := func(p int, o owner) {
		if p >= 0 && p < f.Length {
			bits[p].owners = append(bits[p].owners, o)
		}
	}
	for i, fd := range f.Fields {
		for r, p := range fd.Bits {
			claim(p, owner{kind: ownField, index: i, rank: r})
		}
	}
	for i, c := range f.Parity {
		claim(c.Position, owner{kind: ownParity, index: i})
		for _, p := range c.Mask {
			if p >= 0 && p < f.Length && !slices.Contains(bits[p].coveredBy, i) {
				bits[p].coveredBy = append(bits[p].coveredBy, i)
			}
		}
	}
	for _, p := range f.Unused {
		claim(p, owner{kind: ownUnused})
	}
	return bits
}

// roleText names what bit i is for, as the hover line shows it.
func roleText(f cardformat.Format, bits []bitInfo, i int) string {
	b := bits[i]
	head := lang.X("formats.bit", "Bit {{.N}}", map[string]any{"N": i})
	var role string
	switch {
	case b.unaccounted():
		role = lang.L("not assigned: add it to a field or list it as unused")
	case b.conflict():
		names := make([]string, len(b.owners))
		for j, o := range b.owners {
			names[j] = ownerName(f, o)
		}
		role = lang.X("formats.bit.conflict", "claimed by {{.Owners}}; a bit can belong to one thing only",
			map[string]any{"Owners": strings.Join(names, ", ")})
	default:
		role = ownerRole(f, b.owners[0])
	}
	text := head + ": " + role
	if len(b.coveredBy) > 0 {
		text += " · " + coveredText(f, b.coveredBy)
	}
	return text
}

// ownerName is a short name for a claim, for lists of claimants.
func ownerName(f cardformat.Format, o owner) string {
	switch o.kind {
	case ownField:
		return fieldLabel(f, o.index)
	case ownParity:
		return lang.X("formats.parity.n", "parity #{{.N}}", map[string]any{"N": o.index + 1})
	}
	return lang.L("unused bits")
}

// fieldLabel is a field's name, or its number while it has none.
func fieldLabel(f cardformat.Format, i int) string {
	if name := f.Fields[i].Name; name != "" {
		return name
	}
	return lang.X("formats.field.n", "field #{{.N}}", map[string]any{"N": i + 1})
}

func ownerRole(f cardformat.Format, o owner) string {
	switch o.kind {
	case ownField:
		return fieldRole(f, o)
	case ownParity:
		c := f.Parity[o.index]
		data := map[string]any{"Mask": displayMask(c.Mask), "N": o.index + 1}
		if c.Type == cardformat.Odd {
			return lang.X("formats.bit.odd", "odd parity over {{.Mask}} (check #{{.N}})", data)
		}
		return lang.X("formats.bit.even", "even parity over {{.Mask}} (check #{{.N}})", data)
	}
	return lang.L("unused, always 0")
}

func fieldRole(f cardformat.Format, o owner) string {
	fd := f.Fields[o.index]
	data := map[string]any{"Field": fieldLabel(f, o.index), "N": o.rank + 1, "Of": len(fd.Bits)}
	var role string
	switch {
	case len(fd.Bits) == 1:
		role = lang.X("formats.bit.single", "{{.Field}}, its only bit", data)
	case o.rank == 0:
		role = lang.X("formats.bit.msb", "{{.Field}}, bit {{.N}} of {{.Of}} (most significant)", data)
	case o.rank == len(fd.Bits)-1:
		role = lang.X("formats.bit.lsb", "{{.Field}}, bit {{.N}} of {{.Of}} (least significant)", data)
	default:
		role = lang.X("formats.bit.field", "{{.Field}}, bit {{.N}} of {{.Of}}", data)
	}
	if fd.Fixed != nil {
		role += ", " + lang.X("formats.bit.fixed", "fixed to {{.Value}}", map[string]any{"Value": *fd.Fixed})
	}
	return role
}

func coveredText(f cardformat.Format, checks []int) string {
	parts := make([]string, len(checks))
	for j, c := range checks {
		parts[j] = lang.X("formats.parity.at", "#{{.N}} (bit {{.Bit}})",
			map[string]any{"N": c + 1, "Bit": f.Parity[c].Position})
	}
	return lang.X("formats.bit.covered", "covered by parity {{.Checks}}", map[string]any{"Checks": strings.Join(parts, ", ")})
}

// displayMask writes a mask for reading: ranges with an en dash.
func displayMask(m []int) string {
	return strings.ReplaceAll(cardformat.FormatMask(m), "-", "–")
}
