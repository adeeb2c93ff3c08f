package orders

import (
	"errors"
	"strconv"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// OrderCard opens the Order card dialog for one cardholder, chosen
// already (the cardholder list's Order card…). The card is ordered when
// the operator confirms; the status bar says how it went.
func OrderCard(h screen.Host, cardholderID int64, name string) {
	openOrder(h, enroll.KindPersonal, &holder{ID: cardholderID, Name: name}, nil)
}

// holder is a cardholder chosen before the dialog opens.
type holder struct {
	ID   int64
	Name string
}

// orderDialog orders a personal card (for a cardholder picked in it, or
// preset) or 1 to 9 temporary cards, in a layout of the producer's.
type orderDialog struct {
	h      screen.Host
	kind   enroll.CardKind
	preset *holder                  // nil: picked in the dialog
	pick   *screen.CardholderPicker // nil with a preset cardholder
	layout *widgets.Select
	ids    []string // the layout ids of layout's options; "" is the default
	amount *widgets.Select
	fields *widgets.FieldSet
	form   *dialogs.Form
	done   func([]enroll.OrderedCard)
	// The order under way: the cardholder's name, the cards ordered.
	name  string
	cards []enroll.OrderedCard
}

// openOrder shows the dialog; done (may be nil) gets the cards ordered.
func openOrder(h screen.Host, kind enroll.CardKind, preset *holder, done func([]enroll.OrderedCard)) *orderDialog {
	d := &orderDialog{h: h, kind: kind, preset: preset, done: done, fields: newFields()}
	title, ok := lang.L("Order card"), lang.L("Order card")
	switch {
	case kind == enroll.KindTemporary:
		title, ok = lang.L("Order temporary cards"), lang.L("Order")
		d.amount = widgets.NewSelect([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, nil)
		d.amount.SetSelectedIndex(0)
		d.fields.Add("amount", lang.L("How many"), d.amount)
	case preset != nil:
		d.fields.Add("cardholder", lang.L("Cardholder"), widgets.Bold(preset.Name))
	default:
		d.pick = screen.NewCardholderPicker(h)
		d.fields.Add("cardholder", lang.L("Cardholder"), d.pick.Box)
	}
	d.ids = []string{""}
	d.layout = widgets.NewSelect([]string{lang.L("Default layout")}, nil)
	d.layout.SetSelectedIndex(0)
	d.fields.Add("layout", lang.L("Layout"), d.layout)
	hint := ""
	if kind == enroll.KindTemporary {
		hint = lang.L("Temporary cards go to the desk's stock. Once produced, initialize them under Ordered cards and hand them out under Temporary cards.")
	}
	d.form = dialogs.ShowForm(h, h.Jobs(), dialogs.FormSpec{Title: title, OK: ok, Fields: d.fields, Width: 520, Hint: hint,
		Submit: d.submit, Failed: d.failed, Done: d.ordered})
	if d.pick != nil {
		d.pick.OnSubmit = d.form.Submit
		d.pick.Load()
	}
	d.loadLayouts()
	return d
}

// loadLayouts offers the producer's layouts; the station's default
// layout stays the first choice.
func (d *orderDialog) loadLayouts() {
	st, ctx, actor := d.h.Station(), d.h.Jobs().Context(), d.h.Actor()
	widgets.Go(d.h.Jobs(), func() ([]enroll.Layout, error) {
		return st.Orders.Layouts(ctx, actor)
	}, func(ls []enroll.Layout, err error) {
		if d.form.Closed() {
			return
		}
		switch {
		case errors.Is(err, enroll.ErrProducerNotConfigured):
			d.form.Block(notSetUp())
			return
		case err != nil:
			d.fields.Set("layout", lang.X("orders.layouts.unread", "{{.Problem}} The card is ordered in the default layout.",
				map[string]any{"Problem": explainCall(err)}))
			return
		}
		names := []string{lang.L("Default layout")}
		d.ids = []string{""}
		for _, l := range ls {
			name := l.Name
			if name == "" {
				name = l.ID
			}
			names = append(names, name)
			d.ids = append(d.ids, l.ID)
		}
		d.layout.SetOptions(names)
		d.layout.SetSelectedIndex(0)
	})
}

// layoutID is the layout chosen; "" is the station's default.
func (d *orderDialog) layoutID() string {
	if i := d.layout.SelectedIndex(); i > 0 && i < len(d.ids) {
		return d.ids[i]
	}
	return ""
}

// submit is the work of OK: the cards as entered, unless a cardholder is
// yet to be picked.
func (d *orderDialog) submit() func() error {
	st, ctx, actor := d.h.Station(), d.h.Jobs().Context(), d.h.Actor()
	layout := d.layoutID()
	if d.kind == enroll.KindTemporary {
		n, _ := strconv.Atoi(d.amount.Selected)
		return func() error {
			var err error
			d.cards, err = st.Orders.OrderTemporary(ctx, actor, n, layout)
			return err
		}
	}
	id, name := int64(0), ""
	if d.preset != nil {
		id, name = d.preset.ID, d.preset.Name
	} else if c, ok := d.pick.Selected(); ok {
		id, name = c.ID, c.FullName()
	}
	if id == 0 {
		d.fields.Set("cardholder", lang.L("Pick the cardholder the card is for."))
		return nil
	}
	d.name = name
	return func() error {
		c, err := st.Orders.OrderCard(ctx, actor, id, layout)
		d.cards = []enroll.OrderedCard{c}
		return err
	}
}

// failed shows an inactive cardholder at the cardholder.
func (d *orderDialog) failed(err error) bool {
	var inactive *enroll.CardholderInactiveError
	if errors.As(err, &inactive) {
		d.fields.Set("cardholder", explain(err))
		return true
	}
	return false
}

// flashPersonal tells how the order went: queued, sent, or waiting for
// the producer.
func (d *orderDialog) flashPersonal(name string, c enroll.OrderedCard) {
	if c.LastError != "" {
		d.h.FlashError(lang.X("orders.ordered.waiting", "Card ordered for {{.Name}}. {{.Problem}}",
			map[string]any{"Name": name, "Problem": problemWords(c.LastError)}))
		return
	}
	d.h.Flash(lang.X("orders.ordered", "Card ordered for {{.Name}}: {{.Status}}.",
		map[string]any{"Name": name, "Status": statusWord(orderRow{OrderedCard: c})}))
}

// ordered says how the order went.
func (d *orderDialog) ordered() {
	cards := d.cards
	if d.kind == enroll.KindTemporary {
		d.h.Flash(plural(len(cards), lang.L("1 temporary card ordered."),
			lang.X("orders.ordered.temporary", "{{.N}} temporary cards ordered.", map[string]any{"N": len(cards)})))
	} else {
		d.flashPersonal(d.name, cards[0])
	}
	d.h.Changed()
	if d.done != nil {
		d.done(cards)
	}
}
