package cli

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify/smtptest"
)

// pendingRequests files n requests for new cardholders and returns their ids.
func (h *harness) pendingRequests(n int, extra ...string) []string {
	h.t.Helper()
	var ids []string
	for i := range n {
		ch := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Pat", "--last-name", "Doe"+strconv.Itoa(i)))
		ids = append(ids, strings.TrimSpace(h.must(append([]string{"requests", "create", "--cardholder", ch}, extra...)...)))
	}
	return ids
}

func TestRequestsAnswered(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	ids := h.pendingRequests(4)

	out := h.must("requests", "modify", ids[0], "--note", "front desk", "--activate", "never", "--json")
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil || r["note"] != "front desk" || r["activation"] != "never" {
		t.Fatalf("modify --json = %s (%v)", out, err)
	}
	out = h.must("requests", "connect", ids[0], "--manual", "h10301", "facility=1", "card=5")
	if !strings.Contains(out, "enrolled and assigned for Pat Doe0") || !strings.Contains(out, "inactive") {
		t.Errorf("connect --manual printed %q", out)
	}
	spare := strings.TrimSpace(h.must("credentials", "add", "h10301", "facility=1", "card=6"))
	if out := h.must("requests", "connect", ids[1], "--existing", spare); !strings.Contains(out, "credential "+spare+" assigned") || !strings.Contains(out, "active") {
		t.Errorf("connect --existing printed %q", out)
	}
	if out := h.must("requests", "complete", ids[0], ids[1]); out != "request "+ids[0]+" completed (Pat Doe0)\nrequest "+ids[1]+" completed (Pat Doe1)\n" {
		t.Errorf("complete printed %q", out)
	}
	h.must("requests", "deny", ids[2], "--note", "duplicate")

	refused := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"deny answered", []string{"requests", "deny", ids[2], ids[3]}, ExitRefused, "request " + ids[2] + " was already denied by admin"},
		{"modify answered", []string{"requests", "modify", ids[0], "--note", "x"}, ExitRefused, "already completed by admin"},
		{"complete without card", []string{"requests", "complete", ids[3]}, ExitRefused, "no card connected yet, left pending: " + ids[3] + " (Pat Doe3)"},
		{"card of someone else", []string{"requests", "connect", ids[3], "--existing", spare}, ExitRefused, "already assigned to Pat Doe1"},
		{"typed card of someone else", []string{"requests", "connect", ids[3], "--manual", "h10301", "facility=1", "card=5"}, ExitRefused, "already assigned to Pat Doe0"},
		{"out of range", []string{"requests", "connect", ids[3], "--manual", "h10301", "facility=1", "card=70000"}, ExitRefused, "card: 70000 is out of range 0–65535"},
		{"missing request", []string{"requests", "deny", "999"}, ExitRefused, "not found"},
		{"both ways", []string{"requests", "connect", ids[3], "--manual", "h10301", "--existing", spare}, ExitUsage, "exactly one of"},
		{"zero timeout", []string{"requests", "connect", ids[3], "--auto", "--timeout", "0s"}, ExitUsage, "positive duration"},
		{"auto without a reader", []string{"requests", "connect", ids[3], "--auto"}, ExitRefused, "no card reader is connected"},
		{"auto and manual", []string{"requests", "connect", ids[3], "--auto", "--manual", "h10301"}, ExitUsage, "exactly one of"},
		{"manual without fields", []string{"requests", "connect", ids[3], "--manual", "h10301"}, ExitUsage, "needs the card's fields"},
		{"bad email flag", []string{"requests", "modify", ids[3], "--email-when-ready=maybe"}, ExitUsage, "email-when-ready"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			r := h.run(tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d (want %d), stderr lacks %q:\n%s", r.code, tc.code, tc.want, r.stderr)
			}
		})
	}
	var pending []map[string]any
	if err := json.Unmarshal([]byte(h.must("requests", "list", "--json")), &pending); err != nil || len(pending) != 1 || pending[0]["id"] != ids[3] {
		t.Fatalf("still pending: %v (%v)", pending, err)
	}
}

func TestAnswerMailsRequesterBeforeExit(t *testing.T) {
	srv, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	h := newHarness(t)
	h.env[EnvPassword] = "admin-secret"
	h.must("setup", "--admin", "admin", "--email", "admin@example.org")
	h.env[EnvOperator] = "admin"
	for k, v := range map[string]string{"smtp.host": srv.Host, "smtp.port": strconv.Itoa(srv.Port), "smtp.tls": "none", "smtp.from": "desk@example.org"} {
		h.must("settings", "set", k, v)
	}
	ids := h.pendingRequests(2, "--email-when-ready")

	srv.Stop()
	r := h.run("requests", "deny", ids[0], "--note", "not employed here")
	if r.code != ExitOK || !strings.Contains(r.stderr, "will be retried") {
		t.Fatalf("deny with the mail server down: exit %d, stderr %q", r.code, r.stderr)
	}
	var box []map[string]any
	if err := json.Unmarshal([]byte(h.must("outbox", "list", "--json")), &box); err != nil || len(box) != 1 || box[0]["status"] != "queued" {
		t.Fatalf("outbox: %v (%v)", box, err)
	}
	// The next try to the second: the first backoffs are seconds long.
	if list := h.must("outbox", "list"); !regexp.MustCompile(`queued .* \d{4}-\d\d-\d\d \d\d:\d\d:\d\d `).MatchString(list) {
		t.Errorf("outbox list shows no next try to the second:\n%s", list)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	// The failed mail waits out its backoff; the next answer's mail goes at once.
	h.must("requests", "connect", ids[1], "--manual", "csn32", "csn=04a1b2c3")
	h.must("requests", "complete", ids[1])
	got := srv.Messages()
	if len(got) != 1 || got[0].To[0] != "admin@example.org" || !strings.Contains(got[0].Subject, "Card ready for Pat Doe1") {
		t.Fatalf("received %+v", got)
	}
	// outbox flush does not wait for the backoff: the denial goes now.
	if out := h.must("outbox", "flush"); out != "1 sent, 0 not delivered\n" {
		t.Errorf("flush inside the backoff printed %q", out)
	}
	if got := srv.Messages(); len(got) != 2 || !strings.Contains(got[1].Subject, "denied") {
		t.Fatalf("after flush the server has %+v, want the denial too", got)
	}
	if out := h.must("outbox", "flush"); out != "0 sent, 0 not delivered\n" {
		t.Errorf("second flush printed %q", out)
	}
	testUncertainMail(t, h, srv)
}

// testUncertainMail: a message another desk had handed to the server when
// it stopped is not sent by flush but left uncertain; resend sends it.
func testUncertainMail(t *testing.T, h *harness, srv *smtptest.Server) {
	ctx := context.Background()
	before := len(srv.Messages())
	if r := h.run("outbox", "resend", "1"); r.code != ExitRefused || !strings.Contains(r.stderr, "only uncertain mail is sent again") {
		t.Errorf("resend of sent mail: exit %d, stderr %q", r.code, r.stderr)
	}
	db, closer, err := openStore(ctx, h.db)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = db.Update(ctx, func(tx enroll.Tx) error {
		m := enroll.Mail{To: "pat@example.org", Subject: "Card ready", Body: "b", CreatedAt: time.Now()}
		if err := tx.Outbox().Enqueue(ctx, &m); err != nil {
			return err
		}
		id = m.ID
		now := time.Now()
		if err := tx.Outbox().Lease(ctx, id, now.Add(time.Millisecond), "other-desk/1/x"); err != nil {
			return err
		}
		return tx.Outbox().HandOver(ctx, id, "other-desk/1/x", now)
	})
	closer.Close()
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond) // the stopped desk's lease runs out
	r := h.run("outbox", "flush")
	if r.code != ExitRefused || r.stdout != "0 sent, 0 not delivered, 1 not confirmed\n" || !strings.Contains(r.stderr, "outbox resend ID") {
		t.Errorf("flush with a handed-over mail: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(h.must("outbox", "list"), "uncertain") {
		t.Error("outbox list does not show the uncertain mail")
	}
	if n := len(srv.Messages()); n != before {
		t.Fatalf("flush sent the handed-over mail again (%d messages, was %d)", n, before)
	}
	if out := h.must("outbox", "resend", strconv.FormatInt(id, 10)); !strings.Contains(out, "1 sent") {
		t.Errorf("resend printed %q", out)
	}
	if n := len(srv.Messages()); n != before+1 {
		t.Errorf("after resend the server has %d messages, want %d", n, before+1)
	}
}
