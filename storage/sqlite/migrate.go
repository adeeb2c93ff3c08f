package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"os"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/storage/internal/migrations"
)

// The schema version lives in PRAGMA user_version rather than in a table of a
// migration tool: it changes in the same transaction as the schema, and it can
// be read from a file opened read-only before deciding to touch it.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered file, migrations/NNNN_name.sql.
type migration = migrations.Migration

func embeddedMigrations() ([]migration, error) { return migrations.Embedded(migrationFiles) }

// migrate brings the database to the newest version, one transaction per
// migration, after copying an existing database aside.
func migrate(ctx context.Context, w *sql.DB, dbPath string, ms []migration, log *zap.Logger) (int, error) {
	know := len(ms)
	have, err := userVersion(ctx, w)
	if err != nil {
		return 0, fmt.Errorf("reading schema version of %s: %w", dbPath, err)
	}
	if have > know { // another, newer CardDesk migrated it since inspect
		return 0, &SchemaTooNewError{Path: dbPath, Have: have, Know: know}
	}
	if have == know {
		return have, nil
	}
	if have > 0 {
		bak, err := backup(ctx, w, dbPath, have, time.Now())
		if err != nil {
			return 0, err
		}
		log.Info("database backed up before migration", zap.String("backup", bak),
			zap.Int("from_version", have), zap.Int("to_version", know))
	}
	for _, m := range ms[have:] {
		if err := apply(ctx, w, m); err != nil {
			return 0, fmt.Errorf("migrating %s to schema version %d (%s): %w", dbPath, m.Version, m.Name, err)
		}
		log.Info("database migrated", zap.String("path", dbPath), zap.Int("version", m.Version),
			zap.String("migration", m.Name))
	}
	return know, nil
}

func userVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// apply re-reads the version inside the write transaction: another CardDesk
// opening the same file at the same moment may have applied it already.
func apply(ctx context.Context, w *sql.DB, m migration) error {
	t, err := w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer t.Rollback() //nolint:errcheck // no-op after Commit
	cur, err := userVersion(ctx, t)
	if err != nil {
		return err
	}
	if cur >= m.Version {
		return nil
	}
	if cur != m.Version-1 {
		return fmt.Errorf("database is at version %d, cannot apply version %d", cur, m.Version)
	}
	if _, err := t.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	step := migrationSteps[m.Name]
	if step == nil && m.After != "" {
		return fmt.Errorf("migration %s marks where its Go step runs, but it has none", m.Name)
	}
	if step != nil {
		if err := step(ctx, t); err != nil {
			return err
		}
	}
	if m.After != "" {
		if _, err := t.ExecContext(ctx, m.After); err != nil {
			return err
		}
	}
	// PRAGMA arguments cannot be bound; both values are integers we produce.
	if _, err := t.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		return err
	}
	return t.Commit()
}

// backup writes a consistent copy with VACUUM INTO (a plain file copy could
// catch a half-checkpointed WAL). The target is created first with mode 0600
// because SQLite would create it with the process umask.
func backup(ctx context.Context, w *sql.DB, dbPath string, version int, now time.Time) (string, error) {
	name := fmt.Sprintf("%s.bak-v%d-%s", dbPath, version, now.UTC().Format("20060102T150405.000Z"))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("backing up %s before migration: %w", dbPath, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("backing up %s before migration: %w", dbPath, err)
	}
	if _, err := w.ExecContext(ctx, "VACUUM INTO ?", name); err != nil {
		_ = os.Remove(name)
		return "", fmt.Errorf("backing up %s to %s before migration: %w", dbPath, name, err)
	}
	return name, nil
}
