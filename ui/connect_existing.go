package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// existingWay assigns a credential that is enrolled and held by nobody:
// search, then double-click a row or press Enter (or Assign).
type existingWay struct {
	c       *connectDialog
	search  *textEntry
	list    *multiList
	rows    *pager[enroll.Credential]
	query   enroll.CredentialQuery
	counter *widget.RichText
	empty   *widget.Label
	assign  *widget.Button
	typing  *debouncer
	box     fyne.CanvasObject
	done    bool
}

func availableColumns() []column {
	return []column{
		{title: lang.L("Format"), min: 80},
		{title: lang.L("Number"), min: 170, weight: 2},
		{title: lang.L("Name"), min: 100, weight: 1},
		{title: lang.L("Status"), min: 80},
	}
}

func newExistingWay(c *connectDialog) *existingWay {
	e := &existingWay{c: c, query: enroll.CredentialQuery{Available: true}}
	s := c.s
	e.rows = newPager(s.d.run, func(offset, limit int) func() ([]enroll.Credential, int, error) {
		q := e.query
		q.Offset, q.Limit = offset, limit
		return func() ([]enroll.Credential, int, error) { return s.d.st.Credentials.List(s.d.ctx, s.actor, q) }
	})
	e.rows.onLoad = e.loaded
	e.rows.onError = func(err error) { c.say(explain(err), widget.DangerImportance) }

	e.search = newTextEntry()
	e.search.SetPlaceHolder(lang.L("Search number, bits or name"))
	e.typing = newDebouncer(s.d.run, e.filter)
	e.search.OnChanged = func(string) { e.typing.trigger() }
	e.search.OnSubmitted = func(string) { e.enterFromSearch() }
	e.counter = hint("")
	cols := availableColumns()
	e.list = newMultiList(credentialKeys{e.rows}, func() *fyne.Container {
		return row(cols, cellLabel(), cellLabel(), cellLabel(), cellLabel())
	}, e.updateRow)
	e.list.single = true
	e.list.onDouble = e.submit
	e.list.onActivate = e.submit
	e.list.onChange = e.selectionChanged
	e.empty = widget.NewLabel("")
	e.empty.Hide()
	e.assign = widget.NewButtonWithIcon(lang.L("Assign"), theme.ConfirmIcon(), e.submit)
	e.assign.Importance = widget.HighImportance
	e.assign.Disable()
	help := hint(lang.L("Double-click a card, or select it and press Enter."))
	e.box = container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, container.NewCenter(e.counter), e.search), header(cols)),
		container.NewHBox(container.NewCenter(help), layout.NewSpacer(), e.assign), nil, nil,
		container.NewStack(e.list, container.NewCenter(e.empty)))
	return e
}

func (e *existingWay) content() fyne.CanvasObject { return e.box }

func (e *existingWay) updateRow(i int, c *fyne.Container) {
	cells := c.Objects
	k, ok := e.rows.item(i)
	texts := []string{lang.L("Loading…"), "", "", ""}
	if ok {
		texts = []string{k.Format, credentialNumber(k.Fields), k.Name, credentialStatusName(k.Status)}
	}
	for j, t := range texts {
		cells[j].(*widget.Label).SetText(t)
	}
}

func (e *existingWay) filter() {
	e.query.Text = e.search.Text
	e.list.sel.clear()
	e.rows.reset()
}

func (e *existingWay) loaded() {
	e.list.Refresh()
	n := e.rows.len()
	setHint(e.counter, lang.X("connect.available", "{{.N}} available", map[string]any{"N": n}))
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
	if e.rows.len() > 0 {
		e.list.clicked(0, 0)
	}
}

func (e *existingWay) selected() (enroll.Credential, bool) {
	if i := e.list.sel.cursor; i >= 0 {
		if k, ok := e.rows.peek(i); ok && e.list.sel.has(k.ID) {
			return k, true
		}
	}
	return enroll.Credential{}, false
}

func (e *existingWay) selectionChanged() {
	_, ok := e.selected()
	setEnabled(e.assign, ok && !e.done)
}

func (e *existingWay) submit() {
	k, ok := e.selected()
	if !ok || e.done {
		return
	}
	s := e.c.s
	e.c.submit(func(req int64) (enroll.ConnectResult, error) {
		return s.d.st.Requests.ConnectExisting(s.d.ctx, s.actor, req, k.ID)
	}, func(error) { e.rows.reset() }) // taken meanwhile: show what is left
}

// begin shows the cards free now (the last one may have been taken).
func (e *existingWay) begin(enroll.CardRequest) { e.filter() }

func (e *existingWay) setDone(done bool) {
	e.done = done
	e.selectionChanged()
}

func (e *existingWay) stop() {}

// credentialKeys lets the selection find credential ids by row.
type credentialKeys struct{ p *pager[enroll.Credential] }

func (k credentialKeys) len() int { return k.p.len() }
func (k credentialKeys) key(i int) (int64, bool) {
	c, ok := k.p.peek(i)
	return c.ID, ok
}
