package cardformat

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// randomValue is uniform over what a field of width bits holds.
func randomValue(r *rand.Rand, width int) Value {
	v := Value{lo: r.Uint64(), hi: r.Uint64()}
	switch {
	case width < 64:
		v.lo &= 1<<width - 1
		v.hi = 0
	case width == 64:
		v.hi = 0
	case width < 128:
		v.hi &= 1<<(width-64) - 1
	}
	return v
}

// randomInput draws every non-fixed field; one value in eight is the
// field's minimum or maximum so the edges get exercised too.
func randomInput(r *rand.Rand, f Format) map[string]Value {
	in := map[string]Value{}
	for _, fd := range f.Fields {
		if fd.Fixed != nil {
			continue
		}
		v := randomValue(r, len(fd.Bits))
		switch r.IntN(16) {
		case 0:
			v = Value{}
		case 1:
			v = maxOfWidth(len(fd.Bits))
		}
		in[fd.Name] = fd.display(v)
	}
	return in
}

func allTestFormats(t testing.TB) []Format {
	return append(Builtin(), acme40(t))
}

func TestRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, f := range allTestFormats(t) {
		t.Run(f.ID, func(t *testing.T) {
			for range 2000 {
				in := randomInput(r, f)
				text := map[string]string{}
				for k, v := range in {
					text[k] = v.String()
				}
				b, err := f.Encode(text)
				if err != nil {
					t.Fatalf("Encode(%v): %v", text, err)
				}
				b2, err := f.EncodeValues(in)
				if err != nil || b2 != b {
					t.Fatalf("EncodeValues(%v) = %s, %v; Encode gave %s", in, b2, err, b)
				}
				d, err := f.Decode(b)
				if err != nil {
					t.Fatal(err)
				}
				if !d.ParityOK || !d.FixedOK {
					t.Fatalf("Decode(Encode(%v)): parity ok %v, fixed ok %v", text, d.ParityOK, d.FixedOK)
				}
				for _, fd := range f.Fields {
					want := in[fd.Name]
					if fd.Fixed != nil {
						want = fd.display(ValueOf(*fd.Fixed))
					}
					if got := d.Fields[fd.Name]; got != want {
						t.Fatalf("field %s: got %s, want %s (bits %s)", fd.Name, got, want, b)
					}
				}
				// The '0'/'1' and hex forms must read back to the same bits.
				for _, s := range []string{b.String(), "0x" + b.Hex()} {
					back, err := ParseBits(s, f.Length)
					if err != nil || back != b {
						t.Fatalf("ParseBits(%s) = %s, %v; want %s", s, back, err, b)
					}
				}
			}
		})
	}
}

// TestAgainstReference compares random encodings with the independent
// implementation, both directions, including corrupted bit strings.
func TestAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for id, layout := range refLayouts() {
		f := mustLookup(t, id)
		t.Run(id, func(t *testing.T) {
			for range 5000 {
				vals := map[string]uint64{}
				text := map[string]string{}
				for _, rf := range layout.fields {
					v := r.Uint64() & (1<<(rf.last-rf.first+1) - 1)
					vals[rf.name] = v
					text[rf.name] = strconv.FormatUint(v, 10)
				}
				want := refEncode(layout, vals)
				got, err := f.Encode(text)
				if err != nil || got.String() != want {
					t.Fatalf("Encode(%v) = %s, %v; reference %s", vals, got, err, want)
				}
				// Random bit strings, most of them with broken parity.
				raw := randomValue(r, f.Length).hexString((f.Length + 3) / 4)
				b, err := ParseBits("0x"+raw, f.Length)
				if err != nil {
					t.Fatal(err)
				}
				refVals, refOK := refDecode(layout, b.String())
				d, err := f.Decode(b)
				if err != nil {
					t.Fatal(err)
				}
				if d.ParityOK != refOK {
					t.Fatalf("Decode(%s) parity ok %v, reference %v", b, d.ParityOK, refOK)
				}
				for name, v := range refVals {
					if !d.Fields[name].Equal(ValueOf(v)) {
						t.Fatalf("Decode(%s)[%s] = %s, reference %d", b, name, d.Fields[name], v)
					}
				}
			}
		})
	}
}

func TestCSNAgainstBig(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, id := range []string{"csn32", "csn56", "csn80"} {
		f := mustLookup(t, id)
		for range 1000 {
			v := randomValue(r, f.Length)
			hex := v.hexString(f.Length / 4)
			b, err := f.Encode(map[string]string{"csn": hex})
			if err != nil {
				t.Fatal(err)
			}
			if want := refCSN(f.Length, hex); b.String() != want {
				t.Fatalf("%s Encode(%s) = %s, want %s", id, hex, b, want)
			}
			n, _ := new(big.Int).SetString(hex, 16)
			if b.Hex() != n.Text(16) {
				t.Fatalf("%s Hex = %s, want %s", id, b.Hex(), n.Text(16))
			}
		}
	}
}

// TestSingleBitFlips: flipping a bit that a check covers (or that is a
// check's parity bit) must fail exactly those checks; other bits must leave
// parity intact.
func TestSingleBitFlips(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	formats := append(allTestFormats(t), uncoveredFormat(t))
	for _, f := range formats {
		t.Run(f.ID, func(t *testing.T) {
			for range 50 {
				b, err := f.EncodeValues(randomInput(r, f))
				if err != nil {
					t.Fatal(err)
				}
				for i := range f.Length {
					var want []int
					for ci, c := range f.Parity {
						if c.Position == i || slices.Contains(c.Mask, i) {
							want = append(want, ci)
						}
					}
					d, err := f.Decode(b.Flip(i))
					if err != nil {
						t.Fatal(err)
					}
					if d.ParityOK != (len(want) == 0) || !slices.Equal(d.FailedChecks, want) {
						t.Fatalf("flip bit %d of %s: parity ok %v, failed %v; want failed %v",
							i, b, d.ParityOK, d.FailedChecks, want)
					}
				}
			}
		})
	}
}

// uncoveredFormat has bits outside every parity mask, so the flip test sees
// the "parity stays OK" side as well.
func uncoveredFormat(t testing.TB) Format {
	f := Format{
		ID: "partial", Name: "Partly covered", Length: 12, Kind: KindWiegand,
		Fields: []Field{{Name: "a", Bits: span(1, 4)}, {Name: "b", Bits: span(5, 11)}},
		Parity: []ParityCheck{{Type: Odd, Position: 0, Mask: span(1, 4)}},
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestRangeEdges(t *testing.T) {
	for _, f := range Builtin() {
		for _, fd := range f.Fields {
			t.Run(f.ID+"/"+fd.Name, func(t *testing.T) {
				max := fd.Max()
				above := new(big.Int).Add(max.Big(), big.NewInt(1))
				in := func(v string) map[string]string {
					m := map[string]string{}
					for _, other := range f.Fields {
						m[other.Name] = "0"
					}
					m[fd.Name] = v
					return m
				}
				aboveText, belowText := above.String(), "-1"
				if fd.IsHex() {
					aboveText, belowText = above.Text(16), "-1"
				}
				for _, ok := range []string{"0", max.String()} {
					if _, err := f.Encode(in(ok)); err != nil {
						t.Errorf("Encode(%s=%s): %v", fd.Name, ok, err)
					}
				}
				_, err := f.Encode(in(aboveText))
				var re *RangeError
				if !errors.As(err, &re) || re.Field != fd.Name || !re.Max.Equal(max) || re.Value != aboveText {
					t.Errorf("Encode(%s=%s) error = %v, want RangeError", fd.Name, aboveText, err)
				}
				_, err = f.Encode(in(belowText))
				if fd.IsHex() {
					var se *ValueSyntaxError
					if !errors.As(err, &se) {
						t.Errorf("Encode(csn=-1) error = %v, want ValueSyntaxError", err)
					}
				} else if !errors.As(err, &re) || re.Value != "-1" {
					t.Errorf("Encode(%s=-1) error = %v, want RangeError", fd.Name, err)
				}
				typed := map[string]Value{}
				for _, other := range f.Fields {
					typed[other.Name] = Value{}
				}
				typed[fd.Name] = must(ValueFromBig(above))
				if _, err := f.EncodeValues(typed); !errors.As(err, &re) {
					t.Errorf("EncodeValues(%s=max+1) error = %v, want RangeError", fd.Name, err)
				}
			})
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
