package ui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/notify/smtptest"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// mailStation is a station that mails through a loopback SMTP server.
func mailStation(t *testing.T) (*enroll.Station, string, enroll.Actor, *smtptest.Server) {
	t.Helper()
	srv, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	path := filepath.Join(t.TempDir(), "carddesk.db")
	db, err := sqlite.Open(context.Background(), path, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	st := enroll.New(db, enroll.Options{Password: cheapPasswords, Mail: notify.SMTP{}})
	admin := setupAdmin(t, st)
	for k, v := range map[string]string{"smtp.host": srv.Host, "smtp.port": strconv.Itoa(srv.Port),
		"smtp.tls": "none", "smtp.from": "carddesk@example.com"} {
		if err := st.Settings.Set(context.Background(), admin, k, v); err != nil {
			t.Fatal(err)
		}
	}
	return st, path, admin, srv
}

// denyFirst denies the first listed request through the desk.
func denyFirst(t *testing.T, s *session) {
	t.Helper()
	v := s.views[secRequests].(*requestsView)
	v.list.Refresh()
	clickRow(t, v.list, 0, 0)
	test.Tap(v.acts.deny)
	test.Tap(v.denying.confirm)
	s.d.run.wait()
}

func TestMailWorkerSendsTheRequestersMail(t *testing.T) {
	st, path, admin, srv := mailStation(t)
	people := addCardholders(t, st, admin, "Anna", "Bert")
	fileRequest(t, st, admin, people[0], "Lost card") // the requester asks to be mailed
	fileRequest(t, st, admin, people[1], "")
	d, s := signedInDesk(t, st, path, admin)

	denyFirst(t, s) // answering flushes the outbox at once
	eventually(t, d, "the mail to arrive", func() bool { return len(srv.Messages()) == 1 })
	m := srv.Messages()[0]
	if len(m.To) != 1 || m.To[0] != "admin@example.com" || !strings.Contains(m.Subject, "denied for Anna Tester") {
		t.Errorf("mail: to %v, subject %q", m.To, m.Subject)
	}
	if s.status.mail.Visible() {
		t.Errorf("status bar shows mail waiting: %q", s.status.mailMsg.Text)
	}

	// The server goes down: the mail waits, and the status bar says why.
	srv.Stop()
	denyFirst(t, s)
	eventually(t, d, "the waiting mail to show", func() bool { return s.status.mail.Visible() })
	if got := s.status.mailMsg.Text; !strings.HasPrefix(got, "1 mail waiting: ") || len(got) < len("1 mail waiting: ")+5 {
		t.Errorf("status bar says %q", got)
	}
	if n, _ := st.Outbox.Pending(context.Background(), admin); n != 1 {
		t.Errorf("%d queued", n)
	}
}

func TestMissingMailServerIsQuietUntilMailWaits(t *testing.T) {
	st, path := newTestStation(t) // no mail sender at all
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna")
	fileRequest(t, st, admin, people[0], "")
	d, s := signedInDesk(t, st, path, admin)
	if s.status.mail.Visible() {
		t.Fatal("mail shown in the status bar with nothing queued")
	}
	denyFirst(t, s)
	eventually(t, d, "the waiting mail to show", func() bool { return s.status.mail.Visible() })
	if got := s.status.mailMsg.Text; got != "1 mail waiting: no mail server (see Settings > Mail)" {
		t.Errorf("status bar says %q", got)
	}
}

func TestMailSettingsTabSendsATestMail(t *testing.T) {
	st, path, admin, srv := mailStation(t)
	if err := st.Settings.Set(context.Background(), admin, "smtp.password", "s3cret!"); err != nil {
		t.Fatal(err)
	}
	_, s := signedInDesk(t, st, path, admin)
	v := openSettings(t, s, 4)
	mail := v.mail
	for key := range mail.form.inputs {
		if !strings.HasPrefix(key, "smtp.") {
			t.Errorf("Mail tab shows %s", key)
		}
	}
	if len(mail.form.inputs) != 6 {
		t.Errorf("Mail tab has %d settings", len(mail.form.inputs))
	}
	v.tabs.SelectIndex(2)
	s.d.run.wait()
	for key := range v.station.inputs {
		if strings.HasPrefix(key, "smtp.") {
			t.Errorf("Station tab still shows %s", key)
		}
	}
	v.tabs.SelectIndex(4)
	s.d.run.wait()
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
	s.d.run.wait()
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
	s.d.run.wait()
	if got := mail.result.Text; !strings.Contains(got, "to:") || len(srv.Messages()) != 1 {
		t.Errorf("bad address: %q, %d mails", got, len(srv.Messages()))
	}
}
