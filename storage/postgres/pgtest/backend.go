package pgtest

import (
	"os"
	"path/filepath"
	"testing"
)

// BackendEnv chooses the database the command line's end-to-end tests (the
// packages cli and cmd/carddesk) give each test station: unset or "sqlite",
// a SQLite file; "postgres", a fresh database on the rig of the run.
// scripts/test.sh runs those packages a second time with
// CARDDESK_TEST_DB=postgres, so every command is tested on both stores.
const BackendEnv = "CARDDESK_TEST_DB"

// OnPostgres reports whether the tests run on PostgreSQL (BackendEnv).
// Any value but "", "sqlite" and "postgres" fails the test: a misspelt
// backend would otherwise quietly test SQLite twice.
func OnPostgres(t testing.TB) bool {
	t.Helper()
	switch v := os.Getenv(BackendEnv); v {
	case "", "sqlite":
		return false
	case "postgres":
		return true
	default:
		t.Fatalf("%s=%q: use sqlite or postgres", BackendEnv, v)
		return false
	}
}

// StationDB returns the database a test station runs on, as BackendEnv
// chooses: the SQLite file station.db in dir (not created yet), or the URL
// of a fresh, empty PostgreSQL database (NewDatabase: without a rig the test
// skips, or fails under CARDDESK_RIGS=required).
func StationDB(t testing.TB, dir string) string {
	t.Helper()
	if OnPostgres(t) {
		return NewDatabase(t)
	}
	return filepath.Join(dir, "station.db")
}
