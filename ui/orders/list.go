package orders

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// statusChoices maps the status filter's options to a query status.
func statusChoices() ([]string, []enroll.OrderStatus) {
	return []string{lang.L("All statuses"), lang.L("Queued or sending"), lang.L("Ordered"), lang.L("In production"),
			lang.L("Produced"), lang.L("Failed"), lang.L("Aborted")},
		[]enroll.OrderStatus{"", enroll.OrderProcessing, enroll.OrderOrdered, enroll.OrderInProduction,
			enroll.OrderProduced, enroll.OrderFailed, enroll.OrderAborted}
}

// kindChoices maps the kind filter's options to a query kind.
func kindChoices() ([]string, []enroll.CardKind) {
	return []string{lang.L("All kinds"), lang.L("Personal"), lang.L("Temporary")},
		[]enroll.CardKind{"", enroll.KindPersonal, enroll.KindTemporary}
}

// orderColumns are compact: the list must fit a 1024 px window next to
// the navigation; cut-off texts show whole on hover.
func orderColumns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Kind"), Min: 92},
		{Title: lang.L("Cardholder"), Min: 110, Weight: 2},
		{Title: lang.L("Layout"), Min: 80, Weight: 1},
		{Title: lang.L("Status"), Min: 118, Weight: 1.5},
		{Title: lang.L("Attempts"), Min: 84},
		{Title: lang.L("Problem"), Min: 90, Weight: 2},
		{Title: lang.L("Ordered"), Min: 140}, // when, and by whom under it
	}
}

// buildOrders is the Ordered cards view: filters, actions, the list.
func (s *Screen) buildOrders() fyne.CanvasObject {
	names, _ := statusChoices()
	s.status = widgets.NewFilterSelect(names, s.filter)
	kinds, _ := kindChoices()
	s.kind = widgets.NewFilterSelect(kinds, s.filter)
	s.counter = widgets.Hint("")

	cols := orderColumns()
	s.list = widgets.NewMultiList(orderKeys{s}, func() *fyne.Container {
		return widgets.Row(cols, widgets.Cell(), widgets.Cell(), widgets.Cell(), widgets.Cell(), widgets.Cell(),
			widgets.Cell(), widgets.TwoLines(false))
	}, s.updateRow)
	s.list.OnChange = func() { s.acts.refresh() }
	s.emptyNote = widget.NewLabel("")
	s.emptyNote.Alignment = fyne.TextAlignCenter
	s.emptyNote.Wrapping = fyne.TextWrapWord
	s.emptyBox = container.NewStack()
	s.emptyBox.Hide()
	s.acts = newOrderActions(s)

	filters := container.NewBorder(nil, nil, container.NewHBox(s.status, s.kind),
		container.NewHBox(container.NewCenter(s.counter), s.syncBtn))
	return container.NewBorder(container.NewVBox(filters, s.acts.box, widgets.Header(cols)), nil, nil, nil,
		container.NewStack(s.list, s.emptyBox))
}

// fetch reads one page of ordered cards with their cardholders' names and
// whether each temporary card is in the stock.
func (s *Screen) fetch(offset, limit int) func() ([]orderRow, int, error) {
	q := s.query
	q.Offset, q.Limit = offset, limit
	st, ctx, actor, names := s.h.Station(), s.h.Jobs().Context(), s.h.Actor(), s.names
	return func() ([]orderRow, int, error) {
		cards, n, err := st.Orders.List(ctx, actor, q)
		if err != nil {
			return nil, 0, err
		}
		stock := map[string]bool{}
		for _, c := range cards {
			if c.Kind == enroll.KindTemporary && c.Status == enroll.OrderProduced {
				ts, err := st.TempCards.List(ctx, actor, "")
				if err != nil {
					return nil, 0, err
				}
				for _, t := range ts {
					stock[t.CardID] = true
				}
				break
			}
		}
		rows := make([]orderRow, len(cards))
		for i, c := range cards {
			rows[i] = orderRow{OrderedCard: c, InStock: stock[c.CardID]}
			if c.Kind == enroll.KindPersonal {
				rows[i].Name = names.of(ctx, st, actor, c.CardholderID)
			}
			if c.Kind == enroll.KindPersonal && c.Status == enroll.OrderFailed {
				again, err := retried(ctx, st, actor, c)
				if err != nil {
					return nil, 0, err
				}
				rows[i].Retried = again
			}
		}
		return rows, n, nil
	}
}

func (s *Screen) updateRow(i int, c *fyne.Container) {
	cells := make([]*widget.Label, len(c.Objects)-1)
	for j := range cells {
		cells[j] = c.Objects[j].(*widget.Label)
	}
	ordered := c.Objects[len(cells)].(*fyne.Container)
	r, ok := s.rows.Item(i)
	if !ok { // rows are recycled: blank what the previous card left
		widgets.SetCell(cells[3], "", widget.MediumImportance, fyne.TextStyle{})
		widgets.SetTexts(cells, lang.L("Loading…"), "", "", "", "", "")
		widgets.SetTwoLines(ordered, "", "")
		return
	}
	holder := r.Name
	if r.Kind == enroll.KindTemporary {
		holder = lang.L("Desk stock")
	}
	layout := s.layouts[r.LayoutID]
	if layout == "" {
		layout = r.LayoutID
	}
	attempts := ""
	if r.Attempts > 0 {
		attempts = strconv.Itoa(r.Attempts)
	}
	by := r.OrderedBy
	if r.Station != "" {
		by += " · " + r.Station
	}
	widgets.SetTexts(cells, kindWord(r.Kind), holder, layout, "", attempts, problemText(r))
	widgets.SetTwoLines(ordered, words.Time(r.CreatedAt), by)
	widgets.SetCell(cells[3], statusWord(r), statusImportance(r), fyne.TextStyle{Bold: needsDesk(r)})
}

// filter reads the filters and the list again.
func (s *Screen) filter() {
	_, statuses := statusChoices()
	if i := s.status.SelectedIndex(); i >= 0 {
		s.query.Status = statuses[i]
	}
	_, kinds := kindChoices()
	if i := s.kind.SelectedIndex(); i >= 0 {
		s.query.Kind = kinds[i]
	}
	s.rows.Reset()
}

// SetFilter shows the cards of one status and kind ("" = all).
func (s *Screen) SetFilter(status enroll.OrderStatus, kind enroll.CardKind) {
	_, statuses := statusChoices()
	for i, st := range statuses {
		if st == status {
			s.status.SetSelectedIndex(i)
		}
	}
	_, kinds := kindChoices()
	for i, k := range kinds {
		if k == kind {
			s.kind.SetSelectedIndex(i)
		}
	}
}

// loaded follows a page: the selection keeps the cards still listed.
func (s *Screen) loaded() {
	n := s.rows.Len()
	if s.rows.Complete() {
		present := map[int64]bool{}
		s.rows.Each(func(_ int, r orderRow) { present[s.keys.of(r.CardID)] = true })
		s.list.Sel.Retain(func(id int64) bool { return present[id] }, n)
	}
	s.list.Refresh()
	widgets.SetHint(s.counter, plural(n, lang.L("1 card"), lang.X("orders.shown", "{{.N}} cards", map[string]any{"N": n})))
	s.acts.refresh()
	s.showEmpty()
}

// showEmpty fills an empty list with what would be there and why not.
func (s *Screen) showEmpty() {
	if !s.rows.Loaded() || s.rows.Len() > 0 {
		s.emptyBox.Hide()
		s.notice.Hidden = s.notice.Text == ""
		s.notice.Refresh()
		return
	}
	var state fyne.CanvasObject
	filtered := s.query.Status != "" || s.query.Kind != ""
	switch {
	case filtered:
		s.emptyNote.SetText(lang.L("No ordered cards match the filter."))
		state = container.NewCenter(widgets.AtLeast(420, 0, s.emptyNote))
	case s.setUpKnown && !s.setUp:
		state = widgets.EmptyState(theme.MailSendIcon(), lang.L("Card orders"),
			lang.L("Cards ordered from the card producer are listed here, from ordered through in production to produced."),
			notSetUp())
	default:
		what := lang.L("Order a personal card for a cardholder, or temporary cards for the desk's stock, with the buttons above.")
		if !s.on(enroll.UseOrderCard) && !s.on(enroll.UseOrderTemporaryCards) {
			what = lang.L("An administrator turns ordering cards on in Settings > Card production.")
		}
		state = widgets.EmptyState(theme.MailSendIcon(), lang.L("No cards ordered yet"), what, "")
	}
	// The empty state says it already: the notice would repeat it.
	s.notice.Hidden = s.notice.Text == "" || (!filtered && s.setUpKnown && !s.setUp)
	s.notice.Refresh()
	s.emptyBox.Objects = []fyne.CanvasObject{state}
	s.emptyBox.Show()
	s.emptyBox.Refresh()
}

// selectedRows are the selected cards in list order.
func (s *Screen) selectedRows() []orderRow {
	var out []orderRow
	s.rows.Each(func(_ int, r orderRow) {
		if s.list.Sel.Has(s.keys.of(r.CardID)) {
			out = append(out, r)
		}
	})
	return out
}

// orderKeys lets the selection find cards by row.
type orderKeys struct{ s *Screen }

func (k orderKeys) Len() int { return k.s.rows.Len() }
func (k orderKeys) Key(i int) (int64, bool) {
	r, ok := k.s.rows.Peek(i)
	if !ok {
		return 0, false
	}
	return k.s.keys.of(r.CardID), true
}

// retried reports whether a failed personal card was ordered again: its
// order has a newer card for the same cardholder.
func retried(ctx context.Context, st *enroll.Station, a enroll.Actor, c enroll.OrderedCard) (bool, error) {
	same, _, err := st.Orders.List(ctx, a, enroll.OrderedCardQuery{OrderID: c.OrderID, CardholderID: c.CardholderID})
	if err != nil {
		return false, err
	}
	for _, o := range same {
		if o.CardID != c.CardID && o.CreatedAt.After(c.CreatedAt) {
			return true, nil
		}
	}
	return false, nil
}
