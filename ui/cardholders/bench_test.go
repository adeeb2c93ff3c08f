package cardholders

import (
	"context"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// BenchmarkCardholderListScroll jumps to random rows of 100,000 cardholders,
// as dragging the scroll bar does: each jump loads the page and lays out the
// visible rows.
func BenchmarkCardholderListScroll(b *testing.B) {
	test.NewTempApp(b)
	db, st, admin := newStation(b)
	ctx := context.Background()
	cs := storagetest.GenCardholders(100_000, 1)
	if err := db.Update(ctx, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, cs) }); err != nil {
		b.Fatal(err)
	}
	win := test.NewTempWindow(b, nil)
	s := New(win, st, admin, zap.NewNop())
	s.jobs.Wait()
	win.SetContent(s.Content())
	win.Resize(fyne.NewSize(1200, 800))
	rng := rand.New(rand.NewPCG(1, 2))

	b.ResetTimer()
	for b.Loop() {
		target := rng.IntN(s.pager.count)
		s.jobs.Do(func() { s.list.ScrollTo(target) })
		s.jobs.Wait()
		if _, ok, _ := s.pager.row(target); !ok {
			b.Fatalf("row %d not loaded after scrolling to it", target)
		}
	}
}
