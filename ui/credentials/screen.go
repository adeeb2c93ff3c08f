// Package credentials is the Credentials screen of the CardDesk desktop
// app: every enrolled card identity with its holder, searched as the
// operator types, filtered by status and by whether someone holds it, and
// sorted; the selected card's details and history beside the list; and
// what can be done to a card: enroll one by typing its numbers or a batch
// of them at a reader, set its status or its expiry date, assign it to a
// cardholder or take it back. A cardholder's own cards open from the
// Cardholders screen with the same actions (ShowHolder).
package credentials

import (
	"maps"

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

// Screen is the Credentials section.
type Screen struct {
	h   screen.Host
	box fyne.CanvasObject

	enrollBtn, batchBtn *widget.Button
	search              *widgets.Entry
	status, holders     *widgets.Select
	order               *widgets.Select
	counter             *widget.RichText
	list                *widgets.MultiList
	rows                *widgets.Pager[enroll.Credential]
	query               enroll.CredentialQuery
	typing              *widgets.Debouncer
	emptyBox            *fyne.Container
	acts                *Actions
	details             *detailsPane

	// current is the selected credential as last read (ID 0: none).
	current enroll.Credential
	// detailsGen drops the answers of older details reads.
	detailsGen int

	// The open dialogs, for tests.
	enrolling *enrollDialog
	batch     *batchDialog
}

// New builds the screen; Shown loads it.
func New(h screen.Host) *Screen {
	s := &Screen{h: h}
	s.rows = widgets.NewPager(h.Jobs(), s.fetch)
	s.rows.OnLoad = func(bool) { s.loaded() }
	s.rows.OnError = func(err error) { h.FlashError(words.Explain(err)) }
	s.build()
	return s
}

// columns are compact: the list shares a 1024 px window with the
// navigation and the details; cut-off texts show whole on hover.
func columns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Card"), Min: 140, Weight: 2}, // number, and the format under it
		{Title: lang.L("Status"), Min: 72},
		{Title: lang.L("Cardholder"), Min: 120, Weight: 2}, // holder, and the card's name under it
		{Title: lang.L("Expires"), Min: 88},
	}
}

func (s *Screen) build() {
	s.enrollBtn = widget.NewButtonWithIcon(lang.L("Enroll manually…"), theme.ContentAddIcon(), s.EnrollManually)
	s.batchBtn = widget.NewButtonWithIcon(lang.L("Enroll cards at a reader…"), theme.LoginIcon(), s.EnrollAtReader)
	s.batchBtn.Importance = widget.HighImportance
	if !s.h.Actor().Can(enroll.PermManageCredentials) {
		s.enrollBtn.Disable()
		s.batchBtn.Disable()
	}
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)

	s.search = widgets.NewEntry()
	s.search.Icon = theme.SearchIcon()
	s.search.SetPlaceHolder(lang.L("Search number, UID, format, cardholder or name"))
	s.typing = widgets.NewDebouncer(s.h.Jobs(), s.filter)
	s.search.OnChanged = func(string) { s.typing.Trigger() }
	s.search.OnSubmitted = func(string) { s.filter() }
	names, _ := statusChoices()
	s.status = widgets.NewFilterSelect(names, s.filter)
	s.holders = widgets.NewFilterSelect(holderChoices(), s.filter)
	names, _ = sortChoices()
	s.order = widgets.NewFilterSelect(names, s.filter)
	s.counter = widgets.Hint("")

	cols := columns()
	s.list = widgets.NewMultiList(credentialKeys{s}, func() *fyne.Container {
		return widgets.Row(cols, widgets.TwoLines(false), widgets.Cell(), widgets.TwoLines(false), widgets.Cell())
	}, s.updateRow)
	s.list.Single = true
	s.list.OnChange = s.selectionChanged
	s.list.OnMenu = s.rowMenu
	s.emptyBox = container.NewStack()
	s.emptyBox.Hide()
	s.acts = NewActions(s.h, s.selected, s.changed, true)
	s.details = newDetailsPane()

	top := container.NewBorder(nil, nil, widgets.Heading(lang.L("Credentials")),
		container.NewHBox(s.enrollBtn, s.batchBtn, refresh))
	filters := container.NewBorder(nil, nil, nil, container.NewHBox(s.status, s.holders, s.order), s.search)
	acts := container.NewBorder(nil, nil, nil, container.NewCenter(s.counter), s.acts.Box)
	listed := container.NewBorder(widgets.Header(cols), nil, nil, nil, container.NewStack(s.list, s.emptyBox))
	split := container.NewHSplit(listed, s.details.box)
	split.Offset = 0.62
	s.box = container.NewBorder(container.NewVBox(top, filters, acts), nil, nil, nil, split)
}

// Content is the screen's root object.
func (s *Screen) Content() fyne.CanvasObject { return s.box }

// Shown marks the credentials whose expiry day has come as expired, then
// reads the list.
func (s *Screen) Shown() {
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() (int, error) {
		return st.Credentials.ExpireDue(ctx, actor)
	}, func(n int, err error) {
		if err != nil {
			s.h.FlashError(words.Explain(err))
		}
		if n > 0 {
			s.h.Changed()
		}
		s.reload()
	})
}

// Stop ends the reader wait of an open batch enrollment (sign-out, quit).
func (s *Screen) Stop() {
	if s.batch != nil {
		s.batch.end()
	}
}

// FocusSearch puts the cursor in the search box.
func (s *Screen) FocusSearch() { s.h.Window().Canvas().Focus(s.search) }

// Reload is the refresh button.
func (s *Screen) Reload() { s.reload() }

// reload reads the list and the selected card's details again.
func (s *Screen) reload() {
	s.rows.Reset()
	s.loadDetails()
}

// ChangedElsewhere (screen.Follower) reads the list and the selected
// card's details again when credentials or their holders changed; unlike
// Shown it expires nothing, so stations do not wake each other in turn.
func (s *Screen) ChangedElsewhere(topics enroll.ChangeTopics) {
	if topics.Has(enroll.TopicCredentials, enroll.TopicCardholders, enroll.TopicFormats) {
		s.reload()
	}
}

// changed follows an action: the list and the details show it.
func (s *Screen) changed() { s.reload() }

// fetch reads one page with the filters and the order chosen.
func (s *Screen) fetch(offset, limit int) func() ([]enroll.Credential, int, error) {
	q := s.query
	q.Offset, q.Limit = offset, limit
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	return func() ([]enroll.Credential, int, error) { return st.Credentials.List(ctx, actor, q) }
}

// filter reads the search box and the filters, and the list again.
func (s *Screen) filter() {
	q := enroll.CredentialQuery{Text: s.search.Text}
	if _, statuses := statusChoices(); s.status.SelectedIndex() >= 0 {
		q.Status = statuses[s.status.SelectedIndex()]
	}
	switch s.holders.SelectedIndex() {
	case 1:
		q.Assigned = true
	case 2:
		q.Available = true
	}
	if _, orders := sortChoices(); s.order.SelectedIndex() >= 0 {
		q.Sort = orders[s.order.SelectedIndex()]
	}
	s.query = q
	s.rows.Reset()
}

func (s *Screen) updateRow(i int, c *fyne.Container) {
	number, state := c.Objects[0].(*fyne.Container), c.Objects[1].(*widget.Label)
	holder, expires := c.Objects[2].(*fyne.Container), c.Objects[3].(*widget.Label)
	k, ok := s.rows.Item(i)
	if !ok { // rows are recycled: blank what the previous card left
		widgets.SetTwoLines(number, lang.L("Loading…"), "")
		widgets.SetCell(state, "", widget.MediumImportance, fyne.TextStyle{})
		widgets.SetTwoLines(holder, "", "")
		expires.SetText("")
		return
	}
	main, rest := cardLines(k)
	widgets.SetTwoLines(number, main, rest)
	widgets.SetCell(state, words.CredentialStatus(k.Status), statusImportance(k.Status), fyne.TextStyle{})
	name, imp := k.CardholderName, widget.MediumImportance
	if k.CardholderID == 0 {
		name, imp = lang.L("Not assigned"), widget.LowImportance
	}
	widgets.SetTwoLines(holder, "", k.Name)
	widgets.SetCell(holder.Objects[0].(*widget.Label), name, imp, fyne.TextStyle{})
	expires.SetText(words.Date(k.ExpiresAt))
}

// statusImportance colours a status: active green, lost and stolen red,
// expired amber, inactive quiet.
func statusImportance(st enroll.CredentialStatus) widget.Importance {
	switch st {
	case enroll.CredentialActive:
		return widget.SuccessImportance
	case enroll.CredentialLost, enroll.CredentialStolen:
		return widget.DangerImportance
	case enroll.CredentialExpired:
		return widget.WarningImportance
	}
	return widget.LowImportance
}

// loaded follows a page: the count, the empty state, the selection.
func (s *Screen) loaded() {
	n := s.rows.Len()
	if s.rows.Complete() {
		present := map[int64]bool{}
		s.rows.Each(func(_ int, k enroll.Credential) { present[k.ID] = true })
		s.list.Sel.Retain(func(id int64) bool { return present[id] }, n)
	}
	s.list.Refresh()
	if n == 1 {
		widgets.SetHint(s.counter, lang.L("1 credential"))
	} else {
		widgets.SetHint(s.counter, lang.X("credentials.shown", "{{.N}} credentials", map[string]any{"N": n}))
	}
	s.showEmpty()
	s.selectionChanged()
}

// showEmpty fills an empty list with what would be there.
func (s *Screen) showEmpty() {
	if !s.rows.Loaded() || s.rows.Len() > 0 {
		s.emptyBox.Hide()
		return
	}
	var state fyne.CanvasObject
	q := s.query
	if q.Text != "" || q.Status != "" || q.Assigned || q.Available {
		l := widget.NewLabel(lang.L("No credentials match the search."))
		l.Alignment = fyne.TextAlignCenter
		state = container.NewCenter(l)
	} else {
		state = emptyState()
	}
	s.emptyBox.Objects = []fyne.CanvasObject{state}
	s.emptyBox.Show()
	s.emptyBox.Refresh()
}

// emptyState says how cards get here, in the room the list has next to
// the details.
func emptyState() fyne.CanvasObject {
	head := widget.NewLabelWithStyle(lang.L("No credentials enrolled yet."), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	what := widget.NewLabel(lang.L("Enroll cards at a reader, one after another, or type a card's numbers with Enroll manually. Cards connected to a card request are listed here too."))
	what.Wrapping, what.Alignment = fyne.TextWrapWord, fyne.TextAlignCenter
	icon := widgets.AtLeast(48, 48, widget.NewIcon(theme.GridIcon()))
	return container.NewCenter(widgets.AtLeast(360, 0, container.NewVBox(container.NewCenter(icon), head, what)))
}

// selectedID is the id of the selected credential, 0 for none.
func (s *Screen) selectedID() int64 {
	if ids := s.list.Sel.IDs(); len(ids) == 1 {
		return ids[0]
	}
	return 0
}

// selected is the selected credential, as the details last read it or
// else as the list has it.
func (s *Screen) selected() (enroll.Credential, bool) {
	id := s.selectedID()
	return s.current, id != 0 && s.current.ID == id
}

// selectionChanged follows the selection: the row's data first, then
// the details and history read fresh.
func (s *Screen) selectionChanged() {
	id := s.selectedID()
	if id != s.current.ID || id == 0 {
		s.current = enroll.Credential{}
		if i := s.rows.Find(func(k enroll.Credential) bool { return k.ID == id }); i >= 0 && id != 0 {
			s.current, _ = s.rows.Peek(i)
			s.details.show(&s.current, nil) // the history follows
			s.loadDetails()
		}
	}
	if id == 0 {
		s.detailsGen++
		s.details.show(nil, nil)
	}
	s.acts.Refresh()
}

// loadDetails reads the selected credential and its history.
func (s *Screen) loadDetails() {
	id := s.selectedID()
	if id == 0 {
		return
	}
	s.detailsGen++
	gen := s.detailsGen
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	type read struct {
		k      enroll.Credential
		events []enroll.AuditEvent
	}
	widgets.Go(s.h.Jobs(), func() (read, error) {
		k, err := st.Credentials.Get(ctx, actor, id)
		if err != nil {
			return read{}, err
		}
		events, err := st.Credentials.History(ctx, actor, id)
		return read{k, events}, err
	}, func(r read, err error) {
		if gen != s.detailsGen || s.selectedID() != id {
			return
		}
		if err != nil {
			s.details.failed(words.Explain(err))
			return
		}
		s.current = r.k
		s.details.show(&r.k, r.events)
		s.acts.Refresh()
	})
}

// Select makes credential id the selection (after an enrollment).
func (s *Screen) Select(id int64) {
	s.list.Sel.Set([]int64{id})
	if i := s.rows.Find(func(k enroll.Credential) bool { return k.ID == id }); i >= 0 {
		s.list.Sel.Cursor, s.list.Sel.Anchor = i, i
		s.list.ScrollTo(i)
	}
	s.current = enroll.Credential{}
	s.list.Refresh()
	s.loadDetails()
	s.acts.Refresh()
}

// rowMenu offers the actions on the row clicked, which is selected now.
func (s *Screen) rowMenu(_ int, at fyne.Position) {
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", s.acts.MenuItems()...), s.h.Window().Canvas(), at)
}

// EnrollManually opens the Enroll manually dialog.
func (s *Screen) EnrollManually() {
	if s.enrolling != nil || !s.h.Actor().Can(enroll.PermManageCredentials) {
		return
	}
	s.enrolling = openEnroll(s.h, func(k enroll.Credential) {
		s.reload()
		s.Select(k.ID)
	}, func() { s.enrolling = nil })
}

// EnrollAtReader opens the batch enrollment at a reader; the list is read
// again when it closes.
func (s *Screen) EnrollAtReader() {
	if s.batch != nil || !s.h.Actor().Can(enroll.PermManageCredentials) {
		return
	}
	s.batch = openBatch(s.h, func() {
		s.batch = nil
		s.reload()
	})
}

// credentialKeys lets the selection find credentials by row.
type credentialKeys struct{ s *Screen }

func (k credentialKeys) Len() int { return k.s.rows.Len() }
func (k credentialKeys) Key(i int) (int64, bool) {
	c, ok := k.s.rows.Peek(i)
	return c.ID, ok
}

// cardLines are a card's two lines in a list: the number printed on it
// (its card number, or its serial number), then its format with the
// other fields ("Standard 26-bit (H10301) · Facility code 12").
func cardLines(k enroll.Credential) (number, rest string) {
	format := words.FormatName(k.Format)
	n, ok := k.Fields["card"]
	if !ok {
		return words.CredentialNumber(k.Fields), format
	}
	others := maps.Clone(k.Fields)
	delete(others, "card")
	if len(others) == 0 {
		return n, format
	}
	return n, format + " · " + words.CredentialNumber(others)
}
