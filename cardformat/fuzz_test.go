package cardformat

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func FuzzParseBits(f *testing.F) {
	for _, s := range []string{"10000000100000000000001011", "0x202000b", "0X0", "0x", "", "102", "0xg", "1é"} {
		f.Add(s, 26)
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, length int) {
		b, err := ParseBits(s, length)
		if err != nil {
			return
		}
		if b.Len() < 1 || b.Len() > MaxLength || length != 0 && b.Len() != length {
			t.Fatalf("ParseBits(%q, %d) gave %d bits", s, length, b.Len())
		}
		// Both printed forms must read back to the same bits.
		if back, err := ParseBits(b.String(), b.Len()); err != nil || back != b {
			t.Fatalf("String round trip: %s -> %s, %v", b, back, err)
		}
		if back, err := ParseBits("0x"+b.Hex(), b.Len()); err != nil || back != b {
			t.Fatalf("Hex round trip: %s (%s) -> %s, %v", b, b.Hex(), back, err)
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add(0, "10000000100000000000001011")
	f.Add(4, "0x60c806072")
	f.Add(8, "0x0123456789abcdef0123")
	f.Add(9, "0xffffffffff")
	f.Fuzz(func(t *testing.T, which int, bits string) {
		formats := allTestFormats(t)
		fm := formats[uint(which)%uint(len(formats))]
		b, err := ParseBits(bits, fm.Length)
		if err != nil {
			return
		}
		d, err := fm.Decode(b)
		if err != nil {
			t.Fatalf("Decode(%s) of a %d-bit string: %v", fm.ID, b.Len(), err)
		}
		// Re-encoding what was read must give back the same bits wherever
		// the parity held and no bits are ignored.
		if !d.ParityOK || !d.FixedOK || len(fm.Unused) > 0 {
			return
		}
		again, err := fm.EncodeValues(d.Fields)
		if err != nil || again != b {
			t.Fatalf("%s: Encode(Decode(%s)) = %s, %v", fm.ID, b, again, err)
		}
	})
}

func FuzzUnmarshalDefinition(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"carddesk_format":1,"id":"x","name":"X","length":8,"fields":[{"name":"a","mask":"0-7"}],"parity":[]}`))
	f.Add([]byte(`{"carddesk_format":1,"id":"x","name":"X","length":9,"fields":[{"name":"a","mask":"1-8"}],"parity":[{"type":"odd","position":0,"mask":"1-8"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, err := UnmarshalDefinition(data)
		if err != nil {
			var de *DefinitionError
			if errors.As(err, &de) && len(de.Problems) == 0 {
				t.Fatal("DefinitionError without problems")
			}
			return
		}
		// Whatever imports must validate, export, and survive Encode/Decode.
		if err := fm.Validate(); err != nil {
			t.Fatalf("imported format does not validate: %v", err)
		}
		out, err := MarshalDefinition(fm)
		if err != nil {
			t.Fatalf("imported format does not export: %v", err)
		}
		if _, err := UnmarshalDefinition(out); err != nil {
			t.Fatalf("exported format does not import: %v", err)
		}
		values := map[string]Value{}
		for _, fd := range fm.Fields {
			values[fd.Name] = fd.Max()
		}
		b, err := fm.EncodeValues(values)
		if err != nil {
			var fe *FixedFieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Encode(max values): %v", err)
			}
			return
		}
		if d, err := fm.Decode(b); err != nil || !d.ParityOK || !d.FixedOK {
			t.Fatalf("Decode(Encode(max values)) = %+v, %v", d, err)
		}
	})
}
