package crashtest

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	osexec "os/exec"
	"testing"

	_ "modernc.org/sqlite" // the driver the station itself uses
)

// inspect checks the database of a station whose process is dead with
// SQLite's integrity and foreign key checks (opening it replays or
// discards what the dead process left in the WAL, as the next carddesk
// would), then opens it read only and hands it to look. The connection is
// closed before the next command runs.
func inspect(t *testing.T, s *station, look func(db *sql.DB)) {
	t.Helper()
	intact(t, s)
	peek(t, s, look)
}

// peek opens the station's database read only and hands it to look.
func peek(t *testing.T, s *station, look func(db *sql.DB)) {
	t.Helper()
	dsn := "file:" + (&url.URL{Path: s.db()}).EscapedPath() + "?mode=ro&_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatalf("opening %s: %v", s.db(), err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	look(db)
}

// intact fails the test unless PRAGMA integrity_check says ok and PRAGMA
// foreign_key_check finds nothing, as dbcheck reports them.
func intact(t *testing.T, s *station) {
	t.Helper()
	if got, err := sqliteChecks(s.db()); err != nil || got != sqliteFine {
		t.Fatalf("PRAGMA integrity_check and foreign_key_check of %s: %v\n%s", s.db(), err, got)
	}
}

// sqliteFine is what dbcheck prints for a database without problems.
const sqliteFine = "ok\nforeign_key_check 0\n"

// sqliteChecks is what dbcheck prints for the database at path.
func sqliteChecks(path string) (string, error) {
	out, err := osexec.Command(dbcheck, path).Output()
	var ee *osexec.ExitError
	if errors.As(err, &ee) {
		return string(out), fmt.Errorf("%w: %s", err, ee.Stderr)
	}
	return string(out), err
}

// count is the one integer a query returns.
func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// audited counts the audit events of one action.
func audited(t *testing.T, db *sql.DB, action string) int {
	t.Helper()
	return count(t, db, "SELECT count(*) FROM audit_events WHERE action = ?", action)
}

// write runs one statement on the database of a station whose process is
// dead, for what the test itself must change (see its caller for why).
func write(t *testing.T, s *station, stmt string, args ...any) int64 {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: s.db()}).EscapedPath()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(stmt, args...)
	if err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		t.Fatal(err)
	}
	return n
}
