package postgres

import "database/sql"

// SQL returns the connection pool for tools that work on whole tables
// rather than through enroll's repositories (storage/dbcopy). The DB still
// owns it: Close closes it, and the caller must not.
func (db *DB) SQL() *sql.DB { return db.pool }

// Redact returns a connection string (URL or keyword/value) with every
// password masked as xxxxx, for messages and logs that name the database.
func Redact(dsn string) string { return redact(dsn) }
