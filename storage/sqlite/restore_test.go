package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"
)

// A backup of an older schema is restored and migrated on reopening; the
// store keeps working on it.
func TestRestoreMigratesAnOlderBackup(t *testing.T) {
	ctx := context.Background()
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	oldPath := filepath.Join(dir, "old.db")
	old, err := open(ctx, oldPath, zaptest.NewLogger(t), ms[:3])
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := open(ctx, filepath.Join(dir, "station.db"), zaptest.NewLogger(t), ms)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	info, err := db.RestoreFrom(ctx, oldPath, time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if info.From.SchemaVersion != 3 || info.SchemaVersion != len(ms) || db.SchemaVersion() != len(ms) {
		t.Errorf("restored version %d, now %d (db %d), want 3 then %d", info.From.SchemaVersion, info.SchemaVersion, db.SchemaVersion(), len(ms))
	}
	if want := db.Path() + ".before-restore-20261206T100000.000Z"; info.SafetyCopy != want {
		t.Errorf("safety copy %q, want %q", info.SafetyCopy, want)
	}
	var n int
	if err := db.w.QueryRowContext(ctx, "SELECT count(*) FROM operators").Scan(&n); err != nil {
		t.Errorf("the reopened store: %v", err)
	}
}

// Another open store on the same file stops the restore before anything
// changes, and both stores keep working.
func TestRestoreRefusedWhileOpenElsewhere(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	db, err := Open(ctx, filepath.Join(dir, "station.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, db.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.RestoreFrom(ctx, backup, time.Now())
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("err %v, want *InUseError", err)
	}
	if matches, _ := filepath.Glob(db.Path() + ".before-restore-*"); len(matches) != 0 {
		t.Errorf("safety copy for a refused restore: %v", matches)
	}
	for _, s := range []*DB{db, other} {
		var n int
		if err := s.w.QueryRowContext(ctx, "SELECT count(*) FROM operators").Scan(&n); err != nil {
			t.Errorf("a store broke: %v", err)
		}
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RestoreFrom(ctx, backup, time.Now()); err != nil {
		t.Errorf("once closed elsewhere: %v", err)
	}
}
