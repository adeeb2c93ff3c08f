package ccid

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/carddesk/carddesk/devices/ccid/ccidemu/tpdu"
)

func FuzzParseT1Block(f *testing.F) {
	f.Add(hx(lrcBlock("0040 02 9000")), false)
	f.Add(hx(lrcBlock("00C3 01 05")), false)
	f.Add(hx(lrcBlock("0092 00")), false)
	f.Add(hx("0000 00 0000"), true)
	f.Add(hx("0000FF00"), false)
	f.Fuzz(func(t *testing.T, b []byte, crc bool) {
		blk, err := parseT1Block(b, crc)
		if err != nil {
			var be *t1BlockError
			if !errors.As(err, &be) || err.Error() == "" {
				t.Fatalf("error %v is not a t1BlockError", err)
			}
			return
		}
		// A block that parses is rebuilt byte for byte from what was read.
		var pcb byte
		switch blk.kind {
		case t1I:
			pcb = blk.seq << 6
			if blk.more {
				pcb |= t1More
			}
		case t1R:
			pcb = t1PCBR | blk.seq<<4 | blk.bits
		case t1S:
			pcb = t1PCBS | blk.bits
		}
		l := &t1Link{crc: crc}
		if again := l.block(pcb, blk.inf); !bytes.Equal(again, b) {
			t.Fatalf("% X parsed as %+v, which encodes as % X", b, blk, again)
		}
	})
}

// answers cuts fuzz data into the card's answers: a length byte, then
// that many bytes, again and again.
func answers(data []byte) [][]byte {
	var out [][]byte
	for len(data) > 0 {
		n := min(int(data[0]), len(data)-1)
		out = append(out, data[1:1+n])
		data = data[1+n:]
	}
	return out
}

// cardScript answers each exchange with the next of its answers and fails
// once they run out; it counts the exchanges.
type cardScript struct {
	answers [][]byte
	n       int
}

var errScriptDone = errors.New("no more answers")

func (s *cardScript) xfr(_ context.Context, _ []byte, _ byte) ([]byte, error) {
	if s.n >= len(s.answers) {
		return nil, errScriptDone
	}
	s.n++
	return clone(s.answers[s.n-1]), nil
}

// Whatever a T=0 card answers, the exchange ends with an answer that has
// a status word, or an error, within a bounded number of exchanges.
func FuzzT0Procedure(f *testing.F) {
	f.Add(hx("FFCA000000"), hx("02 6C07 09 04A1B2C3D4E5F69000"))
	f.Add(hx("8010000003AABBCC00"), hx("02 6103 05 AABBCC9000"))
	f.Add(hx("8020025801AA00"), hx("02 6100 02 6C10 02 6100"))
	f.Add(hx("80300000"), hx("01 90"))
	f.Fuzz(func(t *testing.T, apdu, script []byte) {
		s := &cardScript{answers: answers(script)}
		resp, err := t0Link{xfr: s.xfr}.transmit(t.Context(), apdu)
		if s.n > maxT0Steps+1 {
			t.Fatalf("%d exchanges", s.n)
		}
		if err == nil && len(resp) < 2 {
			t.Fatalf("answer % X without a status word", resp)
		}
	})
}

// Whatever a T=1 card answers, the exchange ends within a bounded number
// of blocks: every answer either moves the exchange on or spends one of
// a few retries.
func FuzzT1Exchange(f *testing.F) {
	card := func(apdu []byte, opt tpdu.T1Options) []byte {
		w := &wire{card: tpdu.NewT1(t1ATR, cardApp, opt)}
		_, _ = newT1Link(w.xfr, 32, false).transmit(context.Background(), apdu)
		var script []byte
		for _, b := range w.sent {
			out, _ := tpdu.NewT1(t1ATR, cardApp, opt).Transmit(b)
			script = append(append(script, byte(len(out))), out...)
		}
		return script
	}
	f.Add(hx("FFCA000000"), card(hx("FFCA000000"), tpdu.T1Options{}))
	f.Add(hx("8020001400"), card(hx("8020001400"), tpdu.T1Options{ChainAt: 8}))
	f.Add(hx("FFCA000000"), hx(lrcBlock("00C3 01 05")))
	f.Add(hx("FFCA000000"), hx("04"+lrcBlock("0081 00")+"04"+lrcBlock("0081 00")))
	f.Fuzz(func(t *testing.T, apdu, script []byte) {
		s := &cardScript{answers: answers(script)}
		resp, err := newT1Link(s.xfr, 32, false).transmit(t.Context(), apdu)
		if err == nil && len(resp) > maxResponse {
			t.Fatalf("answer of %d bytes", len(resp))
		}
		if err == nil && len(apdu) == 0 {
			t.Fatal("an empty APDU was sent")
		}
	})
}
