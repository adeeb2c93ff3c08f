package enroll

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"
)

// BackupStore is a store that lives in one file, so it can copy itself
// into another file and be replaced by one: a SQLite station. A shared
// PostgreSQL database does not implement it; its server backs it up.
type BackupStore interface {
	// Path is the database file.
	Path() string
	// BackupTo writes a consistent copy to path, which must not exist,
	// while the station keeps working.
	BackupTo(ctx context.Context, path string) (BackupInfo, error)
	// RestoreFrom replaces the database with the backup at file after
	// checking it, keeping the database it replaces as a safety copy. The
	// store works on the restored database afterwards. Nothing else may
	// use the store meanwhile: it closes and reopens its connections.
	RestoreFrom(ctx context.Context, file string, now time.Time) (RestoreInfo, error)
}

// BackupInfo describes one backup file.
type BackupInfo struct {
	Path          string
	Size          int64
	SchemaVersion int
	Cardholders   int64
	Requests      int64
	AuditEvents   int64
}

// RestoreInfo is what a restore did.
type RestoreInfo struct {
	From BackupInfo // the file restored, as it was checked (before any migration)
	// SafetyCopy is the database as it was before the restore; "" when
	// there was none.
	SafetyCopy    string
	SchemaVersion int // of the database now, after migrating the restored file
	// NotAudited: the operator who restored is unknown to the restored
	// database, so its audit log has no event for the restore.
	NotAudited bool
}

// ErrNoFileBackup means the station's database is not a file of its own
// (a shared PostgreSQL database): it is backed up on its server.
var ErrNoFileBackup = errors.New("this station's database is a shared PostgreSQL database: back it up on its server (pg_dump)")

// Backup bounds: 0 turns the daily backup off; a year of daily copies is
// the most kept.
const (
	DefaultBackupKeep = 7
	MaxBackupKeep     = 365
	// backupEvery is the time between automatic backups.
	backupEvery = 24 * time.Hour
	// BackupOverdue is when the app warns that no backup was made.
	BackupOverdue = 48 * time.Hour
	// backupRecheck bounds the scheduler's sleep, so a changed setting or
	// a failed attempt is taken up within the hour.
	backupRecheck = time.Hour
)

// Backups is the use case for backups of a SQLite station: on request
// (administrators only, audited) and daily by the running app.
type Backups struct {
	base
	settings *Settings

	mu      sync.Mutex
	lastErr error // the last automatic attempt's failure; nil after a success
}

func (s *Backups) fileStore() (BackupStore, error) {
	bs, ok := s.store.(BackupStore)
	if !ok {
		return nil, ErrNoFileBackup
	}
	return bs, nil
}

// Backup writes a consistent copy of the database to path, which must not
// exist yet, and records it in the audit log.
func (s *Backups) Backup(ctx context.Context, a Actor, path string) (BackupInfo, error) {
	if err := a.require(PermBackup); err != nil {
		return BackupInfo{}, err
	}
	bs, err := s.fileStore()
	if err != nil {
		return BackupInfo{}, err
	}
	info, err := bs.BackupTo(ctx, path)
	if err != nil {
		return BackupInfo{}, err
	}
	return info, s.recordBackup(ctx, a, info)
}

// recordBackup runs after the file is complete, so the backup never holds
// the event about itself.
func (s *Backups) recordBackup(ctx context.Context, a Actor, info BackupInfo) error {
	return s.store.Update(ctx, func(tx Tx) error {
		return record(ctx, tx, a, s.now(), change{action: "db.backup", entity: "database",
			entityKey: filepath.Base(info.Path), details: "backup written to " + info.Path})
	})
}

// Restore replaces the database with the backup at file. The actor signed
// in on the database being replaced; the restored database records the
// restore in the name of its own operator of that name, when it has one.
func (s *Backups) Restore(ctx context.Context, a Actor, file string) (RestoreInfo, error) {
	if err := a.require(PermBackup); err != nil {
		return RestoreInfo{}, err
	}
	bs, err := s.fileStore()
	if err != nil {
		return RestoreInfo{}, err
	}
	info, err := bs.RestoreFrom(ctx, file, s.now())
	if err != nil {
		return RestoreInfo{}, err
	}
	s.log.Info("database restored", zap.String("from", info.From.Path), zap.String("safety_copy", info.SafetyCopy),
		zap.Int("schema_version", info.SchemaVersion))
	err = s.store.Update(ctx, func(tx Tx) error {
		op, err := tx.Operators().ByName(ctx, a.Name)
		if errors.Is(err, ErrNotFound) {
			info.NotAudited = true
			return nil
		}
		if err != nil {
			return err
		}
		by := Actor{ID: op.ID, Name: op.Name, Role: op.Role, Email: op.Email}
		details := "restored from " + info.From.Path
		if info.SafetyCopy != "" {
			details += "; the database before is kept at " + info.SafetyCopy
		}
		return record(ctx, tx, by, s.now(), change{action: "db.restore", entity: "database",
			entityKey: filepath.Base(info.From.Path), details: details})
	})
	if err != nil {
		return info, fmt.Errorf("the database was restored from %s, but recording it in the audit log failed: %w", file, err)
	}
	return info, nil
}

// BackupStatus is where the automatic backups stand.
type BackupStatus struct {
	// Supported is false on a shared PostgreSQL database.
	Supported bool
	Keep      int    // copies kept; 0 = no automatic backups
	Dir       string // where they go
	Last      time.Time
	LastFile  string // "" = no backup in Dir yet
	Files     int
	// Err is the last automatic attempt's failure, until one succeeds.
	Err error
}

// Overdue reports whether the app should warn: automatic backups are on
// and the newest is older than BackupOverdue (or there is none yet).
func (st BackupStatus) Overdue(now time.Time) bool {
	return st.Supported && st.Keep > 0 && (st.Last.IsZero() || now.Sub(st.Last) > BackupOverdue)
}

// Status reads the backup settings and the backup folder. Any signed-in
// operator sees it (the status bar warns everyone); it holds no secrets.
func (s *Backups) Status(ctx context.Context) (BackupStatus, error) {
	bs, err := s.fileStore()
	if err != nil {
		return BackupStatus{}, nil //nolint:nilerr // a shared database is no error: Supported stays false
	}
	st := BackupStatus{Supported: true}
	if st.Keep, st.Dir, err = s.config(ctx, bs); err != nil {
		return st, err
	}
	s.mu.Lock()
	st.Err = s.lastErr
	s.mu.Unlock()
	files, err := listBackups(st.Dir)
	if err != nil {
		return st, err
	}
	if len(files) > 0 {
		st.Last, st.LastFile, st.Files = files[0].at, files[0].path, len(files)
	}
	return st, nil
}

// config reads backup.keep and backup.dir; the folder defaults to
// "backups" beside the database file.
func (s *Backups) config(ctx context.Context, bs BackupStore) (int, string, error) {
	var keep, dir string
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if keep, err = s.settings.value(ctx, tx, "backup.keep"); err != nil {
			return err
		}
		dir, err = s.settings.value(ctx, tx, "backup.dir")
		return err
	})
	if err != nil {
		return 0, "", fmt.Errorf("reading the backup settings: %w", err)
	}
	n, err := strconv.Atoi(keep)
	if err != nil {
		n = DefaultBackupKeep // only settings set validates; a bad stored value keeps backups on
	}
	if dir == "" {
		dir = filepath.Join(filepath.Dir(bs.Path()), "backups")
	}
	return n, dir, nil
}

// BackupNow makes a dated backup into the backup folder at once (the
// Settings button), keeps the newest backup.keep copies, and records it.
func (s *Backups) BackupNow(ctx context.Context, a Actor) (BackupInfo, error) {
	if err := a.require(PermBackup); err != nil {
		return BackupInfo{}, err
	}
	info, err := s.dated(ctx, true)
	if err != nil {
		return BackupInfo{}, err
	}
	return info, s.recordBackup(ctx, a, info)
}

// RunDue is one round of the daily backup: when automatic backups are on
// and the newest is a day old (or there is none), it makes one and
// removes the oldest beyond backup.keep. It returns the status after.
func (s *Backups) RunDue(ctx context.Context) (BackupStatus, error) {
	st, err := s.Status(ctx)
	if err == nil && (!st.Supported || st.Keep == 0 ||
		!st.Last.IsZero() && s.clock.Now().Sub(st.Last) < backupEvery) {
		return st, nil
	}
	var info BackupInfo
	if err == nil {
		info, err = s.dated(ctx, false)
	}
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
	if err != nil {
		st.Err = err
		return st, err
	}
	s.log.Info("daily backup written", zap.String("file", info.Path), zap.Int64("size", info.Size))
	return s.Status(ctx)
}

// dated writes carddesk-<UTC time>.db into the backup folder and prunes.
// A manual backup is made even while automatic ones are off.
func (s *Backups) dated(ctx context.Context, manual bool) (BackupInfo, error) {
	bs, err := s.fileStore()
	if err != nil {
		return BackupInfo{}, err
	}
	keep, dir, err := s.config(ctx, bs)
	if err != nil {
		return BackupInfo{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return BackupInfo{}, fmt.Errorf("creating the backup folder %s: %w", dir, err)
	}
	info, err := bs.BackupTo(ctx, filepath.Join(dir, backupName(s.clock.Now())))
	if err != nil {
		return BackupInfo{}, err
	}
	if keep == 0 && manual {
		return info, nil // automatic backups are off: the folder is the administrator's
	}
	return info, s.prune(dir, keep)
}

// prune removes the oldest automatic backups beyond keep.
func (s *Backups) prune(dir string, keep int) error {
	files, err := listBackups(dir)
	if err != nil || len(files) <= keep {
		return err
	}
	var errs []error
	for _, f := range files[keep:] {
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("removing old backup: %w", err))
			continue
		}
		s.log.Info("old backup removed", zap.String("file", f.path))
	}
	return errors.Join(errs...)
}

// RunDaily makes the daily backups until ctx ends: at once when the last
// is a day old, then whenever the next is due. wait sleeps for d and
// reports false when ctx ended (tests pass one that moves a fake clock).
// report, if not nil, gets each round's status (the app shows failures).
func (s *Backups) RunDaily(ctx context.Context, wait func(context.Context, time.Duration) bool, report func(BackupStatus, error)) {
	for {
		st, err := s.RunDue(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.log.Warn("daily backup failed", zap.Error(err))
		}
		if report != nil {
			report(st, err)
		}
		if !wait(ctx, s.nextRound(st, err)) {
			return
		}
	}
}

// nextRound is how long the scheduler sleeps: until the next backup is
// due, but at most backupRecheck, and never less than a minute.
func (s *Backups) nextRound(st BackupStatus, err error) time.Duration {
	d := backupRecheck
	if err == nil && st.Supported && st.Keep > 0 && !st.Last.IsZero() {
		d = min(d, st.Last.Add(backupEvery).Sub(s.clock.Now()))
	}
	return max(d, time.Minute)
}

// Sleep is RunDaily's wait on the real clock.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// backupLayout names automatic backups by their UTC time, without colons
// (Windows forbids them in file names); the names sort by time.
const backupLayout = "carddesk-2006-01-02T150405Z.db"

func backupName(now time.Time) string { return now.UTC().Format(backupLayout) }

type backupFile struct {
	path string
	at   time.Time
}

// listBackups lists the automatic backups in dir, newest first; other
// files there are not CardDesk's to count or remove.
func listBackups(dir string) ([]backupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the backup folder: %w", err)
	}
	var out []backupFile
	for _, e := range entries {
		at, err := time.Parse(backupLayout, e.Name())
		if err != nil || !e.Type().IsRegular() {
			continue
		}
		out = append(out, backupFile{path: filepath.Join(dir, e.Name()), at: at})
	}
	slices.SortFunc(out, func(a, b backupFile) int { return b.at.Compare(a.at) })
	return out, nil
}
