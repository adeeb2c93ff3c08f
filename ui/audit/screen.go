// Package audit is the Audit log screen of the CardDesk desktop app: every
// change the station recorded, newest first, filtered by operator, action,
// text and dates, loaded a page at a time as the list scrolls, with the
// selected event in full beside the list.
package audit

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// Screen reads the audit log: filters, a virtualized list that loads
// pages as it scrolls, and the details of the selected event.
type Screen struct {
	h       screen.Host
	box     fyne.CanvasObject
	filter  *filter
	typing  *widgets.Debouncer
	counter *widget.RichText
	empty   *widget.Label
	list    *widget.List
	rows    *widgets.Pager[enroll.AuditEvent]
	details *detailsPane
	query   enroll.AuditQuery
}

func columns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Time"), Min: 130},
		{Title: lang.L("Operator"), Min: 90},
		{Title: lang.L("Action"), Min: 150},
		{Title: lang.L("Details"), Min: 150, Weight: 1},
	}
}

// New builds the screen; Shown loads it.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, details: newDetailsPane()}
	st, actor := h.Station(), h.Actor()
	s.rows = widgets.NewPager(h.Jobs(), func(offset, limit int) func() ([]enroll.AuditEvent, int, error) {
		q, ctx := s.query, h.Jobs().Context()
		q.Offset, q.Limit = offset, limit
		return func() ([]enroll.AuditEvent, int, error) { return st.Audit.List(ctx, actor, q) }
	})
	s.rows.OnLoad = func(bool) { s.loaded() }
	s.rows.OnError = func(err error) { h.FlashError(words.Explain(err)) }
	s.typing = widgets.NewDebouncer(h.Jobs(), s.apply)
	s.filter = newFilter(s.apply, s.typing.Trigger)

	cols := columns()
	s.list = widget.NewList(s.rows.Len, func() fyne.CanvasObject {
		return widgets.NewTipRow(widgets.TextRow(cols))
	}, s.updateRow)
	s.list.OnSelected = s.selected
	s.list.OnUnselected = func(widget.ListItemID) { s.details.show(nil) }
	s.empty = widget.NewLabel("")
	s.empty.Hide()
	s.counter = widgets.Hint("")

	apply := widget.NewButtonWithIcon(lang.L("Apply"), theme.SearchIcon(), s.apply)
	apply.Importance = widget.HighImportance
	clear := widget.NewButtonWithIcon(lang.L("Clear"), theme.ContentClearIcon(), func() { s.filter.clear(); s.apply() })
	bar := container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(clear, apply), container.NewCenter(s.counter)), s.filter.box)
	listPane := container.NewBorder(widgets.Header(cols), nil, nil, nil, container.NewStack(s.list, container.NewCenter(s.empty)))
	split := container.NewHSplit(listPane, s.details.box)
	split.Offset = 0.66
	s.box = container.NewBorder(bar, nil, nil, nil, split)
	s.loadOperators()
	return s
}

// loadOperators offers the operator names in the filter to those who may list them.
func (s *Screen) loadOperators() {
	if !s.h.Actor().Can(enroll.PermManageOperators) {
		return
	}
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() ([]enroll.Operator, error) {
		return st.Operators.List(ctx, actor)
	}, func(ops []enroll.Operator, err error) {
		if err != nil {
			return // the filter still takes a typed name
		}
		names := make([]string, len(ops))
		for i, op := range ops {
			names[i] = op.Name
		}
		s.filter.setOperators(names)
	})
}

func (s *Screen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	cells := widgets.RowCells(o).Objects
	e, ok := s.rows.Item(i)
	texts := []string{lang.L("Loading…"), "", "", ""}
	if ok {
		texts = []string{words.Time(e.At), e.Operator, words.AuditAction(e.Action), e.Details}
	}
	for j, t := range texts {
		cells[j].(*widget.Label).SetText(t)
	}
}

func (s *Screen) selected(i widget.ListItemID) {
	if e, ok := s.rows.Item(i); ok {
		s.details.show(&e)
	}
}

// Content is the screen's root object.
func (s *Screen) Content() fyne.CanvasObject { return s.box }

// Shown runs the filter again: events were written in the meantime.
func (s *Screen) Shown() { s.apply() }

// FocusSearch puts the cursor in the Text filter.
func (s *Screen) FocusSearch() { s.h.Window().Canvas().Focus(s.filter.text) }

// apply runs the filter. Without a To date the query ends now, so events
// written while the operator scrolls do not shift the pages.
func (s *Screen) apply() {
	q, ok := s.filter.query()
	if !ok {
		return
	}
	if q.To.IsZero() {
		q.To = time.Now().Add(time.Millisecond)
	}
	s.query = q
	s.list.UnselectAll()
	s.details.show(nil)
	s.rows.Reset()
}

func (s *Screen) loaded() {
	s.list.Refresh()
	n := s.rows.Len()
	widgets.SetHint(s.counter, lang.X("audit.count", "{{.N}} events", map[string]any{"N": n}))
	if n > 0 {
		s.empty.Hide()
		return
	}
	s.empty.SetText(lang.L("No events match the filter."))
	s.empty.Show()
}

var (
	_ screen.Screen   = (*Screen)(nil)
	_ screen.Searcher = (*Screen)(nil)
)
