package sqlite

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type formats struct{ q *conn }

const formatSelect = "SELECT definition, created_at, updated_at FROM card_formats"

func (r formats) List(ctx context.Context) ([]enroll.StoredFormat, error) {
	rows, err := r.q.QueryContext(ctx, formatSelect+" ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("listing card formats: %w", err)
	}
	return collect(rows, sqlvalue.ScanFormat, "listing card formats")
}

func (r formats) ByID(ctx context.Context, id string) (enroll.StoredFormat, error) {
	f, err := sqlvalue.ScanFormat(r.q.QueryRowContext(ctx, formatSelect+" WHERE id = ?", id))
	if err != nil {
		return f, notFound(err, fmt.Sprintf("card format %q", id))
	}
	return f, nil
}

func (r formats) Create(ctx context.Context, f enroll.StoredFormat) error {
	def, err := cardformat.MarshalDefinition(f.Format)
	if err != nil {
		return fmt.Errorf("creating card format %q: %w", f.Format.ID, err)
	}
	_, err = r.q.ExecContext(ctx, `INSERT INTO card_formats (id, name, definition, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)`, f.Format.ID, f.Format.Name, string(def), f.CreatedAt.UnixMilli(), f.UpdatedAt.UnixMilli())
	switch {
	case isUnique(err):
		return fmt.Errorf("creating card format %q: %w", f.Format.ID, enroll.ErrDuplicate)
	case err != nil:
		return fmt.Errorf("creating card format %q: %w", f.Format.ID, err)
	}
	return nil
}

func (r formats) Update(ctx context.Context, f enroll.StoredFormat) error {
	def, err := cardformat.MarshalDefinition(f.Format)
	if err != nil {
		return fmt.Errorf("updating card format %q: %w", f.Format.ID, err)
	}
	res, err := r.q.ExecContext(ctx, "UPDATE card_formats SET name = ?, definition = ?, updated_at = ? WHERE id = ?",
		f.Format.Name, string(def), f.UpdatedAt.UnixMilli(), f.Format.ID)
	if err != nil {
		return fmt.Errorf("updating card format %q: %w", f.Format.ID, err)
	}
	return mustAffectKey(res, "card format", f.Format.ID)
}

func (r formats) Delete(ctx context.Context, id string) error {
	res, err := r.q.ExecContext(ctx, "DELETE FROM card_formats WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("deleting card format %q: %w", id, err)
	}
	return mustAffectKey(res, "card format", id)
}
