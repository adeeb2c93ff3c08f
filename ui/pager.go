package ui

import (
	"maps"
	"slices"
)

// pageSize is how many rows a list loads at a time.
const pageSize = 200

// maxPages bounds the rows a long scroll keeps in memory (the audit log can
// hold millions of events); the least recently shown pages are dropped.
const maxPages = 25

// pageFetch is called on the UI goroutine, where it may read the view's
// current filter; it returns the work that loads rows [offset, offset+limit)
// and the total that match, which runs off the UI goroutine.
type pageFetch[T any] func(offset, limit int) func() ([]T, int, error)

type page[T any] struct {
	rows []T
	used uint64
}

type pageResult[T any] struct {
	rows  []T
	total int
}

// pager backs a virtualized widget.List: it loads pages on demand, off the UI
// goroutine, as the list asks for rows. All methods run on the UI goroutine.
type pager[T any] struct {
	r       *runner
	size    int
	fetch   pageFetch[T]
	onLoad  func()      // a page arrived: refresh the list
	onError func(error) // a page could not be read

	total   int
	loaded  bool // the first page of the current query arrived
	pages   map[int]*page[T]
	loading map[int]bool
	gen     int // bumped by reset so answers to an old query are dropped
	clock   uint64
}

func newPager[T any](r *runner, fetch pageFetch[T]) *pager[T] {
	return &pager[T]{r: r, size: pageSize, fetch: fetch, pages: map[int]*page[T]{}, loading: map[int]bool{},
		onLoad: func() {}, onError: func(error) {}}
}

// reset starts over (new filter, or the data changed). The rows shown so far
// stay until the new first page arrives, so the list does not flash empty.
func (p *pager[T]) reset() {
	p.gen++
	p.loading = map[int]bool{}
	p.load(0, true)
}

func (p *pager[T]) len() int { return p.total }

// item returns row i, or false while its page is still loading.
func (p *pager[T]) item(i int) (T, bool) {
	n := i / p.size
	if pg, ok := p.pages[n]; ok && i%p.size < len(pg.rows) {
		p.clock++
		pg.used = p.clock
		return pg.rows[i%p.size], true
	}
	p.load(n, false)
	var zero T
	return zero, false
}

// peek returns row i when its page is loaded, without loading anything or
// counting it as used (selections look rows up by index).
func (p *pager[T]) peek(i int) (T, bool) {
	if pg, ok := p.pages[i/p.size]; ok && i >= 0 && i%p.size < len(pg.rows) {
		return pg.rows[i%p.size], true
	}
	var zero T
	return zero, false
}

// each calls fn for every loaded row, in list order.
func (p *pager[T]) each(fn func(i int, row T)) {
	ns := slices.Sorted(maps.Keys(p.pages))
	for _, n := range ns {
		for j, r := range p.pages[n].rows {
			fn(n*p.size+j, r)
		}
	}
}

// complete reports whether every row of the query is loaded.
func (p *pager[T]) complete() bool {
	n := 0
	for _, pg := range p.pages {
		n += len(pg.rows)
	}
	return p.loaded && n >= p.total
}

func (p *pager[T]) load(n int, replace bool) {
	if p.loading[n] {
		return
	}
	p.loading[n] = true
	gen := p.gen
	work := p.fetch(n*p.size, p.size)
	background(p.r, func() (pageResult[T], error) {
		rows, total, err := work()
		return pageResult[T]{rows, total}, err
	}, func(res pageResult[T], err error) {
		if gen != p.gen {
			return
		}
		delete(p.loading, n)
		if err != nil {
			p.onError(err)
			return
		}
		if replace {
			p.pages = map[int]*page[T]{}
		}
		p.clock++
		p.pages[n] = &page[T]{rows: res.rows, used: p.clock}
		p.total, p.loaded = res.total, true
		p.evict()
		p.onLoad()
	})
}

func (p *pager[T]) evict() {
	for len(p.pages) > maxPages {
		oldest, at := -1, ^uint64(0)
		for n, pg := range p.pages {
			if pg.used < at {
				oldest, at = n, pg.used
			}
		}
		delete(p.pages, oldest)
	}
}
