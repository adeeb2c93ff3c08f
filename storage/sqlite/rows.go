package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

// notFound turns sql.ErrNoRows into enroll.ErrNotFound, naming what was missing.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, enroll.ErrNotFound)
	}
	return fmt.Errorf("reading %s: %w", what, err)
}

// mustAffectKey is mustAffect for rows keyed by text.
func mustAffectKey(res sql.Result, entity, key string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %q: %w", entity, key, err)
	}
	if n == 0 {
		return fmt.Errorf("%s %q: %w", entity, key, enroll.ErrNotFound)
	}
	return nil
}

// mustAffect reports ErrNotFound when an UPDATE or DELETE by id matched nothing.
func mustAffect(res sql.Result, entity string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %d: %w", entity, id, err)
	}
	if n == 0 {
		return fmt.Errorf("%s %d: %w", entity, id, enroll.ErrNotFound)
	}
	return nil
}

// collect scans every row and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error), what string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
