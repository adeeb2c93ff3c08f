// Package requests is the Card requests screen of the CardDesk desktop
// app: the response desk. It lists the card requests with their pending
// count, filter, search and sort, lets the operator select several, and
// answers them: modify, deny, connect a card (read at a reader, typed, or
// picked from the enrolled cards) and close.
package requests

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/cardholders"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// cardWait is how long Connect card waits for a card at a reader.
const cardWait = 30 * time.Second

// Screen is the response desk.
type Screen struct {
	// OnAnswersChanged, when set, is called whenever Answers may have
	// changed (the selection, a reload, an answer), so the main menu can
	// enable what applies.
	OnAnswersChanged func()

	h       screen.Host
	box     fyne.CanvasObject
	heading *widget.Label
	status  *widgets.Select
	search  *widgets.Entry
	order   *widgets.Select
	counter *widget.RichText // "N shown"
	empty   *widget.Label
	list    *widgets.MultiList
	headers map[requestSort]*sortHeader
	rows    *widgets.Pager[enroll.CardRequest]
	thumbs  *thumbs
	query   enroll.RequestQuery
	sort    requestSort
	typing  *widgets.Debouncer
	acts    *requestActions

	pending int // the shell's pending count; -1 until known
	// followed is set when a change elsewhere has reloaded the list: the
	// shell re-reads the pending count for the same change, and that count
	// need not reload the list again.
	followed bool
	visible  bool          // between Shown and Hidden
	closing  bool          // a Close is under way
	cardWait time.Duration // how long a reader is watched for a card
	// painted is set once the first page is in the list: its log line is
	// the "main window drawn" mark of make bench-desktop.
	painted bool

	// everything is the whole list, read for Ctrl+A when not every page is
	// loaded; nil otherwise.
	everything []enroll.CardRequest

	connecting *connectDialog // the open dialogs
	denying    *denyDialog
	detailing  *detailsDialog
	modifying  *cardholders.RequestDialog
	previewing *badgeview.Preview
}

// statusChoices maps the filter's options to a query status ("" = all).
func statusChoices() ([]string, []enroll.RequestStatus) {
	return []string{lang.L("Pending"), lang.L("Completed"), lang.L("Denied"), lang.L("All")},
		[]enroll.RequestStatus{enroll.RequestPending, enroll.RequestCompleted, enroll.RequestDenied, ""}
}

func requestColumns() []widgets.Column {
	return []widgets.Column{
		{Title: "", Min: thumbSize},
		{Title: lang.L("Cardholder"), Min: 130, Weight: 3},
		{Title: lang.L("Reason"), Min: 100, Weight: 2},
		{Title: lang.L("Requested"), Min: 128, Weight: 1},
		{Title: lang.L("Activation"), Min: 115, Weight: 1},
		{Title: lang.L("E-mail"), Min: 62},
		{Title: lang.L("Status"), Min: 100, Weight: 0.7},
		{Title: lang.L("Note"), Min: 50, Weight: 2},
	}
}

// New builds the screen; Shown loads it.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, query: enroll.RequestQuery{Status: enroll.RequestPending}, pending: -1, cardWait: cardWait}
	s.rows = widgets.NewPager(h.Jobs(), s.fetch)
	s.rows.OnLoad = func(bool) { s.loaded() }
	s.rows.OnError = func(err error) { h.FlashError(words.Explain(err)) }
	s.thumbs = newThumbs()
	s.build()
	return s
}

// fetch reads one page in the chosen order.
func (s *Screen) fetch(offset, limit int) func() ([]enroll.CardRequest, int, error) {
	q := s.query
	q.Sort, q.Offset, q.Limit = s.sort.query(), offset, limit
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	return func() ([]enroll.CardRequest, int, error) {
		return st.Requests.List(ctx, actor, q)
	}
}

func (s *Screen) build() {
	s.heading = widgets.Heading("")
	names, _ := statusChoices()
	s.status = widgets.NewSelect(names, nil)
	s.status.SetSelectedIndex(0)
	s.status.OnChanged = func(string) { s.filter() }
	s.order = widgets.NewSelect(sortNames(), nil)
	s.order.SetSelectedIndex(0)
	s.order.OnChanged = func(string) { s.filter() }
	s.search = widgets.NewEntry()
	s.search.SetPlaceHolder(lang.L("Search cardholder, reason, requester or note"))
	s.typing = widgets.NewDebouncer(s.h.Jobs(), s.filter)
	s.search.OnChanged = func(string) { s.typing.Trigger() }
	s.search.OnSubmitted = func(string) { s.filter() }
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	s.counter = widgets.Hint("")

	cols := requestColumns()
	s.list = widgets.NewMultiList(requestKeys{s}, func() *fyne.Container { return requestCells(cols) }, s.updateRow)
	s.list.OnChange = s.selectionChanged
	s.list.OnAll = s.selectAll
	s.list.OnActivate = s.detailsAtCursor // Enter
	s.list.OnDouble = s.Details
	s.empty = widget.NewLabel("")
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Hide()
	s.acts = newRequestActions(s)

	// The count sits with the actions, leaving the search box the room a
	// 1024 px window has.
	tools := container.NewBorder(nil, nil, container.NewHBox(s.heading, s.status),
		container.NewHBox(s.order, refresh), s.search)
	acts := container.NewBorder(nil, nil, nil, container.NewCenter(s.counter), s.acts.box)
	s.box = container.NewBorder(container.NewVBox(tools, acts, s.header(cols)), nil, nil, nil,
		container.NewStack(s.list, container.NewCenter(s.empty)))
	s.SetPending(s.pending)
}

// header is the column titles; Cardholder, Reason and Requested sort.
func (s *Screen) header(cols []widgets.Column) fyne.CanvasObject {
	s.headers = map[requestSort]*sortHeader{}
	cells := widgets.TitleCells(cols)
	for i, order := range map[int]requestSort{1: sortCardholder, 2: sortReason, 3: sortOldest} {
		h := newSortHeader(cols[i].Title, func() { s.sortBy(order) })
		s.headers[order] = h
		cells[i] = h
	}
	s.showSort()
	return widgets.HeaderOf(cols, cells...)
}

// sortBy is a click on a title: Requested flips between oldest and newest
// first, the others sort A–Z.
func (s *Screen) sortBy(order requestSort) {
	if order == sortOldest && s.sort == sortOldest {
		order = sortNewest
	}
	s.order.SetSelectedIndex(int(order)) // filters through OnChanged
}

func (s *Screen) showSort() {
	for order, h := range s.headers {
		active := order == s.sort || (order == sortOldest && s.sort == sortNewest)
		h.show(active, s.sort != sortNewest)
	}
}

// requestCells are the cells of one row, in requestColumns order.
func requestCells(cols []widgets.Column) *fyne.Container {
	email := widget.NewIcon(nil)
	return widgets.Row(cols, newThumbImage(), widgets.TwoLines(true), widgets.Cell(), widgets.TwoLines(false),
		widgets.Cell(), container.NewCenter(email), widgets.TwoLines(false), widgets.Cell())
}

func (s *Screen) updateRow(i int, c *fyne.Container) {
	cells := c.Objects
	r, ok := s.rows.Item(i)
	if !ok { // rows are recycled: blank what the previous request left
		r = enroll.CardRequest{CardholderName: lang.L("Loading…")}
	}
	img := cells[0].(*canvas.Image)
	img.Resource = theme.AccountIcon()
	if ok {
		img.Resource = s.thumbs.image(r.CardholderID, r.Thumbnail)
	}
	img.Refresh()
	widgets.SetTwoLines(cells[1].(*fyne.Container), r.CardholderName, r.Department)
	cells[2].(*widget.Label).SetText(r.Reason)
	widgets.SetTwoLines(cells[3].(*fyne.Container), words.Time(r.CreatedAt), r.RequestedByName)
	cells[4].(*widget.Label).SetText(words.Activation(r.Activation))
	email := cells[5].(*fyne.Container).Objects[0].(*widget.Icon)
	if r.EmailWhenReady {
		email.SetResource(theme.MailSendIcon())
	} else {
		email.SetResource(nil)
	}
	status := cells[6].(*fyne.Container)
	status.Objects[0].(*widget.Label).SetText(words.RequestStatus(r.Status))
	showCard(status.Objects[1].(*widget.Label), r, ok)
	cells[7].(*widget.Label).SetText(r.Note)
}

// showCard fills the status cell's second line: whether a credential is
// connected, so the desk sees which requests can be closed.
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

// Content is the screen's root object.
func (s *Screen) Content() fyne.CanvasObject { return s.box }

// Shown reloads, so a revisit shows requests filed meanwhile; from now on
// a new pending count reloads the list too.
func (s *Screen) Shown() {
	s.visible = true
	s.filter()
}

// ShowPending sets the list to the pending requests, unsearched, whatever
// it showed last: the top bar's Card requests button, labelled with the
// pending count, leads there. It does not load: the shell opens the
// section next, and Shown loads.
func (s *Screen) ShowPending() {
	onStatus, onSearch := s.status.OnChanged, s.search.OnChanged
	s.status.OnChanged, s.search.OnChanged = nil, nil
	s.status.SetSelectedIndex(0) // Pending
	s.search.SetText("")
	s.status.OnChanged, s.search.OnChanged = onStatus, onSearch
	s.query.Status, s.query.Text = enroll.RequestPending, ""
}

// Filter is the status and search text the list shows now.
func (s *Screen) Filter() (enroll.RequestStatus, string) { return s.query.Status, s.query.Text }

// Hidden is called when another section opens: the pending count no
// longer reloads a list nobody sees.
func (s *Screen) Hidden() { s.visible = false }

// FocusSearch puts the cursor in the search box.
func (s *Screen) FocusSearch() { s.h.Window().Canvas().Focus(s.search) }

// Stop ends the reader wait of an open Connect card dialog (sign-out, quit).
func (s *Screen) Stop() {
	if s.connecting != nil {
		s.connecting.end()
	}
}

// Reload is the refresh button: it reads the photos again too.
func (s *Screen) Reload() {
	s.thumbs.forget()
	s.filter()
}

func (s *Screen) filter() {
	_, statuses := statusChoices()
	if i := s.status.SelectedIndex(); i >= 0 {
		s.query.Status = statuses[i]
	}
	if i := s.order.SelectedIndex(); i >= 0 {
		s.sort = requestSort(i)
	}
	s.query.Text = s.search.Text
	s.showSort()
	s.refreshRows()
}

// refreshRows reads the list again with the same filter.
func (s *Screen) refreshRows() {
	s.everything = nil
	s.rows.Reset()
}

// loaded updates the list, the counts and the selection once a page arrived.
func (s *Screen) loaded() {
	n := s.rows.Len()
	if s.rows.Complete() { // forget requests that left the list (answered elsewhere)
		present := map[int64]bool{}
		s.rows.Each(func(_ int, r enroll.CardRequest) { present[r.ID] = true })
		s.list.Sel.Retain(func(id int64) bool { return present[id] }, n)
	}
	s.list.Refresh()
	s.showCounter(n)
	s.acts.update()
	if !s.painted {
		s.painted = true
		s.h.Log().Info("first page of requests on screen", zap.Int("listed", n))
	}
	if n > 0 {
		s.empty.Hide()
		return
	}
	switch {
	case s.query.Text != "":
		s.empty.SetText(lang.L("No requests match the search."))
	case s.query.Status == enroll.RequestPending:
		s.empty.SetText(lang.L("No pending card requests. New requests appear here by themselves."))
	default:
		s.empty.SetText(lang.L("No card requests."))
	}
	s.empty.Show()
}

func (s *Screen) showCounter(n int) {
	widgets.SetHint(s.counter, lang.X("requests.shown", "{{.N}} shown", map[string]any{"N": n}))
}

// ChangedElsewhere (screen.Follower) reads the list again when requests
// changed, whatever its filter (a request answered at another desk leaves
// the pending ones and joins the completed), or the cardholders it names:
// their photos are read again too. The selection keeps the requests still
// listed; an open dialog keeps its request (answering a request that
// changed meanwhile is refused as stale).
func (s *Screen) ChangedElsewhere(topics enroll.ChangeTopics) {
	if !s.visible || !topics.Has(enroll.TopicRequests, enroll.TopicCardholders) {
		return
	}
	if topics.Has(enroll.TopicCardholders) {
		s.thumbs.forget()
	}
	s.refreshRows()
	s.followed = topics.Has(enroll.TopicRequests)
}

// SetPending takes the shell's count of pending requests (n < 0: not
// known yet). The heading shows it, and while the screen is shown with
// pending (or all) requests the list reloads, so requests filed elsewhere
// appear and those answered elsewhere go. The same count again does
// nothing.
func (s *Screen) SetPending(n int) {
	followed := s.followed
	s.followed = false
	if n == s.pending && s.heading.Text != "" {
		return
	}
	s.pending = n
	if n < 0 {
		s.heading.SetText(lang.L("Card requests"))
		return
	}
	s.heading.SetText(lang.X("requests.heading", "Card requests: {{.N}} pending", map[string]any{"N": n}))
	if s.visible && !followed && s.query.Status != enroll.RequestCompleted && s.query.Status != enroll.RequestDenied {
		s.refreshRows()
	}
}
