package enroll

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// AuditLog reads the append-only audit trail; writing happens inside each
// service's transaction through record.
type AuditLog struct{ base }

// List returns events matching q, newest first, and the total count.
func (s *AuditLog) List(ctx context.Context, a Actor, q AuditQuery) ([]AuditEvent, int, error) {
	var evs []AuditEvent
	var n int
	err := s.view(ctx, a, PermViewAudit, func(tx Tx) error {
		var err error
		if evs, err = tx.Audit().List(ctx, q); err != nil {
			return err
		}
		n, err = tx.Audit().Count(ctx, q)
		return err
	})
	return evs, n, err
}

// change describes one audited change.
type change struct {
	action    string // e.g. "cardholder.create"
	entity    string
	entityID  int64
	entityKey string // for entities keyed by text (format ids); used when entityID is 0
	details   string
	before    any // nil, or a value marshalled to JSON (secrets carry json:"-")
	after     any
}

// record appends the audit event for c inside tx.
func record(ctx context.Context, tx Tx, a Actor, at time.Time, c change) error {
	ev := AuditEvent{
		At:         at,
		OperatorID: a.ID,
		Operator:   a.Name,
		Action:     c.action,
		Entity:     c.entity,
		Details:    c.details,
		Before:     snapshot(c.before),
		After:      snapshot(c.after),
	}
	if c.entityID != 0 {
		ev.EntityID = strconv.FormatInt(c.entityID, 10)
	} else {
		ev.EntityID = c.entityKey
	}
	return tx.Audit().Append(ctx, &ev)
}

func snapshot(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
