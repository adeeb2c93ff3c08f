package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

// audit has no update or delete; triggers in the schema refuse them as well.
type audit struct{ q *conn }

func (r audit) Append(ctx context.Context, e *enroll.AuditEvent) error {
	res, err := r.q.ExecContext(ctx, `INSERT INTO audit_events
		(at, operator_id, operator, action, entity, entity_id, details, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At.UnixMilli(), idOrNull(e.OperatorID), e.Operator, e.Action, e.Entity, e.EntityID,
		e.Details, e.Before, e.After)
	if err != nil {
		return fmt.Errorf("writing audit event %s: %w", e.Action, err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("writing audit event %s: %w", e.Action, err)
	}
	return nil
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
	rows, err := r.q.QueryContext(ctx, `SELECT id, at, operator_id, operator, action, entity, entity_id,
		details, before, after FROM audit_events`+f.Where()+" ORDER BY at DESC, id DESC"+page(q.Limit, q.Offset),
		f.Args...)
	if err != nil {
		return nil, fmt.Errorf("reading audit log: %w", err)
	}
	return collect(rows, func(s scanner) (enroll.AuditEvent, error) {
		var e enroll.AuditEvent
		var at int64
		var op sql.NullInt64
		err := s.Scan(&e.ID, &at, &op, &e.Operator, &e.Action, &e.Entity, &e.EntityID,
			&e.Details, &e.Before, &e.After)
		e.At, e.OperatorID = fromMS(at), op.Int64
		return e, err
	}, "reading audit log")
}

func (r audit) Count(ctx context.Context, q enroll.AuditQuery) (int, error) {
	f := auditFilter(q)
	var n int
	if err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM audit_events"+f.Where(), f.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting audit events: %w", err)
	}
	return n, nil
}
