package postgres

import (
	"context"
	"database/sql"

	"github.com/carddesk/carddesk/enroll"
)

var _ enroll.Store = (*DB)(nil)

// Update runs fn in a write transaction (READ COMMITTED, see withTx) and
// commits when fn returns nil; fn's error comes back unchanged.
func (db *DB) Update(ctx context.Context, fn func(enroll.Tx) error) error {
	return db.withTx(ctx, false, func(t *sql.Tx) error {
		x := &tx{q: conn{t}, write: true}
		if err := fn(x); err != nil {
			return err
		}
		return x.chainAppended(ctx)
	})
}

// View runs fn in a read-only transaction that sees one snapshot, taken at
// its first statement, and never waits for writers.
func (db *DB) View(ctx context.Context, fn func(enroll.Tx) error) error {
	return db.withTx(ctx, true, func(t *sql.Tx) error { return fn(&tx{q: conn{t}}) })
}
