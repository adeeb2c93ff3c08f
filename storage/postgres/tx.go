package postgres

// tx hands out the repositories bound to one transaction; like SQLite's,
// they hold no other state.
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
}

// claimLock ends a SELECT of shared work (see tx).
func (t *tx) claimLock() string {
	if t.write {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}
