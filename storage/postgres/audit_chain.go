package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

// chainPage is how many events migration 0012 chains at a time: one
// statement writes them all, and a long log is chained in little memory.
const chainPage = 1000

// chainAuditEvents is migration 0012's Go step: it chains the events
// written before the chain existed, in id order, with enroll's hash, as
// Append would have. (Before the chain, stations appending at once could
// commit out of id order; id order is the one order every copy agrees on.)
func chainAuditEvents(ctx context.Context, t *sql.Tx) error {
	r := audit{q: conn{t}}
	var head enroll.AuditLink
	var after int64
	for {
		evs, err := r.byID(ctx, after, chainPage)
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return nil
		}
		ids, seqs := make([]int64, len(evs)), make([]int64, len(evs))
		prevs, hashes := make([]string, len(evs)), make([]string, len(evs))
		for i := range evs {
			e := &evs[i]
			e.Chain(head)
			ids[i], seqs[i], prevs[i], hashes[i] = e.ID, e.Seq, e.PrevHash, e.Hash
			head = enroll.AuditLink{Seq: e.Seq, Hash: e.Hash}
		}
		if _, err := t.ExecContext(ctx, `UPDATE audit_events AS a
			SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
			FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v (id, seq, prev_hash, hash)
			WHERE a.id = v.id`, ids, seqs, prevs, hashes); err != nil {
			return fmt.Errorf("chaining audit events %d to %d: %w", ids[0], ids[len(ids)-1], err)
		}
		if len(evs) < chainPage {
			return nil
		}
		after = evs[len(evs)-1].ID
	}
}
