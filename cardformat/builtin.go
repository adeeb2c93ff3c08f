package cardformat

import "strconv"

// span returns the positions a..b in order.
func span(a, b int) []int {
	out := make([]int, 0, b-a+1)
	for p := a; p <= b; p++ {
		out = append(out, p)
	}
	return out
}

// spanMod returns the positions in a..b whose remainder mod 3 is one of rs;
// Corporate 1000 parity interleaves its checks that way.
func spanMod(a, b int, rs ...int) []int {
	var out []int
	for p := a; p <= b; p++ {
		for _, r := range rs {
			if p%3 == r {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func field(name string, a, b int) Field { return Field{Name: name, Bits: span(a, b)} }

func check(t ParityType, pos int, mask []int) ParityCheck {
	return ParityCheck{Type: t, Position: pos, Mask: mask}
}

func csnFormat(length int) Format {
	id := "csn" + strconv.Itoa(length)
	return Format{
		ID: id, Name: "Card serial number (UID)", Length: length, Kind: KindCSN,
		Fields: []Field{field(hexFieldName, 0, length-1)},
	}
}

// builtins is never handed out directly; Builtin and Lookup return copies.
var builtins = []Format{
	{
		ID: "h10301", Name: "Standard 26 bits", Length: 26, Kind: KindWiegand,
		Fields: []Field{field("facility", 1, 8), field("card", 9, 24)},
		Parity: []ParityCheck{check(Even, 0, span(1, 12)), check(Odd, 25, span(13, 24))},
	},
	{
		ID: "h10306", Name: "HID H10306 34 bits", Length: 34, Kind: KindWiegand,
		Fields: []Field{field("facility", 1, 16), field("card", 17, 32)},
		Parity: []ParityCheck{check(Even, 0, span(1, 16)), check(Odd, 33, span(17, 32))},
	},
	{
		ID: "h10302", Name: "HID H10302 37 bits", Length: 37, Kind: KindWiegand,
		Fields: []Field{field("card", 1, 35)},
		Parity: []ParityCheck{check(Even, 0, span(1, 18)), check(Odd, 36, span(18, 35))},
	},
	{
		ID: "h10304", Name: "HID H10304 37 bits", Length: 37, Kind: KindWiegand,
		Fields: []Field{field("facility", 1, 16), field("card", 17, 35)},
		Parity: []ParityCheck{check(Even, 0, span(1, 18)), check(Odd, 36, span(18, 35))},
	},
	{
		ID: "c1k35", Name: "HID Corporate 1000 35 bits", Length: 35, Kind: KindWiegand,
		Fields: []Field{field("facility", 2, 13), field("card", 14, 33)},
		Parity: []ParityCheck{
			check(Even, 1, spanMod(2, 33, 0, 2)),
			check(Odd, 34, spanMod(1, 32, 1, 2)),
			check(Odd, 0, span(1, 34)),
		},
	},
	{
		ID: "c1k48", Name: "HID Corporate 1000 48 bits", Length: 48, Kind: KindWiegand,
		Fields: []Field{field("facility", 2, 23), field("card", 24, 46)},
		Parity: []ParityCheck{
			check(Even, 1, spanMod(3, 46, 0, 1)),
			check(Odd, 47, spanMod(2, 45, 0, 2)),
			check(Odd, 0, span(1, 47)),
		},
	},
	csnFormat(32),
	csnFormat(56),
	csnFormat(80),
}

// Builtin returns the built-in formats in a stable order (the order of the
// spec's table). The result is a fresh copy each call.
func Builtin() []Format {
	out := make([]Format, len(builtins))
	for i, f := range builtins {
		out[i] = f.clone()
	}
	return out
}

// BuiltinIDs lists the built-in format ids in Builtin order.
func BuiltinIDs() []string {
	ids := make([]string, len(builtins))
	for i, f := range builtins {
		ids[i] = f.ID
	}
	return ids
}

// Lookup returns a copy of the built-in format with this id.
func Lookup(id string) (Format, bool) {
	for _, f := range builtins {
		if f.ID == id {
			return f.clone(), true
		}
	}
	return Format{}, false
}

// Find is Lookup with an error that lists the known ids, for messages. A
// station with custom formats should build its own *UnknownFormatError
// listing those too.
func Find(id string) (Format, error) {
	if f, ok := Lookup(id); ok {
		return f, nil
	}
	return Format{}, &UnknownFormatError{ID: id, Known: BuiltinIDs()}
}
