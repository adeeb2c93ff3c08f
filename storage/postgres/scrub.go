package postgres

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

var _ enroll.Scrubber = (*DB)(nil)

// Scrub rewrites the settings table (VACUUM FULL: a small table, locked
// for a moment) so that the dead row versions holding values it replaced
// are gone from the table's files. The station's own use: after secrets
// stored in plaintext by an older version were sealed. The server's WAL
// archive and earlier backups are the administrator's to expire.
func (db *DB) Scrub(ctx context.Context) error {
	if _, err := db.pool.ExecContext(ctx, "VACUUM FULL settings"); err != nil {
		return fmt.Errorf("rewriting the settings table of %s: %w", db.database, err)
	}
	return nil
}
