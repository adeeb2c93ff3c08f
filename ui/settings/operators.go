package settings

import (
	"context"
	"time"

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

// operatorsTab lists operator accounts and lets an administrator add one,
// reset a password or lift a lockout.
type operatorsTab struct {
	*itemList[enroll.Operator]
	h      screen.Host
	st     *enroll.Station
	actor  enroll.Actor
	box    fyne.CanvasObject
	reset  *widget.Button
	unlock *widget.Button
}

func operatorColumns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("User name"), Min: 150, Weight: 2},
		{Title: lang.L("Role"), Min: 110},
		{Title: lang.L("E-mail"), Min: 170, Weight: 2},
		{Title: lang.L("Last sign-in"), Min: 130},
		{Title: lang.L("State"), Min: 170, Weight: 1},
	}
}

func newOperatorsTab(h screen.Host) *operatorsTab {
	t := &operatorsTab{h: h, st: h.Station(), actor: h.Actor()}
	cols := operatorColumns()
	t.itemList = newItemList(h, func(ctx context.Context) ([]enroll.Operator, error) { return t.st.Operators.List(ctx, t.actor) },
		func() fyne.CanvasObject {
			return widgets.TextRow(cols)
		}, updateOperatorRow)
	t.changed = t.syncButtons

	add := widget.NewButtonWithIcon(lang.L("Add operator…"), theme.ContentAddIcon(), func() { t.add() })
	t.reset = widget.NewButtonWithIcon(lang.L("Reset password…"), theme.VisibilityOffIcon(), func() { t.resetSelected() })
	t.unlock = widget.NewButtonWithIcon(lang.L("Unlock"), theme.LoginIcon(), t.unlockSelected)
	t.syncButtons()
	t.box = container.NewBorder(container.NewVBox(container.NewHBox(add, t.reset, t.unlock), widgets.Header(cols)),
		nil, nil, nil, t.list)
	return t
}

func updateOperatorRow(op enroll.Operator, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	last := words.Time(op.LastSignInAt)
	if last == "" {
		last = lang.L("Never")
	}
	for j, text := range []string{op.Name, words.Role(op.Role), op.Email, last, operatorState(op, time.Now())} {
		cells[j].(*widget.Label).SetText(text)
	}
	state := cells[4].(*widget.Label)
	state.Importance = widget.MediumImportance
	if locked(op, time.Now()) {
		state.Importance = widget.DangerImportance
	}
	state.Refresh()
}

func locked(op enroll.Operator, now time.Time) bool { return now.Before(op.LockedUntil) }

// operatorState says whether an account can sign in.
func operatorState(op enroll.Operator, now time.Time) string {
	switch {
	case locked(op, now):
		return lang.X("operators.locked", "Locked until {{.Until}}", map[string]any{"Until": words.ClockTime(op.LockedUntil)})
	case op.FailedSignIns > 0:
		return lang.X("operators.failed", "Active, {{.N}} failed sign-in(s)", map[string]any{"N": op.FailedSignIns})
	}
	return lang.L("Active")
}

func (t *operatorsTab) syncButtons() {
	op, ok := t.current()
	widgets.SetEnabled(t.reset, ok)
	widgets.SetEnabled(t.unlock, ok && locked(op, time.Now()))
}

// roleChoices are the role select's options in display order.
func roleChoices() ([]string, []enroll.Role) {
	return []string{words.Role(enroll.RoleOperator), words.Role(enroll.RoleAdmin)},
		[]enroll.Role{enroll.RoleOperator, enroll.RoleAdmin}
}

func (t *operatorsTab) add() *openForm {
	fs := widgets.NewFieldSet()
	name, email := widgets.NewEntry(), widgets.NewEntry()
	names, roles := roleChoices()
	role := widgets.NewSelect(names, nil)
	role.SetSelectedIndex(0)
	fs.Add("name", lang.L("User name"), name)
	fs.Add("email", lang.L("E-mail"), email)
	fs.Add("role", lang.L("Role"), role)
	pass, match := addPasswords(fs, lang.L("Password"))
	pass.SetPlaceHolder(t.passwordHint())
	return t.form(dialogs.FormSpec{Title: lang.L("Add operator"), OK: lang.L("Add operator"), Fields: fs,
		Submit: func() func() error {
			if !match() {
				return nil
			}
			n := enroll.NewOperator{Name: name.Text, Email: email.Text, Password: pass.Text}
			if i := role.SelectedIndex(); i >= 0 {
				n.Role = roles[i]
			}
			ctx := t.h.Jobs().Context()
			return func() error {
				_, err := t.st.Operators.Add(ctx, t.actor, n)
				return err
			}
		}}, func() string {
		return lang.X("operators.added", "Operator {{.Name}} added", map[string]any{"Name": name.Text})
	})
}

func (t *operatorsTab) resetSelected() *openForm {
	op, ok := t.current()
	if !ok {
		return nil
	}
	fs := widgets.NewFieldSet()
	pass, match := addPasswords(fs, lang.L("New password"))
	pass.SetPlaceHolder(t.passwordHint())
	title := lang.X("operators.resettitle", "New password for {{.Name}}", map[string]any{"Name": op.Name})
	return t.form(dialogs.FormSpec{Title: title, OK: lang.L("Set password"), Fields: fs,
		Submit: func() func() error {
			if !match() {
				return nil
			}
			ctx, pw := t.h.Jobs().Context(), pass.Text
			return func() error { return t.st.Operators.SetPassword(ctx, t.actor, op.ID, pw) }
		}}, func() string {
		return lang.X("operators.passwordset", "New password set for {{.Name}}", map[string]any{"Name": op.Name})
	})
}

// passwordHint tells the station's minimum in a new-password field.
func (t *operatorsTab) passwordHint() string {
	return lang.X("password.hint", "At least {{.Min}} characters", map[string]any{"Min": t.st.Operators.MinPasswordLength()})
}

func (t *operatorsTab) unlockSelected() {
	op, ok := t.current()
	if !ok {
		return
	}
	t.act(lang.X("operators.unlock.error", "Cannot unlock {{.Name}}", map[string]any{"Name": op.Name}),
		func(ctx context.Context) error { return t.st.Operators.Unlock(ctx, t.actor, op.ID) },
		lang.X("operators.unlocked", "{{.Name}} can sign in again", map[string]any{"Name": op.Name}))
}
