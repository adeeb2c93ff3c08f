package cardholders

import (
	"errors"
	"fmt"
	"image"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
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

// firstPageError marks a failure of a query's first page: the rows on
// screen still belong to the query before it.
type firstPageError struct{ error }

func (e firstPageError) Unwrap() error { return e.error }

// newRows is the list's page cache over the screen's newest query.
func (s *Screen) newRows() *widgets.Pager[row] {
	p := widgets.NewPager(s.h.Jobs(), s.fetch)
	p.Size, p.MaxPages = pageSize, maxPages
	p.OnLoad = s.loaded
	p.OnError = s.loadFailed
	return p
}

// fetch (UI goroutine) returns the work that loads one page of the newest
// query. The first page counts the matches, later pages keep that count:
// unless the first page is still on its way, as the count on screen then
// belongs to the previous query.
func (s *Screen) fetch(offset, limit int) func() ([]row, int, error) {
	st, actor, ctx, log := s.st(), s.actor, s.ctx(), s.log
	q, count, counting := s.asked, s.rows.Len(), offset == 0 || !s.counted
	q.Offset, q.Limit = offset, limit
	return func() ([]row, int, error) {
		var err error
		if counting {
			if count, err = st.Cardholders.Count(ctx, actor, q); err != nil {
				return nil, 0, pageError(offset, fmt.Errorf("count cardholders: %w", err))
			}
		}
		cs, err := st.Cardholders.Search(ctx, actor, q)
		if err != nil {
			return nil, 0, pageError(offset, fmt.Errorf("load cardholders %d-%d: %w", q.Offset+1, q.Offset+q.Limit, err))
		}
		return decodeRows(cs, log), count, nil
	}
}

// pageError marks the failures of the first page.
func pageError(offset int, err error) error {
	if offset == 0 {
		return firstPageError{err}
	}
	return err
}

// isFirstPage reports whether err is the failure of a query's first page.
func isFirstPage(err error) bool {
	var first firstPageError
	return errors.As(err, &first)
}
