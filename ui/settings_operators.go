package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// operatorsTab lists operator accounts and lets an administrator add one,
// reset a password or lift a lockout.
type operatorsTab struct {
	s        *session
	box      fyne.CanvasObject
	list     *widget.List
	ops      []enroll.Operator
	selected int
	reset    *widget.Button
	unlock   *widget.Button
}

func operatorColumns() []column {
	return []column{
		{title: lang.L("User name"), min: 150, weight: 2},
		{title: lang.L("Role"), min: 110},
		{title: lang.L("E-mail"), min: 170, weight: 2},
		{title: lang.L("Last sign-in"), min: 130},
		{title: lang.L("State"), min: 170, weight: 1},
	}
}

func newOperatorsTab(s *session) *operatorsTab {
	t := &operatorsTab{s: s, selected: -1}
	cols := operatorColumns()
	t.list = widget.NewList(func() int { return len(t.ops) },
		func() fyne.CanvasObject {
			return row(cols, cellLabel(), cellLabel(), cellLabel(), cellLabel(), cellLabel())
		}, t.updateRow)
	t.list.OnSelected = func(i widget.ListItemID) { t.selected = i; t.syncButtons() }
	t.list.OnUnselected = func(widget.ListItemID) { t.selected = -1; t.syncButtons() }

	add := widget.NewButtonWithIcon(lang.L("Add operator…"), theme.ContentAddIcon(), func() { t.add() })
	t.reset = widget.NewButtonWithIcon(lang.L("Reset password…"), theme.VisibilityOffIcon(), func() { t.resetSelected() })
	t.unlock = widget.NewButtonWithIcon(lang.L("Unlock"), theme.LoginIcon(), t.unlockSelected)
	t.syncButtons()
	t.box = container.NewBorder(container.NewVBox(container.NewHBox(add, t.reset, t.unlock), header(cols)),
		nil, nil, nil, t.list)
	return t
}

func (t *operatorsTab) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	op := t.ops[i]
	cells := o.(*fyne.Container).Objects
	last := localTime(op.LastSignInAt)
	if last == "" {
		last = lang.L("Never")
	}
	for j, text := range []string{op.Name, roleName(op.Role), op.Email, last, operatorState(op, time.Now())} {
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
		return lang.X("operators.locked", "Locked until {{.Until}}", map[string]any{"Until": clockTime(op.LockedUntil)})
	case op.FailedSignIns > 0:
		return lang.X("operators.failed", "Active, {{.N}} failed sign-in(s)", map[string]any{"N": op.FailedSignIns})
	}
	return lang.L("Active")
}

func (t *operatorsTab) current() (enroll.Operator, bool) {
	if t.selected < 0 || t.selected >= len(t.ops) {
		return enroll.Operator{}, false
	}
	return t.ops[t.selected], true
}

func (t *operatorsTab) syncButtons() {
	op, ok := t.current()
	if !ok {
		t.reset.Disable()
		t.unlock.Disable()
		return
	}
	t.reset.Enable()
	if locked(op, time.Now()) {
		t.unlock.Enable()
	} else {
		t.unlock.Disable()
	}
}

func (t *operatorsTab) reload() {
	background(t.s.d.run, func() ([]enroll.Operator, error) {
		return t.s.d.st.Operators.List(t.s.d.ctx, t.s.actor)
	}, func(ops []enroll.Operator, err error) {
		if err != nil {
			t.s.status.flashError(explain(err))
			return
		}
		t.ops = ops
		t.list.UnselectAll()
		t.selected = -1
		t.list.Refresh()
		t.syncButtons()
	})
}

// roleChoices are the role select's options in display order.
func roleChoices() ([]string, []enroll.Role) {
	return []string{roleName(enroll.RoleOperator), roleName(enroll.RoleAdmin)},
		[]enroll.Role{enroll.RoleOperator, enroll.RoleAdmin}
}

func (t *operatorsTab) add() *formDialog {
	fs := newFieldSet()
	name, email, pass, repeat := newTextEntry(), newTextEntry(), newPasswordEntry(), newPasswordEntry()
	names, roles := roleChoices()
	role := widget.NewSelect(names, nil)
	role.SetSelectedIndex(0)
	fs.add("name", lang.L("User name"), name)
	fs.add("email", lang.L("E-mail"), email)
	fs.add("role", lang.L("Role"), role)
	fs.add("password", lang.L("Password"), pass)
	fs.add("repeat", lang.L("Repeat password"), repeat)
	return t.s.showForm(formSpec{title: lang.L("Add operator"), okLabel: lang.L("Add operator"), fields: fs,
		submit: func() func() error {
			if pass.Text != repeat.Text {
				fs.set("repeat", lang.L("The passwords do not match."))
				return nil
			}
			n := enroll.NewOperator{Name: name.Text, Email: email.Text, Password: pass.Text}
			if i := role.SelectedIndex(); i >= 0 {
				n.Role = roles[i]
			}
			return func() error {
				_, err := t.s.d.st.Operators.Add(t.s.d.ctx, t.s.actor, n)
				return err
			}
		},
		done: func() {
			t.s.status.flash(lang.X("operators.added", "Operator {{.Name}} added", map[string]any{"Name": name.Text}))
			t.reload()
		}})
}

func (t *operatorsTab) resetSelected() *formDialog {
	op, ok := t.current()
	if !ok {
		return nil
	}
	fs := newFieldSet()
	pass, repeat := newPasswordEntry(), newPasswordEntry()
	fs.add("password", lang.L("New password"), pass)
	fs.add("repeat", lang.L("Repeat password"), repeat)
	title := lang.X("operators.resettitle", "New password for {{.Name}}", map[string]any{"Name": op.Name})
	return t.s.showForm(formSpec{title: title, okLabel: lang.L("Set password"), fields: fs,
		submit: func() func() error {
			if pass.Text != repeat.Text {
				fs.set("repeat", lang.L("The passwords do not match."))
				return nil
			}
			pw := pass.Text
			return func() error { return t.s.d.st.Operators.SetPassword(t.s.d.ctx, t.s.actor, op.ID, pw) }
		},
		done: func() {
			t.s.status.flash(lang.X("operators.passwordset", "New password set for {{.Name}}", map[string]any{"Name": op.Name}))
			t.reload()
		}})
}

func (t *operatorsTab) unlockSelected() {
	op, ok := t.current()
	if !ok {
		return
	}
	background(t.s.d.run, func() (struct{}, error) {
		return struct{}{}, t.s.d.st.Operators.Unlock(t.s.d.ctx, t.s.actor, op.ID)
	}, func(_ struct{}, err error) {
		if err != nil {
			t.s.showError(err)
			return
		}
		t.s.status.flash(lang.X("operators.unlocked", "{{.Name}} can sign in again", map[string]any{"Name": op.Name}))
		t.reload()
	})
}
