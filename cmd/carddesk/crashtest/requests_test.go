package crashtest

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// connectStation is a station with one cardholder and one pending
// request for them, and the command that connects a typed card to it.
func connectStation(t *testing.T) (s *station, request, holder string, args []string) {
	t.Helper()
	s = newStation(t)
	holder = strings.TrimSpace(s.must("cardholders", "add", "--first-name", "Anna", "--last-name", "Jansen"))
	request = strings.TrimSpace(s.must("requests", "create", "--cardholder", holder))
	return s, request, holder, []string{"requests", "connect", request, "--manual", "h10301", "facility=12", "card=3456"}
}

// connectState is what a connect changes: the request's credential, the
// credentials (all, and the holder's), and the audit events of the
// enrollment and of the connect.
type connectState struct{ credential, credentials, holderCards, enrolled, connected int }

func readConnect(t *testing.T, s *station, request, holder string) (st connectState) {
	t.Helper()
	inspect(t, s, func(db *sql.DB) {
		st.credential = count(t, db, "SELECT coalesce(credential_id, 0) FROM card_requests WHERE id = ?", request)
		st.credentials = count(t, db, "SELECT count(*) FROM credentials")
		st.holderCards = count(t, db, "SELECT count(*) FROM credentials WHERE cardholder_id = ?", holder)
		st.enrolled = audited(t, db, "credential.enroll")
		st.connected = count(t, db, "SELECT count(*) FROM audit_events WHERE action = 'request.connect' AND entity_id = ?", request)
	})
	return st
}

func (st connectState) present() bool {
	return st.credential != 0 && st.credentials == 1 && st.holderCards == 1 && st.enrolled == 1 && st.connected == 1
}

func (st connectState) absent() bool { return st == connectState{} }

// testConnect: connecting a typed card enrolls the credential, assigns it
// and connects the request in one transaction, with an audit event for
// the credential and one for the request.
func testConnect(t *testing.T) {
	base, request, holder, args := connectStation(t)
	scenario{
		name: "connect", seed: 0x2000, iterations: 12, short: 4, whole: "change present",
		base: base, args: args,
		check: func(t *testing.T, s *station, k killed) string {
			switch st := readConnect(t, s, request, holder); {
			case st.present():
				return "change present"
			case st.absent():
				s.must(args...)
				if st := readConnect(t, s, request, holder); !st.present() {
					t.Fatalf("connecting again after %s left %+v", k, st)
				}
				return "change absent, connected by a second run"
			default:
				t.Fatalf("after %s: request %s has credential %d, %d credentials (%d of the holder), %d enroll and %d connect events; want all or nothing",
					k, request, st.credential, st.credentials, st.holderCards, st.enrolled, st.connected)
			}
			return ""
		},
	}.run(t)
}

// denyRequests is how many requests one deny answers.
const denyRequests = 50

// requestsStation is a station in dir with denyRequests pending requests
// whose requester (admin, admin@example.org) asked to be mailed the
// answer, and no mail server: each answer's mail stays queued in the
// outbox.
func requestsStation(t *testing.T, dir string) (*station, []string) {
	t.Helper()
	s := newStationIn(t, dir)
	s.must("cardholders", "import", writeCardholderCSV(t, denyRequests))
	holders := mustJSON[[]map[string]any](s, "cardholders", "list")
	if len(holders) != denyRequests {
		t.Fatalf("%d cardholders, want %d", len(holders), denyRequests)
	}
	return s, fileRequests(t, s, holders)
}

// fileRequests files a request for each holder through the station's own
// services in this process: the binary would hash the password once per
// request, which takes most of a minute on a busy machine for a state that
// is not what the test is about.
func fileRequests(t *testing.T, s *station, holders []map[string]any) []string {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, s.db(), zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := enroll.New(db, enroll.Options{Log: zap.NewNop()})
	admin, err := st.Operators.SignIn(ctx, "admin", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(holders))
	for i, h := range holders {
		id, err := strconv.ParseInt(fmt.Sprint(h["id"]), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		r, err := st.Requests.Create(ctx, admin, enroll.NewRequest{CardholderID: id, EmailWhenReady: true,
			Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = strconv.FormatInt(r.ID, 10)
	}
	return ids
}

// requestsFixture builds the requests station once for the tests that
// share it, in a folder of the parent test that outlives each of them.
type requestsFixture struct {
	dir  string
	once sync.Once
	base *station
	ids  []string
}

func (f *requestsFixture) get(t *testing.T) (*station, []string) {
	t.Helper()
	f.once.Do(func() { f.base, f.ids = requestsStation(t, f.dir) })
	if f.base == nil || len(f.ids) != denyRequests {
		t.Fatal("the requests station could not be built (see the first test that used it)")
	}
	return f.base, f.ids
}

// testDeny: requests deny ID... answers all its requests in one
// transaction (cli.md: "all or none"), each with its audit event and its
// queued mail.
func testDeny(t *testing.T, requests *requestsFixture) {
	base, ids := requests.get(t)
	args := append([]string{"requests", "deny", "--note", "No budget this year"}, ids...)
	type state struct{ denied, pending, events, matched, mails int }
	read := func(s *station) (st state) {
		inspect(t, s, func(db *sql.DB) {
			st.denied = count(t, db, "SELECT count(*) FROM card_requests WHERE status = 'denied'")
			st.pending = count(t, db, "SELECT count(*) FROM card_requests WHERE status = 'pending'")
			st.events = audited(t, db, "request.deny")
			// Every denied request has exactly one deny event of its own.
			st.matched = count(t, db, `SELECT count(*) FROM card_requests r WHERE r.status = 'denied' AND
				(SELECT count(*) FROM audit_events a WHERE a.action = 'request.deny' AND a.entity_id = CAST(r.id AS TEXT)) = 1`)
			st.mails = count(t, db, "SELECT count(*) FROM mail_outbox")
		})
		return st
	}
	all := state{denied: denyRequests, events: denyRequests, matched: denyRequests, mails: denyRequests}
	none := state{pending: denyRequests}
	scenario{
		name: "deny", seed: 0x3000, iterations: 12, short: 4, whole: "change present",
		base: base, args: args,
		check: func(t *testing.T, s *station, k killed) string {
			switch st := read(s); st {
			case all:
				return "change present"
			case none:
				s.must(args...)
				if st := read(s); st != all {
					t.Fatalf("denying again after %s left %+v", k, st)
				}
				return "change absent, denied by a second run"
			default:
				t.Fatalf("after %s: %+v; want all %d requests denied with their events and mails, or none", k, st, denyRequests)
			}
			return ""
		},
	}.run(t)
}
