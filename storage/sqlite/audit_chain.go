package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

// chainPage is how many events migration 0012 chains at a time, so a long
// log is chained in little memory.
const chainPage = 1000

// chainAuditEvents is migration 0012's Go step: it chains the events
// written before the chain existed, in id order (SQLite hands out ids in
// the order of the writes), with enroll's hash, as Append would have.
func chainAuditEvents(ctx context.Context, t *sql.Tx) error {
	c := newConn(t)
	r := audit{c}
	var head enroll.AuditLink
	var after int64
	for {
		evs, err := r.byID(ctx, after, chainPage)
		if err != nil {
			return err
		}
		for _, e := range evs {
			e.Chain(head)
			if _, err := c.ExecContext(ctx, "UPDATE audit_events SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?",
				e.Seq, e.PrevHash, e.Hash, e.ID); err != nil {
				return fmt.Errorf("chaining audit event %d: %w", e.ID, err)
			}
			head = enroll.AuditLink{Seq: e.Seq, Hash: e.Hash}
		}
		if len(evs) < chainPage {
			return nil
		}
		after = evs[len(evs)-1].ID
	}
}
