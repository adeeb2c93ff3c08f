package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// Someone with the database file edits the audit log behind the running
// app's back: they drop the triggers, change rows and put the triggers
// back. audit verify names the event they touched.
func TestAuditTampering(t *testing.T) {
	storagetest.CheckAuditTampering(t, func(t *testing.T) storagetest.Tamper {
		db := openTemp(t)
		return storagetest.Tamper{Store: db, BehindBack: func(t *testing.T, stmts ...string) {
			editFile(t, db.Path(), stmts...)
		}}
	})
}

// editFile runs stmts on the file through a connection of its own, with
// the audit log's triggers dropped and then created again as they were.
func editFile(t *testing.T, path string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
	if err != nil {
		t.Fatal(err)
	}
	triggers := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		triggers[name] = def
	}
	if err := rows.Err(); err != nil || len(triggers) != 2 {
		t.Fatalf("audit triggers %v (%v), want 2", triggers, err)
	}
	var all []string
	for name := range triggers {
		all = append(all, "DROP TRIGGER "+name)
	}
	all = append(all, stmts...)
	for _, def := range triggers {
		all = append(all, def)
	}
	for _, s := range all {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// A station with a long audit log from before the chain (version 11)
// gets every event chained by the upgrade, page after page, in the order
// they were written.
func TestUpgradeChainsLongAuditLog(t *testing.T) {
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	chain := slices.IndexFunc(ms, func(m migration) bool { return m.Name == "0012_audit_chain.sql" })
	path := filepath.Join(t.TempDir(), "carddesk.db")
	old, err := open(t.Context(), path, zaptest.NewLogger(t), ms[:chain])
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	const n = 2500
	rawExec(t, path, fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
		INSERT INTO audit_events (at, operator, action, details)
		SELECT i * 1000, 'olga', 'cardholder.update', 'change ' || i FROM n`, n))

	db, err := Open(t.Context(), path, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v enroll.AuditVerification
	var last []enroll.AuditEvent
	err = db.View(t.Context(), func(tx enroll.Tx) error {
		if v, err = enroll.VerifyAuditChain(t.Context(), tx.Audit()); err != nil {
			return err
		}
		last, err = tx.Audit().Chain(t.Context(), enroll.AuditPosition{Seq: n - 1, ID: n - 1}, 2)
		return err
	})
	if err != nil || !v.Intact() || v.Events != n || v.Head.Seq != n {
		t.Fatalf("after the upgrade: %+v, %v", v, err)
	}
	if len(last) != 1 || last[0].ID != n || last[0].Details != fmt.Sprint("change ", n) {
		t.Errorf("the newest event: %+v", last)
	}
}
