package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/carddesk/carddesk/enroll"
)

var _ enroll.BackupStore = (*DB)(nil)

// BackupTo writes a consistent copy of the database to path while the
// station keeps working: VACUUM INTO reads one snapshot (writers go on in
// the WAL) into a temporary file beside path, which is synced, checked and
// then moved into place. An existing path is refused, never overwritten.
func (db *DB) BackupTo(ctx context.Context, path string) (enroll.BackupInfo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return enroll.BackupInfo{}, fmt.Errorf("backup file %q: %w", path, err)
	}
	if err := refuseExisting(abs); err != nil {
		return enroll.BackupInfo{}, err
	}
	dir := filepath.Dir(abs)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return enroll.BackupInfo{}, fmt.Errorf("cannot write the backup %s: the folder %s does not exist", abs, dir)
	}
	tmp, err := db.vacuumInto(ctx, dir, filepath.Base(abs))
	if err != nil {
		return enroll.BackupInfo{}, err
	}
	defer os.Remove(tmp) //nolint:errcheck // gone after the move; removes what a failure left
	info, err := describeBackup(ctx, tmp)
	if err != nil {
		return enroll.BackupInfo{}, fmt.Errorf("checking the backup just written to %s: %w", tmp, err)
	}
	if err := moveNew(tmp, abs); err != nil {
		return enroll.BackupInfo{}, err
	}
	info.Path = abs
	return info, nil
}

// refuseExisting names a backup target that exists already.
func refuseExisting(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s exists already; a backup never overwrites a file: give a new file name: %w", path, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup file %s: %w", path, err)
	}
	return nil
}

// vacuumInto writes the copy to a new private temp file in dir and syncs
// it. It runs on a connection of its own, so neither the writer nor the
// query-only readers are held up.
func (db *DB) vacuumInto(ctx context.Context, dir, base string) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".*.tmp") // mode 0600: the copy holds password hashes
	if err != nil {
		return "", fmt.Errorf("writing a backup in %s: %w", dir, err)
	}
	tmp := f.Name()
	if err := f.Close(); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("writing a backup in %s: %w", dir, err)
	}
	if err := vacuumTo(ctx, db.path, tmp); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	if err := syncFile(tmp); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

func vacuumTo(ctx context.Context, src, target string) error {
	pool, err := sql.Open("sqlite", dsn(src, url.Values{"_pragma": {fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS)}}))
	if err != nil {
		return fmt.Errorf("backing up %s: %w", src, err)
	}
	defer pool.Close()
	pool.SetMaxOpenConns(1)
	if _, err := pool.ExecContext(ctx, "VACUUM INTO ?", target); err != nil {
		return fmt.Errorf("backing up %s: %w", src, err)
	}
	return nil
}

// describeBackup opens a finished copy read-only and reads what the
// command prints; the quick check proves it opens as a sound database.
func describeBackup(ctx context.Context, path string) (enroll.BackupInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return enroll.BackupInfo{}, err
	}
	conn, closeConn, err := openReadOnly(ctx, path)
	if err != nil {
		return enroll.BackupInfo{}, err
	}
	defer closeConn()
	if err := quickCheck(ctx, conn, path); err != nil {
		return enroll.BackupInfo{}, err
	}
	info := enroll.BackupInfo{Path: path, Size: fi.Size()}
	err = conn.QueryRowContext(ctx, `SELECT (SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM cardholders), (SELECT count(*) FROM card_requests), (SELECT count(*) FROM audit_events)`).
		Scan(&info.SchemaVersion, &info.Cardholders, &info.Requests, &info.AuditEvents)
	if err != nil {
		return enroll.BackupInfo{}, probeErr(path, err)
	}
	return info, nil
}

// openReadOnly opens a file that nothing else writes as immutable: no
// locks, no -wal or -shm files appear beside it.
func openReadOnly(ctx context.Context, path string) (*sql.Conn, func(), error) {
	pool, err := sql.Open("sqlite", dsn(path, url.Values{"mode": {"ro"}, "immutable": {"1"}}))
	if err != nil {
		return nil, nil, fmt.Errorf("opening %s: %w", path, err)
	}
	pool.SetMaxOpenConns(1)
	conn, err := pool.Conn(ctx)
	if err != nil {
		_ = pool.Close()
		return nil, nil, probeErr(path, err)
	}
	return conn, func() { _ = conn.Close(); _ = pool.Close() }, nil
}

// moveNew moves tmp to path unless path exists. A hard link fails on an
// existing name, so no file appearing meanwhile is overwritten; file
// systems without links (FAT on a USB stick) get a check and a rename.
func moveNew(tmp, path string) error {
	err := os.Link(tmp, path)
	switch {
	case errors.Is(err, fs.ErrExist):
		return refuseExisting(path)
	case err != nil:
		if err := refuseExisting(path); err != nil {
			return err
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("moving the backup into place at %s: %w", path, err)
		}
	default:
		if err := os.Remove(tmp); err != nil {
			return fmt.Errorf("removing the backup's temporary file %s: %w", tmp, err)
		}
	}
	return syncDir(filepath.Dir(path))
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	return f.Close()
}

// syncDir makes a rename in dir durable. Windows cannot open a folder for
// syncing; NTFS journals the rename itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing folder %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing folder %s: %w", dir, err)
	}
	return nil
}
