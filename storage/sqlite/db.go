package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"go.uber.org/zap"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/carddesk/carddesk/enroll"
)

// applicationID marks a file as CardDesk's ('CDSD'), so Open can tell its own
// databases from other applications' SQLite files.
const applicationID = 0x43445344

// busyTimeoutMS is how long a writer waits for another process's write lock
// before giving up; longer than any CardDesk write transaction should take.
const busyTimeoutMS = 5000

// DB is an open CardDesk database file. It implements enroll.Store.
type DB struct {
	path    string
	version int
	w       *sql.DB // exactly one connection: SQLite allows one writer anyway
	r       *sql.DB // query-only pool for View
	// log and ms reopen the file after RestoreFrom replaced it.
	log *zap.Logger
	ms  []migration
}

var _ enroll.Store = (*DB)(nil)

// Open opens the CardDesk database at path, creating it (mode 0600) when it
// does not exist and migrating it to the newest schema. A file that is not a
// healthy CardDesk database is refused with *NotDatabaseError,
// *ForeignDatabaseError, *CorruptError or *SchemaTooNewError and left
// byte-for-byte untouched. Before a migration the old file is copied to
// <path>.bak-v<old>-<timestamp>.
func Open(ctx context.Context, path string, log *zap.Logger) (*DB, error) {
	ms, err := embeddedMigrations()
	if err != nil {
		return nil, err
	}
	return open(ctx, path, log, ms)
}

func open(ctx context.Context, path string, log *zap.Logger, ms []migration) (*DB, error) {
	if log == nil {
		log = zap.NewNop()
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database path %q: %w", path, err)
	}
	path = abs
	know := len(ms)

	st, err := inspect(ctx, path, know)
	if err != nil {
		return nil, err
	}
	if err := prepareFile(path, st); err != nil {
		return nil, err
	}

	db := &DB{path: path, log: log, ms: ms}
	if db.w, err = openPool(ctx, path, writerParams(), 1); err != nil {
		return nil, err
	}
	if db.version, err = migrate(ctx, db.w, path, ms, log); err != nil {
		_ = db.w.Close()
		return nil, err
	}
	if db.r, err = openPool(ctx, path, readerParams(), readers()); err != nil {
		_ = db.w.Close()
		return nil, err
	}
	log.Info("database open", zap.String("path", path), zap.Int("schema_version", db.version))
	return db, nil
}

// prepareFile creates a missing database file itself, because SQLite would
// create it with the process umask (often world-readable) and the file holds
// password hashes and photos.
func prepareFile(path string, st fileState) error {
	if st.hasData {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating folder for database %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("creating database %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("creating database %s: %w", path, err)
	}
	// An empty file someone made beforehand is about to receive the same
	// sensitive data, so it gets the same protection.
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("protecting database %s: %w", path, err)
	}
	return nil
}

// readers lets Views run in parallel up to the CPUs, at most maxReaders:
// every connection keeps its own page cache, which costs up to about twice
// its 2 MB in modernc's allocator (8 KB slots for 4.4 KB pages), and a desk
// reads a list page, its count and a few counters at a time. Eight readers
// on an eight-thread desk PC could hold some 30 MB of cached pages.
func readers() int { return readersFor(runtime.GOMAXPROCS(0)) }

const maxReaders = 4

func readersFor(procs int) int { return max(2, min(procs, maxReaders)) }

// The writer's page cache: SQLite's default, and 64 MB while a bulk import
// runs, so a 100,000-row import stays in memory until its commit instead
// of spilling pages to the WAL midway. Kept at 64 MB all the time, the
// cache held the imported pages for the rest of the session.
const (
	writerCacheKiB = 2000
	bulkCacheKiB   = 65536
)

func writerParams() url.Values {
	return url.Values{
		"_pragma": {
			fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS),
			"journal_mode(WAL)",
			"foreign_keys(1)",
			"synchronous(NORMAL)",
			// SQLite's default page cache (2 MB); a bulk import raises it
			// for its own transaction (bulkCacheKiB).
			fmt.Sprintf("cache_size(-%d)", writerCacheKiB),
		},
		// BEGIN IMMEDIATE takes the write lock up front, so a transaction that
		// read first never fails later with SQLITE_BUSY when it starts writing.
		"_txlock": {"immediate"},
	}
}

func readerParams() url.Values {
	return url.Values{
		"_pragma": {
			fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS),
			// View is read-only by contract; this makes a stray write fail.
			"query_only(1)",
		},
	}
}

// dsn builds a file: URI so that any character in the path (?, #, %) is
// escaped instead of being taken for a parameter.
func dsn(path string, params url.Values) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: params.Encode()}
	return u.String()
}

func openPool(ctx context.Context, path string, params url.Values, conns int) (*sql.DB, error) {
	pool, err := sql.Open("sqlite", dsn(path, params))
	if err != nil {
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	pool.SetMaxOpenConns(conns)
	pool.SetMaxIdleConns(conns)
	pool.SetConnMaxLifetime(0)
	pool.SetConnMaxIdleTime(0)
	if err := pool.PingContext(ctx); err != nil {
		_ = pool.Close()
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	return pool, nil
}

// Path is the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// SchemaVersion is the schema version of the open file (the newest this
// CardDesk knows, after Open's migrations).
func (db *DB) SchemaVersion() int { return db.version }

// Close closes the readers first so the writer is the last connection; SQLite
// then checkpoints and removes the -wal and -shm files.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("closing database %s: %w", db.path, err)
	}
	return nil
}

// Update runs fn in one write transaction. fn's error is returned unchanged
// after the rollback so callers can test it with errors.Is/As. fn must not
// call Update itself: the single writer connection is already taken.
func (db *DB) Update(ctx context.Context, fn func(enroll.Tx) error) error {
	t, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting write transaction: %w", err)
	}
	defer t.Rollback() //nolint:errcheck // no-op after Commit; runs on panic
	if err := fn(&tx{q: newConn(t)}); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("committing write transaction: %w", err)
	}
	return nil
}

// View runs fn in a read transaction: in WAL mode it sees one snapshot, taken
// at its first read, and never waits for writers.
func (db *DB) View(ctx context.Context, fn func(enroll.Tx) error) error {
	t, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("starting read transaction: %w", err)
	}
	defer t.Rollback() //nolint:errcheck // a read transaction has nothing to commit
	return fn(&tx{q: newConn(t)})
}
