package cardholders

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/carddesk/carddesk/enroll"
)

// reload starts a new query with the current filter: the count and the
// first page, fetched off the UI goroutine. top scrolls back to the first
// row (a new search); otherwise the position and selection are kept.
func (s *Screen) reload(top bool) {
	s.wantGen++
	gen, q := s.wantGen, s.filter
	q.Offset, q.Limit = 0, pageSize
	s.jobs.Run(func() func() {
		count, first, err := s.fetchFirst(q)
		return func() {
			if gen != s.wantGen {
				return // a newer search was started while this one ran
			}
			if err != nil {
				s.loadFailed(err)
				return
			}
			s.showResult(gen, q, count, first, top)
		}
	})
}

func (s *Screen) fetchFirst(q enroll.CardholderQuery) (int, []row, error) {
	count, err := s.st.Cardholders.Count(s.ctx, s.actor, q)
	if err != nil {
		return 0, nil, fmt.Errorf("count cardholders: %w", err)
	}
	cs, err := s.st.Cardholders.Search(s.ctx, s.actor, q)
	if err != nil {
		return 0, nil, fmt.Errorf("search cardholders: %w", err)
	}
	return count, decodeRows(cs, s.log), nil
}

func (s *Screen) showResult(gen int, q enroll.CardholderQuery, count int, first []row, top bool) {
	keep := s.keepID
	if keep == 0 && s.selected != nil {
		keep = s.selected.ID
	}
	s.keepID = 0
	s.shown = q
	if top {
		// Before the reset, while the old rows still give the list its height.
		s.list.ScrollToOffset(0)
	}
	s.pager.reset(gen, count, first)
	s.count.Importance = widget.MediumImportance
	s.count.SetText(countText(count))
	s.showEmpty(count)
	switch idx := s.pager.find(keep); {
	case s.selectFirst && count > 0:
		s.list.Select(0)
	case keep != 0 && idx >= 0:
		s.list.Select(idx)
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

func (s *Screen) loadFailed(err error) {
	s.log.Error("load cardholders", zap.Error(err))
	s.count.Importance = widget.DangerImportance
	s.count.SetText(lang.L("Could not load cardholders"))
	s.status(explain(err))
}

// loadPage fetches one page of the result on screen.
func (s *Screen) loadPage(page int) {
	gen, q := s.pager.gen, s.shown
	q.Offset, q.Limit = page*pageSize, pageSize
	s.jobs.Run(func() func() {
		cs, err := s.st.Cardholders.Search(s.ctx, s.actor, q)
		rows := decodeRows(cs, s.log)
		return func() {
			if gen != s.pager.gen {
				return // the page belongs to a search that is no longer shown
			}
			if err != nil {
				s.pager.failed(page)
				s.loadFailed(fmt.Errorf("load cardholders %d-%d: %w", q.Offset+1, q.Offset+q.Limit, err))
				return
			}
			s.pager.put(page, rows)
			s.list.Refresh()
			if s.selected == nil && s.list.selected >= 0 {
				s.syncSelection()
			}
		}
	})
}

// updateRow is the list's callback for a row scrolling into view.
func (s *Screen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	v := o.(*rowView)
	r, ok, need := s.pager.row(id)
	if ok {
		v.show(id, r)
		return
	}
	v.showLoading(id)
	if need >= 0 {
		s.loadPage(need)
	}
}

// syncSelection takes the selected row's cardholder, or waits for its page.
func (s *Screen) syncSelection() {
	s.selected = nil
	if id := s.list.selected; id >= 0 {
		r, ok, need := s.pager.row(id)
		if ok {
			s.selected = &r
		} else if need >= 0 {
			s.loadPage(need)
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
	s.win.Canvas().Focus(s.list)
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
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", edit, req), s.win.Canvas(), at)
}

// countText is "12,345 cardholders", grouped the way the locale writes numbers.
func countText(n int) string {
	if n == 1 {
		return lang.X("cardholders.count.one", "1 cardholder")
	}
	return lang.X("cardholders.count", "{{.Count}} cardholders", map[string]any{"Count": formatInt(n)})
}

func formatInt(n int) string {
	tag, err := language.Parse(lang.SystemLocale().LanguageString())
	if err != nil {
		tag = language.English
	}
	return message.NewPrinter(tag).Sprintf("%d", n)
}
