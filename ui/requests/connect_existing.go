package requests

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// existingWay assigns a credential that is enrolled and held by nobody:
// search, then double-click a row or press Enter (or Assign).
type existingWay struct {
	c       *connectDialog
	search  *widgets.Entry
	list    *widgets.MultiList
	rows    *widgets.Pager[enroll.Credential]
	query   enroll.CredentialQuery
	counter *widget.RichText
	empty   *widget.Label
	assign  *widget.Button
	typing  *widgets.Debouncer
	box     fyne.CanvasObject
	problem *messageLine
	done    bool
}

func availableColumns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Format"), Min: 80},
		{Title: lang.L("Number"), Min: 170, Weight: 2},
		{Title: lang.L("Name"), Min: 100, Weight: 1},
		{Title: lang.L("Status"), Min: 80},
	}
}

func newExistingWay(c *connectDialog) *existingWay {
	e := &existingWay{c: c, query: enroll.CredentialQuery{Available: true}, problem: newMessageLine(widget.DangerImportance)}
	h := c.s.h
	st, ctx, actor := h.Station(), h.Jobs().Context(), h.Actor()
	e.rows = widgets.NewPager(h.Jobs(), func(offset, limit int) func() ([]enroll.Credential, int, error) {
		q := e.query
		q.Offset, q.Limit = offset, limit
		return func() ([]enroll.Credential, int, error) { return st.Credentials.List(ctx, actor, q) }
	})
	e.rows.OnLoad = func(bool) { e.loaded() }
	e.rows.OnError = func(err error) { e.problem.set(words.Explain(err), widget.DangerImportance) }

	e.search = widgets.NewEntry()
	e.search.SetPlaceHolder(lang.L("Search number, bits or name"))
	e.typing = widgets.NewDebouncer(h.Jobs(), e.filter)
	e.search.OnChanged = func(string) {
		e.problem.clear() // new input: the last refusal no longer applies
		e.typing.Trigger()
	}
	e.search.OnSubmitted = func(string) { e.enterFromSearch() }
	e.counter = widgets.Hint("")
	cols := availableColumns()
	e.list = widgets.NewMultiList(credentialKeys{e.rows}, func() *fyne.Container {
		return widgets.TextRow(cols)
	}, e.updateRow)
	e.list.Single = true
	e.list.OnDouble = e.submit
	e.list.OnActivate = e.submit
	e.list.OnChange = func() {
		e.problem.clear() // another card picked
		e.selectionChanged()
	}
	e.empty = widget.NewLabel("")
	e.empty.Hide()
	e.assign = widget.NewButtonWithIcon(lang.L("Assign"), theme.ConfirmIcon(), e.submit)
	e.assign.Importance = widget.HighImportance
	e.assign.Disable()
	help := widgets.Hint(lang.L("Double-click a card, or select it and press Enter."))
	e.box = container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, container.NewCenter(e.counter), e.search), widgets.Header(cols)),
		container.NewHBox(container.NewCenter(help), layout.NewSpacer(), e.assign), nil, nil,
		container.NewStack(e.list, container.NewCenter(e.empty)))
	return e
}

func (e *existingWay) content() fyne.CanvasObject { return e.box }

func (e *existingWay) line() *messageLine { return e.problem }

func (e *existingWay) updateRow(i int, c *fyne.Container) {
	cells := c.Objects
	k, ok := e.rows.Item(i)
	texts := []string{lang.L("Loading…"), "", "", ""}
	if ok {
		texts = []string{words.FormatName(k.Format), words.CredentialNumber(k.Fields), k.Name, words.CredentialStatus(k.Status)}
	}
	for j, t := range texts {
		cells[j].(*widget.Label).SetText(t)
	}
}

func (e *existingWay) filter() {
	e.query.Text = e.search.Text
	e.list.Sel.Clear()
	e.rows.Reset()
}

func (e *existingWay) loaded() {
	e.list.Refresh()
	n := e.rows.Len()
	widgets.SetHint(e.counter, lang.X("connect.available", "{{.N}} available", map[string]any{"N": n}))
	e.selectionChanged()
	if n > 0 {
		e.empty.Hide()
		return
	}
	if e.query.Text != "" {
		e.empty.SetText(lang.L("No available card matches the search."))
	} else {
		e.empty.SetText(lang.L("Every enrolled card is assigned. Enroll a new one under Manual or Automatic."))
	}
	e.empty.Show()
}

// enterFromSearch picks the first match when none is selected yet.
func (e *existingWay) enterFromSearch() {
	if _, ok := e.selected(); ok {
		e.submit()
		return
	}
	if e.rows.Len() > 0 {
		e.list.Clicked(0, 0)
	}
}

func (e *existingWay) selected() (enroll.Credential, bool) {
	if i := e.list.Sel.Cursor; i >= 0 {
		if k, ok := e.rows.Peek(i); ok && e.list.Sel.Has(k.ID) {
			return k, true
		}
	}
	return enroll.Credential{}, false
}

func (e *existingWay) selectionChanged() {
	_, ok := e.selected()
	widgets.SetEnabled(e.assign, ok && !e.done)
}

func (e *existingWay) submit() {
	k, ok := e.selected()
	if !ok || e.done {
		return
	}
	h := e.c.s.h
	st, ctx, actor := h.Station(), h.Jobs().Context(), h.Actor()
	e.c.submit(e, func(req int64) (enroll.ConnectResult, error) {
		return st.Requests.ConnectExisting(ctx, actor, req, k.ID)
	}, func(error) bool { // taken meanwhile: show what is left
		e.rows.Reset()
		return false
	})
}

// begin shows the cards free now (the last one may have been taken).
func (e *existingWay) begin(enroll.CardRequest) { e.filter() }

func (e *existingWay) setDone(done bool) {
	e.done = done
	e.selectionChanged()
}

func (e *existingWay) stop() {}

// credentialKeys lets the selection find credential ids by row.
type credentialKeys struct {
	p *widgets.Pager[enroll.Credential]
}

func (k credentialKeys) Len() int { return k.p.Len() }
func (k credentialKeys) Key(i int) (int64, bool) {
	c, ok := k.p.Peek(i)
	return c.ID, ok
}
