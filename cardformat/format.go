package cardformat

import (
	"errors"
	"slices"
)

// Kind tells how a format's bits reach the station.
type Kind string

const (
	KindWiegand Kind = "wiegand"
	KindCSN     Kind = "csn"
)

// Format lays out a credential's identity in Length bits. Positions are
// 0-based from the first transmitted bit. Formats are plain values: methods
// never modify them, so one Format may be used from many goroutines.
type Format struct {
	ID     string
	Name   string
	Length int
	Fields []Field
	Parity []ParityCheck // computed in this order on Encode
	Kind   Kind
	Unused []int // positions deliberately left 0 on Encode and ignored on Decode
}

// Field is an unsigned number stored in the listed positions, most
// significant first. A Fixed field is a constant of the format (a site code,
// say): Encode fills it in when no value is given.
type Field struct {
	Name  string
	Bits  []int
	Fixed *uint64
}

// hexFieldName is written and read in hex because serial numbers are quoted
// that way everywhere else (readers, PC/SC tools, card labels).
const hexFieldName = "csn"

// IsHex reports whether the field's values are written in hex.
func (fd Field) IsHex() bool { return fd.Name == hexFieldName }

// Min is the smallest value the field holds (always 0; fields are unsigned).
func (fd Field) Min() Value { return fd.display(Value{}) }

// Max is the largest value the field holds.
func (fd Field) Max() Value { return fd.display(maxOfWidth(len(fd.Bits))) }

func (fd Field) display(v Value) Value {
	if fd.IsHex() {
		v.digits = uint8(min((len(fd.Bits)+3)/4, maxValueBits/4))
	}
	return v
}

// Field returns the named field.
func (f Format) Field(name string) (Field, bool) {
	for _, fd := range f.Fields {
		if fd.Name == name {
			return fd, true
		}
	}
	return Field{}, false
}

// FieldNames lists the field names in definition order.
func (f Format) FieldNames() []string {
	names := make([]string, len(f.Fields))
	for i, fd := range f.Fields {
		names[i] = fd.Name
	}
	return names
}

// ParseValue reads text for the named field; see Field.ParseValue.
func (f Format) ParseValue(field, text string) (Value, error) {
	fd, ok := f.Field(field)
	if !ok {
		return Value{}, f.unknownField(field)
	}
	return fd.ParseValue(text)
}

func (f Format) unknownField(name string) *UnknownFieldError {
	return &UnknownFieldError{Format: f.ID, Field: name, Allowed: f.FieldNames()}
}

// ParseBits is the package's ParseBits with the format's length, so hex
// needs no separate length; a length error names the format.
func (f Format) ParseBits(s string) (Bits, error) {
	b, err := ParseBits(s, f.Length)
	var le *LengthError
	if errors.As(err, &le) && le.Want == f.Length {
		le.Format = f.ID
	}
	return b, err
}

// Decoded is what a bit string says under a format. Parity and fixed-field
// mismatches are reported here rather than as errors, because an operator
// still wants to see what a damaged or foreign card contains.
type Decoded struct {
	Fields       map[string]Value `json:"fields"`
	ParityOK     bool             `json:"parity_ok"`
	FailedChecks []int            `json:"failed_checks,omitempty"` // indexes into Format.Parity
	FixedOK      bool             `json:"fixed_ok"`
}

// Encode builds the bit string from field values written as text (decimal;
// hex for csn). Fixed fields may be left out.
func (f Format) Encode(values map[string]string) (Bits, error) {
	return encode(&f, values, func(fd *Field, s string) (Value, error) {
		return fd.ParseValue(s)
	})
}

// EncodeValues is Encode for values that are already numbers.
func (f Format) EncodeValues(values map[string]Value) (Bits, error) {
	return encode(&f, values, func(fd *Field, v Value) (Value, error) {
		if v.BitLen() > len(fd.Bits) {
			return Value{}, fd.rangeError(fd.display(v).String())
		}
		return v, nil
	})
}

func encode[V any](f *Format, values map[string]V, conv func(*Field, V) (Value, error)) (Bits, error) {
	if err := f.shapeError(); err != nil {
		return Bits{}, err
	}
	// Unknown names first: a typo in a name also makes that field "missing",
	// and the typo is what the operator needs to hear about.
	known := 0
	for i := range f.Fields {
		if _, ok := values[f.Fields[i].Name]; ok {
			known++
		}
	}
	if known < len(values) {
		return Bits{}, firstUnknown(f, values)
	}

	var out Bits
	out.n = f.Length
	for i := range f.Fields {
		fd := &f.Fields[i]
		var v Value
		raw, given := values[fd.Name]
		switch {
		case given:
			var err error
			if v, err = conv(fd, raw); err != nil {
				return Bits{}, err
			}
			if fd.Fixed != nil && !v.Equal(ValueOf(*fd.Fixed)) {
				return Bits{}, &FixedFieldError{Field: fd.Name, Value: fd.display(v).String(), Fixed: ValueOf(*fd.Fixed)}
			}
		case fd.Fixed != nil:
			v = ValueOf(*fd.Fixed)
			if v.BitLen() > len(fd.Bits) {
				return Bits{}, fd.rangeError(v.String())
			}
		default:
			return Bits{}, &MissingFieldError{Field: fd.Name, Min: fd.Min(), Max: fd.Max()}
		}
		top := len(fd.Bits) - 1
		for j, p := range fd.Bits {
			out.put(p, v.bit(top-j))
		}
	}
	for i := range f.Parity {
		c := &f.Parity[i]
		out.put(c.Position, c.bitFor(&out))
	}
	return out, nil
}

// firstUnknown picks the alphabetically first unknown name so the error
// does not depend on map order.
func firstUnknown[V any](f *Format, values map[string]V) *UnknownFieldError {
	var names []string
	for name := range values {
		if _, ok := f.Field(name); !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return f.unknownField(names[0])
}

// Decode reads the fields of b and checks its parity. Only a length that
// does not match the format (or a malformed format) is an error.
func (f Format) Decode(b Bits) (Decoded, error) {
	if err := f.shapeError(); err != nil {
		return Decoded{}, err
	}
	if b.n != f.Length {
		return Decoded{}, &LengthError{Format: f.ID, Want: f.Length, Got: b.n}
	}
	d := Decoded{Fields: make(map[string]Value, len(f.Fields)), ParityOK: true, FixedOK: true}
	for i := range f.Fields {
		fd := &f.Fields[i]
		var v Value
		for _, p := range fd.Bits {
			v.hi = v.hi<<1 | v.lo>>63
			v.lo <<= 1
			if b.get(p) {
				v.lo |= 1
			}
		}
		if fd.Fixed != nil && !v.Equal(ValueOf(*fd.Fixed)) {
			d.FixedOK = false
		}
		d.Fields[fd.Name] = fd.display(v)
	}
	for i := range f.Parity {
		if !f.Parity[i].holds(&b) {
			d.ParityOK = false
			d.FailedChecks = append(d.FailedChecks, i)
		}
	}
	return d, nil
}

// shapeError is the part of Validate that Encode and Decode cannot do
// without: every position inside the bit string and every field within what
// a Value holds. It keeps an unvalidated Format from panicking.
func (f *Format) shapeError() error {
	bad := func(item, msg string) error {
		return &DefinitionError{Format: f.ID, Problems: []Problem{{Item: item, Msg: msg}}}
	}
	if f.Length < 1 || f.Length > MaxLength {
		return bad("length", "must be 1–512 bits")
	}
	inside := func(ps []int) bool {
		for _, p := range ps {
			if p < 0 || p >= f.Length {
				return false
			}
		}
		return true
	}
	for i := range f.Fields {
		fd := &f.Fields[i]
		if len(fd.Bits) > maxValueBits {
			return bad(fieldItem(fd.Name, i), "has more than 128 bits")
		}
		if !inside(fd.Bits) {
			return bad(fieldItem(fd.Name, i), "has bits outside the format's length")
		}
	}
	for i := range f.Parity {
		c := &f.Parity[i]
		if c.Position < 0 || c.Position >= f.Length || !inside(c.Mask) {
			return bad(parityItem(c, i), "has bits outside the format's length")
		}
	}
	return nil
}

// clone deep-copies f so callers may edit what Builtin and Lookup return.
func (f Format) clone() Format {
	f.Fields = slices.Clone(f.Fields)
	for i := range f.Fields {
		fd := &f.Fields[i]
		fd.Bits = slices.Clone(fd.Bits)
		if fd.Fixed != nil {
			v := *fd.Fixed
			fd.Fixed = &v
		}
	}
	f.Parity = slices.Clone(f.Parity)
	for i := range f.Parity {
		f.Parity[i].Mask = slices.Clone(f.Parity[i].Mask)
	}
	f.Unused = slices.Clone(f.Unused)
	return f
}
