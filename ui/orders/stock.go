package orders

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// stockRow is a temporary card of the stock as the list shows it.
type stockRow struct {
	enroll.TempCard
	Name       string // its cardholder's, while assigned or expired
	Credential string // the number encoded on it
}

// stockData is one read of the stock.
type stockData struct {
	rows []stockRow
	// waiting counts the produced temporary cards not initialized yet.
	waiting int
}

// stockView is the Temporary cards tab: the desk's stock with its
// filter, and Assign, Withdraw and Lock on the selected cards.
type stockView struct {
	s        *Screen
	box      fyne.CanvasObject
	status   *widgets.Select
	counter  *widget.RichText
	waiting  *widget.Label
	list     *widgets.MultiList
	rows     []stockRow
	keys     keyring
	empty    *widget.Label
	assign   *widget.Button
	withdraw *widget.Button
	lock     *widget.Button
	hint     *widgets.TipLabel
	gen      int

	assigning *assignDialog // the open dialog, for tests
}

func stockStatusChoices() ([]string, []enroll.TempCardStatus) {
	return []string{lang.L("All statuses"), lang.L("Unassigned"), lang.L("Assigned"), lang.L("Expired"), lang.L("Locked")},
		[]enroll.TempCardStatus{"", enroll.TempUnassigned, enroll.TempAssigned, enroll.TempExpired, enroll.TempLocked}
}

func stockColumns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Card"), Min: 90},
		{Title: lang.L("Status"), Min: 100},
		{Title: lang.L("Cardholder"), Min: 130, Weight: 2},
		{Title: lang.L("Until"), Min: 100},
		{Title: lang.L("Credential"), Min: 150, Weight: 2},
	}
}

func newStockView(s *Screen) *stockView {
	v := &stockView{s: s}
	names, _ := stockStatusChoices()
	v.status = widgets.NewFilterSelect(names, v.load)
	v.counter = widgets.Hint("")
	v.waiting = widget.NewLabel("")
	v.waiting.Wrapping = fyne.TextWrapWord
	v.waiting.Importance = widget.HighImportance
	v.waiting.Hide()
	cols := stockColumns()
	v.list = widgets.NewMultiList(stockKeys{v}, func() *fyne.Container { return widgets.TextRow(cols) }, v.updateRow)
	v.list.OnChange = v.refresh
	v.empty = widget.NewLabel("")
	v.empty.Alignment = fyne.TextAlignCenter
	v.empty.Wrapping = fyne.TextWrapWord
	v.empty.Hide()
	v.assign = widget.NewButtonWithIcon(lang.L("Assign…"), theme.AccountIcon(), v.Assign)
	v.assign.Importance = widget.HighImportance
	v.withdraw = widget.NewButtonWithIcon(lang.L("Withdraw"), theme.ContentUndoIcon(), v.Withdraw)
	v.lock = widget.NewButtonWithIcon(lang.L("Lock…"), theme.CancelIcon(), v.Lock)
	filters := container.NewBorder(nil, nil, v.status, container.NewCenter(v.counter))
	var acts fyne.CanvasObject
	acts, v.hint = widgets.ActionBar(v.assign, v.withdraw, v.lock)
	v.box = container.NewBorder(container.NewVBox(filters, v.waiting, acts, widgets.Header(cols)), nil, nil, nil,
		container.NewStack(v.list, container.NewCenter(widgets.AtLeast(420, 0, v.empty))))
	v.refresh()
	return v
}

func (v *stockView) updateRow(i int, c *fyne.Container) {
	cells := make([]*widget.Label, len(c.Objects))
	for j, o := range c.Objects {
		cells[j] = o.(*widget.Label)
	}
	if i >= len(v.rows) {
		widgets.SetTexts(cells, "", "", "", "", "")
		return
	}
	r := v.rows[i]
	until := ""
	if r.Status == enroll.TempAssigned || r.Status == enroll.TempExpired {
		until = lang.L("No end")
		if !r.Until.IsZero() {
			until = r.Until.Format(words.DateLayout)
		}
	}
	widgets.SetTexts(cells, shortID(r.CardID), tempStatusWord(r.Status), r.Name, until, r.Credential)
}

// load reads the stock with the filter, and how many produced cards wait
// to be initialized.
func (v *stockView) load() {
	v.gen++
	gen := v.gen
	_, statuses := stockStatusChoices()
	status := enroll.TempCardStatus("")
	if i := v.status.SelectedIndex(); i >= 0 {
		status = statuses[i]
	}
	s := v.s
	st, ctx, actor, names := s.h.Station(), s.h.Jobs().Context(), s.h.Actor(), s.names
	widgets.Go(s.h.Jobs(), func() (stockData, error) {
		var d stockData
		ts, err := st.TempCards.List(ctx, actor, status)
		if err != nil {
			return d, err
		}
		for _, t := range ts {
			r := stockRow{TempCard: t, Name: names.of(ctx, st, actor, t.CardholderID)}
			if t.CredentialID != 0 {
				if k, err := st.Credentials.Get(ctx, actor, t.CredentialID); err == nil {
					r.Credential = words.CredentialNumber(k.Fields)
				}
			}
			d.rows = append(d.rows, r)
		}
		all, err := st.TempCards.List(ctx, actor, "")
		if err != nil {
			return d, err
		}
		in := map[string]bool{}
		for _, t := range all {
			in[t.CardID] = true
		}
		produced, _, err := st.Orders.List(ctx, actor, enroll.OrderedCardQuery{Status: enroll.OrderProduced, Kind: enroll.KindTemporary})
		if err != nil {
			return d, err
		}
		for _, c := range produced {
			if !in[c.CardID] {
				d.waiting++
			}
		}
		return d, nil
	}, func(d stockData, err error) {
		if gen != v.gen {
			return
		}
		if err != nil {
			s.h.FlashError(explain(err))
			return
		}
		v.rows = d.rows
		present := map[int64]bool{}
		for _, r := range d.rows {
			present[v.keys.of(r.CardID)] = true
		}
		v.list.Sel.Retain(func(id int64) bool { return present[id] }, len(d.rows))
		v.list.Refresh()
		widgets.SetHint(v.counter, plural(len(d.rows), lang.L("1 temporary card"),
			lang.X("orders.stock.shown", "{{.N}} temporary cards", map[string]any{"N": len(d.rows)})))
		waiting := ""
		switch {
		case d.waiting == 1:
			waiting = lang.L("1 produced temporary card waits to be initialized: select it under Ordered cards and click Initialize.")
		case d.waiting > 1:
			waiting = lang.X("orders.stock.waiting", "{{.N}} produced temporary cards wait to be initialized: select them under Ordered cards and click Initialize.",
				map[string]any{"N": d.waiting})
		}
		widgets.SetMessage(v.waiting, waiting)
		switch {
		case len(d.rows) > 0:
			v.empty.Hide()
		case status != "":
			v.empty.SetText(lang.L("No temporary cards match the filter."))
			v.empty.Show()
		default:
			v.empty.SetText(lang.L("The stock is empty. Produced temporary cards join it when they are initialized under Ordered cards."))
			v.empty.Show()
		}
		v.refresh()
	})
}

// selected are the selected cards in list order.
func (v *stockView) selected() []stockRow {
	var out []stockRow
	for _, r := range v.rows {
		if v.list.Sel.Has(v.keys.of(r.CardID)) {
			out = append(out, r)
		}
	}
	return out
}

// stockApplies says which actions the selection allows.
func stockApplies(sel []stockRow) (assign, withdraw, lock bool) {
	if len(sel) == 0 {
		return false, false, false
	}
	withdraw, lock = true, true
	for _, r := range sel {
		withdraw = withdraw && (r.Status == enroll.TempAssigned || r.Status == enroll.TempExpired)
		lock = lock && (r.Status == enroll.TempUnassigned || r.Status == enroll.TempAssigned)
	}
	return len(sel) == 1 && sel[0].Status == enroll.TempUnassigned, withdraw, lock
}

// refresh enables what the selection allows.
func (v *stockView) refresh() {
	sel := v.selected()
	assign, withdraw, lock := stockApplies(sel)
	widgets.SetEnabled(v.assign, assign)
	widgets.SetEnabled(v.withdraw, withdraw)
	widgets.SetEnabled(v.lock, lock)
	v.hint.SetText(selectionHint(len(sel)))
}

// Withdraw takes the selected cards back into the stock.
func (v *stockView) Withdraw() {
	sel := v.selected()
	if _, ok, _ := stockApplies(sel); !ok {
		return
	}
	eachCard(v.s, sel, v.s.h.Station().TempCards.Withdraw, lang.L("Some temporary cards were not withdrawn"), func(n int) string {
		return plural(n, lang.L("1 temporary card withdrawn: back in the stock."),
			lang.X("orders.withdraw.done", "{{.N}} temporary cards withdrawn: back in the stock.", map[string]any{"N": n}))
	})
}

// Lock asks, then takes the selected cards out of use for good.
func (v *stockView) Lock() {
	sel := v.selected()
	if _, _, ok := stockApplies(sel); !ok {
		return
	}
	s := v.s
	msg := plural(len(sel),
		lang.X("orders.lock.ask_one", "Lock temporary card {{.Card}}? Locking is final: a locked card is never handed out again and its credential stays inactive.",
			map[string]any{"Card": shortID(sel[0].CardID)}),
		lang.X("orders.lock.ask", "Lock {{.N}} temporary cards? Locking is final: a locked card is never handed out again and its credential stays inactive.",
			map[string]any{"N": len(sel)}))
	s.confirm(lang.L("Lock temporary cards"), msg, lang.L("Lock"), func() {
		eachCard(s, sel, s.h.Station().TempCards.Lock, lang.L("Some temporary cards were not locked"), func(n int) string {
			return plural(n, lang.L("1 temporary card locked."), lang.X("orders.lock.done", "{{.N}} temporary cards locked.", map[string]any{"N": n}))
		})
	})
}

// Assign opens the Assign dialog for the selected unassigned card.
func (v *stockView) Assign() {
	sel := v.selected()
	if ok, _, _ := stockApplies(sel); !ok {
		return
	}
	v.assigning = openAssign(v.s, sel[0])
}

// stockKeys lets the selection find cards by row.
type stockKeys struct{ v *stockView }

func (k stockKeys) Len() int { return len(k.v.rows) }
func (k stockKeys) Key(i int) (int64, bool) {
	if i < 0 || i >= len(k.v.rows) {
		return 0, false
	}
	return k.v.keys.of(k.v.rows[i].CardID), true
}

// assignDialog hands an unassigned temporary card to an active
// cardholder, until a day or without end.
type assignDialog struct {
	s      *Screen
	card   stockRow
	pick   *screen.CardholderPicker
	until  *widgets.DateEntry
	fields *widgets.FieldSet
	form   *dialogs.Form
	holder enroll.Cardholder // the one the card goes to
}

func openAssign(s *Screen, card stockRow) *assignDialog {
	d := &assignDialog{s: s, card: card, pick: screen.NewCardholderPicker(s.h), until: widgets.NewDateEntry(), fields: newFields()}
	d.fields.Add("cardholder", lang.L("Cardholder"), d.pick.Box)
	d.fields.Add("until", lang.L("Until"), d.until)
	hint := lang.X("orders.assign.hint", "Temporary card {{.Card}} goes to the cardholder picked; its credential becomes theirs and active. Leave Until empty for no end.",
		map[string]any{"Card": shortID(card.CardID)})
	d.form = dialogs.ShowForm(s.h, s.h.Jobs(), dialogs.FormSpec{Title: lang.L("Assign temporary card"), OK: lang.L("Assign"),
		Fields: d.fields, Width: 520, Hint: hint, Submit: d.submit, Done: d.assigned})
	d.until.OnSubmitted = func(string) { d.form.Submit() }
	d.pick.OnSubmit = d.form.Submit
	d.pick.Load()
	return d
}

// submit is the work of Assign, once a cardholder is picked and the date
// can be read.
func (d *assignDialog) submit() func() error {
	c, ok := d.pick.Selected()
	if !ok {
		d.fields.Set("cardholder", lang.L("Pick the cardholder the card is for."))
		return nil
	}
	until, ok := d.until.Date()
	if !ok {
		d.fields.Set("until", lang.L("Type the date as YYYY-MM-DD, for example 2026-12-31, or leave it empty."))
		return nil
	}
	d.holder = c
	st, ctx, actor := d.s.h.Station(), d.s.h.Jobs().Context(), d.s.h.Actor()
	return func() error {
		_, err := st.TempCards.Assign(ctx, actor, d.card.CardID, c.ID, until)
		return err
	}
}

func (d *assignDialog) assigned() {
	d.s.h.Flash(lang.X("orders.assign.done", "Temporary card {{.Card}} assigned to {{.Name}}.",
		map[string]any{"Card": shortID(d.card.CardID), "Name": d.holder.FullName()}))
	d.s.changed()
}
