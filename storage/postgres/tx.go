package postgres

import "github.com/carddesk/carddesk/enroll"

// tx hands out the repositories bound to one transaction; like SQLite's,
// they hold no other state, and tx itself only the audit events appended
// in it, which join the chain when it commits (see audit.go).
//
// write is true in Update's transactions. There the queries that pick work
// several stations share (due mail, due card orders) lock the rows they
// return and pass over rows another station has locked (claimLock): under
// READ COMMITTED two stations would otherwise both read the same queued
// row before either leased it, and both send it. A View's snapshot takes
// no locks.
type tx struct {
	q     conn
	write bool
	// appended are this transaction's audit events, in order; they are
	// chained and written just before the commit (chainAppended).
	appended []*enroll.AuditEvent
}

// claimLock ends a SELECT of shared work (see tx).
func (t *tx) claimLock() string {
	if t.write {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// rowLock ends the SELECT of one row that a write transaction reads in
// order to change it (ByID of a request, an ordered or a temporary card).
// SQLite runs one write transaction at a time, so what it reads there stays
// true until it commits; here another station's transaction could change
// the row in between, and the version check would then fail the whole
// transaction (ErrStale) where SQLite would simply have read the newer row.
// Locking the row at the read makes the other station's change wait, or
// makes this read wait for it and see it.
func (t *tx) rowLock(table string) string {
	if t.write {
		return " FOR UPDATE OF " + table
	}
	return ""
}
