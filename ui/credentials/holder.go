package credentials

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// Holder is the dialog of one cardholder's credentials, opened from the
// Cardholders screen: each card with its status and expiry date, and the
// actions of the Credentials screen on the one selected (all but Assign).
// An inactive cardholder's active cards are made inactive in one step.
type Holder struct {
	h       screen.Host
	c       enroll.Cardholder
	changed func()

	dlg        *dialog.CustomDialog
	list       *widgets.MultiList
	rows       []enroll.Credential
	empty      *widget.Label
	acts       *Actions
	deactivate *widget.Button // shown for an inactive cardholder only
	question   *dialog.ConfirmDialog
	shut       bool
}

func holderColumns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Card"), Min: 190, Weight: 2},
		{Title: lang.L("Status"), Min: 80},
		{Title: lang.L("Expires"), Min: 90},
	}
}

// ShowHolder opens the credentials of cardholder c; changed runs after
// every change, so the cardholder list can show it.
func ShowHolder(h screen.Host, c enroll.Cardholder, changed func()) *Holder {
	d := &Holder{h: h, c: c, changed: changed}
	cols := holderColumns()
	d.list = widgets.NewMultiList(holderKeys{d}, func() *fyne.Container {
		return widgets.Row(cols, widgets.TwoLines(false), widgets.Cell(), widgets.Cell())
	}, d.updateRow)
	d.list.Single = true
	d.list.OnChange = func() { d.acts.Refresh() }
	d.list.OnMenu = func(_ int, at fyne.Position) {
		widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", d.acts.MenuItems()...), h.Window().Canvas(), at)
	}
	d.empty = widget.NewLabel(lang.X("credentials.holder.none", "{{.Name}} holds no credentials.", map[string]any{"Name": c.FullName()}))
	d.empty.Hide()
	d.acts = NewActions(h, d.selected, d.afterChange, false)
	d.deactivate = widget.NewButtonWithIcon(lang.L("Make all inactive…"), theme.CancelIcon(), d.DeactivateAll)
	bar := d.acts.Box
	if c.Status == enroll.CardholderInactive {
		bar = container.NewBorder(nil, nil, nil, d.deactivate, d.acts.Box)
	}
	who := widget.NewLabel(lang.X("credentials.holder.who", "{{.Name}} · {{.Status}}",
		map[string]any{"Name": c.FullName(), "Status": words.CardholderStatus(c.Status)}))
	who.TextStyle.Bold = true
	body := container.NewBorder(container.NewVBox(who, bar, widgets.Header(cols)), nil, nil, nil,
		widgets.AtLeast(0, 200, container.NewStack(d.list, container.NewCenter(d.empty))))
	d.dlg = dialog.NewCustom(lang.L("Credentials"), lang.L("Close"), widgets.AtLeast(600, 0, body), h.Window())
	h.ShowDialog(d.dlg)
	d.dlg.SetOnClosed(func() { d.shut = true })
	d.dlg.Resize(dialogs.Size(h.Window(), 680, 420))
	d.reload()
	return d
}

// reload reads the cardholder's credentials again (after every change).
func (d *Holder) reload() {
	st, ctx, actor, id := d.h.Station(), d.h.Jobs().Context(), d.h.Actor(), d.c.ID
	widgets.Go(d.h.Jobs(), func() ([]enroll.Credential, error) {
		ks, _, err := st.Credentials.List(ctx, actor, enroll.CredentialQuery{CardholderID: id})
		return ks, err
	}, func(ks []enroll.Credential, err error) {
		if d.shut {
			return
		}
		if err != nil {
			d.empty.SetText(words.Explain(err))
			d.empty.Show()
			return
		}
		d.rows = ks
		d.empty.Hidden = len(ks) > 0
		d.empty.Refresh()
		present := map[int64]bool{}
		active := false
		for _, k := range ks {
			present[k.ID] = true
			active = active || k.Status == enroll.CredentialActive
		}
		d.list.Sel.Retain(func(id int64) bool { return present[id] }, len(ks))
		if d.list.Sel.Count() == 0 && len(ks) == 1 {
			d.list.Sel.Set([]int64{ks[0].ID})
		}
		widgets.SetEnabled(d.deactivate, active && d.h.Actor().Can(enroll.PermManageCredentials))
		d.list.Refresh()
		d.acts.Refresh()
	})
}

// afterChange follows a change: the dialog and the cardholder list show it.
func (d *Holder) afterChange() {
	d.reload()
	if d.changed != nil {
		d.changed()
	}
}

func (d *Holder) updateRow(i int, c *fyne.Container) {
	number, state, expires := c.Objects[0].(*fyne.Container), c.Objects[1].(*widget.Label), c.Objects[2].(*widget.Label)
	if i >= len(d.rows) {
		widgets.SetTwoLines(number, "", "")
		state.SetText("")
		expires.SetText("")
		return
	}
	k := d.rows[i]
	main, rest := cardLines(k)
	widgets.SetTwoLines(number, main, rest)
	widgets.SetCell(state, words.CredentialStatus(k.Status), statusImportance(k.Status), fyne.TextStyle{})
	expires.SetText(words.Date(k.ExpiresAt))
}

// selected is the card selected in the dialog.
func (d *Holder) selected() (enroll.Credential, bool) {
	for _, k := range d.rows {
		if d.list.Sel.Has(k.ID) {
			return k, true
		}
	}
	return enroll.Credential{}, false
}

// Select selects the card with this id (tests, and a card opened by id).
func (d *Holder) Select(id int64) {
	d.list.Sel.Set([]int64{id})
	d.list.Changed()
}

// DeactivateAll asks, then makes every active card of the inactive
// cardholder inactive.
func (d *Holder) DeactivateAll() {
	if d.c.Status != enroll.CardholderInactive || d.deactivate.Disabled() {
		return
	}
	st, ctx, actor, c := d.h.Station(), d.h.Jobs().Context(), d.h.Actor(), d.c
	data := map[string]any{"Name": c.FullName()}
	q := dialogs.Confirm(d.h, lang.L("Make all cards inactive"), lang.X("credentials.holder.deactivate.ask",
		"Make every active card of {{.Name}} inactive? They stay with {{.Name}} and can be made active again.", data),
		lang.L("Make inactive"), func() {
			widgets.Go(d.h.Jobs(), func() (int, error) {
				return st.Credentials.DeactivateAll(ctx, actor, c.ID)
			}, func(n int, err error) {
				d.afterChange()
				d.h.Changed()
				if err != nil {
					d.acts.showRefusal(lang.L("The cards were not made inactive"), err)
					return
				}
				data["N"] = n
				if n == 1 {
					d.h.Flash(lang.X("credentials.holder.deactivate.one", "1 card of {{.Name}} made inactive.", data))
				} else {
					d.h.Flash(lang.X("credentials.holder.deactivate.done", "{{.N}} cards of {{.Name}} made inactive.", data))
				}
			})
		})
	q.SetOnClosed(func() {
		if d.question == q {
			d.question = nil
		}
	})
	d.question = q
}

// holderKeys lets the selection find the cards by row.
type holderKeys struct{ d *Holder }

func (k holderKeys) Len() int { return len(k.d.rows) }
func (k holderKeys) Key(i int) (int64, bool) {
	if i < 0 || i >= len(k.d.rows) {
		return 0, false
	}
	return k.d.rows[i].ID, true
}
