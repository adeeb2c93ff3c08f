package sqlite

import "database/sql"

// SQL returns the database's two pools for tools that work on whole tables
// rather than through enroll's repositories (storage/dbcopy): write is the
// one writer connection, whose transactions begin IMMEDIATE and so hold the
// file's write lock throughout; read is the query-only pool, whose read
// transactions each see one snapshot. The DB still owns both: Close closes
// them, and the caller must not.
func (db *DB) SQL() (write, read *sql.DB) { return db.w, db.r }
