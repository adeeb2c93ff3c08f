package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/carddesk/carddesk/enroll"
)

// RestoreFileError refuses a file offered for restore; nothing was changed.
type RestoreFileError struct {
	File   string
	Reason string
	Err    error // the underlying typed error, when there is one
}

func (e *RestoreFileError) Error() string {
	return fmt.Sprintf("cannot restore from %s: %s; nothing was changed", e.File, e.Reason)
}

func (e *RestoreFileError) Unwrap() error { return e.Err }

// InUseError means another process has the database open.
type InUseError struct{ Path string }

func (e *InUseError) Error() string {
	return fmt.Sprintf("the database %s is open in another CardDesk (or another program): "+
		"close CardDesk on this station first; nothing was changed", e.Path)
}

// lockWaitMS is how long the restore waits for other connections to let go.
const lockWaitMS = 300

// RestoreFrom replaces the database with the CardDesk backup at file. The
// file is copied beside the database first and that copy is checked (a
// CardDesk database of a schema version this binary knows, passing
// integrity_check), so what is checked is exactly what is put in place.
// Then, holding an exclusive lock that fails while any other connection is
// open, the current database is copied to <db>.before-restore-<time> and
// the checked copy is renamed over it. The restored file is migrated as it
// is reopened. On any refusal the database is as it was.
func (db *DB) RestoreFrom(ctx context.Context, file string, now time.Time) (enroll.RestoreInfo, error) {
	src, err := filepath.Abs(file)
	if err != nil {
		return enroll.RestoreInfo{}, fmt.Errorf("restore file %q: %w", file, err)
	}
	if src == db.path {
		return enroll.RestoreInfo{}, &RestoreFileError{File: file, Reason: "it is this station's database itself"}
	}
	staged, err := stage(src, db.path)
	if err != nil {
		return enroll.RestoreInfo{}, err
	}
	defer os.Remove(staged) //nolint:errcheck // gone after the rename; removes a refused copy
	info := enroll.RestoreInfo{}
	if info.From, err = checkRestorable(ctx, staged, src, len(db.ms)); err != nil {
		return enroll.RestoreInfo{}, err
	}
	info.From.Path = src
	// Our own connections would count as "another process".
	if err := db.closePools(); err != nil {
		return enroll.RestoreInfo{}, err
	}
	safety, swapErr := swapIn(ctx, db.path, staged, now)
	if err := db.reopen(ctx); err != nil {
		return enroll.RestoreInfo{}, errors.Join(swapErr, err)
	}
	if swapErr != nil {
		return enroll.RestoreInfo{}, swapErr
	}
	info.SafetyCopy, info.SchemaVersion = safety, db.version
	return info, nil
}

func (db *DB) closePools() error {
	err := errors.Join(db.r.Close(), db.w.Close())
	if err != nil {
		return fmt.Errorf("closing database %s for the restore: %w", db.path, err)
	}
	return nil
}

// reopen opens the file at db's path again (migrating it) in place, so
// the station's services keep their store.
func (db *DB) reopen(ctx context.Context) error {
	nd, err := open(ctx, db.path, db.log, db.ms)
	if err != nil {
		return fmt.Errorf("reopening %s: %w", db.path, err)
	}
	db.w, db.r, db.version = nd.w, nd.r, nd.version
	return nil
}

// stage copies src to a private temp file beside the database and syncs it.
func stage(src, dbPath string) (string, error) {
	in, err := os.Open(src)
	if errors.Is(err, fs.ErrNotExist) {
		return "", &RestoreFileError{File: src, Reason: "there is no such file", Err: err}
	}
	if err != nil {
		return "", &RestoreFileError{File: src, Reason: err.Error(), Err: err}
	}
	defer in.Close()
	fi, err := in.Stat()
	switch {
	case err != nil:
		return "", &RestoreFileError{File: src, Reason: err.Error(), Err: err}
	case !fi.Mode().IsRegular():
		return "", &RestoreFileError{File: src, Reason: "it is not a regular file (it is a " + describeMode(fi.Mode()) + ")"}
	case fi.Size() == 0:
		return "", &RestoreFileError{File: src, Reason: "it is empty"}
	}
	if ok, _ := exists(src + "-wal"); ok {
		return "", &RestoreFileError{File: src, Reason: "a write-ahead log (" + filepath.Base(src) +
			"-wal) lies beside it, so the file alone may lack its newest changes; make backups with carddesk db backup"}
	}
	out, err := os.CreateTemp(filepath.Dir(dbPath), "."+filepath.Base(dbPath)+".restore-*.tmp")
	if err != nil {
		return "", fmt.Errorf("copying %s beside the database: %w", src, err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(out.Name())
		return "", fmt.Errorf("copying %s beside the database: %w", src, err)
	}
	return out.Name(), nil
}

// checkRestorable checks the staged copy; messages name the file the
// administrator gave (shown).
func checkRestorable(ctx context.Context, staged, shown string, know int) (enroll.BackupInfo, error) {
	refuse := func(reason string, err error) error {
		return &RestoreFileError{File: shown, Reason: reason, Err: err}
	}
	fi, err := os.Stat(staged)
	if err != nil {
		return enroll.BackupInfo{}, err
	}
	if err := checkHeader(staged, fi.Size(), false); err != nil {
		var ce *CorruptError
		if errors.As(err, &ce) {
			return enroll.BackupInfo{}, refuse("it is damaged ("+ce.Detail+")", err)
		}
		return enroll.BackupInfo{}, refuse("it is not a CardDesk database (not an SQLite file)", err)
	}
	conn, closeConn, err := openReadOnly(ctx, staged)
	if err != nil {
		return enroll.BackupInfo{}, refuse(restoreReason(err), err)
	}
	defer closeConn()
	if reason, err := checkIdentity(ctx, conn, know); reason != "" || err != nil {
		if err != nil {
			reason = restoreReason(err)
		}
		return enroll.BackupInfo{}, refuse(reason, err)
	}
	if problems, err := integrityCheck(ctx, conn); problems != "" || err != nil {
		if err != nil {
			problems = restoreReason(err)
		}
		return enroll.BackupInfo{}, refuse("it is damaged (integrity check: "+problems+")", err)
	}
	info, err := describeBackup(ctx, staged)
	if err != nil {
		return enroll.BackupInfo{}, refuse(restoreReason(err), err)
	}
	return info, nil
}

// checkIdentity says why the file is not a CardDesk database this binary
// may restore; "" when it is one.
func checkIdentity(ctx context.Context, conn *sql.Conn, know int) (string, error) {
	var appID int64
	var version, objects, ours int
	err := conn.QueryRowContext(ctx, `SELECT
		(SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table'
			AND name IN ('operators', 'cardholders', 'card_requests', 'settings', 'audit_events'))`).
		Scan(&appID, &version, &objects, &ours)
	switch {
	case err != nil:
		return "", err
	case appID != applicationID && appID != 0:
		return fmt.Sprintf("it is an SQLite database of another application (application id 0x%08x)", uint32(appID)), nil
	case appID != applicationID && objects == 0:
		return "it is an empty SQLite database, not a CardDesk backup", nil
	case appID != applicationID:
		return "it is an SQLite database without CardDesk's mark, not a CardDesk backup", nil
	case version > know:
		return fmt.Sprintf("it has schema version %d, newer than the %d this CardDesk knows; restore it with a newer CardDesk",
			version, know), nil
	case version < 1 || ours < 5:
		return "it is marked as CardDesk's but lacks CardDesk's tables", nil
	}
	return "", nil
}

// integrityCheck runs the full check: a restore is rare, and a damaged
// backup must not replace a sound database.
func integrityCheck(ctx context.Context, conn *sql.Conn) (string, error) {
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check(5)")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		if s != "ok" {
			problems = append(problems, strings.ReplaceAll(strings.TrimPrefix(s, "*** in database main ***\n"), "\n", "; "))
		}
	}
	return strings.Join(problems, "; "), rows.Err()
}

// restoreReason words an SQLite failure on the file offered.
func restoreReason(err error) string {
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT:
			return "it is damaged (" + se.Error() + ")"
		case sqlite3.SQLITE_NOTADB:
			return "it has an SQLite header but its contents are not a database"
		}
	}
	var ce *CorruptError
	if errors.As(err, &ce) {
		return "it is damaged (" + ce.Detail + ")"
	}
	return err.Error()
}

// swapIn puts staged in place of the database at path and returns the
// safety copy of what it replaced. The lock connection runs in exclusive
// locking mode and leaves WAL mode: both need every other connection
// closed, which is how a running CardDesk is detected.
func swapIn(ctx context.Context, path, staged string, now time.Time) (string, error) {
	if ok, err := exists(path); err != nil || !ok {
		if err != nil {
			return "", err
		}
		return "", moveInto(staged, path) // nothing to keep
	}
	lock, unlock, err := lockExclusive(ctx, path)
	if err != nil {
		return "", err
	}
	defer func() { unlock() }()
	safety := fmt.Sprintf("%s.before-restore-%s", path, now.UTC().Format("20060102T150405.000Z"))
	if err := safetyCopy(ctx, lock, safety); err != nil {
		return "", err
	}
	// No connection is open but ours, which has left WAL mode: a -wal or
	// -shm file now is stale and must not be read with the new file.
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("removing the stale %s: %w", side, err)
		}
	}
	if runtime.GOOS == "windows" { // Windows cannot rename over an open file
		unlock()
		unlock = func() {}
	}
	if err := moveInto(staged, path); err != nil {
		return "", err
	}
	return safety, nil
}

// lockExclusive opens one connection that holds an exclusive lock on the
// database until the returned func closes it.
func lockExclusive(ctx context.Context, path string) (*sql.Conn, func(), error) {
	params := url.Values{"_pragma": {fmt.Sprintf("busy_timeout(%d)", lockWaitMS), "locking_mode(EXCLUSIVE)"}}
	pool, err := sql.Open("sqlite", dsn(path, params))
	if err != nil {
		return nil, nil, fmt.Errorf("opening %s for the restore: %w", path, err)
	}
	pool.SetMaxOpenConns(1)
	conn, err := pool.Conn(ctx)
	if err != nil {
		_ = pool.Close()
		return nil, nil, lockErr(path, err)
	}
	closeAll := func() { _ = conn.Close(); _ = pool.Close() }
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode); err != nil {
		closeAll()
		return nil, nil, lockErr(path, err)
	}
	if mode != "delete" {
		closeAll()
		return nil, nil, &InUseError{Path: path}
	}
	// In exclusive locking mode the lock outlives the transaction.
	for _, stmt := range []string{"BEGIN EXCLUSIVE", "COMMIT"} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			closeAll()
			return nil, nil, lockErr(path, err)
		}
	}
	return conn, closeAll, nil
}

func lockErr(path string, err error) error {
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &InUseError{Path: path}
		}
	}
	return fmt.Errorf("locking %s for the restore: %w", path, err)
}

func safetyCopy(ctx context.Context, lock *sql.Conn, safety string) error {
	f, err := os.OpenFile(safety, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("keeping a safety copy before the restore: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("keeping a safety copy before the restore: %w", err)
	}
	if _, err := lock.ExecContext(ctx, "VACUUM INTO ?", safety); err != nil {
		_ = os.Remove(safety)
		return fmt.Errorf("keeping a safety copy at %s before the restore: %w", safety, err)
	}
	if err := syncFile(safety); err != nil {
		return err
	}
	return nil
}

// moveInto renames staged over path and makes the rename durable.
func moveInto(staged, path string) error {
	if err := os.Rename(staged, path); err != nil {
		return fmt.Errorf("putting the restored database in place at %s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}
