package postgres

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

type reasons struct{ q conn }

func (t *tx) Reasons() enroll.ReasonRepo { return reasons{t.q} }

func (r reasons) List(ctx context.Context) ([]enroll.Reason, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT id, text, position FROM request_reasons ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("listing request reasons: %w", err)
	}
	return collect(rows, func(s scanner) (enroll.Reason, error) {
		var x enroll.Reason
		return x, s.Scan(&x.ID, &x.Text, &x.Position)
	}, "listing request reasons")
}

func (r reasons) Create(ctx context.Context, x *enroll.Reason) error {
	var id int64
	err := r.q.QueryRowContext(ctx, "INSERT INTO request_reasons (text, position) VALUES (?, ?) RETURNING id",
		x.Text, x.Position).Scan(&id)
	if err != nil {
		return fmt.Errorf("creating request reason %q: %w", x.Text, err)
	}
	x.ID = id
	return nil
}

func (r reasons) Update(ctx context.Context, x enroll.Reason) error {
	res, err := r.q.ExecContext(ctx, "UPDATE request_reasons SET text = ?, position = ? WHERE id = ?",
		x.Text, x.Position, x.ID)
	if err != nil {
		return fmt.Errorf("updating request reason %d: %w", x.ID, err)
	}
	return mustAffect(res, "request reason", x.ID)
}

// Delete leaves requests alone: they store the reason's text, not its id.
func (r reasons) Delete(ctx context.Context, id int64) error {
	res, err := r.q.ExecContext(ctx, "DELETE FROM request_reasons WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("deleting request reason %d: %w", id, err)
	}
	return mustAffect(res, "request reason", id)
}
