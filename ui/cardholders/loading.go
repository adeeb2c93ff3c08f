package cardholders

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/words"
)

// reload starts a new query with the current filter: the count and the
// first page, fetched off the UI goroutine. top scrolls back to the first
// row (a new search); otherwise the position and selection are kept.
func (s *Screen) reload(top bool) {
	s.asked, s.top, s.counted = s.filter, top, false
	s.rows.Reset()
}

// ChangedElsewhere (screen.Follower) reads the list again when
// cardholders, or the cards and requests its rows show, changed. It asks
// the newest query again: a search still being typed is left to its own
// pause, and a new search on its way still scrolls to the top when it
// arrives; else the position and selection are kept, as in Shown.
func (s *Screen) ChangedElsewhere(topics enroll.ChangeTopics) {
	if !topics.Has(enroll.TopicCardholders, enroll.TopicCredentials, enroll.TopicRequests) {
		return
	}
	if s.counted { // the newest query is on screen: keep the position
		s.top = false
	}
	s.counted = false
	s.rows.Reset()
}

// loaded runs when a page arrived; the first page of a query replaces the
// result on screen.
func (s *Screen) loaded(first bool) {
	if first {
		s.showResult()
		return
	}
	s.list.Refresh()
	if at := s.pendingAt; at >= 0 {
		if _, ok := s.rows.Peek(at); ok && s.list.Sel.Count() == 0 && s.list.Sel.Cursor == at {
			s.selectRow(at)
			return
		}
	}
	s.syncSelection()
}

// showResult shows a new query's first page. The cardholder just saved is
// selected; a new search keeps the selected cardholders it still shows; a
// reload of the same search keeps the selection.
func (s *Screen) showResult() {
	keep := s.keepID
	keepAt, saved := s.keepAt, s.keepID != 0
	s.keepID, s.keepAt = 0, -1
	s.shown, s.counted = s.asked, true
	if s.top && s.list.GetScrollOffset() > 0 {
		s.list.ScrollToTop()
	}
	count := s.rows.Len()
	s.count.Importance = widget.MediumImportance
	s.count.SetText(countText(count))
	s.showEmpty(count)
	sel := s.list.Sel
	if keep == 0 && sel.Count() == 1 {
		keep = sel.IDs()[0]
	}
	idx := -1
	if keep != 0 {
		idx = s.rows.Find(func(r row) bool { return r.ID == keep })
	}
	switch {
	case s.selectFirst && count > 0:
		s.selectRow(0)
	case keep != 0 && idx >= 0 && (saved || !s.top):
		s.selectRow(idx)
	case saved && keepAt >= 0 && keepAt < count:
		s.selectRow(keepAt) // scrolls there; the row's page loads and is selected then
	case s.top:
		shown := map[int64]bool{}
		s.rows.Each(func(_ int, r row) { shown[r.ID] = true })
		sel.Retain(func(id int64) bool { return shown[id] }, count)
		switch {
		case sel.Count() == 0:
			sel.Clear()
		case idx >= 0: // the one selected is still there, where the search put it
			sel.Cursor, sel.Anchor = idx, idx
		}
	default:
		sel.Retain(func(int64) bool { return true }, count)
	}
	s.selectFirst = false
	s.list.Refresh()
	s.syncSelection()
}

func (s *Screen) showEmpty(count int) {
	switch {
	case count > 0:
		s.empty.Hide()
		return
	case s.shown.Text != "" || s.shown.Status != "":
		s.empty.SetText(lang.L("No cardholder matches this search."))
	default:
		s.empty.SetText(lang.L("No cardholders yet. Add one, or import a CSV file."))
	}
	s.empty.Show()
}

// loadFailed reports a page that could not be read. When a query's first
// page failed, the rows on screen still belong to the query before, so
// their later pages are loaded with that query.
func (s *Screen) loadFailed(err error) {
	s.log.Error("load cardholders", zap.Error(err))
	if isFirstPage(err) {
		s.asked, s.counted = s.shown, true
	}
	s.count.Importance = widget.DangerImportance
	s.count.SetText(lang.L("Could not load cardholders"))
	s.h.FlashError(words.Explain(err))
}

// updateRow is the list's callback for a row scrolling into view.
func (s *Screen) updateRow(id int, cells *fyne.Container) {
	v := viewOf(cells)
	if r, ok := s.rows.Item(id); ok {
		v.show(id, r)
		return
	}
	v.showLoading(id)
}

// rowMenu offers the actions on the selection at the pointer.
func (s *Screen) rowMenu(_ int, at fyne.Position) {
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", s.rowMenuItems()...), s.h.Window().Canvas(), at)
}

// rowMenuItems are the row menu's actions, enabled as they apply.
func (s *Screen) rowMenuItems() []*fyne.MenuItem {
	edit := fyne.NewMenuItem(lang.L("Edit…"), s.editSelected)
	edit.Disabled = s.edit.Disabled()
	req := fyne.NewMenuItem(lang.L("Request card…"), s.requestCard)
	req.Disabled = s.request.Disabled()
	preview := fyne.NewMenuItem(lang.L("Preview badge…"), s.PreviewBadge)
	preview.Disabled = s.preview.Disabled()
	label := lang.L("Print badge…")
	if len(s.picked) > 1 {
		label = lang.X("cardholders.print.n", "Print {{.N}} badges…", map[string]any{"N": len(s.picked)})
	}
	print := fyne.NewMenuItem(label, s.PrintBadge)
	print.Disabled = s.printBadge.Disabled()
	cards := fyne.NewMenuItem(lang.L("Credentials…"), s.ShowCredentials)
	cards.Disabled = s.selected == nil
	items := []*fyne.MenuItem{edit, req, cards, preview, print}
	if s.canOrder {
		order := fyne.NewMenuItem(lang.L("Order card…"), s.OrderCard)
		order.Disabled = s.selected == nil || s.selected.Status != enroll.CardholderActive
		items = append(items, fyne.NewMenuItemSeparator(), order)
	}
	return items
}

// countText is "12,345 cardholders", grouped the way the locale writes numbers.
func countText(n int) string {
	if n == 1 {
		return lang.X("cardholders.count.one", "1 cardholder")
	}
	return lang.X("cardholders.count", "{{.Count}} cardholders", map[string]any{"Count": words.Int(n)})
}
