package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/dialog"

	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
)

func openSettings(t *testing.T, s *session, tab int) *settingsView {
	t.Helper()
	s.open(secSettings)
	v := s.views[secSettings].(*settingsView)
	v.tabs.SelectIndex(tab)
	s.d.run.wait()
	return v
}

// confirmTop answers yes in the newest dialog, a confirmation.
func confirmTop(t *testing.T, s *session) {
	t.Helper()
	d, ok := s.dialogs.open[len(s.dialogs.open)-1].(*dialog.ConfirmDialog)
	if !ok {
		t.Fatal("the top dialog is not a confirmation")
	}
	d.Confirm()
	s.d.run.wait()
}

// submitTop presses OK in a form dialog.
func submitTop(t *testing.T, s *session, fd *formDialog) {
	t.Helper()
	test.Tap(fd.ok)
	s.d.run.wait()
}

func TestReasonsAddRenameDelete(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	tab := openSettings(t, s, 0).reasons
	if !tab.empty.Visible() {
		t.Error("no empty-state text without reasons")
	}

	// Empty text: the station's message at the field, dialog stays open.
	form := tab.add()
	submitTop(t, s, form)
	if msg := form.fields.byKey["reason"].msg.Text; msg == "" {
		t.Error("no message for an empty reason")
	}
	if len(s.dialogs.open) != 1 {
		t.Fatal("dialog closed on refused input")
	}
	form.fields.entries()[0].SetText("Lost card")
	form.fields.entries()[0].TypedKey(enterKey())
	s.d.run.wait()
	if len(s.dialogs.open) != 0 || len(tab.reasons) != 1 || tab.reasons[0].Text != "Lost card" {
		t.Fatalf("after add: dialogs %d, reasons %+v", len(s.dialogs.open), tab.reasons)
	}
	if !strings.Contains(s.status.message.Text, "Lost card") {
		t.Errorf("status = %q", s.status.message.Text)
	}

	// A duplicate is refused at the field.
	form = tab.add()
	form.fields.entries()[0].SetText("lost card")
	submitTop(t, s, form)
	if msg := form.fields.byKey["reason"].msg.Text; !strings.Contains(msg, "already") {
		t.Errorf("duplicate message = %q", msg)
	}
	s.dialogs.dismissTop()

	tab.list.Select(0)
	if tab.rename.Disabled() || tab.remove.Disabled() {
		t.Fatal("rename/delete disabled with a selection")
	}
	form = tab.renameSelected()
	form.fields.entries()[0].SetText("Card lost or stolen")
	submitTop(t, s, form)
	rs, _ := st.Reasons.List(context.Background(), admin)
	if len(rs) != 1 || rs[0].Text != "Card lost or stolen" {
		t.Fatalf("stored reasons after rename: %+v", rs)
	}

	tab.list.Select(0)
	tab.deleteSelected()
	if len(s.dialogs.open) != 1 {
		t.Fatal("delete did not ask for confirmation")
	}
	s.dialogs.dismissTop() // Cancel keeps it
	s.d.run.wait()
	if rs, _ := st.Reasons.List(context.Background(), admin); len(rs) != 1 {
		t.Fatal("cancelled delete removed the reason")
	}
	tab.list.Select(0)
	tab.deleteSelected()
	confirmTop(t, s)
	if rs, _ := st.Reasons.List(context.Background(), admin); len(rs) != 0 {
		t.Fatalf("reasons after delete: %+v", rs)
	}
}

func TestOperatorsAddResetUnlock(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	tab := openSettings(t, s, 1).operators
	if len(tab.ops) != 1 {
		t.Fatalf("operators listed: %d", len(tab.ops))
	}

	f := tab.add()
	es := f.fields.entries() // name, email, password, repeat
	es[0].SetText("olga")
	es[2].SetText("operator password")
	es[3].SetText("operator passwort")
	submitTop(t, s, f)
	if f.fields.byKey["repeat"].msg.Text == "" {
		t.Fatal("password mismatch not reported")
	}
	es[3].SetText("operator password")
	es[1].SetText("no address")
	submitTop(t, s, f)
	if f.fields.byKey["email"].msg.Text == "" {
		t.Fatal("bad e-mail not reported at its field")
	}
	es[1].SetText("olga@example.com")
	submitTop(t, s, f)
	if len(s.dialogs.open) != 0 || len(tab.ops) != 2 {
		t.Fatalf("after add: dialogs %d, operators %d", len(s.dialogs.open), len(tab.ops))
	}

	// Lock olga with failed sign-ins; the list shows it and Unlock lifts it.
	for range enroll.MaxFailedSignIns {
		_, _ = st.Operators.SignIn(context.Background(), "olga", "nope nope")
	}
	tab.reload()
	s.d.run.wait()
	olga := indexOfOperator(tab, "olga")
	if got := operatorState(tab.ops[olga], time.Now()); !strings.Contains(got, "Locked until") {
		t.Fatalf("state = %q", got)
	}
	tab.list.Select(olga)
	if tab.unlock.Disabled() {
		t.Fatal("Unlock disabled for a locked operator")
	}
	test.Tap(tab.unlock)
	s.d.run.wait()
	if _, err := st.Operators.SignIn(context.Background(), "olga", "operator password"); err != nil {
		t.Fatalf("olga cannot sign in after unlock: %v", err)
	}

	tab.list.Select(indexOfOperator(tab, "olga"))
	f = tab.resetSelected()
	es = f.fields.entries()
	es[0].SetText("brand new secret")
	es[1].SetText("brand new secret")
	submitTop(t, s, f)
	if _, err := st.Operators.SignIn(context.Background(), "olga", "brand new secret"); err != nil {
		t.Fatalf("new password not set: %v", err)
	}
}

func indexOfOperator(tab *operatorsTab, name string) int {
	for i, op := range tab.ops {
		if op.Name == name {
			return i
		}
	}
	return -1
}

func TestStationSettingsSaveAndNeverShowThePassword(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	if err := st.Settings.Set(context.Background(), admin, "smtp.password", "s3cret!"); err != nil {
		t.Fatal(err)
	}
	_, s := signedInDesk(t, st, path, admin)
	tab := openSettings(t, s, 2).station
	mail := openSettings(t, s, 4).mail.form

	pw := mail.inputs["smtp.password"].(*secretInput)
	if pw.entry.Text != "" || !strings.Contains(pw.entry.PlaceHolder, "(set)") {
		t.Errorf("password field shows %q / placeholder %q", pw.entry.Text, pw.entry.PlaceHolder)
	}

	// One good and one bad value: nothing is saved (a mail server is never
	// half configured); both keep their text and the bad one gets a message.
	tab.inputs["station.name"].(*textInput).entry.SetText("Front desk")
	tab.inputs["usecase.order_temporary_cards.enabled"].(*toggleInput).check.SetChecked(true)
	test.Tap(tab.save)
	s.d.run.wait()
	mail.inputs["smtp.host"].(*textInput).entry.SetText("mail.example.com")
	mail.inputs["smtp.port"].(*textInput).entry.SetText("99999")
	test.Tap(mail.save)
	s.d.run.wait()
	if msg := mail.fields.byKey["smtp.port"].msg.Text; !strings.Contains(msg, "port") {
		t.Errorf("port message = %q", msg)
	}
	if host, _ := st.Settings.Get(context.Background(), admin, "smtp.host"); host.Value != "" {
		t.Errorf("good value next to a bad one saved: %q", host.Value)
	}
	if got := mail.inputs["smtp.host"].(*textInput).entry.Text; got != "mail.example.com" {
		t.Errorf("unsaved good value replaced by %q", got)
	}
	if got := mail.inputs["smtp.port"].(*textInput).entry.Text; got != "99999" {
		t.Errorf("refused value replaced by %q", got)
	}
	if got := s.win.Title(); got != "CardDesk — Front desk" {
		t.Errorf("title after rename = %q", got)
	}
	if got := s.status.station.Text; got != "Front desk" {
		t.Errorf("status bar station = %q", got)
	}
	uc, _ := st.Settings.Get(context.Background(), admin, "usecase.order_temporary_cards.enabled")
	if uc.Value != "true" {
		t.Errorf("use case toggle stored as %q", uc.Value)
	}
	if stored, _ := st.Settings.Get(context.Background(), admin, "smtp.port"); stored.Value != "587" {
		t.Errorf("bad port stored: %q", stored.Value)
	}
	if _, changed := pw.edited(); changed {
		t.Error("the untouched password counts as a change")
	}

	// Remove clears the secret.
	test.Tap(pw.remove)
	mail.inputs["smtp.port"].(*textInput).entry.SetText("2525")
	test.Tap(mail.save)
	s.d.run.wait()
	if got, _ := st.Settings.Get(context.Background(), admin, "smtp.password"); got.Value == enroll.SecretShown {
		t.Error("Remove did not clear the password")
	}
	for key, f := range mail.fields.byKey {
		if f.msg.Text != "" {
			t.Errorf("message left at %s after a clean save: %q", key, f.msg.Text)
		}
	}
}
