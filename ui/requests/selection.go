package requests

import (
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// requestKeys lets the selection find request ids by row.
type requestKeys struct{ s *Screen }

func (k requestKeys) Len() int { return k.s.rows.Len() }
func (k requestKeys) Key(i int) (int64, bool) {
	r, ok := k.s.rows.Peek(i)
	return r.ID, ok
}

func (s *Screen) selectionChanged() { s.acts.update() }

// maxSelectAll bounds one Ctrl+A: answering more at once is not desk work,
// and the counter shows when the list is longer.
const maxSelectAll = 5000

// selectAll is Ctrl+A. With rows not loaded yet the whole list is read
// first, so the answers reach every request the counter promises.
func (s *Screen) selectAll() {
	if s.rows.Complete() {
		s.list.Sel.SelectAll(requestKeys{s})
		s.list.Changed()
		return
	}
	q := s.query
	q.Sort, q.Offset, q.Limit = s.sort.query(), 0, maxSelectAll
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() ([]enroll.CardRequest, error) {
		rows, _, err := st.Requests.List(ctx, actor, q)
		return rows, err
	}, func(rows []enroll.CardRequest, err error) {
		if err != nil {
			s.h.FlashError(words.Explain(err))
			return
		}
		s.everything = rows
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		s.list.Sel.Set(ids)
		s.list.Changed()
	})
}

// selectedRows are the selected requests in list order.
func (s *Screen) selectedRows() []enroll.CardRequest {
	var out []enroll.CardRequest
	pick := func(_ int, r enroll.CardRequest) {
		if s.list.Sel.Has(r.ID) {
			out = append(out, r)
		}
	}
	if s.everything != nil {
		for i, r := range s.everything {
			pick(i, r)
		}
		return out
	}
	s.rows.Each(pick)
	return out
}
