// Package dbcopy copies a CardDesk station's data from one database to
// another, empty one: from a desk's SQLite file onto a shared PostgreSQL
// server, back again, or between two databases of one kind.
//
// Both databases are opened through their storage package, which migrates
// them to the newest schema, so both sides have the same tables and
// columns. Every row is copied with its own id, in one snapshot of the
// source and one transaction on the target: the target ends up with all of
// it or, on any error, as it was.
package dbcopy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	dsnpkg "github.com/carddesk/carddesk/storage/dsn"
	"github.com/carddesk/carddesk/storage/postgres"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// Options tune a Copy; the zero value copies without naming anyone.
type Options struct {
	Log *zap.Logger
	// By is who asked for the copy: the target's audit log gets an event
	// db.copy in this operator's name after the copied events. The source's
	// ids are the target's, so By.ID names the same operator on both.
	By enroll.Actor
	// Now is the time of that event; nil means the system clock.
	Now func() time.Time
}

// Result is what a Copy did.
type Result struct {
	// From and To name the databases with any password masked.
	From, To string
	// Tables are the rows copied, table by table in the order copied.
	Tables []TableCount
}

// Rows is the number of rows copied in all.
func (r Result) Rows() int64 {
	var n int64
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// NotEmptyError refuses a target that holds station data already: a copy
// keeps every id, which would collide with the target's own rows, and
// merging two stations is not what it is for.
type NotEmptyError struct {
	Target string       // the target, password masked
	Holds  []TableCount // the tables that are not empty
}

func (e *NotEmptyError) Error() string {
	parts := make([]string, 0, len(e.Holds))
	for _, h := range e.Holds {
		t, _ := lookupTable(h.Table)
		parts = append(parts, t.describe(h.Rows))
	}
	return fmt.Sprintf("target %s already holds %s; db copy only fills an empty station", e.Target, joinAnd(parts))
}

// NoSourceError is a source file that does not exist: a copy reads from an
// existing station and never creates an empty one to read from.
type NoSourceError struct{ Path string }

func (e *NoSourceError) Error() string { return "no CardDesk database at " + e.Path }
func (e *NoSourceError) Unwrap() error { return fs.ErrNotExist }

// SameDatabaseError is a source and target that are one database.
type SameDatabaseError struct{ DSN string }

func (e *SameDatabaseError) Error() string {
	return fmt.Sprintf("source and target are the same database (%s); name two different ones", e.DSN)
}

// batchRows and batchBytes bound one multi-row INSERT: few statements for
// a large table, yet never more than a few megabytes of photos in memory.
const (
	batchRows  = 500
	batchBytes = 4 << 20
)

// Copy copies the station at from into the empty station at to. Each DSN
// is a SQLite file path or a postgres:// (postgresql://) URL. A SQLite
// source must exist; a SQLite target is created when missing and removed
// again when the copy fails. A PostgreSQL target gets CardDesk's schema
// from postgres.Open as any station would, and keeps it after a failure:
// an empty schema is an empty station.
//
// The target must hold no station data: rows the migrations put there (the
// default badge templates) are replaced by the source's, anything else is
// refused with *NotEmptyError before a row is written.
func Copy(ctx context.Context, from, to string, opts Options) (res Result, err error) {
	log := opts.Log
	if log == nil {
		log = zap.NewNop()
	}
	res = Result{From: Redact(from), To: Redact(to)}
	if sameDatabase(from, to) {
		return res, &SameDatabaseError{DSN: res.From}
	}
	if !isURL(from) {
		if _, err := os.Stat(from); errors.Is(err, fs.ErrNotExist) {
			return res, &NoSourceError{Path: from}
		}
	}
	start := time.Now()
	src, err := open(ctx, from, log)
	if err != nil {
		return res, fmt.Errorf("source: %w", err)
	}
	defer closeLogged(src, log)

	newFile := ""
	if !isURL(to) {
		if _, err := os.Stat(to); errors.Is(err, fs.ErrNotExist) {
			newFile = to
		}
	}
	if newFile != "" {
		defer func() {
			if err != nil {
				removeFile(newFile, log)
			}
		}()
	}
	dst, err := open(ctx, to, log)
	if err != nil {
		return res, fmt.Errorf("target: %w", err)
	}
	// Closed before the deferred removal of a new target file runs.
	defer closeLogged(dst, log)

	if res.Tables, err = copyAll(ctx, src, dst, opts); err != nil {
		var refused *NotEmptyError
		if errors.As(err, &refused) {
			return res, err
		}
		return res, fmt.Errorf("%w; nothing was copied", err)
	}
	log.Info("database copied", zap.String("from", res.From), zap.String("to", res.To),
		zap.Int64("rows", res.Rows()), zap.Duration("took", time.Since(start)))
	return res, nil
}

// Redact names a database for messages: a SQLite path as it is, a URL
// with its password masked.
func Redact(dsn string) string {
	if !isURL(dsn) {
		return dsn
	}
	return postgres.Redact(dsn)
}

func isURL(dsn string) bool { return dsnpkg.IsURL(dsn) }

// sameDatabase catches the plain mistakes: one file under two names, one
// PostgreSQL database (and schema) behind two spellings of its URL. What it
// misses (localhost for 127.0.0.1, say) is refused anyway, as a target that
// is not empty.
func sameDatabase(from, to string) bool {
	if isURL(from) != isURL(to) {
		return false
	}
	if !isURL(from) {
		a, errA := filepath.Abs(from)
		b, errB := filepath.Abs(to)
		if errA == nil && errB == nil && a == b {
			return true
		}
		fa, errA := os.Stat(from)
		fb, errB := os.Stat(to)
		return errA == nil && errB == nil && os.SameFile(fa, fb)
	}
	a, errA := pgx.ParseConfig(from)
	b, errB := pgx.ParseConfig(to)
	if errA != nil || errB != nil {
		return from == to
	}
	return a.Host == b.Host && a.Port == b.Port && a.Database == b.Database &&
		a.RuntimeParams["search_path"] == b.RuntimeParams["search_path"]
}

// side is one open database.
type side struct {
	name    string // for messages, password masked
	d       dialect
	db      io.Closer
	write   *sql.DB
	read    *sql.DB
	version int
	// readOpts and writeOpts start the source's snapshot and the target's
	// transaction.
	readOpts, writeOpts *sql.TxOptions
}

// open opens a station's database as cmd/carddesk does: a postgres:// URL
// is PostgreSQL, anything without a scheme a SQLite file.
func open(ctx context.Context, dsn string, log *zap.Logger) (*side, error) {
	kind, err := dsnpkg.Of(dsn)
	switch {
	case err != nil:
		return nil, err
	case kind == dsnpkg.SQLite:
		db, err := sqlite.Open(ctx, dsn, log)
		if err != nil {
			return nil, err
		}
		w, r := db.SQL()
		return &side{name: db.Path(), d: sqliteDialect{}, db: db, write: w, read: r, version: db.SchemaVersion(),
			readOpts: &sql.TxOptions{ReadOnly: true}}, nil
	default:
		db, err := postgres.Open(ctx, dsn, log)
		if err != nil {
			return nil, err
		}
		pool := db.SQL()
		return &side{name: Redact(dsn), d: pgDialect{}, db: db, write: pool, read: pool, version: db.SchemaVersion(),
			// One snapshot for every table, as the station's own reads.
			readOpts:  &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
			writeOpts: &sql.TxOptions{Isolation: sql.LevelReadCommitted}}, nil
	}
}

func closeLogged(s *side, log *zap.Logger) {
	if err := s.db.Close(); err != nil {
		log.Warn("closing a database after a copy", zap.Error(err))
	}
}

// removeFile deletes a SQLite target this copy created, with its side files.
func removeFile(path string, log *zap.Logger) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			log.Warn("removing the unfinished copy", zap.String("path", p), zap.Error(err))
		}
	}
}
