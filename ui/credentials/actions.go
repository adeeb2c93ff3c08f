package credentials

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
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

// Actions are what can be done to one credential: set its status or its
// expiry date, take it back from its holder, give it to a cardholder. The
// Credentials screen and a cardholder's credentials share them: a row of
// buttons with a line that says what the credential allows, and the same
// items for a row's menu. Every change is one step of the service, which
// refuses what the card's status does not allow; the refusal is shown in
// words.
type Actions struct {
	// Box is the buttons and their hint, to place above a list.
	Box fyne.CanvasObject

	h        screen.Host
	selected func() (enroll.Credential, bool)
	changed  func()
	assigns  bool // Assign… is offered (not for one cardholder's cards)

	status, expiry, assign, unassign *widget.Button
	hint                             *widgets.TipLabel

	// The open dialogs, for tests.
	question  *dialog.ConfirmDialog
	alert     *dialogs.Alert
	expiring  *expiryDialog
	assigning *assignDialog
}

// NewActions acts on the credential selected reports; changed runs after
// every action on the UI goroutine, refused or not, so the list and the
// details show the card as it is now. assigns offers Assign… too.
func NewActions(h screen.Host, selected func() (enroll.Credential, bool), changed func(), assigns bool) *Actions {
	a := &Actions{h: h, selected: selected, changed: changed, assigns: assigns}
	a.status = widget.NewButtonWithIcon(lang.L("Set status"), theme.MenuDropDownIcon(), a.ShowStatusMenu)
	a.status.IconPlacement = widget.ButtonIconTrailingText
	a.expiry = widget.NewButtonWithIcon(lang.L("Expiry…"), theme.CalendarIcon(), a.Expiry)
	a.unassign = widget.NewButtonWithIcon(lang.L("Unassign…"), theme.ContentUndoIcon(), a.Unassign)
	buttons := []fyne.CanvasObject{a.status, a.expiry}
	if assigns {
		a.assign = widget.NewButtonWithIcon(lang.L("Assign…"), theme.AccountIcon(), a.Assign)
		buttons = append(buttons, a.assign)
	}
	buttons = append(buttons, a.unassign)
	a.Box, a.hint = widgets.ActionBar(buttons...)
	a.Refresh()
	return a
}

// can says which actions a credential allows.
type can struct{ status, expiry, assign, unassign bool }

// settable are the statuses an operator sets by hand; expired follows
// the expiry date.
var settable = []enroll.CredentialStatus{enroll.CredentialActive, enroll.CredentialInactive,
	enroll.CredentialLost, enroll.CredentialStolen}

// statusAllowed tells whether k may go to status to: the state machine
// allows it (an expired card brought back by hand loses its past expiry
// date, or the daily check would expire it again).
func statusAllowed(k enroll.Credential, to enroll.CredentialStatus) bool {
	return enroll.CredentialStates.Can(k.Status, to)
}

// today is the start of the local day.
func today() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

func (a *Actions) applies(k enroll.Credential) can {
	c := can{expiry: true}
	for _, to := range settable {
		c.status = c.status || (to != k.Status && statusAllowed(k, to))
	}
	held := k.Status == enroll.CredentialLost || k.Status == enroll.CredentialStolen
	c.unassign = k.CardholderID != 0 && !held
	c.assign = a.assigns && k.CardholderID == 0 && (k.Status == enroll.CredentialActive || k.Status == enroll.CredentialInactive)
	return c
}

// Refresh enables what the selected credential allows and says why the
// rest is off.
func (a *Actions) Refresh() {
	k, ok := a.selected()
	allowed := a.h.Actor().Can(enroll.PermManageCredentials)
	var c can
	if ok && allowed {
		c = a.applies(k)
	}
	widgets.SetEnabled(a.status, c.status)
	widgets.SetEnabled(a.expiry, c.expiry)
	widgets.SetEnabled(a.unassign, c.unassign)
	if a.assign != nil {
		widgets.SetEnabled(a.assign, c.assign)
	}
	hint := ""
	switch {
	case !ok:
		hint = lang.L("Select a credential to act on it.")
	case !allowed:
		hint = words.Permission(enroll.PermManageCredentials)
	case k.Status == enroll.CredentialStolen:
		hint = words.CredentialTransition(k.Status, enroll.CredentialActive)
	case k.Status == enroll.CredentialLost:
		hint = lang.L("A lost card stays with its cardholder until it is found again or reported stolen.")
	case k.Status == enroll.CredentialExpired:
		hint = lang.L("Expired: a later expiry date (Expiry…), or Active or Inactive, brings the card back.")
	}
	a.hint.SetText(hint)
}

// StatusItems are the statuses to choose from, the card's own checked and
// those its status does not allow off.
func (a *Actions) StatusItems() []*fyne.MenuItem {
	k, ok := a.selected()
	items := make([]*fyne.MenuItem, len(settable))
	for i, to := range settable {
		it := fyne.NewMenuItem(words.CredentialStatus(to), func() { a.SetStatus(to) })
		it.Checked = ok && k.Status == to
		it.Disabled = !ok || k.Status == to || !statusAllowed(k, to) || !a.h.Actor().Can(enroll.PermManageCredentials)
		items[i] = it
	}
	return items
}

// MenuItems are the actions for a row's menu, enabled as the buttons are.
func (a *Actions) MenuItems() []*fyne.MenuItem {
	a.Refresh()
	status := fyne.NewMenuItem(lang.L("Set status"), nil)
	status.ChildMenu = fyne.NewMenu("", a.StatusItems()...)
	status.Disabled = a.status.Disabled()
	item := func(b *widget.Button, act func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(b.Text, act)
		it.Disabled = b.Disabled()
		return it
	}
	items := []*fyne.MenuItem{status, item(a.expiry, a.Expiry)}
	if a.assign != nil {
		items = append(items, item(a.assign, a.Assign))
	}
	return append(items, item(a.unassign, a.Unassign))
}

// ShowStatusMenu is the Set status button: the statuses drop down under it.
func (a *Actions) ShowStatusMenu() {
	c := fyne.CurrentApp().Driver().CanvasForObject(a.status)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtRelativePosition(fyne.NewMenu("", a.StatusItems()...), c,
		fyne.NewPos(0, a.status.Size().Height), a.status)
}

// SetStatus gives the selected card a status; stolen, which is final,
// is asked first.
func (a *Actions) SetStatus(to enroll.CredentialStatus) {
	k, ok := a.selected()
	if !ok {
		return
	}
	st, ctx, actor := a.h.Station(), a.h.Jobs().Context(), a.h.Actor()
	run := func() {
		a.do(func() (enroll.Credential, error) {
			if err := st.Credentials.SetStatus(ctx, actor, k.ID, to); err != nil {
				return enroll.Credential{}, err
			}
			return st.Credentials.Get(ctx, actor, k.ID)
		}, lang.L("The status was not changed"), func(k enroll.Credential) string {
			return lang.X("credentials.status.done", "Status set to {{.Status}}: {{.Card}}",
				map[string]any{"Status": words.CredentialStatus(k.Status), "Card": words.CredentialLabel(k)})
		})
	}
	if to != enroll.CredentialStolen {
		run()
		return
	}
	a.confirm(lang.L("Report card stolen"), lang.X("credentials.stolen.ask",
		"Report {{.Card}} stolen? Stolen is final: the card can never be used again, not even when it is found.",
		map[string]any{"Card": words.CredentialLabel(k)}), lang.L("Report stolen"), run)
}

// Unassign asks, naming the holder, then takes the selected card back.
func (a *Actions) Unassign() {
	k, ok := a.selected()
	if !ok || !a.applies(k).unassign {
		return
	}
	st, ctx, actor := a.h.Station(), a.h.Jobs().Context(), a.h.Actor()
	data := map[string]any{"Card": words.CredentialLabel(k), "Name": k.CardholderName}
	a.confirm(lang.L("Unassign card"), lang.X("credentials.unassign.ask",
		"Take {{.Card}} back from {{.Name}}? The card becomes available and inactive.", data), lang.L("Unassign"), func() {
		a.do(func() (enroll.Credential, error) {
			return st.Credentials.Unassign(ctx, actor, k.ID)
		}, lang.L("The card was not unassigned"), func(enroll.Credential) string {
			return lang.X("credentials.unassign.done", "Taken back from {{.Name}}: {{.Card}}", data)
		})
	})
}

// do runs one change off the UI goroutine; the status bar says what
// happened, a refusal is explained in a dialog titled failed.
func (a *Actions) do(work func() (enroll.Credential, error), failed string, done func(enroll.Credential) string) {
	widgets.Go(a.h.Jobs(), work, func(k enroll.Credential, err error) {
		a.changed()
		a.h.Changed()
		if err != nil {
			a.showRefusal(failed, err)
			return
		}
		a.h.Flash(done(k))
	})
}

// showRefusal explains a refusal of the service in a dialog.
func (a *Actions) showRefusal(title string, err error) {
	al := dialogs.ShowText(a.h, title, words.Explain(err), 480)
	al.Dialog.SetOnClosed(func() {
		if a.alert == al {
			a.alert = nil
		}
	})
	a.alert = al
}

// confirm asks before an action that cannot be taken back, or takes a
// card from someone.
func (a *Actions) confirm(title, msg, ok string, yes func()) {
	d := dialogs.Confirm(a.h, title, msg, ok, yes)
	d.SetOnClosed(func() {
		if a.question == d {
			a.question = nil
		}
	})
	a.question = d
}

// expiryDialog sets the day a card stops working, or never.
type expiryDialog struct {
	a      *Actions
	k      enroll.Credential
	mode   *widget.RadioGroup
	date   *widgets.DateEntry
	fields *widgets.FieldSet
	form   *dialogs.Form
	at     time.Time // the date set; zero: never
}

// Expiry opens the expiry dialog for the selected card.
func (a *Actions) Expiry() {
	k, ok := a.selected()
	if !ok {
		return
	}
	d := &expiryDialog{a: a, k: k, date: widgets.NewDateEntry(), fields: widgets.NewFieldSet()}
	never, onDate := lang.L("Never"), lang.L("On date")
	d.mode = widget.NewRadioGroup([]string{never, onDate}, func(choice string) {
		widgets.SetEnabled(d.date, choice == onDate)
		if choice == onDate && d.date.Text == "" {
			d.date.SetDate(today().AddDate(1, 0, 0))
		}
	})
	d.mode.Horizontal, d.mode.Required = true, true
	d.fields.Add("card", lang.L("Card"), cardLabel(k))
	d.fields.Add("mode", lang.L("Expires"), d.mode)
	d.fields.Add("expires", lang.L("Date"), d.date)
	if k.ExpiresAt.IsZero() {
		d.mode.SetSelected(never)
	} else {
		d.date.SetDate(k.ExpiresAt.Local())
		d.mode.SetSelected(onDate)
	}
	d.form = dialogs.ShowForm(a.h, a.h.Jobs(), dialogs.FormSpec{Title: lang.L("Expiry date"), OK: lang.L("Set"),
		Fields: d.fields, Width: 480, Submit: d.submit, Done: d.done,
		Hint: lang.L("From this day on the card no longer works: it is expired. A later date, or Never, brings an expired card back.")})
	d.date.OnSubmitted = func(string) { d.form.Submit() }
	d.form.Dialog.SetOnClosed(func() {
		if a.expiring == d {
			a.expiring = nil
		}
	})
	a.expiring = d
}

// submit checks the date; the service refuses a day in the past, at the
// date.
func (d *expiryDialog) submit() func() error {
	d.at = time.Time{}
	if d.mode.Selected != lang.L("Never") {
		at, ok := d.date.Date()
		if !ok || at.IsZero() {
			d.fields.Set("expires", lang.L("Type the date as YYYY-MM-DD, for example 2026-12-31."))
			return nil
		}
		d.at = time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.Local)
	}
	st, ctx, actor, id, at := d.a.h.Station(), d.a.h.Jobs().Context(), d.a.h.Actor(), d.k.ID, d.at
	return func() error {
		_, err := st.Credentials.SetExpiry(ctx, actor, id, at)
		return err
	}
}

func (d *expiryDialog) done() {
	data := map[string]any{"Card": words.CredentialLabel(d.k), "Date": words.Date(d.at)}
	if d.at.IsZero() {
		d.a.h.Flash(lang.X("credentials.expiry.never", "Set to never expire: {{.Card}}", data))
	} else {
		d.a.h.Flash(lang.X("credentials.expiry.done", "Expiry date set to {{.Date}}: {{.Card}}", data))
	}
	d.a.changed()
	d.a.h.Changed()
}

// assignDialog gives an available card to an active cardholder.
type assignDialog struct {
	a      *Actions
	k      enroll.Credential
	pick   *screen.CardholderPicker
	fields *widgets.FieldSet
	form   *dialogs.Form
	holder enroll.Cardholder
}

// Assign opens the Assign dialog for the selected available card.
func (a *Actions) Assign() {
	k, ok := a.selected()
	if !ok || !a.applies(k).assign {
		return
	}
	d := &assignDialog{a: a, k: k, pick: screen.NewCardholderPicker(a.h), fields: widgets.NewFieldSet()}
	d.fields.Add("card", lang.L("Card"), cardLabel(k))
	d.fields.Add("cardholder", lang.L("Cardholder"), d.pick.Box)
	d.form = dialogs.ShowForm(a.h, a.h.Jobs(), dialogs.FormSpec{Title: lang.L("Assign card"), OK: lang.L("Assign"),
		Fields: d.fields, Width: 520, Submit: d.submit, Failed: d.failed, Done: d.done,
		Hint: lang.L("The card goes to the cardholder picked and becomes active.")})
	d.pick.OnSubmit = d.form.Submit
	d.pick.Load()
	d.form.Dialog.SetOnClosed(func() {
		if a.assigning == d {
			a.assigning = nil
		}
		a.changed() // a refusal may have found the card changed
	})
	a.assigning = d
}

func (d *assignDialog) submit() func() error {
	c, ok := d.pick.Selected()
	if !ok {
		d.fields.Set("cardholder", lang.L("Pick the cardholder the card is for."))
		return nil
	}
	d.holder = c
	st, ctx, actor, id := d.a.h.Station(), d.a.h.Jobs().Context(), d.a.h.Actor(), d.k.ID
	return func() error {
		_, err := st.Credentials.Assign(ctx, actor, id, c.ID)
		return err
	}
}

// failed shows an inactive cardholder at the cardholder.
func (d *assignDialog) failed(err error) bool {
	if errors.Is(err, enroll.ErrCardholderInactive) {
		d.fields.Set("cardholder", words.Explain(err))
		return true
	}
	return false
}

func (d *assignDialog) done() {
	d.a.h.Flash(lang.X("credentials.assign.done", "Assigned to {{.Name}}: {{.Card}}",
		map[string]any{"Name": d.holder.FullName(), "Card": words.CredentialLabel(d.k)}))
	d.a.h.Changed()
}

// cardLabel names the card a dialog is about, in bold; a long format name
// wraps rather than widening the dialog.
func cardLabel(k enroll.Credential) *widget.Label {
	l := widgets.Bold(words.CredentialLabel(k))
	l.Wrapping = fyne.TextWrapWord
	return l
}
