package cardformat

import (
	"math/rand/v2"
	"testing"
)

// sink keeps the compiler from discarding benchmarked work.
var sink any

func BenchmarkEncode(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, f := range Builtin() {
		in := map[string]string{}
		for k, v := range randomInput(r, f) {
			in[k] = v.String()
		}
		b.Run(f.ID, func(b *testing.B) {
			b.ReportAllocs()
			var out Bits
			for b.Loop() {
				var err error
				if out, err = f.Encode(in); err != nil {
					b.Fatal(err)
				}
			}
			sink = out
		})
	}
}

func BenchmarkEncodeValues(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, f := range Builtin() {
		in := randomInput(r, f)
		b.Run(f.ID, func(b *testing.B) {
			b.ReportAllocs()
			var out Bits
			for b.Loop() {
				var err error
				if out, err = f.EncodeValues(in); err != nil {
					b.Fatal(err)
				}
			}
			sink = out
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, f := range Builtin() {
		bits, err := f.EncodeValues(randomInput(r, f))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f.ID, func(b *testing.B) {
			b.ReportAllocs()
			var d Decoded
			for b.Loop() {
				if d, err = f.Decode(bits); err != nil {
					b.Fatal(err)
				}
			}
			sink = d
		})
	}
}
