package ui

import (
	"errors"
	"testing"
	"time"
)

// numbers is a data source of n rows whose row i is i.
func numbers(n int, calls *int) pageFetch[int] {
	return func(offset, limit int) func() ([]int, int, error) {
		*calls++ // counted on the test goroutine
		return func() ([]int, int, error) {
			var rows []int
			for i := offset; i < min(offset+limit, n); i++ {
				rows = append(rows, i)
			}
			return rows, n, nil
		}
	}
}

// queuedRunner hands results back through a queue that wait runs on the
// test goroutine, as a UI goroutine would.
func queuedRunner() (*runner, *queueDriver) {
	q := &queueDriver{}
	r := newRunner()
	r.do = func(f func()) { q.DoFromGoroutine(f, false) }
	r.drain = q.drain
	return r, q
}

func (d *queueDriver) queued() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.queue)
}

func TestPagerLoadsOnlyThePagesAskedFor(t *testing.T) {
	r, _ := queuedRunner()
	calls := 0
	p := newPager(r, numbers(1000, &calls))
	p.size = 100
	p.reset()
	r.wait()
	if p.len() != 1000 || calls != 1 {
		t.Fatalf("len %d after %d calls", p.len(), calls)
	}
	if v, ok := p.item(5); !ok || v != 5 {
		t.Errorf("item 5 = %d, %v", v, ok)
	}
	if _, ok := p.item(750); ok {
		t.Error("item 750 without loading its page")
	}
	p.item(760) // same page: no second request
	r.wait()
	if calls != 2 {
		t.Errorf("%d fetches, want 2", calls)
	}
	if v, ok := p.item(799); !ok || v != 799 {
		t.Errorf("item 799 = %d, %v", v, ok)
	}
}

func TestPagerDropsAnswersToAnOldQuery(t *testing.T) {
	r, q := queuedRunner()
	calls := 0
	p := newPager(r, numbers(10, &calls))
	p.reset()
	for q.queued() < 1 { // the first answer is held back
		time.Sleep(time.Millisecond)
	}
	p.fetch = numbers(3, &calls) // the filter changed
	p.reset()
	r.wait() // delivers both answers, the old one first
	if p.len() != 3 {
		t.Errorf("len = %d: the answer to the old query won", p.len())
	}
}

func TestPagerEvictsLeastRecentlyUsedPages(t *testing.T) {
	r, _ := queuedRunner()
	calls := 0
	p := newPager(r, numbers(10000, &calls))
	p.size = 10
	p.reset()
	r.wait()
	for i := 0; i < (maxPages+5)*10; i += 10 {
		p.item(i)
		r.wait()
	}
	if len(p.pages) > maxPages {
		t.Errorf("%d pages kept, at most %d", len(p.pages), maxPages)
	}
	if _, ok := p.pages[0]; ok {
		t.Error("the oldest page was kept")
	}
}

func TestPagerReportsErrors(t *testing.T) {
	r, _ := queuedRunner()
	boom := errors.New("disk on fire")
	p := newPager(r, func(int, int) func() ([]int, int, error) {
		return func() ([]int, int, error) { return nil, 0, boom }
	})
	var got error
	p.onError = func(err error) { got = err }
	p.reset()
	r.wait()
	if !errors.Is(got, boom) {
		t.Errorf("error = %v", got)
	}
}
