package cardholders

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

func pageOf(first int64, n int) []row {
	rs := make([]row, n)
	for i := range rs {
		rs[i].ID = first + int64(i)
	}
	return rs
}

func TestPagerAsksForEachMissingPageOnce(t *testing.T) {
	p := newPager()
	p.reset(1, 3*pageSize, pageOf(0, pageSize))
	steps := []struct {
		name     string
		index    int
		wantOK   bool
		wantNeed int
		wantID   int64
	}{
		{"cached first page", 5, true, -1, 5},
		{"missing page is asked for", pageSize + 3, false, 1, 0},
		{"asked-for page is not asked again", pageSize + 9, false, -1, 0},
		{"last page", 3*pageSize - 1, false, 2, 0},
	}
	for _, s := range steps {
		r, ok, need := p.row(s.index)
		if ok != s.wantOK || need != s.wantNeed || (ok && r.ID != s.wantID) {
			t.Errorf("%s: row(%d) = id %d, ok %v, need %d; want id %d, ok %v, need %d",
				s.name, s.index, r.ID, ok, need, s.wantID, s.wantOK, s.wantNeed)
		}
	}
	p.put(1, pageOf(pageSize, pageSize))
	if r, ok, _ := p.row(pageSize + 9); !ok || r.ID != pageSize+9 {
		t.Errorf("after put: row = %d, %v", r.ID, ok)
	}
	p.failed(2)
	if _, _, need := p.row(3*pageSize - 1); need != 2 {
		t.Errorf("a failed page is not asked for again (need %d)", need)
	}
	if got := p.find(pageSize + 4); got != pageSize+4 {
		t.Errorf("find = %d", got)
	}
	if got := p.find(99999); got != -1 {
		t.Errorf("find of an unknown id = %d", got)
	}
}

func TestPagerEvictsLeastRecentlyUsed(t *testing.T) {
	p := newPager()
	p.reset(1, 100*pageSize, pageOf(0, pageSize))
	for pg := 1; pg <= maxPages+3; pg++ {
		p.row(pg * pageSize)
		p.put(pg, pageOf(int64(pg*pageSize), pageSize))
		p.row(0) // keep the first page in use
	}
	if len(p.pages) != maxPages {
		t.Fatalf("%d pages kept, want %d", len(p.pages), maxPages)
	}
	if _, ok := p.pages[0]; !ok {
		t.Error("the page in use was evicted")
	}
	if _, ok := p.pages[1]; ok {
		t.Error("the oldest page was kept")
	}
	if _, ok := p.pages[maxPages+3]; !ok {
		t.Error("the newest page was evicted")
	}
}

func TestOnlyTheNewestSearchIsShown(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Kim", "Kwast", "K-1"), person("Lot", "Lamers", "L-1"), person("Mia", "Mol", "M-1"))
	})
	// Two searches race; whichever finishes last, the screen must show the
	// one asked for last.
	for i := range 30 {
		first, last := "kwast", ""
		if i%2 == 1 {
			first, last = "", "kwast"
		}
		f.ui(func() {
			f.s.filter = enroll.CardholderQuery{Text: first}
			f.s.reload(true)
		})
		f.ui(func() {
			f.s.filter = enroll.CardholderQuery{Text: last}
			f.s.reload(true)
		})
		f.wait()
		want := "3 cardholders"
		if last != "" {
			want = "1 cardholder"
		}
		if f.s.count.Text != want || f.s.shown.Text != last {
			t.Fatalf("round %d: shows %q for %q, want %q for %q", i, f.s.count.Text, f.s.shown.Text, want, last)
		}
	}
}
