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

// auditChainLock is the pg_advisory_xact_lock key a transaction takes to
// add its events to the chain: stations that commit events at once take
// turns, so every event follows the one committed before it and the chain
// stays one line. 'CDAU'.
const auditChainLock int64 = 0x43444155

// auditCols are an event's columns in the order sqlvalue.ScanAuditEvent reads them.
const auditCols = `id, at, operator_id, operator, action, entity, entity_id, details, before, after,
	seq, prev_hash, hash`

// Append takes e's id from the identity sequence (the hash covers it) and
// keeps e for the commit, which chains and writes the transaction's events
// (chainAppended). The chain's lock is the last lock a transaction takes
// and it holds it only for those inserts: taken at the first Append, a
// transaction that went on to lock a row (an ordered card, a request)
// could wait for a second one that held that row and waited for the chain,
// and PostgreSQL would end one of them as a deadlock.
func (r audit) Append(ctx context.Context, e *enroll.AuditEvent) error {
	if r.tx == nil || !r.tx.write {
		return fmt.Errorf("writing audit event %s: not in a write transaction", e.Action)
	}
	if err := r.q.QueryRowContext(ctx, "SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))").Scan(&e.ID); err != nil {
		return fmt.Errorf("writing audit event %s: taking an id: %w", e.Action, err)
	}
	r.tx.appended = append(r.tx.appended, e)
	return nil
}

// chainAppended writes the transaction's events at the end of the chain:
// it takes the chain's lock, then reads the head in a statement of its
// own, which under READ COMMITTED sees the event the previous holder
// committed. The lock holds until the commit right after.
func (t *tx) chainAppended(ctx context.Context) error {
	if len(t.appended) == 0 {
		return nil
	}
	if _, err := t.q.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", auditChainLock); err != nil {
		return fmt.Errorf("waiting for the audit chain: %w", err)
	}
	var head enroll.AuditLink
	err := t.q.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1), 0),
		coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '')`).Scan(&head.Seq, &head.Hash)
	if err != nil {
		return fmt.Errorf("reading the end of the audit chain: %w", err)
	}
	for _, e := range t.appended {
		e.Chain(head)
		if err := sqlvalue.InsertAuditEvent(ctx, t.q, e); err != nil {
			return err
		}
		head = enroll.AuditLink{Seq: e.Seq, Hash: e.Hash}
	}
	t.appended = t.appended[:0]
	return nil
}

// ownEvents writes the events this transaction appended before it reads
// the log, so it reads its own writes as on SQLite. The desk's use cases
// never read the log in a write transaction; where one does, it holds the
// chain from then on, as every Append did before.
func (r audit) ownEvents(ctx context.Context) error {
	if r.tx == nil {
		return nil
	}
	return r.tx.chainAppended(ctx)
}

func (r audit) Chain(ctx context.Context, after enroll.AuditPosition, limit int) ([]enroll.AuditEvent, error) {
	if err := r.ownEvents(ctx); err != nil {
		return nil, err
	}
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
	if err := r.ownEvents(ctx); err != nil {
		return nil, err
	}
	f := auditFilter(q)
	rows, err := r.q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events`+f.Where()+
		" ORDER BY at DESC, id DESC"+page(q.Limit, q.Offset), f.Args...)
	if err != nil {
		return nil, fmt.Errorf("reading audit log: %w", err)
	}
	return collect(rows, sqlvalue.ScanAuditEvent, "reading audit log")
}

func (r audit) Count(ctx context.Context, q enroll.AuditQuery) (int, error) {
	if err := r.ownEvents(ctx); err != nil {
		return 0, err
	}
	f := auditFilter(q)
	var n int
	if err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM audit_events"+f.Where(), f.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting audit events: %w", err)
	}
	return n, nil
}
