package postgres

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type templates struct{ q conn }

func (t *tx) Templates() enroll.TemplateRepo { return templates{t.q} }

// json is TEXT, so the template file comes back byte for byte.
const templateSelect = "SELECT id, name, json, is_default, created_at, updated_at FROM badge_templates"

// List sorts as SQLite's NOCASE column sorts: by the lower-cased name, byte
// for byte (COLLATE "C"), whatever the database's collation.
func (r templates) List(ctx context.Context) ([]enroll.StoredTemplate, error) {
	rows, err := r.q.QueryContext(ctx, templateSelect+` ORDER BY lower(name) COLLATE "C", id`)
	if err != nil {
		return nil, fmt.Errorf("listing badge templates: %w", err)
	}
	return collect(rows, sqlvalue.ScanTemplate, "listing badge templates")
}

func (r templates) ByID(ctx context.Context, id int64) (enroll.StoredTemplate, error) {
	t, err := sqlvalue.ScanTemplate(r.q.QueryRowContext(ctx, templateSelect+" WHERE id = ?", id))
	if err != nil {
		return t, notFound(err, fmt.Sprintf("badge template %d", id))
	}
	return t, nil
}

// ByName compares through lower(), as the unique index
// badge_templates_name_unique does.
func (r templates) ByName(ctx context.Context, name string) (enroll.StoredTemplate, error) {
	t, err := sqlvalue.ScanTemplate(r.q.QueryRowContext(ctx, templateSelect+" WHERE lower(name) = lower(?)", name))
	if err != nil {
		return t, notFound(err, fmt.Sprintf("badge template %q", name))
	}
	return t, nil
}

func (r templates) Default(ctx context.Context) (enroll.StoredTemplate, error) {
	t, err := sqlvalue.ScanTemplate(r.q.QueryRowContext(ctx, templateSelect+" WHERE is_default"))
	if err != nil {
		return t, notFound(err, "default badge template")
	}
	return t, nil
}

func (r templates) Create(ctx context.Context, t *enroll.StoredTemplate) error {
	var id int64
	err := r.q.QueryRowContext(ctx, `INSERT INTO badge_templates (name, json, is_default, created_at, updated_at)
		VALUES (?, ?, false, ?, ?) RETURNING id`, t.Name, string(t.JSON), t.CreatedAt.UnixMilli(), t.UpdatedAt.UnixMilli()).Scan(&id)
	switch {
	case isUnique(err):
		return fmt.Errorf("creating badge template %q: %w", t.Name, enroll.ErrDuplicate)
	case err != nil:
		return fmt.Errorf("creating badge template %q: %w", t.Name, err)
	}
	t.ID = id
	t.IsDefault = false
	return nil
}

func (r templates) Update(ctx context.Context, t enroll.StoredTemplate) error {
	res, err := r.q.ExecContext(ctx, "UPDATE badge_templates SET name = ?, json = ?, updated_at = ? WHERE id = ?",
		t.Name, string(t.JSON), t.UpdatedAt.UnixMilli(), t.ID)
	switch {
	case isUnique(err):
		return fmt.Errorf("updating badge template %d: name %q: %w", t.ID, t.Name, enroll.ErrDuplicate)
	case err != nil:
		return fmt.Errorf("updating badge template %d: %w", t.ID, err)
	}
	return mustAffect(res, "badge template", t.ID)
}

// Delete leaves the requests that named the template without one (the
// foreign key is ON DELETE SET NULL, as SQLite's trigger does).
func (r templates) Delete(ctx context.Context, id int64) error {
	res, err := r.q.ExecContext(ctx, "DELETE FROM badge_templates WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("deleting badge template %d: %w", id, err)
	}
	return mustAffect(res, "badge template", id)
}

// SetDefault clears the old default first: the partial unique index allows
// one row with is_default. The new default's row is locked (FOR UPDATE) so
// another station cannot delete it between the check and the update.
func (r templates) SetDefault(ctx context.Context, id int64) error {
	if id != 0 {
		var one int
		if err := r.q.QueryRowContext(ctx, "SELECT 1 FROM badge_templates WHERE id = ? FOR UPDATE", id).Scan(&one); err != nil {
			return notFound(err, fmt.Sprintf("badge template %d", id))
		}
	}
	if _, err := r.q.ExecContext(ctx, "UPDATE badge_templates SET is_default = false WHERE is_default AND id <> ?", id); err != nil {
		return fmt.Errorf("setting the default badge template: %w", err)
	}
	if id == 0 {
		return nil
	}
	if _, err := r.q.ExecContext(ctx, "UPDATE badge_templates SET is_default = true WHERE id = ?", id); err != nil {
		return fmt.Errorf("setting the default badge template: %w", err)
	}
	return nil
}

func (r templates) Requests(ctx context.Context, id int64) (map[enroll.RequestStatus]int, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT status, count(*) FROM card_requests WHERE template_id = ? GROUP BY status", id)
	if err != nil {
		return nil, fmt.Errorf("counting requests of badge template %d: %w", id, err)
	}
	defer rows.Close()
	out := map[enroll.RequestStatus]int{}
	for rows.Next() {
		var st enroll.RequestStatus
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("counting requests of badge template %d: %w", id, err)
		}
		out[st] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counting requests of badge template %d: %w", id, err)
	}
	return out, nil
}
