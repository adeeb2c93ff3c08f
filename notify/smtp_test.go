package notify_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/notify/smtptest"
	"github.com/carddesk/carddesk/storage/sqlite"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type desk struct {
	db        *sqlite.DB
	st        *enroll.Station
	clock     *clock
	admin     enroll.Actor
	requester enroll.Actor
	holder    int64
}

// newDesk is a station whose mail settings point at srv, with one
// requester who asks to be mailed and one cardholder.
func newDesk(t *testing.T, srv *smtptest.Server, opts ...func(*enroll.Options)) *desk {
	t.Helper()
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "mail.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &clock{now: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	o := enroll.Options{Clock: c, Mail: notify.SMTP{Timeout: 5 * time.Second},
		Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}}
	for _, f := range opts {
		f(&o)
	}
	st := enroll.New(db, o)
	admin, err := st.Operators.Setup(ctx, "admin", "admin@example.org", "admin-pass-1234")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"smtp.host": srv.Host, "smtp.port": strconv.Itoa(srv.Port),
		"smtp.tls": "none", "smtp.from": "carddesk@example.org"} {
		if err := st.Settings.Set(ctx, admin, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Operators.Add(ctx, admin, enroll.NewOperator{Name: "rita", Role: enroll.RoleOperator, Password: "rita-pass-1234", Email: "rita@example.org"}); err != nil {
		t.Fatal(err)
	}
	rita, err := st.Operators.SignIn(ctx, "rita", "rita-pass-1234")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := st.Cardholders.Add(ctx, admin, enroll.Cardholder{FirstName: "Noor", LastName: "Jansen", Email: "noor@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	return &desk{db: db, st: st, clock: c, admin: admin, requester: rita, holder: ch.ID}
}

func (d *desk) request(t *testing.T, mailMe bool) enroll.CardRequest {
	t.Helper()
	r, err := d.st.Requests.Create(t.Context(), d.requester, enroll.NewRequest{CardholderID: d.holder, Reason: "Lost card", EmailWhenReady: mailMe})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func startServer(t *testing.T) *smtptest.Server {
	t.Helper()
	srv, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	return srv
}

func TestCompletedRequestMailsRequester(t *testing.T) {
	srv := startServer(t)
	d := newDesk(t, srv)
	ctx := t.Context()
	r := d.request(t, true)
	quiet := d.request(t, false)
	for _, id := range []int64{r.ID, quiet.ID} {
		if _, err := d.st.Requests.ConnectManual(ctx, d.admin, id, "h10301", map[string]string{"facility": "7", "card": strconv.FormatInt(100+id, 10)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := d.st.Requests.Complete(ctx, d.admin, []int64{r.ID, quiet.ID}); err != nil {
		t.Fatal(err)
	}
	res, err := d.st.Outbox.Flush(ctx, d.admin)
	if err != nil || res.Sent != 1 || res.Failed != 0 {
		t.Fatalf("Flush = %+v, %v; want one sent", res, err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	m := got[0]
	if m.From != "carddesk@example.org" || len(m.To) != 1 || m.To[0] != "rita@example.org" ||
		m.Subject != "Card ready for Noor Jansen" || !strings.Contains(m.Body, "is ready") || !strings.Contains(m.Body, "Lost card") {
		t.Errorf("received %+v", m)
	}
}

func TestServerDownMailQueuedThenDeliveredOnce(t *testing.T) {
	srv := startServer(t)
	d := newDesk(t, srv)
	ctx := t.Context()
	r := d.request(t, true)
	srv.Stop()
	if _, err := d.st.Requests.Deny(ctx, d.admin, []int64{r.ID}, "Duplicate request"); err != nil {
		t.Fatal(err)
	}
	res, err := d.st.Outbox.Flush(ctx, d.admin)
	if err != nil || res.Sent != 0 || res.Failed != 1 || res.LastErr == "" {
		t.Fatalf("Flush with the server down = %+v, %v", res, err)
	}
	queued, err := d.st.Outbox.List(ctx, d.admin, enroll.MailQueued)
	if err != nil || len(queued) != 1 || queued[0].Attempts != 1 || queued[0].LastError == "" {
		t.Fatalf("queued after failure: %+v, %v", queued, err)
	}

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	// Not due yet: the backoff holds it back even though the server is up.
	if res, err := d.st.Outbox.Flush(ctx, d.admin); err != nil || res.Sent != 0 {
		t.Fatalf("Flush inside the backoff = %+v, %v", res, err)
	}
	d.clock.add(time.Minute)
	if res, err := d.st.Outbox.Flush(ctx, d.admin); err != nil || res.Sent != 1 {
		t.Fatalf("Flush after the backoff = %+v, %v", res, err)
	}
	d.clock.add(time.Hour)
	if res, err := d.st.Outbox.Flush(ctx, d.admin); err != nil || res.Sent != 0 {
		t.Fatalf("Flush again = %+v, %v", res, err)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].Subject != "Card request denied for Noor Jansen" || !strings.Contains(got[0].Body, "Duplicate request") {
		t.Fatalf("server received %+v, want the denial once", got)
	}
	sent, _ := d.st.Outbox.List(ctx, d.admin, enroll.MailSent)
	if len(sent) != 1 || sent[0].Attempts != 2 {
		t.Errorf("sent: %+v", sent)
	}
}

// Two stations flushing one outbox at once send each message once.
func TestConcurrentFlushSendsOnce(t *testing.T) {
	srv := startServer(t)
	d := newDesk(t, srv)
	ctx := t.Context()
	var ids []int64
	for range 6 {
		ids = append(ids, d.request(t, true).ID)
	}
	if _, err := d.st.Requests.Deny(ctx, d.admin, ids, ""); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if _, err := d.st.Outbox.Flush(context.Background(), d.admin); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := len(srv.Messages()); n != len(ids) {
		t.Fatalf("server received %d messages, want %d", n, len(ids))
	}
}

func TestSendTest(t *testing.T) {
	srv := startServer(t)
	d := newDesk(t, srv)
	if err := d.st.Outbox.SendTest(t.Context(), d.admin, "ops@example.org"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Messages(); len(got) != 1 || got[0].To[0] != "ops@example.org" {
		t.Fatalf("received %+v", got)
	}
	srv.Stop()
	if err := d.st.Outbox.SendTest(t.Context(), d.admin, "ops@example.org"); err == nil || !strings.Contains(err.Error(), strconv.Itoa(srv.Port)) {
		t.Fatalf("SendTest with the server down = %v; want an error naming the port", err)
	}
	if err := d.st.Outbox.SendTest(t.Context(), d.requester, "ops@example.org"); err == nil {
		t.Fatal("an operator sent a test mail; administrators only")
	}
}
