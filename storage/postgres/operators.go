package postgres

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type operators struct{ q conn }

func (t *tx) Operators() enroll.OperatorRepo { return operators{t.q} }

const operatorCols = `id, name, email, role, password_hash, failed_sign_ins,
	locked_until, last_sign_in_at, created_at`

func (r operators) Count(ctx context.Context) (int, error) {
	var n int
	if err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM operators").Scan(&n); err != nil {
		return 0, fmt.Errorf("counting operators: %w", err)
	}
	return n, nil
}

func (r operators) Create(ctx context.Context, op *enroll.Operator) error {
	var id int64
	err := r.q.QueryRowContext(ctx, `INSERT INTO operators
		(name, email, role, password_hash, failed_sign_ins, locked_until, last_sign_in_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		op.Name, op.Email, op.Role, op.PasswordHash, op.FailedSignIns,
		msOrNull(op.LockedUntil), msOrNull(op.LastSignInAt), op.CreatedAt.UnixMilli()).Scan(&id)
	if err != nil {
		return operatorWriteErr("creating", op.Name, err)
	}
	op.ID = id
	return nil
}

func (r operators) Update(ctx context.Context, op enroll.Operator) error {
	res, err := r.q.ExecContext(ctx, `UPDATE operators SET
		name = ?, email = ?, role = ?, password_hash = ?, failed_sign_ins = ?,
		locked_until = ?, last_sign_in_at = ?
		WHERE id = ?`,
		op.Name, op.Email, op.Role, op.PasswordHash, op.FailedSignIns,
		msOrNull(op.LockedUntil), msOrNull(op.LastSignInAt), op.ID)
	if err != nil {
		return operatorWriteErr("updating", op.Name, err)
	}
	return mustAffect(res, "operator", op.ID)
}

func operatorWriteErr(verb, name string, err error) error {
	if isUnique(err) {
		return fmt.Errorf("%s operator: name %q: %w", verb, name, enroll.ErrDuplicate)
	}
	return fmt.Errorf("%s operator %q: %w", verb, name, err)
}

func (r operators) ByID(ctx context.Context, id int64) (enroll.Operator, error) {
	op, err := sqlvalue.ScanOperator(r.q.QueryRowContext(ctx, "SELECT "+operatorCols+" FROM operators WHERE id = ?", id))
	if err != nil {
		return enroll.Operator{}, notFound(err, fmt.Sprintf("operator %d", id))
	}
	return op, nil
}

// ByName compares through lower(), as the unique index operators_name_unique
// does, so the constraint and the lookup agree on what "the same name" is
// (SQLite's NOCASE column).
func (r operators) ByName(ctx context.Context, name string) (enroll.Operator, error) {
	op, err := sqlvalue.ScanOperator(r.q.QueryRowContext(ctx, "SELECT "+operatorCols+" FROM operators WHERE lower(name) = lower(?)", name))
	if err != nil {
		return enroll.Operator{}, notFound(err, fmt.Sprintf("operator %q", name))
	}
	return op, nil
}

// List sorts as SQLite's NOCASE column sorts: by the lower-cased name, byte
// for byte (COLLATE "C"), whatever the database's collation.
func (r operators) List(ctx context.Context) ([]enroll.Operator, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+operatorCols+` FROM operators ORDER BY lower(name) COLLATE "C", id`)
	if err != nil {
		return nil, fmt.Errorf("listing operators: %w", err)
	}
	return collect(rows, sqlvalue.ScanOperator, "listing operators")
}
