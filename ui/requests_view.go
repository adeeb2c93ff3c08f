package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// requestsView lists card requests. Answering them (modify, deny, connect
// card, close) comes in a later version, so the list is read-only for now
// and says so.
type requestsView struct {
	s       *session
	box     fyne.CanvasObject
	heading *widget.Label
	status  *widget.Select
	search  *textEntry
	counter *widget.RichText // "N shown"
	empty   *widget.Label
	list    *widget.List
	rows    *pager[enroll.CardRequest]
	thumbs  *thumbs
	query   enroll.RequestQuery
	typing  *debouncer
}

// statusChoices maps the filter's options to a query status ("" = all).
func statusChoices() ([]string, []enroll.RequestStatus) {
	return []string{lang.L("Pending"), lang.L("Completed"), lang.L("Denied"), lang.L("All")},
		[]enroll.RequestStatus{enroll.RequestPending, enroll.RequestCompleted, enroll.RequestDenied, ""}
}

func requestColumns() []column {
	return []column{
		{title: "", min: thumbSize},
		{title: lang.L("Cardholder"), min: 160, weight: 3},
		{title: lang.L("Reason"), min: 120, weight: 2},
		{title: lang.L("Requested"), min: 130, weight: 1},
		{title: lang.L("Activation"), min: 125, weight: 1},
		{title: lang.L("E-mail"), min: 64},
		{title: lang.L("Status"), min: 95},
		{title: lang.L("Note"), min: 90, weight: 2},
	}
}

func newRequestsView(s *session) view {
	v := &requestsView{s: s, query: enroll.RequestQuery{Status: enroll.RequestPending}}
	v.rows = newPager(s.d.run, func(offset, limit int) func() ([]enroll.CardRequest, int, error) {
		q := v.query
		q.Offset, q.Limit = offset, limit
		return func() ([]enroll.CardRequest, int, error) { return s.d.st.Requests.List(s.d.ctx, s.actor, q) }
	})
	v.rows.onLoad = v.loaded
	v.rows.onError = func(err error) { s.status.flashError(explain(err)) }
	v.thumbs = newThumbs()
	v.build()
	return v
}

func (v *requestsView) build() {
	v.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.heading.SizeName = theme.SizeNameSubHeadingText
	names, _ := statusChoices()
	v.status = widget.NewSelect(names, nil)
	v.status.SetSelectedIndex(0)
	v.status.OnChanged = func(string) { v.filter() }
	v.search = newTextEntry()
	v.search.SetPlaceHolder(lang.L("Search cardholder, reason, requester or note"))
	v.typing = newDebouncer(v.s.d.run, v.filter)
	v.search.OnChanged = func(string) { v.typing.trigger() }
	v.search.OnSubmitted = func(string) { v.filter() }
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.reload)
	v.counter = hint("")

	cols := requestColumns()
	v.list = widget.NewList(v.rows.len, func() fyne.CanvasObject { return requestRow(cols) }, v.updateRow)
	v.empty = widget.NewLabel("")
	v.empty.Alignment = fyne.TextAlignCenter
	v.empty.Hide()

	info := infoLine(lang.L("Answering requests (modify, deny, connect card, close) is not available in this version yet; this list is read-only. New requests are filed from the Cardholders screen or with the command line."))
	tools := container.NewBorder(nil, nil, container.NewHBox(v.heading, v.status),
		container.NewHBox(container.NewCenter(v.counter), refresh), v.search)
	v.box = container.NewBorder(container.NewVBox(tools, info, header(cols)), nil, nil, nil,
		container.NewStack(v.list, container.NewCenter(v.empty)))
	v.pendingChanged(v.s.count)
}

func requestRow(cols []column) fyne.CanvasObject {
	email := widget.NewIcon(nil)
	return row(cols, newThumbImage(), twoLines(true), cellLabel(), twoLines(false), cellLabel(),
		container.NewCenter(email), cellLabel(), cellLabel())
}

func (v *requestsView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
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
	cells[6].(*widget.Label).SetText(requestStatusName(r.Status))
	cells[7].(*widget.Label).SetText(r.Note)
}

func (v *requestsView) content() fyne.CanvasObject { return v.box }

// shown reloads, so a revisit shows requests filed meanwhile.
func (v *requestsView) shown() { v.filter() }

func (v *requestsView) filter() {
	_, statuses := statusChoices()
	if i := v.status.SelectedIndex(); i >= 0 {
		v.query.Status = statuses[i]
	}
	v.query.Text = v.search.Text
	v.rows.reset()
}

// reload is the refresh button: it also reads the photos again.
func (v *requestsView) reload() {
	v.thumbs.forget()
	v.filter()
}

// loaded updates the list and the counts once a page arrived.
func (v *requestsView) loaded() {
	v.list.Refresh()
	n := v.rows.len()
	setHint(v.counter, lang.X("requests.shown", "{{.N}} shown", map[string]any{"N": n}))
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

// pendingChanged shows the new count and reloads when the list shows pending requests.
func (v *requestsView) pendingChanged(n int) {
	if n < 0 {
		v.heading.SetText(lang.L("Card requests"))
		return
	}
	v.heading.SetText(lang.X("requests.heading", "Card requests: {{.N}} pending", map[string]any{"N": n}))
	if v.s.current == secRequests && v.query.Status != enroll.RequestCompleted && v.query.Status != enroll.RequestDenied {
		v.rows.reset()
	}
}

// infoLine is a plain explanation with an info icon.
func infoLine(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, l)
}
