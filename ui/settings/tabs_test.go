package settings

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestReasonsAddRenameDelete(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabReasons)
	tab := s.reasons
	if !tab.empty.Visible() {
		t.Error("no empty-state text without reasons")
	}

	// Empty text: the station's message at the field, dialog stays open.
	form := tab.add()
	submit(h, form)
	if msg := form.fields.Field("reason").Message(); msg == "" {
		t.Error("no message for an empty reason")
	}
	if h.Dialogs.Len() != 1 {
		t.Fatal("dialog closed on refused input")
	}
	form.fields.Entries()[0].SetText("Lost card")
	form.fields.Entries()[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.Wait()
	if h.Dialogs.Len() != 0 || len(tab.items) != 1 || tab.items[0].Text != "Lost card" {
		t.Fatalf("after add: dialogs %d, reasons %+v", h.Dialogs.Len(), tab.items)
	}
	if !strings.Contains(h.LastMessage(), "Lost card") {
		t.Errorf("status = %q", h.LastMessage())
	}
	if tab.empty.Visible() {
		t.Error("the empty-state text stays with a reason listed")
	}

	// A duplicate is refused at the field.
	form = tab.add()
	form.fields.Entries()[0].SetText("lost card")
	submit(h, form)
	if msg := form.fields.Field("reason").Message(); !strings.Contains(msg, "already") {
		t.Errorf("duplicate message = %q", msg)
	}
	h.Dialogs.DismissTop()

	tab.list.Select(0)
	if tab.rename.Disabled() || tab.remove.Disabled() {
		t.Fatal("rename/delete disabled with a selection")
	}
	form = tab.renameSelected()
	form.fields.Entries()[0].SetText("Card lost or stolen")
	submit(h, form)
	rs, _ := st.Reasons.List(context.Background(), admin)
	if len(rs) != 1 || rs[0].Text != "Card lost or stolen" {
		t.Fatalf("stored reasons after rename: %+v", rs)
	}

	tab.list.Select(0)
	tab.deleteSelected()
	if h.Dialogs.Len() != 1 {
		t.Fatal("delete did not ask for confirmation")
	}
	h.Dialogs.DismissTop() // Cancel keeps it
	h.Wait()
	if rs, _ := st.Reasons.List(context.Background(), admin); len(rs) != 1 {
		t.Fatal("cancelled delete removed the reason")
	}
	tab.list.Select(0)
	confirm(t, h, tab.deleteSelected())
	if rs, _ := st.Reasons.List(context.Background(), admin); len(rs) != 0 {
		t.Fatalf("reasons after delete: %+v", rs)
	}
	if !tab.empty.Visible() || !strings.Contains(h.LastMessage(), "deleted") {
		t.Errorf("after the last reason went: empty state %v, status %q", tab.empty.Visible(), h.LastMessage())
	}
}

func TestEscapeClosesTheReasonForm(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabReasons)
	s.reasons.add()
	if h.Dialogs.Len() != 1 {
		t.Fatalf("%d dialogs open", h.Dialogs.Len())
	}
	// Escape typed into the dialog's entry reaches the window and closes it.
	uitest.Key(t, h.Win, fyne.KeyEscape)
	if h.Dialogs.Len() != 0 {
		t.Error("Escape did not close the dialog")
	}
}

func TestOperatorsAddResetUnlock(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabOperators)
	tab := s.operators
	if len(tab.items) != 1 {
		t.Fatalf("operators listed: %d", len(tab.items))
	}

	f := tab.add()
	es := f.fields.Entries() // name, email, password, repeat
	es[0].SetText("olga")
	es[2].SetText("operator password")
	es[3].SetText("operator passwort")
	submit(h, f)
	if f.fields.Field("repeat").Message() == "" {
		t.Fatal("password mismatch not reported")
	}
	es[3].SetText("operator password")
	es[1].SetText("no address")
	submit(h, f)
	if f.fields.Field("email").Message() == "" {
		t.Fatal("bad e-mail not reported at its field")
	}
	es[1].SetText("olga@example.com")
	submit(h, f)
	if h.Dialogs.Len() != 0 || len(tab.items) != 2 {
		t.Fatalf("after add: dialogs %d, operators %d", h.Dialogs.Len(), len(tab.items))
	}
	if got := h.LastMessage(); got != "Operator olga added" {
		t.Errorf("status = %q", got)
	}

	// Lock olga with failed sign-ins; the list shows it and Unlock lifts it.
	for range enroll.MaxFailedSignIns {
		_, _ = st.Operators.SignIn(context.Background(), "olga", "nope nope")
	}
	tab.reload()
	h.Wait()
	olga := indexOfOperator(tab, "olga")
	if got := operatorState(tab.items[olga], time.Now()); !strings.Contains(got, "Locked until") {
		t.Fatalf("state = %q", got)
	}
	tab.list.Select(olga)
	if tab.unlock.Disabled() {
		t.Fatal("Unlock disabled for a locked operator")
	}
	test.Tap(tab.unlock)
	h.Wait()
	if _, err := st.Operators.SignIn(context.Background(), "olga", "operator password"); err != nil {
		t.Fatalf("olga cannot sign in after unlock: %v", err)
	}

	tab.list.Select(indexOfOperator(tab, "olga"))
	f = tab.resetSelected()
	es = f.fields.Entries()
	es[0].SetText("brand new secret")
	es[1].SetText("brand new secret")
	submit(h, f)
	if _, err := st.Operators.SignIn(context.Background(), "olga", "brand new secret"); err != nil {
		t.Fatalf("new password not set: %v", err)
	}
}

func TestDeleteRefusedIsExplainedInADialog(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	r, err := st.Reasons.Add(context.Background(), admin, "Lost card")
	if err != nil {
		t.Fatal(err)
	}
	h, s, _ := openSettings(t, st, admin, tabReasons)
	tab := s.reasons
	if err := st.Reasons.Delete(context.Background(), admin, r.ID); err != nil { // at another station
		t.Fatal(err)
	}
	tab.list.Select(0)
	confirm(t, h, tab.deleteSelected())
	texts := uitest.TopDialogTexts(h.Win)
	if !strings.Contains(texts, "Cannot delete the reason “Lost card”") || !strings.Contains(texts, "no longer exists") {
		t.Errorf("refusal dialog says %q", texts)
	}
	if h.Dialogs.Len() != 1 || strings.Contains(h.LastMessage(), "deleted") {
		t.Errorf("dialogs %d, status %q", h.Dialogs.Len(), h.LastMessage())
	}
}

func indexOfOperator(tab *operatorsTab, name string) int {
	for i, op := range tab.items {
		if op.Name == name {
			return i
		}
	}
	return -1
}

func TestStationSettingsSaveAndNeverShowThePassword(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	if err := st.Settings.Set(context.Background(), admin, "smtp.password", "s3cret!"); err != nil {
		t.Fatal(err)
	}
	h, s, renamed := openSettings(t, st, admin, tabStation)
	tab := s.station
	s.tabs.SelectIndex(tabMail)
	h.Wait()
	mail := s.mail.form

	pw := mail.inputs["smtp.password"].(*secretInput)
	if pw.entry.Text != "" || !strings.Contains(pw.entry.PlaceHolder, "(set)") {
		t.Errorf("password field shows %q / placeholder %q", pw.entry.Text, pw.entry.PlaceHolder)
	}

	// One good and one bad value: nothing is saved (a mail server is never
	// half configured); both keep their text and the bad one gets a message.
	tab.inputs["station.name"].(*textInput).entry.SetText("Front desk")
	tab.inputs["readers.ccid.enabled"].(*toggleInput).check.SetChecked(true)
	test.Tap(tab.save)
	h.Wait()
	if got := h.LastMessage(); got != "2 settings saved" {
		t.Errorf("status after the station save = %q", got)
	}
	mail.inputs["smtp.host"].(*textInput).entry.SetText("mail.example.com")
	mail.inputs["smtp.port"].(*textInput).entry.SetText("99999")
	test.Tap(mail.save)
	h.Wait()
	if msg := mail.fields.Field("smtp.port").Message(); !strings.Contains(msg, "port") {
		t.Errorf("port message = %q", msg)
	}
	if got := h.LastMessage(); !strings.HasPrefix(got, "error: Nothing was saved") {
		t.Errorf("status after the refused save = %q", got)
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
	// The shell shows the new name in the title and status bar when told.
	if *renamed != 1 {
		t.Errorf("OnStationRenamed called %d times", *renamed)
	}
	ccid, _ := st.Settings.Get(context.Background(), admin, "readers.ccid.enabled")
	if ccid.Value != "true" {
		t.Errorf("reader toggle stored as %q", ccid.Value)
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
	h.Wait()
	if got, _ := st.Settings.Get(context.Background(), admin, "smtp.password"); got.Value == enroll.SecretShown {
		t.Error("Remove did not clear the password")
	}
	for _, key := range mail.keys {
		if msg := mail.fields.Field(key).Message(); msg != "" {
			t.Errorf("message left at %s after a clean save: %q", key, msg)
		}
	}
	if *renamed != 1 {
		t.Errorf("OnStationRenamed called %d times after a mail save", *renamed)
	}
}
