package crashtest

import (
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/notify/smtptest"
)

// requestInBody finds which request a "denied" mail answers.
var requestInBody = regexp.MustCompile(`Request (\d+), filed`)

// mailStation is the requests station with every request denied, so that
// the outbox holds one queued mail per request, and with the loopback
// SMTP server srv set up after that: nothing was sent yet.
func mailStation(t *testing.T, requests *requestsFixture, srv *smtptest.Server) *station {
	t.Helper()
	base, ids := requests.get(t)
	s := base.clone(t)
	s.must(append([]string{"requests", "deny", "--note", "No budget this year"}, ids...)...)
	for key, value := range map[string]string{"smtp.host": srv.Host, "smtp.port": strconv.Itoa(srv.Port),
		"smtp.tls": "none", "smtp.from": "desk@example.org"} {
		s.must("settings", "set", key, value)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d mails arrived before any flush", n)
	}
	return s
}

// mailStatuses counts the outbox's messages by status.
func mailStatuses(t *testing.T, s *station) map[string]int {
	t.Helper()
	out := map[string]int{}
	inspect(t, s, func(db *sql.DB) {
		rows, err := db.Query("SELECT status, count(*) FROM mail_outbox GROUP BY status")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var status string
			var n int
			if err := rows.Scan(&status, &n); err != nil {
				t.Fatal(err)
			}
			out[status] = n
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	})
	return out
}

// uncertainRequests are the requests whose mail is uncertain: handed to
// the server by a process that stopped before the server confirmed it.
func uncertainRequests(t *testing.T, s *station) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	peek(t, s, func(db *sql.DB) {
		rows, err := db.Query("SELECT body FROM mail_outbox WHERE status = 'uncertain'")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				t.Fatal(err)
			}
			if m := requestInBody.FindStringSubmatch(body); m != nil {
				out[m[1]] = true
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	})
	return out
}

// testMailFlush: a kill during outbox flush sends no mail twice, and the
// next flush sends the rest at once: the dead process's leases do not
// hold its mail back. A mail the dead process had handed to the server
// without hearing back may have arrived; it is left "uncertain" for an
// operator instead of being sent again.
func testMailFlush(t *testing.T, requests *requestsFixture) {
	srv, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	seen := 0 // messages that arrived in earlier iterations
	scenario{
		name: "mail flush", seed: 0x6000, iterations: 10, short: 4, whole: "every mail arrived once",
		base: mailStation(t, requests, srv), args: []string{"outbox", "flush"},
		check: func(t *testing.T, s *station, k killed) string {
			after := mailStatuses(t, s)
			for i := 0; after["queued"] > 0; i++ {
				if i == 3 {
					t.Fatalf("after %s and %d more flushes, %d mails are still queued: %v", k, i, after["queued"], after)
				}
				if r := s.run("outbox", "flush"); r.code != 0 && !strings.Contains(r.stderr, "uncertain") {
					t.Fatalf("outbox flush after %s: exit %d\n%s", k, r.code, r.stderr)
				}
				after = mailStatuses(t, s)
			}
			msgs := srv.Messages()
			arrived := map[string]int{}
			for _, m := range msgs[seen:] {
				req := requestInBody.FindStringSubmatch(m.Body)
				if req == nil || len(m.To) != 1 || m.To[0] != "admin@example.org" {
					t.Fatalf("after %s: an unexpected mail arrived: %+v", k, m)
				}
				arrived[req[1]]++
			}
			seen = len(msgs)
			uncertain := uncertainRequests(t, s)
			var missing []string
			for _, id := range requests.ids {
				switch n := arrived[id]; {
				case n > 1:
					t.Fatalf("after %s: the mail for request %s arrived %d times", k, id, n)
				case n == 0 && !uncertain[id]:
					missing = append(missing, id)
				}
			}
			if len(missing) > 0 || len(arrived) > denyRequests || after["sent"]+after["uncertain"] != denyRequests {
				t.Fatalf("after %s: outbox %v; no mail arrived for requests %v", k, after, missing)
			}
			lost := 0
			for id := range uncertain {
				if arrived[id] == 0 {
					lost++
				}
			}
			outcome := "every mail arrived once"
			if len(uncertain) > 0 {
				outcome = "uncertain mail left for an operator"
			}
			return fmt.Sprintf("%s (%d arrived, %d uncertain of which %d did not arrive)", outcome, len(arrived), len(uncertain), lost)
		},
	}.run(t)
}
