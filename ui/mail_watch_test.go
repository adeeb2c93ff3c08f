package ui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/notify/smtptest"
	"github.com/carddesk/carddesk/storage/sqlite"
	"github.com/carddesk/carddesk/ui/internal/uitest"
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
	st := enroll.New(db, enroll.Options{Password: uitest.CheapPasswords, Mail: notify.SMTP{}})
	admin := setupAdmin(t, st)
	for k, v := range map[string]string{"smtp.host": srv.Host, "smtp.port": strconv.Itoa(srv.Port),
		"smtp.tls": "none", "smtp.from": "carddesk@example.com"} {
		if err := st.Settings.Set(context.Background(), admin, k, v); err != nil {
			t.Fatal(err)
		}
	}
	return st, path, admin, srv
}

// denyFirst denies the oldest pending request as the response desk does,
// and tells the shell it answered one (ui/requests tests the desk itself).
func denyFirst(t *testing.T, s *session) {
	t.Helper()
	ctx := context.Background()
	pending, _, err := s.d.st.Requests.List(ctx, s.actor, enroll.RequestQuery{Status: enroll.RequestPending, Limit: 1})
	if err != nil || len(pending) == 0 {
		t.Fatalf("no pending request to deny (%v)", err)
	}
	if _, err := s.d.st.Requests.Deny(ctx, s.actor, []int64{pending[0].ID}, ""); err != nil {
		t.Fatal(err)
	}
	s.Answered()
	s.d.wait()
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

// The waiting mail opens from the status bar; Send now delivers it at
// once although its retry time has not come.
func TestOutboxSendNowFromTheStatusBar(t *testing.T) {
	st, path, admin, srv := mailStation(t)
	people := addCardholders(t, st, admin, "Anna")
	fileRequest(t, st, admin, people[0], "Lost card")
	d, s := signedInDesk(t, st, path, admin)
	srv.Stop()
	denyFirst(t, s)
	eventually(t, d, "the waiting mail to show", func() bool { return s.status.mail.Visible() })
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}

	test.Tap(s.status.mailMsg)
	s.d.wait()
	o := s.status.outbox
	if o == nil || s.dialogs.Len() != 1 {
		t.Fatal("tapping the mail in the status bar opened no outbox window")
	}
	if len(o.mails) != 1 || o.mails[0].Status != enroll.MailQueued || o.send.Disabled() {
		t.Fatalf("outbox shows %+v (Send now disabled %v)", o.mails, o.send.Disabled())
	}
	test.Tap(o.send)
	eventually(t, d, "the mail to arrive", func() bool { return len(srv.Messages()) == 1 })
	eventually(t, d, "the outbox to empty", func() bool { return len(o.mails) == 0 && !s.status.mail.Visible() })
	if got := o.note.Text; got != "1 sent, 0 not delivered" {
		t.Errorf("the outbox says %q", got)
	}
}

// Mail whose delivery was not confirmed waits for the operator: the
// status bar says so and Send again sends it after a confirmation.
func TestOutboxUncertainMailSentAgainOnlyWhenAsked(t *testing.T) {
	st, path, admin, srv := mailStation(t)
	people := addCardholders(t, st, admin, "Anna")
	fileRequest(t, st, admin, people[0], "Lost card")
	ctx := context.Background()
	d, s := signedInDesk(t, st, path, admin)
	srv.HoldReplies()
	// Another desk on the same database meets the silent server.
	db2, err := sqlite.Open(ctx, path, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	st2 := enroll.New(db2, enroll.Options{Password: uitest.CheapPasswords, Mail: notify.SMTP{Timeout: 500 * time.Millisecond}})
	pending, _, _ := st.Requests.List(ctx, admin, enroll.RequestQuery{Status: enroll.RequestPending, Limit: 1})
	if _, err := st.Requests.Deny(ctx, admin, []int64{pending[0].ID}, ""); err != nil {
		t.Fatal(err)
	}
	if res, err := st2.Outbox.Flush(ctx, admin); err != nil || res.Uncertain != 1 {
		t.Fatalf("flush to a silent server = %+v, %v", res, err)
	}
	srv.ReleaseReplies()
	s.mail.refresh()
	eventually(t, d, "the uncertain mail to show", func() bool {
		return strings.Contains(s.status.mailMsg.Text, "1 not confirmed")
	})
	o := s.showOutbox()
	s.d.wait()
	if len(o.mails) != 1 || o.mails[0].Status != enroll.MailUncertain || !o.send.Disabled() {
		t.Fatalf("outbox shows %+v (Send now disabled %v)", o.mails, o.send.Disabled())
	}
	o.confirmResend(o.mails[0])
	if o.asked == nil {
		t.Fatal("Send again did not ask first")
	}
	o.asked.Confirm()
	eventually(t, d, "the mail to be sent again", func() bool { return len(srv.Messages()) == 2 })
	eventually(t, d, "the outbox to empty", func() bool { return len(o.mails) == 0 })
}
