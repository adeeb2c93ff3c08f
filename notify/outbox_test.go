package notify_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
)

// deny queues one denial mail and returns the desk.
func denyOne(t *testing.T, d *desk) {
	t.Helper()
	r := d.request(t, true)
	if _, err := d.st.Requests.Deny(t.Context(), d.admin, []int64{r.ID}, "Duplicate request"); err != nil {
		t.Fatal(err)
	}
}

// Send now takes queued mail at once, although its backoff is not over.
func TestSendNowIgnoresTheBackoff(t *testing.T) {
	srv := startServer(t)
	d := newDesk(t, srv)
	ctx := t.Context()
	srv.Stop()
	denyOne(t, d)
	if res, err := d.st.Outbox.Flush(ctx, d.admin); err != nil || res.Failed != 1 {
		t.Fatalf("Flush with the server down = %+v, %v", res, err)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if res, err := d.st.Outbox.Flush(ctx, d.admin); err != nil || res.Sent != 0 {
		t.Fatalf("Flush inside the backoff = %+v, %v; want nothing sent", res, err)
	}
	if res, err := d.st.Outbox.SendNow(ctx, d.admin); err != nil || res.Sent != 1 {
		t.Fatalf("SendNow inside the backoff = %+v, %v; want one sent", res, err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("server received %d messages, want 1", n)
	}
}

// SendNow tries a failing message once per call, not in a loop.
func TestSendNowTriesEachMessageOnce(t *testing.T) {
	srv := startServer(t)
	d := newDesk(t, srv)
	srv.Stop()
	denyOne(t, d)
	denyOne(t, d)
	res, err := d.st.Outbox.SendNow(t.Context(), d.admin)
	if err != nil || res.Failed != 2 || res.Sent != 0 {
		t.Fatalf("SendNow with the server down = %+v, %v; want 2 failed", res, err)
	}
	q, _ := d.st.Outbox.List(t.Context(), d.admin, enroll.MailQueued)
	for _, m := range q {
		if m.Attempts != 1 {
			t.Errorf("mail %d tried %d times, want 1", m.ID, m.Attempts)
		}
	}
}

// A server that takes the message and then says nothing leaves it
// uncertain: no flush sends it again until an operator asks.
func TestSilentServerLeavesMailUncertain(t *testing.T) {
	srv := startServer(t)
	d := newDesk(t, srv, func(o *enroll.Options) { o.Mail = notify.SMTP{Timeout: time.Second} })
	ctx := t.Context()
	denyOne(t, d)
	srv.HoldReplies()
	res, err := d.st.Outbox.Flush(ctx, d.admin)
	if err != nil || res.Uncertain != 1 || res.Sent != 0 || res.Failed != 0 {
		t.Fatalf("Flush to a silent server = %+v, %v; want one uncertain", res, err)
	}
	srv.ReleaseReplies()
	d.clock.add(2 * time.Hour)
	if res, err := d.st.Outbox.SendNow(ctx, d.admin); err != nil || res.Sent != 0 {
		t.Fatalf("SendNow after an uncertain delivery = %+v, %v; want nothing sent", res, err)
	}
	un, err := d.st.Outbox.List(ctx, d.admin, enroll.MailUncertain)
	if err != nil || len(un) != 1 || un[0].HandedOverAt.IsZero() || un[0].LastError == "" {
		t.Fatalf("uncertain mail = %+v, %v", un, err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("server has %d messages, want 1", n)
	}
	if err := d.st.Outbox.Resend(ctx, d.requester, un[0].ID); err != nil {
		t.Fatal(err)
	}
	if res, err := d.st.Outbox.Flush(ctx, d.admin); err != nil || res.Sent != 1 {
		t.Fatalf("Flush after Resend = %+v, %v; want one sent", res, err)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("server has %d messages after the resend, want 2", n)
	}
	if err := d.st.Outbox.Resend(ctx, d.requester, un[0].ID); !errors.Is(err, enroll.ErrNotFound) {
		t.Errorf("Resend of sent mail: %v, want ErrNotFound", err)
	}
	evs, _, _ := d.st.Audit.List(ctx, d.admin, enroll.AuditQuery{Action: "mail.resend"})
	if len(evs) != 1 || evs[0].Operator != "rita" {
		t.Errorf("audit of the resend: %+v", evs)
	}
}

// deadHolder plays this host's process table: "dead" has stopped.
type deadHolder struct{}

func (deadHolder) Holder() string          { return "alive" }
func (deadHolder) Gone(holder string) bool { return holder == "dead" }

// Mail a stopped process had leased is sent at once; mail it had already
// handed to the server is not sent again but left uncertain.
func TestStoppedSendersMailResumesWithoutDuplicates(t *testing.T) {
	srv := startServer(t)
	d := newDesk(t, srv, func(o *enroll.Options) { o.Leases = deadHolder{} })
	ctx := t.Context()
	denyOne(t, d)
	denyOne(t, d)
	denyOne(t, d)
	q, err := d.st.Outbox.List(ctx, d.admin, enroll.MailQueued)
	if err != nil || len(q) != 3 {
		t.Fatalf("queued: %+v, %v", q, err)
	}
	now := d.clock.Now()
	if err := d.db.Update(ctx, func(tx enroll.Tx) error {
		o := tx.Outbox()
		for i, holder := range []string{"dead", "dead", "other-desk"} {
			if err := o.Lease(ctx, q[i].ID, now.Add(5*time.Minute), holder); err != nil {
				return err
			}
		}
		return o.HandOver(ctx, q[0].ID, "dead", now)
	}); err != nil {
		t.Fatal(err)
	}
	res, err := d.st.Outbox.SendNow(ctx, d.admin)
	if err != nil || res.Sent != 1 || res.Uncertain != 1 {
		t.Fatalf("SendNow = %+v, %v; want one sent (leased, not handed over) and one uncertain", res, err)
	}
	byID := map[int64]enroll.MailStatus{}
	all, _ := d.st.Outbox.List(ctx, d.admin, "")
	for _, m := range all {
		byID[m.ID] = m.Status
	}
	want := map[int64]enroll.MailStatus{q[0].ID: enroll.MailUncertain, q[1].ID: enroll.MailSent, q[2].ID: enroll.MailQueued}
	for id, st := range want {
		if byID[id] != st {
			t.Errorf("mail %d is %q, want %q", id, byID[id], st)
		}
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server received %d messages, want 1", n)
	}
}
