package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// credentialsView lists enrolled card identities, read-only: enrolling
// credentials arrives together with card formats.
type credentialsView struct {
	s         *session
	box       fyne.CanvasObject
	search    *textEntry
	available *widget.Check
	counter   *widget.RichText
	empty     *widget.Label
	list      *widget.List
	rows      *pager[enroll.Credential]
	query     enroll.CredentialQuery
	typing    *debouncer
}

func credentialColumns() []column {
	return []column{
		{title: lang.L("Format"), min: 90},
		{title: lang.L("Number"), min: 170, weight: 2},
		{title: lang.L("Name"), min: 110, weight: 1},
		{title: lang.L("Status"), min: 80},
		{title: lang.L("Cardholder"), min: 160, weight: 2},
		{title: lang.L("Activation"), min: 95},
		{title: lang.L("Expires"), min: 95},
	}
}

func newCredentialsView(s *session) view {
	v := &credentialsView{s: s}
	v.rows = newPager(s.d.run, func(offset, limit int) func() ([]enroll.Credential, int, error) {
		q := v.query
		q.Offset, q.Limit = offset, limit
		return func() ([]enroll.Credential, int, error) { return s.d.st.Credentials.List(s.d.ctx, s.actor, q) }
	})
	v.rows.onLoad = v.loaded
	v.rows.onError = func(err error) { s.status.flashError(explain(err)) }

	v.search = newTextEntry()
	v.search.SetPlaceHolder(lang.L("Search number, bits or name"))
	v.typing = newDebouncer(s.d.run, v.filter)
	v.search.OnChanged = func(string) { v.typing.trigger() }
	v.search.OnSubmitted = func(string) { v.filter() }
	v.available = widget.NewCheck(lang.L("Only unassigned"), func(bool) { v.filter() })
	v.counter = hint("")
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.filter)

	cols := credentialColumns()
	v.list = widget.NewList(v.rows.len, func() fyne.CanvasObject {
		return row(cols, cellLabel(), cellLabel(), cellLabel(), cellLabel(), cellLabel(), cellLabel(), cellLabel())
	}, v.updateRow)
	v.empty = widget.NewLabel("")
	v.empty.Hide()

	title := widget.NewLabelWithStyle(lang.L("Credentials"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	tools := container.NewBorder(nil, nil, title, container.NewHBox(v.available, container.NewCenter(v.counter), refresh), v.search)
	info := infoLine(lang.L("Enrolling credentials (typing a card number or presenting a card) comes with card formats in a later version; this list is read-only."))
	v.box = container.NewBorder(container.NewVBox(tools, info, header(cols)), nil, nil, nil,
		container.NewStack(v.list, container.NewCenter(v.empty)))
	return v
}

func (v *credentialsView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	c, ok := v.rows.item(i)
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
	texts := []string{c.Format, credentialNumber(c.Fields), c.Name, credentialStatusName(c.Status), cardholder,
		dateOrEmpty(c.ActivationDate), localDate(c.ExpiresAt)}
	for j, t := range texts {
		cells[j].(*widget.Label).SetText(t)
	}
}

func (v *credentialsView) content() fyne.CanvasObject { return v.box }
func (v *credentialsView) shown()                     { v.filter() }

func (v *credentialsView) filter() {
	v.query.Text = v.search.Text
	v.query.Available = v.available.Checked
	v.rows.reset()
}

func (v *credentialsView) loaded() {
	v.list.Refresh()
	n := v.rows.len()
	setHint(v.counter, lang.X("credentials.shown", "{{.N}} credentials", map[string]any{"N": n}))
	switch {
	case n > 0:
		v.empty.Hide()
		return
	case v.query.Text != "" || v.query.Available:
		v.empty.SetText(lang.L("No credentials match the search."))
	default:
		v.empty.SetText(lang.L("No credentials enrolled yet."))
	}
	v.empty.Show()
}
