package cli

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// audit verify exits 0 on an intact log and prints the newest event's
// hash; after someone edits an event behind CardDesk's back it exits 1
// naming that event.
func TestAuditVerify(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.must("cardholders", "add", "--first-name", "Jan", "--last-name", "Jansen")
	h.must("cardholders", "add", "--first-name", "Els", "--last-name", "Visser")
	var evs []auditJSON
	if err := json.Unmarshal([]byte(h.must("audit", "list", "--json")), &evs); err != nil || len(evs) < 3 {
		t.Fatalf("audit list: %d events, %v", len(evs), err)
	}

	// Every command signs in, which is an audit event too: verify counts
	// its own sign-in.
	out := h.must("audit", "verify")
	m := regexp.MustCompile(`^audit trail intact: (\d+) events\nnewest event: #(\d+), hash ([0-9a-f]{64})\n$`).FindStringSubmatch(out)
	if m == nil || m[1] != m[2] || m[1] != fmt.Sprint(len(evs)+1) {
		t.Errorf("audit verify on an intact log, after %d events:\n%s", len(evs), out)
	}
	intact := mustJSON[verificationJSON](h, "audit", "verify", "--json")
	if !intact.Intact || intact.Events != int64(len(evs)+2) || intact.HeadSeq != intact.Events || intact.Broken != nil ||
		len(intact.HeadHash) != 64 || m == nil || intact.HeadHash == m[3] {
		t.Errorf("audit verify --json on an intact log: %+v", intact)
	}

	// A hash verify printed can be looked up in the log later.
	var later []auditJSON
	if err := json.Unmarshal([]byte(h.must("audit", "list", "--json")), &later); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range later {
		found = found || e.Seq == intact.HeadSeq && e.Hash == intact.HeadHash
	}
	if !found {
		t.Errorf("audit list --json has no event #%d with hash %s", intact.HeadSeq, intact.HeadHash)
	}

	// The first Jansen event, the second newest, gets other details.
	target := evs[1]
	h.behindBack(fmt.Sprintf("UPDATE audit_events SET details = 'nothing happened' WHERE id = %s", target.ID))
	r := h.run("audit", "verify")
	want := fmt.Sprintf("carddesk: audit trail broken: event %s (", target.ID)
	if r.code != ExitRefused || r.stdout != "" || !strings.HasPrefix(r.stderr, want) ||
		!strings.Contains(r.stderr, target.Action+") was changed") ||
		!strings.Contains(r.stderr, fmt.Sprintf("the %d events before it check out", len(evs)-2)) {
		t.Errorf("audit verify on a changed log: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = h.run("audit", "verify", "--json")
	var broken verificationJSON
	if err := json.Unmarshal([]byte(r.stdout), &broken); err != nil || r.code != ExitRefused || broken.Intact ||
		broken.Broken == nil || broken.Broken.Kind != "changed" || broken.Broken.Event.ID != target.ID ||
		broken.Broken.Event.Details != "nothing happened" || broken.Events != int64(len(evs)-2) {
		t.Errorf("audit verify --json on a changed log: exit %d, %v\n%s", r.code, err, r.stdout)
	}
}

// A removed event is named by the event that follows the gap.
func TestAuditVerifyMissingEvent(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.must("cardholders", "add", "--first-name", "Jan", "--last-name", "Jansen")
	h.must("cardholders", "add", "--first-name", "Els", "--last-name", "Visser")
	var evs []auditJSON
	if err := json.Unmarshal([]byte(h.must("audit", "list", "--json")), &evs); err != nil || len(evs) < 3 {
		t.Fatalf("audit list: %d events, %v", len(evs), err)
	}
	h.behindBack("DELETE FROM audit_events WHERE id = " + evs[1].ID)
	r := h.run("audit", "verify")
	n := len(evs) - 1 // the removed event's place in the chain
	want := fmt.Sprintf("carddesk: audit trail broken: event #%d of the chain is missing, just before event %s (", n, evs[0].ID)
	if r.code != ExitRefused || !strings.HasPrefix(r.stderr, want) {
		t.Errorf("audit verify after a deletion: exit %d\nstderr: %s\nwant %s", r.code, r.stderr, want)
	}
}

// behindBack changes the station's database as someone with the file (or
// the PostgreSQL owner's password) could: the audit log's triggers off,
// the statement, the triggers on again.
func (h *harness) behindBack(stmt string) {
	h.t.Helper()
	driver, dsn := "sqlite", h.db
	stmts := []string{"DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete", stmt,
		`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
			SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be changed'); END`,
		`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN
			SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be deleted'); END`}
	if h.onPostgres() {
		driver = "pgx"
		stmts = []string{"ALTER TABLE audit_events DISABLE TRIGGER USER", stmt, "ALTER TABLE audit_events ENABLE TRIGGER USER"}
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			h.t.Fatalf("%s: %v", s, err)
		}
	}
}
