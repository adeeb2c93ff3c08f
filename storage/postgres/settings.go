package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

type settings struct{ q conn }

func (t *tx) Settings() enroll.SettingRepo { return settings{t.q} }

func (r settings) Get(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := r.q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("reading setting %q: %w", key, err)
	}
	return v, true, nil
}

func (r settings) Set(ctx context.Context, key, value string) error {
	_, err := r.q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("saving setting %q: %w", key, err)
	}
	return nil
}

func (r settings) All(ctx context.Context) (map[string]string, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, fmt.Errorf("reading settings: %w", err)
	}
	defer rows.Close()
	all := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("reading settings: %w", err)
		}
		all[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading settings: %w", err)
	}
	return all, nil
}
