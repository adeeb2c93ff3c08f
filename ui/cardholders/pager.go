package cardholders

import (
	"image"

	"github.com/carddesk/carddesk/enroll"
)

// pageSize is how many rows one query loads; a screen shows a few dozen.
const pageSize = 200

// maxPages bounds memory: at 100,000 cardholders only this many pages of
// rows and decoded thumbnails stay in memory at once.
const maxPages = 6

// row is a cardholder as the list shows it, with its thumbnail decoded off
// the UI goroutine.
type row struct {
	enroll.Cardholder
	thumb image.Image // nil: no photo
}

// pager is the list's window onto the query result: the number of matches
// and an LRU cache of pages. It is used on the UI goroutine only.
type pager struct {
	count   int
	gen     int // bumped by every new query; late pages of an older query are dropped
	pages   map[int][]row
	used    map[int]int // page -> tick of last use, for eviction
	tick    int
	loading map[int]bool
}

func newPager() *pager {
	return &pager{pages: map[int][]row{}, used: map[int]int{}, loading: map[int]bool{}}
}

// reset starts a new query result: count matches, first page already loaded.
func (p *pager) reset(gen, count int, first []row) {
	p.gen, p.count = gen, count
	clear(p.pages)
	clear(p.used)
	clear(p.loading)
	p.put(0, first)
}

// row returns row i, or ok=false with the page that must be loaded first
// (need=-1 when that page is already on its way).
func (p *pager) row(i int) (r row, ok bool, need int) {
	page := i / pageSize
	rows, cached := p.pages[page]
	if !cached {
		if p.loading[page] {
			return row{}, false, -1
		}
		p.loading[page] = true
		return row{}, false, page
	}
	p.tick++
	p.used[page] = p.tick
	if off := i - page*pageSize; off < len(rows) {
		return rows[off], true, -1
	}
	return row{}, false, -1 // the table shrank since the count was taken
}

// put stores a loaded page and evicts the least recently used ones.
func (p *pager) put(page int, rows []row) {
	delete(p.loading, page)
	p.tick++
	p.pages[page], p.used[page] = rows, p.tick
	for len(p.pages) > maxPages {
		oldest, oldestTick := -1, p.tick+1
		for pg, t := range p.used {
			if t < oldestTick {
				oldest, oldestTick = pg, t
			}
		}
		delete(p.pages, oldest)
		delete(p.used, oldest)
	}
}

// failed forgets that a page is loading so a later redraw may retry it.
func (p *pager) failed(page int) { delete(p.loading, page) }

// find returns the index of a cardholder among the cached rows, or -1.
func (p *pager) find(id int64) int {
	for page, rows := range p.pages {
		for off, r := range rows {
			if r.ID == id {
				return page*pageSize + off
			}
		}
	}
	return -1
}
