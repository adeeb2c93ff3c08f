package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// auditView reads the audit log: filters, a virtualized list that loads
// pages as it scrolls, and the details of the selected event.
type auditView struct {
	s       *session
	box     fyne.CanvasObject
	filter  *auditFilter
	typing  *debouncer
	counter *widget.RichText
	empty   *widget.Label
	list    *widget.List
	rows    *pager[enroll.AuditEvent]
	details *auditDetails
	query   enroll.AuditQuery
}

func auditColumns() []column {
	return []column{
		{title: lang.L("Time"), min: 130},
		{title: lang.L("Operator"), min: 90},
		{title: lang.L("Action"), min: 150},
		{title: lang.L("Details"), min: 150, weight: 1},
	}
}

func newAuditView(s *session) view {
	v := &auditView{s: s, details: newAuditDetails()}
	v.rows = newPager(s.d.run, func(offset, limit int) func() ([]enroll.AuditEvent, int, error) {
		q := v.query
		q.Offset, q.Limit = offset, limit
		return func() ([]enroll.AuditEvent, int, error) { return s.d.st.Audit.List(s.d.ctx, s.actor, q) }
	})
	v.rows.onLoad = v.loaded
	v.rows.onError = func(err error) { s.status.flashError(explain(err)) }
	v.typing = newDebouncer(s.d.run, v.apply)
	v.filter = newAuditFilter(v.apply, v.typing.trigger)

	cols := auditColumns()
	v.list = widget.NewList(v.rows.len, func() fyne.CanvasObject {
		return row(cols, cellLabel(), cellLabel(), cellLabel(), cellLabel())
	}, v.updateRow)
	v.list.OnSelected = v.selected
	v.list.OnUnselected = func(widget.ListItemID) { v.details.show(nil) }
	v.empty = widget.NewLabel("")
	v.empty.Hide()
	v.counter = hint("")

	apply := widget.NewButtonWithIcon(lang.L("Apply"), theme.SearchIcon(), v.apply)
	apply.Importance = widget.HighImportance
	clear := widget.NewButtonWithIcon(lang.L("Clear"), theme.ContentClearIcon(), func() { v.filter.clear(); v.apply() })
	bar := container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(clear, apply), container.NewCenter(v.counter)), v.filter.box)
	listPane := container.NewBorder(header(cols), nil, nil, nil, container.NewStack(v.list, container.NewCenter(v.empty)))
	split := container.NewHSplit(listPane, v.details.box)
	split.Offset = 0.66
	v.box = container.NewBorder(bar, nil, nil, nil, split)
	v.loadOperators()
	return v
}

// loadOperators offers the operator names in the filter to those who may list them.
func (v *auditView) loadOperators() {
	if !v.s.actor.Can(enroll.PermManageOperators) {
		return
	}
	background(v.s.d.run, func() ([]enroll.Operator, error) {
		return v.s.d.st.Operators.List(v.s.d.ctx, v.s.actor)
	}, func(ops []enroll.Operator, err error) {
		if err != nil {
			return // the filter still takes a typed name
		}
		names := make([]string, len(ops))
		for i, op := range ops {
			names[i] = op.Name
		}
		v.filter.setOperators(names)
	})
}

func (v *auditView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	e, ok := v.rows.item(i)
	texts := []string{lang.L("Loading…"), "", "", ""}
	if ok {
		texts = []string{localTime(e.At), e.Operator, e.Action, e.Details}
	}
	for j, t := range texts {
		cells[j].(*widget.Label).SetText(t)
	}
}

func (v *auditView) selected(i widget.ListItemID) {
	if e, ok := v.rows.item(i); ok {
		v.details.show(&e)
	}
}

func (v *auditView) content() fyne.CanvasObject { return v.box }
func (v *auditView) shown()                     { v.apply() }

// apply runs the filter. Without a To date the query ends now, so events
// written while the operator scrolls do not shift the pages.
func (v *auditView) apply() {
	q, ok := v.filter.query()
	if !ok {
		return
	}
	if q.To.IsZero() {
		q.To = time.Now().Add(time.Millisecond)
	}
	v.query = q
	v.list.UnselectAll()
	v.details.show(nil)
	v.rows.reset()
}

func (v *auditView) loaded() {
	v.list.Refresh()
	n := v.rows.len()
	setHint(v.counter, lang.X("audit.count", "{{.N}} events", map[string]any{"N": n}))
	if n > 0 {
		v.empty.Hide()
		return
	}
	v.empty.SetText(lang.L("No events match the filter."))
	v.empty.Show()
}
