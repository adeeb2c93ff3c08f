package settings

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/notify/smtptest"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// mailStation is a station that mails through a loopback SMTP server.
func mailStation(t *testing.T) (*enroll.Station, enroll.Actor, *smtptest.Server) {
	t.Helper()
	srv, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	_, db, path := uitest.StationDB(t)
	st := enroll.New(db, enroll.Options{Password: uitest.CheapPasswords, Mail: notify.SMTP{}, Secrets: uitest.Secrets(path)})
	admin := uitest.SetupAdmin(t, st)
	for k, v := range map[string]string{"smtp.host": srv.Host, "smtp.port": strconv.Itoa(srv.Port),
		"smtp.tls": "none", "smtp.from": "carddesk@example.com"} {
		if err := st.Settings.Set(context.Background(), admin, k, v); err != nil {
			t.Fatal(err)
		}
	}
	return st, admin, srv
}

func TestMailSettingsTabSendsATestMail(t *testing.T) {
	st, admin, srv := mailStation(t)
	if err := st.Settings.Set(context.Background(), admin, "smtp.password", "s3cret!"); err != nil {
		t.Fatal(err)
	}
	h, s, _ := openSettings(t, st, admin, tabMail)
	mail := s.mail
	for key := range mail.form.inputs {
		if !strings.HasPrefix(key, "smtp.") {
			t.Errorf("Mail tab shows %s", key)
		}
	}
	if len(mail.form.inputs) != 6 {
		t.Errorf("Mail tab has %d settings", len(mail.form.inputs))
	}
	s.tabs.SelectIndex(tabStation)
	h.Wait()
	for key := range s.station.inputs {
		if strings.HasPrefix(key, "smtp.") {
			t.Errorf("Station tab still shows %s", key)
		}
	}
	s.tabs.SelectIndex(tabMail)
	h.Wait()
	pw := mail.form.inputs["smtp.password"].(*secretInput)
	if pw.entry.Text != "" || !strings.Contains(pw.entry.PlaceHolder, "(set)") {
		t.Errorf("password shown as %q / %q", pw.entry.Text, pw.entry.PlaceHolder)
	}
	if mail.to.Text != "admin@example.com" {
		t.Errorf("test mail goes to %q by default", mail.to.Text)
	}
	// An edit is saved before the test, which uses it.
	mail.form.inputs["smtp.from"].(*textInput).entry.SetText("desk@example.com")
	test.Tap(mail.send)
	h.Wait()
	if got := mail.result.Text; got != "Test mail sent to admin@example.com. Check that it arrived." {
		t.Errorf("result %q", got)
	}
	if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].From != "desk@example.com" {
		t.Errorf("received %+v", msgs)
	}
	if got, _ := st.Settings.Get(context.Background(), admin, "smtp.password"); got.Value != enroll.SecretShown {
		t.Error("the empty password entry removed the stored password")
	}

	// A bad address is refused at once; the server is not asked.
	mail.to.SetText("not-an-address")
	mail.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.Wait()
	if got := mail.result.Text; !strings.Contains(got, "to:") || len(srv.Messages()) != 1 {
		t.Errorf("bad address: %q, %d mails", got, len(srv.Messages()))
	}
}
