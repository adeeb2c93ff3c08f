package widgets

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// numbers is a data source of n rows whose row i is i.
func numbers(n int, calls *int) PageFetch[int] {
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

// uiQueue stands in for the UI goroutine: hand-backs queue up, and Wait
// runs them on the test goroutine.
type uiQueue struct {
	mu    sync.Mutex
	queue []func()
}

func (q *uiQueue) do(fn func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queue = append(q.queue, fn)
}

func (q *uiQueue) drain() int {
	q.mu.Lock()
	fns := q.queue
	q.queue = nil
	q.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
	return len(fns)
}

func (q *uiQueue) queued() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.queue)
}

func queuedJobs(t *testing.T) (*Jobs, *uiQueue) {
	q := &uiQueue{}
	j := NewJobs(context.Background())
	j.do, j.Drain, j.Delay = q.do, q.drain, 0
	t.Cleanup(func() { j.Wait(); j.Stop() })
	return j, q
}

func TestPagerLoadsOnlyThePagesAskedFor(t *testing.T) {
	j, _ := queuedJobs(t)
	calls := 0
	p := NewPager(j, numbers(1000, &calls))
	p.Size = 100
	p.Reset()
	j.Wait()
	if p.Len() != 1000 || calls != 1 {
		t.Fatalf("len %d after %d calls", p.Len(), calls)
	}
	if v, ok := p.Item(5); !ok || v != 5 {
		t.Errorf("item 5 = %d, %v", v, ok)
	}
	if _, ok := p.Item(750); ok {
		t.Error("item 750 without loading its page")
	}
	p.Item(760) // same page: no second request
	j.Wait()
	if calls != 2 {
		t.Errorf("%d fetches, want 2", calls)
	}
	if v, ok := p.Item(799); !ok || v != 799 {
		t.Errorf("item 799 = %d, %v", v, ok)
	}
	if _, ok := p.Item(1000); ok || calls != 2 {
		t.Errorf("a row past the end was loaded (%d fetches)", calls)
	}
	if i := p.Find(func(v int) bool { return v == 777 }); i != 777 {
		t.Errorf("Find(777) = %d", i)
	}
}

func TestPagerDropsAnswersToAnOldQuery(t *testing.T) {
	j, q := queuedJobs(t)
	calls := 0
	p := NewPager(j, numbers(10, &calls))
	firsts := 0
	p.OnLoad = func(first bool) {
		if first {
			firsts++
		}
	}
	p.Reset()
	for q.queued() < 1 { // the first answer is held back
		time.Sleep(time.Millisecond)
	}
	p.fetch = numbers(3, &calls) // the filter changed
	p.Reset()
	j.Wait() // delivers both answers, the old one first
	if p.Len() != 3 || firsts != 1 {
		t.Errorf("len = %d after %d first pages: the answer to the old query won", p.Len(), firsts)
	}
}

func TestPagerEvictsLeastRecentlyUsedPages(t *testing.T) {
	j, _ := queuedJobs(t)
	calls := 0
	p := NewPager(j, numbers(10000, &calls))
	p.Size = 10
	p.Reset()
	j.Wait()
	for i := 0; i < (MaxPages+5)*10; i += 10 {
		p.Item(i)
		j.Wait()
	}
	if len(p.pages) > MaxPages {
		t.Errorf("%d pages kept, at most %d", len(p.pages), MaxPages)
	}
	if _, ok := p.pages[0]; ok {
		t.Error("the oldest page was kept")
	}
	if p.Complete() {
		t.Error("Complete with pages evicted")
	}
}

func TestPagerReportsErrorsAndRetries(t *testing.T) {
	j, _ := queuedJobs(t)
	boom := errors.New("disk on fire")
	fail := true
	calls := 0
	p := NewPager(j, func(offset, limit int) func() ([]int, int, error) {
		calls++
		if fail {
			return func() ([]int, int, error) { return nil, 0, boom }
		}
		return numbers(5, new(int))(offset, limit)
	})
	var got error
	p.OnError = func(err error) { got = err }
	p.Reset()
	j.Wait()
	if !errors.Is(got, boom) {
		t.Errorf("error = %v", got)
	}
	fail = false
	p.Item(0) // the failed page is asked for again
	j.Wait()
	if v, ok := p.Item(4); !ok || v != 4 || calls != 2 {
		t.Errorf("after a retry item 4 = %d, %v (%d fetches)", v, ok, calls)
	}
}

func TestJobsStopCancelsAndDropsLateResults(t *testing.T) {
	j, _ := queuedJobs(t)
	started, applied := make(chan struct{}), false
	j.Run(func() func() {
		close(started)
		<-j.Context().Done() // a query that only ends when cancelled
		return func() { applied = true }
	})
	<-started
	j.Stop() // waits for the work above to return
	j.Wait()
	if applied {
		t.Error("a result arrived after Stop")
	}
	ran := false
	j.Run(func() func() { ran = true; return nil })
	if ran || !j.Stopped() {
		t.Error("a job started after Stop")
	}
}

func TestDebouncerRunsOncePerPause(t *testing.T) {
	j, _ := queuedJobs(t)
	j.Delay = time.Millisecond
	n := 0
	d := NewDebouncer(j, func() { n++ })
	for range 5 {
		d.Trigger()
	}
	j.Wait()
	if n != 1 {
		t.Errorf("5 quick triggers ran %d times, want once", n)
	}
}

// Every ticks until its stop closes, and not once after; the jobs'
// end stops it too.
func TestJobsEveryTicksUntilStopped(t *testing.T) {
	j, _ := queuedJobs(t)
	stop := make(chan struct{})
	var mu sync.Mutex
	ticks := 0
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return ticks
	}
	j.Every(time.Millisecond, stop, func() {
		mu.Lock()
		ticks++
		mu.Unlock()
	})
	for deadline := time.Now().Add(5 * time.Second); count() < 3; {
		if time.Now().After(deadline) {
			t.Fatalf("%d ticks in 5 s", count())
		}
		time.Sleep(time.Millisecond)
	}
	close(stop)
	time.Sleep(5 * time.Millisecond) // a tick under way finishes
	n := count()
	time.Sleep(10 * time.Millisecond)
	if count() != n {
		t.Errorf("ticked %d times after stop", count()-n)
	}
	j.Every(time.Millisecond, nil, func() {})
	j.Stop() // returns only once the ticker goroutine has ended
}
