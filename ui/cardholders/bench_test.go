package cardholders

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// BenchmarkCardholderListScroll jumps to random rows of 100,000 cardholders,
// as dragging the scroll bar does: each jump loads the page and lays out the
// visible rows.
func BenchmarkCardholderListScroll(b *testing.B) {
	db, st, admin := newStation(b)
	ctx := context.Background()
	cs := genCardholders(100_000, 1)
	if err := db.Update(ctx, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, cs) }); err != nil {
		b.Fatal(err)
	}
	h := uitest.NewHost(b, st, admin)
	s := New(h)
	h.Show(s)
	s.Shown()
	h.Wait()
	rng := rand.New(rand.NewPCG(1, 2))

	b.ResetTimer()
	for b.Loop() {
		target := rng.IntN(s.rows.Len())
		s.list.ScrollTo(target)
		h.Wait()
		if _, ok := s.rows.Peek(target); !ok {
			b.Fatalf("row %d not loaded after scrolling to it", target)
		}
	}
}
