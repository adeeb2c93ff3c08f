// Package credentials is the Credentials screen of the CardDesk desktop
// app: every enrolled card identity with its holder, searchable, loaded a
// page at a time as the list scrolls.
package credentials

import (
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

// Screen lists enrolled credentials. It is read-only: cards are enrolled
// where they are handed out, in the Connect card dialog of a request.
type Screen struct {
	h         screen.Host
	box       fyne.CanvasObject
	search    *widgets.Entry
	available *widget.Check
	counter   *widget.RichText
	empty     *widget.Label
	list      *widget.List
	rows      *widgets.Pager[enroll.Credential]
	query     enroll.CredentialQuery
	typing    *widgets.Debouncer
}

func columns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Format"), Min: 90},
		{Title: lang.L("Number"), Min: 170, Weight: 2},
		{Title: lang.L("Name"), Min: 110, Weight: 1},
		{Title: lang.L("Status"), Min: 80},
		{Title: lang.L("Cardholder"), Min: 160, Weight: 2},
		{Title: lang.L("Activation"), Min: 95},
		{Title: lang.L("Expires"), Min: 95},
	}
}

// New builds the screen; Shown loads it.
func New(h screen.Host) *Screen {
	s := &Screen{h: h}
	st, actor := h.Station(), h.Actor()
	s.rows = widgets.NewPager(h.Jobs(), func(offset, limit int) func() ([]enroll.Credential, int, error) {
		q, ctx := s.query, h.Jobs().Context()
		q.Offset, q.Limit = offset, limit
		return func() ([]enroll.Credential, int, error) { return st.Credentials.List(ctx, actor, q) }
	})
	s.rows.OnLoad = func(bool) { s.loaded() }
	s.rows.OnError = func(err error) { h.FlashError(words.Explain(err)) }

	s.search = widgets.NewEntry()
	s.search.SetPlaceHolder(lang.L("Search number, bits or name"))
	s.typing = widgets.NewDebouncer(h.Jobs(), s.filter)
	s.search.OnChanged = func(string) { s.typing.Trigger() }
	s.search.OnSubmitted = func(string) { s.filter() }
	s.available = widget.NewCheck(lang.L("Only unassigned"), func(bool) { s.filter() })
	s.counter = widgets.Hint("")
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.filter)

	cols := columns()
	s.list = widget.NewList(s.rows.Len, func() fyne.CanvasObject { return widgets.NewTipRow(widgets.TextRow(cols)) }, s.updateRow)
	s.empty = widget.NewLabel("")
	s.empty.Hide()

	tools := container.NewBorder(nil, nil, widgets.Heading(lang.L("Credentials")),
		container.NewHBox(s.available, container.NewCenter(s.counter), refresh), s.search)
	info := widgets.InfoLine(lang.L("Cards are enrolled where they are handed out: Connect card on a card request reads, types or picks the card. This list shows every enrolled card and who holds it."))
	s.box = container.NewBorder(container.NewVBox(tools, info, widgets.Header(cols)), nil, nil, nil,
		container.NewStack(s.list, container.NewCenter(s.empty)))
	return s
}

func (s *Screen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	cells := widgets.RowCells(o).Objects
	c, ok := s.rows.Item(i)
	if !ok {
		cells[0].(*widget.Label).SetText(lang.L("Loading…"))
		for _, cell := range cells[1:] {
			cell.(*widget.Label).SetText("")
		}
		return
	}
	cardholder := c.CardholderName
	if c.CardholderID == 0 {
		cardholder = lang.L("Not assigned")
	}
	texts := []string{words.FormatName(c.Format), words.CredentialNumber(c.Fields), c.Name, words.CredentialStatus(c.Status), cardholder,
		words.DateOrEmpty(c.ActivationDate), words.Date(c.ExpiresAt)}
	for j, t := range texts {
		cells[j].(*widget.Label).SetText(t)
	}
}

// Content is the screen's root object.
func (s *Screen) Content() fyne.CanvasObject { return s.box }

// Shown reads the list again.
func (s *Screen) Shown() { s.filter() }

// FocusSearch puts the cursor in the search box.
func (s *Screen) FocusSearch() { s.h.Window().Canvas().Focus(s.search) }

func (s *Screen) filter() {
	s.query.Text = s.search.Text
	s.query.Available = s.available.Checked
	s.rows.Reset()
}

func (s *Screen) loaded() {
	s.list.Refresh()
	n := s.rows.Len()
	widgets.SetHint(s.counter, lang.X("credentials.shown", "{{.N}} credentials", map[string]any{"N": n}))
	switch {
	case n > 0:
		s.empty.Hide()
		return
	case s.query.Text != "" || s.query.Available:
		s.empty.SetText(lang.L("No credentials match the search."))
	default:
		s.empty.SetText(lang.L("No credentials enrolled yet."))
	}
	s.empty.Show()
}
