package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"go.uber.org/zap"
)

// Pool limits. A station needs few connections (the UI's reads, a write, a
// background sync), and many stations share one server whose
// max_connections is 100 by default, so a station keeps few open.
const (
	maxConns = 6
	// idleConns stay open between bursts; every one is a server process.
	idleConns = 2
	// maxIdleTime closes a connection nobody used for a while.
	maxIdleTime = 5 * time.Minute
	// maxLifetime spreads the connections again over the servers of a
	// multi-host URL after a failover.
	maxLifetime = time.Hour
	// connectTimeout applies when the connection string sets none
	// (connect_timeout, PGCONNECT_TIMEOUT): an unreachable server should
	// fail Open, not hang it for the minutes a TCP connect can take.
	connectTimeout = 10 * time.Second
)

// applicationName shows in pg_stat_activity unless the connection string
// names another (application_name, PGAPPNAME).
const applicationName = "carddesk"

// minServerVersion is the oldest PostgreSQL CardDesk runs on (13.0), as
// server_version_num spells it.
const minServerVersion = 130000

// DB is an open CardDesk database on a PostgreSQL server: a pool of
// connections and the schema, migrated to the newest version by Open.
// It implements enroll.Store (store.go) with repositories that mirror
// storage/sqlite; doc.go says where PostgreSQL makes them differ.
type DB struct {
	pool     *sql.DB
	database string // PostgreSQL database "name" on host:port, for messages
	version  int
	// cfg is the pool's connection config, for the connections of Listen,
	// which cannot come from the pool (live.go).
	cfg       *pgx.ConnConfig
	log       *zap.Logger
	listeners listeners // the Listen calls running, which Close ends
}

// Open connects to the CardDesk database that dsn names and migrates it to
// the newest schema. dsn is a URL (postgres://user@host:5432/carddesk?sslmode=verify-full)
// or a keyword/value string (host=... dbname=...); what it leaves out comes
// from the PG* environment variables as with psql, the password from the URL,
// PGPASSWORD or ~/.pgpass (PGPASSFILE), and TLS as sslmode asks (see doc.go).
// The password is never logged: log gets the connection string redacted.
//
// A database that is not CardDesk's is refused with *ForeignDatabaseError,
// one of a newer CardDesk with *SchemaTooNewError; both are left untouched.
func Open(ctx context.Context, dsn string, log *zap.Logger) (*DB, error) {
	ms, err := embeddedMigrations()
	if err != nil {
		return nil, err
	}
	return open(ctx, dsn, log, ms)
}

func open(ctx context.Context, dsn string, log *zap.Logger, ms []migration) (*DB, error) {
	if log == nil {
		log = zap.NewNop()
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, parseError(dsn, err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = applicationName
	}
	db := &DB{database: describe(cfg), cfg: cfg, log: log}
	db.pool = stdlib.OpenDB(*cfg)
	db.pool.SetMaxOpenConns(maxConns)
	db.pool.SetMaxIdleConns(idleConns)
	db.pool.SetConnMaxIdleTime(maxIdleTime)
	db.pool.SetConnMaxLifetime(maxLifetime)
	if err := db.check(ctx, log); err != nil {
		_ = db.pool.Close()
		return nil, err
	}
	if db.version, err = migrate(ctx, db.pool, db.database, ms, log); err != nil {
		_ = db.pool.Close()
		return nil, err
	}
	log.Info("database open", zap.String("dsn", redact(dsn)), zap.String("database", db.database),
		zap.String("user", cfg.User), zap.Bool("tls", db.usesTLS(ctx)), zap.Int("schema_version", db.version))
	return db, nil
}

// parseError reports a connection string pgx cannot parse without quoting
// it as pgx does (with its own best guess at the password masked): here it
// is quoted redacted, followed by pgx's reason.
func parseError(dsn string, err error) error {
	var pe *pgconn.ParseConfigError
	if !errors.As(err, &pe) {
		return fmt.Errorf("PostgreSQL connection string %q: %w", redact(dsn), err)
	}
	// cannot parse `<connection string>`: <reason> (<cause>)
	why := "invalid"
	if full := pe.Error(); strings.HasPrefix(full, "cannot parse `") {
		if i := strings.LastIndex(full, "`: "); i >= 0 {
			why = full[i+len("`: "):]
		}
	}
	return fmt.Errorf("PostgreSQL connection string %q: %s", redact(dsn), why)
}

// describe names the database for messages: PostgreSQL database "carddesk"
// on db.example.org:5432.
func describe(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("PostgreSQL database %q on %s", cfg.Database, net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))))
}

// check connects and refuses a server CardDesk's schema cannot live on: the
// search index functions (normalize) need a UTF8 database. It warns about a
// database whose character type is C: lower() and the search words then
// fold ASCII letters alone, and "Ö" no longer finds "ö".
func (db *DB) check(ctx context.Context, log *zap.Logger) error {
	var encoding, ctype, version string
	var versionNum int
	var provider sql.NullString // PostgreSQL 15 on; ICU does its own folding
	err := db.pool.QueryRowContext(ctx, `SELECT current_setting('server_encoding'), current_setting('lc_ctype'),
		(SELECT to_jsonb(d) ->> 'datlocprovider' FROM pg_catalog.pg_database d WHERE d.datname = current_database()),
		current_setting('server_version'), current_setting('server_version_num')::int`).
		Scan(&encoding, &ctype, &provider, &version, &versionNum)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", db.database, err)
	}
	// The search words need normalize() (13) and stored generated columns
	// (12); an older server would fail halfway into the first migration.
	if versionNum < minServerVersion {
		return fmt.Errorf("%s runs PostgreSQL %s; CardDesk needs PostgreSQL 13 or newer", db.database, version)
	}
	if encoding != "UTF8" {
		return fmt.Errorf("%s has the encoding %s; CardDesk needs a UTF8 database "+
			"(CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)", db.database, encoding)
	}
	if (ctype == "C" || ctype == "POSIX") && provider.String != "i" {
		log.Warn("the database folds the case of ASCII letters alone (LC_CTYPE C): "+
			"searches and names match Ö and ö as different letters; "+
			"create it with a UTF-8 locale, such as LC_CTYPE 'C.UTF-8'",
			zap.String("database", db.database), zap.String("lc_ctype", ctype))
	}
	return nil
}

// usesTLS reports whether a connection of the pool is encrypted, for the log.
func (db *DB) usesTLS(ctx context.Context) bool {
	var ssl bool
	err := db.pool.QueryRowContext(ctx, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&ssl)
	return err == nil && ssl
}

// SchemaVersion is the schema version of the database (the newest this
// CardDesk knows, after Open's migrations).
func (db *DB) SchemaVersion() int { return db.version }

// Close ends the Listen calls running and closes the pool's connections.
func (db *DB) Close() error {
	db.listeners.close()
	if err := db.pool.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", db.database, err)
	}
	return nil
}

// withTx runs fn in one transaction, the base of the Update and View that
// enroll.Store asks for once the repositories exist:
//
//   - a write transaction (readOnly false) is READ COMMITTED and commits when
//     fn returns nil. Unlike SQLite's BEGIN IMMEDIATE it does not shut other
//     writers out: every statement sees what others committed before it
//     began, and what must not change between a read and a write needs a row
//     lock (SELECT ... FOR UPDATE), a conditional UPDATE (version = $n) or a
//     unique index.
//   - a read transaction is READ ONLY and REPEATABLE READ, so like SQLite's
//     View it sees one snapshot, taken at its first statement, and never
//     waits for writers; a stray write fails. It always rolls back.
//
// fn's error is returned unchanged after the rollback so callers can test it
// with errors.Is/As. pgx caches each connection's prepared statements (the
// default QueryExecModeCacheStatement), so the repositories need no
// statement cache of their own like SQLite's conn.
func (db *DB) withTx(ctx context.Context, readOnly bool, fn func(*sql.Tx) error) error {
	what := "write"
	opts := &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	if readOnly {
		what = "read"
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	t, err := db.pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("starting %s transaction: %w", what, err)
	}
	defer t.Rollback() //nolint:errcheck // no-op after Commit; runs on panic
	if err := fn(t); err != nil {
		return err
	}
	if readOnly {
		return nil
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("committing write transaction: %w", err)
	}
	return nil
}
