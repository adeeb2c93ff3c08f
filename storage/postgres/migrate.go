package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/storage/internal/migrations"
)

// The migrations are storage/sqlite's, version for version, in PostgreSQL's
// dialect: the same numbered files, so both stores are at the same schema
// version for the same CardDesk. The applied versions are rows of
// schema_migrations, written in the transaction of their migration.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLock is the pg_advisory_xact_lock key every migration transaction
// takes first, so that of two stations starting at once one migrates and the
// other waits and then finds the work done. 'CDSD', the application id of
// CardDesk's SQLite files.
const migrationLock int64 = 0x43445344

// migration is one numbered file, migrations/NNNN_name.sql.
type migration = migrations.Migration

func embeddedMigrations() ([]migration, error) { return migrations.Embedded(migrationFiles) }

// migrate brings the database to the newest version, one transaction per
// migration, and returns that version.
func migrate(ctx context.Context, pool *sql.DB, database string, ms []migration, log *zap.Logger) (int, error) {
	for {
		version, applied, err := migrateOne(ctx, pool, database, ms)
		if err != nil {
			return 0, err
		}
		if applied == nil {
			return version, nil
		}
		log.Info("database migrated", zap.String("database", database), zap.Int("version", applied.Version),
			zap.String("migration", applied.Name))
	}
}

// migrateOne applies the next migration the database lacks, if any, in a
// transaction of its own, and returns the version the database is then at.
// Under the advisory lock and READ COMMITTED, the version it reads is the
// one the last station to hold the lock committed.
func migrateOne(ctx context.Context, pool *sql.DB, database string, ms []migration) (int, *migration, error) {
	t, err := pool.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return 0, nil, fmt.Errorf("connecting to %s: %w", database, err)
	}
	defer t.Rollback() //nolint:errcheck // no-op after Commit
	if _, err := t.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
		return 0, nil, fmt.Errorf("locking %s for migration: %w", database, err)
	}
	have, err := schemaVersion(ctx, t, database)
	if err != nil {
		return 0, nil, err
	}
	know := len(ms)
	if have > know {
		return 0, nil, &SchemaTooNewError{Database: database, Have: have, Know: know}
	}
	if have == know {
		return have, nil, t.Commit()
	}
	m := &ms[have]
	if err := apply(ctx, t, m); err != nil {
		return 0, nil, fmt.Errorf("migrating %s to schema version %d (%s): %w", database, m.Version, m.Name, err)
	}
	if err := t.Commit(); err != nil {
		return 0, nil, fmt.Errorf("migrating %s to schema version %d (%s): %w", database, m.Version, m.Name, err)
	}
	return m.Version, m, nil
}

// versionsMarker is the comment on CardDesk's schema_migrations, which tells
// it from another migration tool's table of the same name, as the
// application id tells CardDesk's SQLite files from others.
const versionsMarker = "CardDesk schema versions"

// schemaVersion reads the newest applied version. A database without
// schema_migrations gets it, unless it holds tables already: then it is
// another application's, and CardDesk leaves it alone, as it does a
// schema_migrations of another tool.
func schemaVersion(ctx context.Context, t *sql.Tx, database string) (int, error) {
	var exists bool
	var marker sql.NullString
	var tables int
	err := t.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL,
		obj_description(to_regclass('schema_migrations'), 'pg_class'),
		(SELECT count(*) FROM pg_catalog.pg_class c
			WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))`).
		Scan(&exists, &marker, &tables)
	if err != nil {
		return 0, fmt.Errorf("reading schema version of %s: %w", database, err)
	}
	switch {
	case exists && marker.String != versionsMarker:
		return 0, &ForeignDatabaseError{Database: database,
			Reason: "its schema_migrations table is another application's"}
	case !exists && tables > 0:
		return 0, &ForeignDatabaseError{Database: database, Reason: fmt.Sprintf(
			"its schema holds %d tables or views but no CardDesk schema; "+
				"give CardDesk a database of its own, or a schema of its own with search_path", tables)}
	case !exists:
		if _, err := t.ExecContext(ctx, `CREATE TABLE schema_migrations (
			version    BIGINT      PRIMARY KEY,
			applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
			COMMENT ON TABLE schema_migrations IS '`+versionsMarker+`'`); err != nil {
			return 0, fmt.Errorf("creating schema_migrations in %s: %w", database, err)
		}
		return 0, nil
	}
	var v int
	if err := t.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("reading schema version of %s: %w", database, err)
	}
	return v, nil
}

// apply runs a migration's SQL (sent without parameters, pgx uses the
// simple protocol, which takes several statements at once), then its Go
// step if it has one and the SQL below its step marker, and records it.
func apply(ctx context.Context, t *sql.Tx, m *migration) error {
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
	_, err := t.ExecContext(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", m.Version)
	return err
}
