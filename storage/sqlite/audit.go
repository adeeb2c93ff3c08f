package sqlite

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

// audit has no update or delete; triggers in the schema refuse them as well.
type audit struct{ q *conn }

// auditCols are an event's columns in the order sqlvalue.ScanAuditEvent reads them.
const auditCols = `id, at, operator_id, operator, action, entity, entity_id, details, before, after,
	seq, prev_hash, hash`

// Append chains e to the newest event. The writer's transaction holds the
// file's write lock from its start (BEGIN IMMEDIATE), so no other append
// can come between reading the head and inserting. The id is the one
// SQLite would hand out (the rows are never deleted), chosen before the
// insert because the hash covers it.
func (r audit) Append(ctx context.Context, e *enroll.AuditEvent) error {
	var head enroll.AuditLink
	err := r.q.QueryRowContext(ctx, `SELECT coalesce((SELECT max(id) FROM audit_events), 0) + 1,
		coalesce((SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1), 0),
		coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '')`).Scan(&e.ID, &head.Seq, &head.Hash)
	if err != nil {
		return fmt.Errorf("writing audit event %s: reading the end of the chain: %w", e.Action, err)
	}
	e.Chain(head)
	return sqlvalue.InsertAuditEvent(ctx, r.q, e)
}

// Chain pages with a row value: SQLite searches the seq index from it,
// where the same condition written with OR scans the whole index for
// every page.
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
// never show an event twice.
func auditFilter(q enroll.AuditQuery) *filter {
	f := &filter{}
	if q.Operator != "" {
		f.Add("operator = ?", q.Operator)
	}
	if q.Action != "" {
		f.Add(`action LIKE ? ESCAPE '\'`, sqlvalue.EscapeLike(q.Action)+"%")
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
