package screen

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// pickLimit is how many matches the picker lists: typing narrows it.
const pickLimit = 100

// CardholderPicker finds an active cardholder for a dialog (order a card,
// hand out a temporary card, assign a credential): a search box over a
// short list of matches, one of which is picked with a click. Its methods
// run on the UI goroutine.
type CardholderPicker struct {
	// Search is the search box, Box the whole picker to place.
	Search *widgets.Entry
	Box    fyne.CanvasObject
	// OnChange is called when the pick changes; OnSubmit on Enter in the
	// search box once a cardholder is picked (nil: nothing).
	OnChange func()
	OnSubmit func()

	h      Host
	list   *widgets.MultiList
	rows   []enroll.Cardholder
	empty  *widget.Label
	typing *widgets.Debouncer
	gen    int // bumped by every search: late answers are dropped
}

func pickColumns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Name"), Min: 150, Weight: 2},
		{Title: lang.L("Department"), Min: 100, Weight: 1},
	}
}

// NewCardholderPicker builds the picker; Load lists the first matches.
func NewCardholderPicker(h Host) *CardholderPicker {
	p := &CardholderPicker{h: h, OnChange: func() {}}
	p.Search = widgets.NewEntry()
	p.Search.SetPlaceHolder(lang.L("Search name, e-mail, department or external ID"))
	p.typing = widgets.NewDebouncer(h.Jobs(), p.Load)
	p.Search.OnChanged = func(string) { p.typing.Trigger() }
	p.Search.OnSubmitted = func(string) {
		_, picked := p.Selected()
		switch {
		case !picked && len(p.rows) > 0:
			p.list.Clicked(0, 0)
			p.h.Window().Canvas().Focus(p.Search) // keep typing, or Enter again to confirm
		case picked && p.OnSubmit != nil:
			p.OnSubmit()
		}
	}
	cols := pickColumns()
	p.list = widgets.NewMultiList(pickKeys{p}, func() *fyne.Container { return widgets.TextRow(cols) }, p.updateRow)
	p.list.Single = true
	p.list.OnChange = func() { p.OnChange() }
	p.empty = widget.NewLabel("")
	p.empty.Hide()
	p.Box = container.NewBorder(container.NewVBox(p.Search, widgets.Header(cols)), nil, nil, nil,
		widgets.AtLeast(0, 180, container.NewStack(p.list, container.NewCenter(p.empty))))
	return p
}

func (p *CardholderPicker) updateRow(i int, c *fyne.Container) {
	texts := []string{"", ""}
	if i < len(p.rows) {
		texts = []string{p.rows[i].FullName(), p.rows[i].Department}
	}
	for j, t := range texts {
		c.Objects[j].(*widget.Label).SetText(t)
	}
}

// Load searches the active cardholders for what the search box says.
func (p *CardholderPicker) Load() {
	p.gen++
	gen := p.gen
	st, ctx, actor := p.h.Station(), p.h.Jobs().Context(), p.h.Actor()
	q := enroll.CardholderQuery{Text: p.Search.Text, Status: enroll.CardholderActive, Limit: pickLimit}
	widgets.Go(p.h.Jobs(), func() ([]enroll.Cardholder, error) {
		return st.Cardholders.Search(ctx, actor, q)
	}, func(rows []enroll.Cardholder, err error) {
		if gen != p.gen {
			return
		}
		if err != nil {
			p.rows = nil
			p.empty.SetText(words.Explain(err))
			p.empty.Show()
			p.list.Refresh()
			return
		}
		keep, had := p.Selected()
		p.rows = rows
		p.list.Sel.Clear()
		if had {
			for i, r := range rows {
				if r.ID == keep.ID {
					p.list.Sel.Click(i, 0, pickKeys{p})
				}
			}
		}
		p.list.Refresh()
		if len(rows) == 0 {
			if q.Text != "" {
				p.empty.SetText(lang.L("No active cardholder matches the search."))
			} else {
				p.empty.SetText(lang.L("No active cardholders."))
			}
			p.empty.Show()
		} else {
			p.empty.Hide()
		}
		p.OnChange()
	})
}

// Selected is the cardholder picked, if any.
func (p *CardholderPicker) Selected() (enroll.Cardholder, bool) {
	for _, r := range p.rows {
		if p.list.Sel.Has(r.ID) {
			return r, true
		}
	}
	return enroll.Cardholder{}, false
}

// Pick selects the row of cardholder id among the matches, as a click
// does, and reports whether it is listed.
func (p *CardholderPicker) Pick(id int64) bool {
	for i, r := range p.rows {
		if r.ID == id {
			p.list.Clicked(i, 0)
			return true
		}
	}
	return false
}

// pickKeys lets the selection find cardholder ids by row.
type pickKeys struct{ p *CardholderPicker }

func (k pickKeys) Len() int { return len(k.p.rows) }
func (k pickKeys) Key(i int) (int64, bool) {
	if i < 0 || i >= len(k.p.rows) {
		return 0, false
	}
	return k.p.rows[i].ID, true
}
