package widgets

import (
	"maps"
	"slices"
)

// PageSize is how many rows a list loads at a time; a screen shows a few dozen.
const PageSize = 200

// MaxPages bounds the rows a long scroll keeps in memory (the audit log can
// hold millions of events); the least recently shown pages are dropped.
const MaxPages = 25

// PageFetch is called on the UI goroutine, where it may read the screen's
// current filter; it returns the work that loads rows [offset,
// offset+limit) and the number of rows that match, which runs off the UI
// goroutine.
type PageFetch[T any] func(offset, limit int) func() ([]T, int, error)

type page[T any] struct {
	rows []T
	used uint64
}

// Pager backs a virtualized list: it loads pages on demand, off the UI
// goroutine, as the list asks for rows, and keeps the recently used ones.
// All methods run on the UI goroutine.
type Pager[T any] struct {
	// Size is the rows per page, MaxPages how many pages stay in memory.
	Size, MaxPages int
	// OnLoad runs when a page arrived; first is true for the first page
	// after Reset, when the rows on screen belong to a new query.
	OnLoad func(first bool)
	// OnError runs when a page could not be read.
	OnError func(error)

	jobs    *Jobs
	fetch   PageFetch[T]
	total   int
	loaded  bool // the first page of the current query arrived
	pages   map[int]*page[T]
	loading map[int]bool
	gen     int // bumped by Reset so answers to an old query are dropped
	clock   uint64
}

// NewPager returns an empty pager; Reset loads the first page.
func NewPager[T any](j *Jobs, fetch PageFetch[T]) *Pager[T] {
	return &Pager[T]{Size: PageSize, MaxPages: MaxPages, jobs: j, fetch: fetch,
		pages: map[int]*page[T]{}, loading: map[int]bool{}, OnLoad: func(bool) {}, OnError: func(error) {}}
}

// Reset starts over (a new filter, or the data changed). The rows shown so
// far stay until the new first page arrives, so the list does not flash
// empty.
func (p *Pager[T]) Reset() {
	p.gen++
	p.loading = map[int]bool{}
	p.load(0, true)
}

// Len is the number of rows that match.
func (p *Pager[T]) Len() int { return p.total }

// Loaded reports whether the first page of the current query arrived.
func (p *Pager[T]) Loaded() bool { return p.loaded }

// Item returns row i, or false while its page is still loading (it asks
// for the page).
func (p *Pager[T]) Item(i int) (T, bool) {
	n := i / p.Size
	if pg, ok := p.pages[n]; ok && i%p.Size < len(pg.rows) {
		p.clock++
		pg.used = p.clock
		return pg.rows[i%p.Size], true
	}
	var zero T
	if i < 0 || (p.loaded && i >= p.total) {
		return zero, false
	}
	p.load(n, false)
	return zero, false
}

// Peek returns row i when its page is loaded, without loading anything or
// counting it as used (selections look rows up by index).
func (p *Pager[T]) Peek(i int) (T, bool) {
	if pg, ok := p.pages[i/p.Size]; ok && i >= 0 && i%p.Size < len(pg.rows) {
		return pg.rows[i%p.Size], true
	}
	var zero T
	return zero, false
}

// Each calls fn for every loaded row, in list order.
func (p *Pager[T]) Each(fn func(i int, row T)) {
	for _, n := range slices.Sorted(maps.Keys(p.pages)) {
		for j, r := range p.pages[n].rows {
			fn(n*p.Size+j, r)
		}
	}
}

// Find is the index of the first loaded row match accepts, or -1.
func (p *Pager[T]) Find(match func(T) bool) int {
	found := -1
	p.Each(func(i int, row T) {
		if found < 0 && match(row) {
			found = i
		}
	})
	return found
}

// Complete reports whether every row of the query is loaded.
func (p *Pager[T]) Complete() bool {
	n := 0
	for _, pg := range p.pages {
		n += len(pg.rows)
	}
	return p.loaded && n >= p.total
}

func (p *Pager[T]) load(n int, first bool) {
	if p.loading[n] {
		return
	}
	p.loading[n] = true
	gen := p.gen
	work := p.fetch(n*p.Size, p.Size)
	p.jobs.Run(func() func() {
		rows, total, err := work()
		return func() { p.arrived(gen, n, first, rows, total, err) }
	})
}

func (p *Pager[T]) arrived(gen, n int, first bool, rows []T, total int, err error) {
	if gen != p.gen {
		return // the page belongs to a query that is no longer shown
	}
	delete(p.loading, n) // a failed page is asked for again on the next redraw
	if err != nil {
		p.OnError(err)
		return
	}
	if first {
		p.pages = map[int]*page[T]{}
	}
	p.clock++
	p.pages[n] = &page[T]{rows: rows, used: p.clock}
	p.total, p.loaded = total, true
	p.evict()
	p.OnLoad(first)
}

func (p *Pager[T]) evict() {
	for len(p.pages) > p.MaxPages {
		oldest, at := -1, ^uint64(0)
		for n, pg := range p.pages {
			if pg.used < at {
				oldest, at = n, pg.used
			}
		}
		delete(p.pages, oldest)
	}
}
