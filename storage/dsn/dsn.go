// Package dsn tells which store a database name (--db, CARDDESK_DB, db
// copy's --from and --to) is for: a postgres:// or postgresql:// URL is a
// shared PostgreSQL database, anything without a scheme a SQLite file.
package dsn

import (
	"fmt"
	"strings"
)

// Kind is a store.
type Kind int

const (
	SQLite Kind = iota
	Postgres
)

// Of returns the store dsn is for. A URL of another scheme (mysql://...)
// is refused rather than taken for an odd file name; the message leaves
// out all but the scheme, which may be followed by a password.
func Of(dsn string) (Kind, error) {
	scheme, _, isURL := strings.Cut(dsn, "://")
	switch {
	case !isURL:
		return SQLite, nil
	case scheme == "postgres" || scheme == "postgresql":
		return Postgres, nil
	}
	return 0, fmt.Errorf("database %s://…: give a SQLite file path or a postgres:// URL", scheme)
}

// IsURL reports whether dsn is a URL rather than a file path.
func IsURL(dsn string) bool { return strings.Contains(dsn, "://") }
