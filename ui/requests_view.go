package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/cardholders"
)

// requestsView is the response desk: the card requests with their pending
// count, filter, search and sort, a multi-selection, and the answers
// (modify, deny, connect card, close).
type requestsView struct {
	s       *session
	box     fyne.CanvasObject
	heading *widget.Label
	status  *widget.Select
	search  *textEntry
	order   *widget.Select
	counter *widget.RichText // "N shown"
	empty   *widget.Label
	list    *multiList
	headers map[requestSort]*sortHeader
	rows    *pager[enroll.CardRequest]
	thumbs  *thumbs
	query   enroll.RequestQuery
	sort    requestSort
	typing  *debouncer
	acts    *requestActions

	// everything is the whole list, read for Ctrl+A when not every page is
	// loaded; nil otherwise.
	everything []enroll.CardRequest

	connecting *connectDialog // the open dialogs, for tests
	denying    *denyDialog
	modifying  *cardholders.RequestDialog
}

// statusChoices maps the filter's options to a query status ("" = all).
func statusChoices() ([]string, []enroll.RequestStatus) {
	return []string{lang.L("Pending"), lang.L("Completed"), lang.L("Denied"), lang.L("All")},
		[]enroll.RequestStatus{enroll.RequestPending, enroll.RequestCompleted, enroll.RequestDenied, ""}
}

func requestColumns() []column {
	return []column{
		{title: "", min: thumbSize},
		{title: lang.L("Cardholder"), min: 140, weight: 3},
		{title: lang.L("Reason"), min: 90, weight: 2},
		{title: lang.L("Requested"), min: 122, weight: 1},
		{title: lang.L("Activation"), min: 125, weight: 1},
		{title: lang.L("E-mail"), min: 62},
		{title: lang.L("Card"), min: 100},
		{title: lang.L("Status"), min: 96},
		{title: lang.L("Note"), min: 50, weight: 2},
	}
}

func newRequestsView(s *session) view {
	v := &requestsView{s: s, query: enroll.RequestQuery{Status: enroll.RequestPending}}
	v.rows = newPager(s.d.run, v.fetch)
	v.rows.onLoad = v.loaded
	v.rows.onError = func(err error) { s.status.flashError(explain(err)) }
	v.thumbs = newThumbs()
	v.build()
	return v
}

// fetch reads one page in the chosen order.
func (v *requestsView) fetch(offset, limit int) func() ([]enroll.CardRequest, int, error) {
	q := v.query
	q.Sort, q.Offset, q.Limit = v.sort.query(), offset, limit
	st, ctx, actor := v.s.d.st, v.s.d.ctx, v.s.actor
	return func() ([]enroll.CardRequest, int, error) {
		return st.Requests.List(ctx, actor, q)
	}
}

func (v *requestsView) build() {
	v.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.heading.SizeName = theme.SizeNameSubHeadingText
	names, _ := statusChoices()
	v.status = widget.NewSelect(names, nil)
	v.status.SetSelectedIndex(0)
	v.status.OnChanged = func(string) { v.filter() }
	v.order = widget.NewSelect(sortNames(), nil)
	v.order.SetSelectedIndex(0)
	v.order.OnChanged = func(string) { v.filter() }
	v.search = newTextEntry()
	v.search.SetPlaceHolder(lang.L("Search cardholder, reason, requester or note"))
	v.typing = newDebouncer(v.s.d.run, v.filter)
	v.search.OnChanged = func(string) { v.typing.trigger() }
	v.search.OnSubmitted = func(string) { v.filter() }
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.reload)
	v.counter = hint("")

	cols := requestColumns()
	v.list = newMultiList(requestKeys{v}, func() *fyne.Container { return requestCells(cols) }, v.updateRow)
	v.list.onChange = v.selectionChanged
	v.list.onAll = v.selectAll
	v.list.onActivate = v.connect
	v.empty = widget.NewLabel("")
	v.empty.Alignment = fyne.TextAlignCenter
	v.empty.Hide()
	v.acts = newRequestActions(v)

	tools := container.NewBorder(nil, nil, container.NewHBox(v.heading, v.status),
		container.NewHBox(v.order, container.NewCenter(v.counter), refresh), v.search)
	v.box = container.NewBorder(container.NewVBox(tools, v.acts.box, v.header(cols)), nil, nil, nil,
		container.NewStack(v.list, container.NewCenter(v.empty)))
	v.pendingChanged(v.s.count)
}

// header is the column titles; Cardholder, Reason and Requested sort.
func (v *requestsView) header(cols []column) fyne.CanvasObject {
	v.headers = map[requestSort]*sortHeader{}
	cells := make([]fyne.CanvasObject, len(cols))
	sortable := map[int]requestSort{1: sortCardholder, 2: sortReason, 3: sortOldest}
	for i, c := range cols {
		order, ok := sortable[i]
		if !ok {
			l := widget.NewLabelWithStyle(c.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			l.Truncation = fyne.TextTruncateEllipsis
			cells[i] = l
			continue
		}
		h := newSortHeader(c.title, func() { v.sortBy(order) })
		v.headers[order] = h
		cells[i] = h
	}
	v.showSort()
	return container.NewVBox(container.New(&columnsLayout{cols}, cells...), widget.NewSeparator())
}

// sortBy is a click on a title: Requested flips between oldest and newest
// first, the others sort A–Z.
func (v *requestsView) sortBy(order requestSort) {
	if order == sortOldest && v.sort == sortOldest {
		order = sortNewest
	}
	v.order.SetSelectedIndex(int(order)) // filters through OnChanged
}

func (v *requestsView) showSort() {
	for order, h := range v.headers {
		active := order == v.sort || (order == sortOldest && v.sort == sortNewest)
		h.show(active, v.sort != sortNewest)
	}
}

// requestCells are the cells of one row, in requestColumns order.
func requestCells(cols []column) *fyne.Container {
	email := widget.NewIcon(nil)
	return row(cols, newThumbImage(), twoLines(true), cellLabel(), twoLines(false), cellLabel(),
		container.NewCenter(email), cellLabel(), cellLabel(), cellLabel())
}

func (v *requestsView) updateRow(i int, c *fyne.Container) {
	cells := c.Objects
	r, ok := v.rows.item(i)
	if !ok { // rows are recycled: blank what the previous request left
		r = enroll.CardRequest{CardholderName: lang.L("Loading…")}
	}
	img := cells[0].(*canvas.Image)
	img.Resource = theme.AccountIcon()
	if ok {
		img.Resource = v.thumbs.image(r.CardholderID, r.Thumbnail)
	}
	img.Refresh()
	setTwoLines(cells[1].(*fyne.Container), r.CardholderName, r.Department)
	cells[2].(*widget.Label).SetText(r.Reason)
	setTwoLines(cells[3].(*fyne.Container), localTime(r.CreatedAt), r.RequestedByName)
	cells[4].(*widget.Label).SetText(activationName(r.Activation))
	email := cells[5].(*fyne.Container).Objects[0].(*widget.Icon)
	if r.EmailWhenReady {
		email.SetResource(theme.MailSendIcon())
	} else {
		email.SetResource(nil)
	}
	showCard(cells[6].(*widget.Label), r, ok)
	cells[7].(*widget.Label).SetText(requestStatusName(r.Status))
	cells[8].(*widget.Label).SetText(r.Note)
}

// showCard fills the Card cell: whether a credential is connected, so the
// desk sees which requests can be closed.
func showCard(label *widget.Label, r enroll.CardRequest, ok bool) {
	switch {
	case !ok:
		label.Importance = widget.MediumImportance
		label.SetText("")
	case r.CredentialID != 0:
		label.Importance = widget.SuccessImportance
		label.SetText(lang.L("Connected"))
	default:
		label.Importance = widget.LowImportance
		label.SetText(lang.L("No card yet"))
	}
}

func (v *requestsView) content() fyne.CanvasObject { return v.box }

// shown reloads, so a revisit shows requests filed meanwhile.
func (v *requestsView) shown() { v.filter() }

func (v *requestsView) filter() {
	_, statuses := statusChoices()
	if i := v.status.SelectedIndex(); i >= 0 {
		v.query.Status = statuses[i]
	}
	if i := v.order.SelectedIndex(); i >= 0 {
		v.sort = requestSort(i)
	}
	v.query.Text = v.search.Text
	v.rows.size = pageSize
	v.showSort()
	v.refreshRows()
}

// refreshRows reads the list again with the same filter.
func (v *requestsView) refreshRows() {
	v.everything = nil
	v.rows.reset()
}

// reload is the refresh button: it also reads the photos again.
func (v *requestsView) reload() {
	v.thumbs.forget()
	v.filter()
}

// loaded updates the list, the counts and the selection once a page arrived.
func (v *requestsView) loaded() {
	n := v.rows.len()
	if v.rows.complete() { // forget requests that left the list (answered elsewhere)
		present := map[int64]bool{}
		v.rows.each(func(_ int, r enroll.CardRequest) { present[r.ID] = true })
		v.list.sel.retain(func(id int64) bool { return present[id] }, n)
	}
	v.list.Refresh()
	v.showCounter(n)
	v.acts.update()
	if n > 0 {
		v.empty.Hide()
		return
	}
	if v.query.Text != "" {
		v.empty.SetText(lang.L("No requests match the search."))
	} else if v.query.Status == enroll.RequestPending {
		v.empty.SetText(lang.L("No pending card requests. New requests appear here by themselves."))
	} else {
		v.empty.SetText(lang.L("No card requests."))
	}
	v.empty.Show()
}

func (v *requestsView) showCounter(n int) {
	setHint(v.counter, lang.X("requests.shown", "{{.N}} shown", map[string]any{"N": n}))
}

// pendingChanged shows the new count and reloads when the list shows pending requests.
func (v *requestsView) pendingChanged(n int) {
	if n < 0 {
		v.heading.SetText(lang.L("Card requests"))
		return
	}
	v.heading.SetText(lang.X("requests.heading", "Card requests: {{.N}} pending", map[string]any{"N": n}))
	if v.s.current == secRequests && v.query.Status != enroll.RequestCompleted && v.query.Status != enroll.RequestDenied {
		v.refreshRows()
	}
}

// infoLine is a plain explanation with an info icon.
func infoLine(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, l)
}
