package cardholders

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// holderKeys shows the selection the cardholder ids of the rows loaded.
type holderKeys struct{ s *Screen }

func (k holderKeys) Len() int { return k.s.rows.Len() }

func (k holderKeys) Key(i int) (int64, bool) {
	r, ok := k.s.rows.Peek(i)
	return r.ID, ok
}

// newList is the cardholder list: several rows can be selected (Ctrl and
// Shift, as on the desktop) to print their badges; Enter and a double
// click edit the one selected.
func (s *Screen) newList() *widgets.MultiList {
	l := widgets.NewMultiList(holderKeys{s}, func() *fyne.Container { return newRowView().content }, s.updateRow)
	l.OnChange = s.syncSelection
	l.OnActivate = s.editSelected
	l.OnDouble = s.editSelected
	l.OnMenu = s.rowMenu
	l.OnAll = s.selectAll
	return l
}

// selectRow makes row i the selection and scrolls to it; a row whose page
// is still loading is selected when it arrives.
func (s *Screen) selectRow(i int) {
	s.list.Sel.MoveTo(i, false, false, holderKeys{s})
	s.list.ScrollTo(i)
	s.pendingAt = -1
	if _, ok := s.rows.Item(i); !ok {
		s.pendingAt = i
	}
	s.list.Changed()
}

// syncSelection keeps the rows of the selected cardholders (their pages may
// be dropped while scrolling) and follows the selection with the buttons.
func (s *Screen) syncSelection() {
	sel := s.list.Sel
	picked := make(map[int64]row, sel.Count())
	for _, id := range sel.IDs() {
		if r, ok := s.picked[id]; ok {
			picked[id] = r
		}
	}
	s.rows.Each(func(_ int, r row) {
		if sel.Has(r.ID) {
			picked[r.ID] = r
		}
	})
	s.picked = picked
	s.selected = nil
	if len(picked) == 1 && sel.Count() == 1 {
		for _, r := range picked {
			s.selected = &r
		}
	}
	s.updateButtons()
}

// pickedRows are the selected cardholders in list order; those whose rows
// are no longer loaded follow by name.
func (s *Screen) pickedRows() []row {
	out := make([]row, 0, len(s.picked))
	seen := map[int64]bool{}
	s.rows.Each(func(_ int, r row) {
		if _, ok := s.picked[r.ID]; ok && !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, s.picked[r.ID])
		}
	})
	var rest []row
	for id, r := range s.picked {
		if !seen[id] {
			rest = append(rest, r)
		}
	}
	slices.SortFunc(rest, func(a, b row) int { return strings.Compare(a.FullName(), b.FullName()) })
	return append(out, rest...)
}

// maxSelectAll bounds Ctrl+A: printing more badges in one go is not desk
// work, and the status bar says when the list is longer.
const maxSelectAll = 2000

// selectAll is Ctrl+A. With rows not loaded yet, the cardholders of the
// search are read first, so the selection holds every one the count
// promises (up to maxSelectAll).
func (s *Screen) selectAll() {
	if s.rows.Complete() {
		s.list.Sel.SelectAll(holderKeys{s})
		s.list.Changed()
		return
	}
	shown := s.shown
	q := shown
	q.Offset, q.Limit = 0, maxSelectAll
	st, ctx, actor := s.st(), s.ctx(), s.actor
	widgets.Go(s.h.Jobs(), func() ([]enroll.Cardholder, error) {
		return st.Cardholders.Search(ctx, actor, q)
	}, func(cs []enroll.Cardholder, err error) {
		if err != nil {
			s.h.FlashError(words.Explain(err))
			return
		}
		if shown != s.shown {
			return // another search is on screen now
		}
		ids := make([]int64, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
			s.picked[c.ID] = row{Cardholder: c}
		}
		s.list.Sel.Set(ids)
		s.list.Changed()
		if s.rows.Len() > len(cs) {
			s.h.Flash(lang.X("cardholders.selectall.capped", "The first {{.N}} cardholders are selected; narrow the search to select the others.",
				map[string]any{"N": words.Int(len(cs))}))
		}
	})
}
