package cardholders

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/ui/words"
)

// reload starts a new query with the current filter: the count and the
// first page, fetched off the UI goroutine. top scrolls back to the first
// row (a new search); otherwise the position and selection are kept.
func (s *Screen) reload(top bool) {
	s.asked, s.top, s.counted = s.filter, top, false
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
	if s.selected == nil && s.list.selected >= 0 {
		s.syncSelection()
	}
}

// showResult shows a new query's first page, selecting the cardholder
// selected before (or just saved) when it is among the rows.
func (s *Screen) showResult() {
	keep := s.keepID
	if keep == 0 && s.selected != nil {
		keep = s.selected.ID
	}
	keepAt := s.keepAt
	s.keepID, s.keepAt = 0, -1
	s.shown, s.counted = s.asked, true
	if s.top && s.list.GetScrollOffset() > 0 {
		s.list.ScrollToTop()
	}
	count := s.rows.Len()
	s.count.Importance = widget.MediumImportance
	s.count.SetText(countText(count))
	s.showEmpty(count)
	switch idx := s.rows.Find(func(r row) bool { return r.ID == keep }); {
	case s.selectFirst && count > 0:
		s.list.Select(0)
	case keep != 0 && idx >= 0:
		s.list.Select(idx)
	case keep != 0 && keepAt >= 0 && keepAt < count:
		s.list.Select(keepAt) // scrolls there; the row's page loads and is selected then
	default:
		s.list.UnselectAll()
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
func (s *Screen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	v := o.(*rowView)
	if r, ok := s.rows.Item(id); ok {
		v.show(id, r)
		return
	}
	v.showLoading(id)
}

// syncSelection takes the selected row's cardholder, or waits for its page.
func (s *Screen) syncSelection() {
	s.selected = nil
	if id := s.list.selected; id >= 0 {
		if r, ok := s.rows.Item(id); ok {
			s.selected = &r
		}
	}
	s.updateButtons()
}

// rowTapped selects a row; a second tap on it within the double-tap time
// opens it for editing.
func (s *Screen) rowTapped(id widget.ListItemID) {
	now := s.now()
	double := id == s.lastTapID && now.Sub(s.lastTapAt) <= fyne.CurrentApp().Driver().DoubleTapDelay()
	s.lastTapID, s.lastTapAt = id, now
	s.h.Window().Canvas().Focus(s.list)
	s.list.Select(id)
	if double {
		s.lastTapID = -1
		s.editSelected()
	}
}

// rowMenu offers the row's actions at the pointer.
func (s *Screen) rowMenu(id widget.ListItemID, at fyne.Position) {
	s.list.Select(id)
	edit := fyne.NewMenuItem(lang.L("Edit…"), s.editSelected)
	edit.Disabled = s.edit.Disabled()
	req := fyne.NewMenuItem(lang.L("Request card…"), s.requestCard)
	req.Disabled = s.request.Disabled()
	preview := fyne.NewMenuItem(lang.L("Preview badge…"), s.PreviewBadge)
	preview.Disabled = s.preview.Disabled()
	print := fyne.NewMenuItem(lang.L("Print badge…"), s.PrintBadge)
	print.Disabled = s.printBadge.Disabled()
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", edit, req, preview, print), s.h.Window().Canvas(), at)
}

// countText is "12,345 cardholders", grouped the way the locale writes numbers.
func countText(n int) string {
	if n == 1 {
		return lang.X("cardholders.count.one", "1 cardholder")
	}
	return lang.X("cardholders.count", "{{.Count}} cardholders", map[string]any{"Count": words.Int(n)})
}
