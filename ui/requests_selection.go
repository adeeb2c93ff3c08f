package ui

import "github.com/carddesk/carddesk/enroll"

// requestKeys lets the selection find request ids by row.
type requestKeys struct{ v *requestsView }

func (k requestKeys) len() int { return k.v.rows.len() }
func (k requestKeys) key(i int) (int64, bool) {
	r, ok := k.v.rows.peek(i)
	return r.ID, ok
}

func (v *requestsView) selectionChanged() { v.acts.update() }

// maxSelectAll bounds one Ctrl+A: answering more at once is not desk work,
// and the counter shows when the list is longer.
const maxSelectAll = 5000

// selectAll is Ctrl+A. With rows not loaded yet the whole list is read
// first, so the answers reach every request the counter promises.
func (v *requestsView) selectAll() {
	if v.rows.complete() {
		v.list.sel.selectAll(requestKeys{v})
		v.list.changed()
		return
	}
	q := v.query
	q.Sort, q.Offset, q.Limit = v.sort.query(), 0, maxSelectAll
	background(v.s.d.run, func() ([]enroll.CardRequest, error) {
		rows, _, err := v.s.d.st.Requests.List(v.s.d.ctx, v.s.actor, q)
		return rows, err
	}, func(rows []enroll.CardRequest, err error) {
		if err != nil {
			v.s.status.flashError(explain(err))
			return
		}
		v.everything = rows
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		v.list.sel.set(ids)
		v.list.changed()
	})
}

// selectedRows are the selected requests in list order.
func (v *requestsView) selectedRows() []enroll.CardRequest {
	var out []enroll.CardRequest
	pick := func(_ int, r enroll.CardRequest) {
		if v.list.sel.has(r.ID) {
			out = append(out, r)
		}
	}
	if v.everything != nil {
		for i, r := range v.everything {
			pick(i, r)
		}
		return out
	}
	v.rows.each(pick)
	return out
}
