package postgres

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

// audit has no update or delete; triggers in the schema refuse them as well.
type audit struct {
	q  conn
	tx *tx // nil in a migration's step, which never appends
}

func (t *tx) Audit() enroll.AuditRepo { return audit{q: t.q, tx: t} }

// auditChainLock is the pg_advisory_xact_lock key every Append takes
// first: stations that append at once take turns until each one's
// transaction ends, so every event follows the one committed before it and
// the chain stays one line. 'CDAU'.
const auditChainLock int64 = 0x43444155

// auditCols are an event's columns in the order sqlvalue.ScanAuditEvent reads them.
const auditCols = `id, at, operator_id, operator, action, entity, entity_id, details, before, after,
	seq, prev_hash, hash`

// Append chains e to the newest event. The transaction's first Append
// takes the lock and then reads the head in a statement of its own: under
// READ COMMITTED that sees the event the previous holder committed. The
// lock holds until the transaction ends, so its later Appends follow their
// own last event without asking. The id comes from the identity sequence
// before the insert, because the hash covers it.
func (r audit) Append(ctx context.Context, e *enroll.AuditEvent) error {
	head, err := r.head(ctx)
	if err != nil {
		return fmt.Errorf("writing audit event %s: %w", e.Action, err)
	}
	if err := r.q.QueryRowContext(ctx, "SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))").Scan(&e.ID); err != nil {
		return fmt.Errorf("writing audit event %s: taking an id: %w", e.Action, err)
	}
	e.Chain(*head)
	_, err = r.q.ExecContext(ctx, `INSERT INTO audit_events
		(id, at, operator_id, operator, action, entity, entity_id, details, before, after, seq, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.At.UnixMilli(), idOrNull(e.OperatorID), e.Operator, e.Action, e.Entity, e.EntityID,
		e.Details, e.Before, e.After, e.Seq, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("writing audit event %s: %w", e.Action, err)
	}
	*head = enroll.AuditLink{Seq: e.Seq, Hash: e.Hash}
	return nil
}

// head is the end of the chain, which this transaction holds from its
// first Append on.
func (r audit) head(ctx context.Context) (*enroll.AuditLink, error) {
	if r.tx.chain != nil {
		return r.tx.chain, nil
	}
	if _, err := r.q.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", auditChainLock); err != nil {
		return nil, fmt.Errorf("waiting for the audit chain: %w", err)
	}
	var head enroll.AuditLink
	err := r.q.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1), 0),
		coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '')`).Scan(&head.Seq, &head.Hash)
	if err != nil {
		return nil, fmt.Errorf("reading the end of the audit chain: %w", err)
	}
	r.tx.chain = &head
	return r.tx.chain, nil
}

func (r audit) Chain(ctx context.Context, after enroll.AuditPosition, limit int) ([]enroll.AuditEvent, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events
		WHERE (seq, id) > (?, ?) ORDER BY seq, id LIMIT ?`, after.Seq, after.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("reading the audit chain: %w", err)
	}
	return collect(rows, sqlvalue.ScanAuditEvent, "reading the audit chain")
}

// byID reads events in id order after the id after, for the migration
// that chains the events written before the chain existed.
func (r audit) byID(ctx context.Context, after int64, limit int) ([]enroll.AuditEvent, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("reading audit events: %w", err)
	}
	return collect(rows, sqlvalue.ScanAuditEvent, "reading audit events")
}

// auditFilter: From is inclusive and To exclusive, so consecutive ranges
// never show an event twice. operator is compared through lower() (NOCASE
// in SQLite), and the action prefix ignores case as SQLite's LIKE does.
func auditFilter(q enroll.AuditQuery) *filter {
	f := &filter{}
	if q.Operator != "" {
		f.Add("lower(operator) = lower(?)", q.Operator)
	}
	if q.Action != "" {
		f.Add(`action ILIKE ? ESCAPE '\'`, sqlvalue.EscapeLike(q.Action)+"%")
	}
	if q.EntityID != "" {
		f.Add("entity_id = ?", q.EntityID)
	}
	if q.Entity != "" {
		f.Add("entity = ?", q.Entity)
	}
	if !q.From.IsZero() {
		f.Add("at >= ?", q.From.UnixMilli())
	}
	if !q.To.IsZero() {
		f.Add("at < ?", q.To.UnixMilli())
	}
	f.words(q.Text, "details", "entity_id")
	return f
}

func (r audit) List(ctx context.Context, q enroll.AuditQuery) ([]enroll.AuditEvent, error) {
	f := auditFilter(q)
	rows, err := r.q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events`+f.Where()+
		" ORDER BY at DESC, id DESC"+page(q.Limit, q.Offset), f.Args...)
	if err != nil {
		return nil, fmt.Errorf("reading audit log: %w", err)
	}
	return collect(rows, sqlvalue.ScanAuditEvent, "reading audit log")
}

func (r audit) Count(ctx context.Context, q enroll.AuditQuery) (int, error) {
	f := auditFilter(q)
	var n int
	if err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM audit_events"+f.Where(), f.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting audit events: %w", err)
	}
	return n, nil
}
