package sqlite

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

var _ enroll.Scrubber = (*DB)(nil)

// Scrub rewrites the file so that nothing deleted or replaced lingers in
// its free space (VACUUM rebuilds every page), then empties the WAL, whose
// old frames may still hold it. The station's own use: after secrets stored
// in plaintext by an older version were sealed.
func (db *DB) Scrub(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("rewriting %s: %w", db.path, err)
	}
	if _, err := db.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("emptying the WAL of %s: %w", db.path, err)
	}
	return nil
}
