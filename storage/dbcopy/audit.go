package dbcopy

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// auditAction is the event a copy leaves in the target's audit log.
const auditAction = "db.copy"

// recordCopy appends a db.copy event to the target's audit log, after the
// copied events and in the copy's transaction, so the log of the new
// database says where its data came from and who moved it. The copied
// events keep their seq and hashes, so the target's chain is the source's,
// and the db.copy event extends it as enroll chains any event. Its id
// comes from the counter setCounter has just moved past the copied ones.
func recordCopy(ctx context.Context, d dialect, q querier, from string, opts Options, counts []TableCount) error {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	var total int64
	rows := make(map[string]int64, len(counts))
	for _, c := range counts {
		total += c.Rows
		rows[c.Table] = c.Rows
	}
	after, err := json.Marshal(struct {
		From string           `json:"from"`
		Rows map[string]int64 `json:"rows"`
	}{from, rows})
	if err != nil {
		return fmt.Errorf("target: the audit event: %w", err)
	}
	e := enroll.AuditEvent{At: now(), OperatorID: opts.By.ID, Operator: opts.By.Name, Action: auditAction,
		Entity: "database", Details: fmt.Sprintf("copied %d rows from %s", total, from), After: string(after)}
	if err := chainCopyEvent(ctx, d, q, &e); err != nil {
		return fmt.Errorf("target: writing the audit event: %w", err)
	}
	var operatorID any // NULL: nobody named, as for sign-ins of unknown users
	if e.OperatorID != 0 {
		operatorID = e.OperatorID
	}
	ph := make([]string, 13)
	for i := range ph {
		ph[i] = d.placeholder(i + 1)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_events
		(id, at, operator_id, operator, action, entity, entity_id, details, before, after, seq, prev_hash, hash)
		VALUES (`+strings.Join(ph, ", ")+`)`,
		e.ID, e.At.UnixMilli(), operatorID, e.Operator, e.Action, e.Entity, e.EntityID,
		e.Details, e.Before, e.After, e.Seq, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("target: writing the audit event: %w", err)
	}
	return nil
}

// chainCopyEvent gives e the target's next audit id and chains it to the
// newest copied event. The copy's transaction holds the target's tables
// (see dialect.lock), so no station appends in between.
func chainCopyEvent(ctx context.Context, d dialect, q querier, e *enroll.AuditEvent) error {
	t, _ := lookupTable("audit_events")
	id, err := d.nextID(ctx, q, t)
	if err != nil {
		return err
	}
	var head enroll.AuditLink
	err = q.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1), 0),
		coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '')`).Scan(&head.Seq, &head.Hash)
	if err != nil {
		return fmt.Errorf("reading the end of the audit chain: %w", err)
	}
	e.ID = id
	e.Chain(head)
	return nil
}
