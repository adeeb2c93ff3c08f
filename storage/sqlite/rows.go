package sqlite

import (
	"database/sql"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

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
