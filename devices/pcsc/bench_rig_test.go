package pcsc_test

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/pcsc"
	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
)

// BenchmarkRigCardToRead measures what a presented card costs before
// NextCard hands it over, on the real PC/SC stack:
//
//	ms-reported-to-read  from the moment the smart-card service reported the
//	                     card (CardRead.At) to NextCard returning it: this
//	                     package's share (connect, GET DATA, delivery)
//	ms-insert-to-read    from the virtual card plugging in: adds pcscd's
//	                     polling of vpcd (up to 400 ms), which a real reader
//	                     with its own card detection would not have
//
// ns/op also counts waiting for each card's removal to be seen, so it is
// not a latency.
func BenchmarkRigCardToRead(b *testing.B) {
	r := needRig(b)
	s, events := r.open(b)
	var reported, inserted, worst time.Duration
	for i := 0; i < b.N; i++ {
		uid := binary.BigEndian.AppendUint32(nil, 0x04000000|uint32(i))
		wait := nextCard(b, s, r.Reader)
		start := time.Now()
		card := r.Insert(b, uid, vpcdcard.MIFAREClassic1KATR)
		got := result(b, wait)
		if got.err != nil {
			b.Fatal(got.err)
		}
		d := got.at.Sub(got.read.At)
		reported += d
		worst = max(worst, d)
		inserted += got.at.Sub(start)
		r.Remove(b, card)
		waitFor(b, events, pcsc.CardRemoved, r.Reader)
	}
	n := float64(b.N)
	b.ReportMetric(float64(reported.Microseconds())/1000/n, "ms-reported-to-read")
	b.ReportMetric(float64(worst.Microseconds())/1000, "ms-reported-to-read-max")
	b.ReportMetric(float64(inserted.Microseconds())/1000/n, "ms-insert-to-read")
}
