package enroll_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// backupDir points the daily backups at a fresh folder and keeps keep.
func backupDir(t *testing.T, e *env, keep string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "backups")
	if err := e.st.Settings.SetMany(e.ctx, e.admin, []enroll.KeyValue{{Key: "backup.keep", Value: keep}, {Key: "backup.dir", Value: dir}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func backupFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestBackupRunDueMakesOneADayAndKeepsTheNewest(t *testing.T) {
	e := newEnv(t)
	dir := backupDir(t, e, "3")
	t0 := e.clock.Now()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Files that are not CardDesk's automatic backups are never removed.
	for _, other := range []string{"notes.txt", "carddesk-manual.db"} {
		if err := os.WriteFile(filepath.Join(dir, other), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	st, err := e.st.Backups.RunDue(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "carddesk-2026-11-02T090000Z.db")
	if st.LastFile != want || !st.Last.Equal(t0) || st.Files != 1 || st.Overdue(e.clock.Now()) {
		t.Fatalf("status %+v", st)
	}
	e.clock.Add(23 * time.Hour)
	if st, _ := e.st.Backups.RunDue(e.ctx); st.Files != 1 {
		t.Fatalf("a second backup within a day: %+v", st)
	}
	for day := 1; day <= 5; day++ {
		e.clock.Add(time.Hour)
		if _, err := e.st.Backups.RunDue(e.ctx); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(23 * time.Hour)
	}
	got := backupFiles(t, dir)
	wantFiles := []string{"carddesk-2026-11-05T090000Z.db", "carddesk-2026-11-06T090000Z.db", "carddesk-2026-11-07T090000Z.db",
		"carddesk-manual.db", "notes.txt"}
	if !slices.Equal(got, wantFiles) {
		t.Errorf("files %v, want %v", got, wantFiles)
	}
	st, err = e.st.Backups.Status(e.ctx)
	if err != nil || st.LastFile != filepath.Join(dir, "carddesk-2026-11-07T090000Z.db") || st.Files != 3 || st.Keep != 3 || st.Dir != dir {
		t.Errorf("status %+v, %v", st, err)
	}
	// Automatic backups are no audit events: nobody acted.
	if slices.Contains(e.auditActions(t), "db.backup") {
		t.Error("an automatic backup is in the audit log")
	}
}

// RunDaily with a fake wait: a backup at start, then one every 24 hours,
// never sleeping more than an hour at a time.
func TestBackupRunDailyOnAFakeClock(t *testing.T) {
	e := newEnv(t)
	dir := backupDir(t, e, "7")
	t0 := e.clock.Now()
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	var reports []enroll.BackupStatus
	wait := func(_ context.Context, d time.Duration) bool {
		if d > time.Hour || d < time.Minute {
			t.Errorf("sleeps %v", d)
		}
		e.clock.Add(d)
		return e.clock.Now().Before(t0.Add(71 * time.Hour))
	}
	e.st.Backups.RunDaily(ctx, wait, func(st enroll.BackupStatus, err error) {
		if err != nil {
			t.Error(err)
		}
		reports = append(reports, st)
	})
	got := backupFiles(t, dir)
	want := []string{"carddesk-2026-11-02T090000Z.db", "carddesk-2026-11-03T090000Z.db", "carddesk-2026-11-04T090000Z.db"}
	if !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if len(reports) < 3 || reports[len(reports)-1].LastFile != filepath.Join(dir, want[2]) {
		t.Errorf("%d reports, last %+v", len(reports), reports[len(reports)-1])
	}
}

func TestBackupKeepZeroMakesNoDailyBackup(t *testing.T) {
	e := newEnv(t)
	dir := backupDir(t, e, "0")
	st, err := e.st.Backups.RunDue(e.ctx)
	if err != nil || st.Files != 0 || st.Overdue(e.clock.Now()) || len(backupFiles(t, dir)) != 0 {
		t.Fatalf("status %+v, %v, files %v", st, err, backupFiles(t, dir))
	}
	// Back up now still works, is audited, and prunes nothing.
	info, err := e.st.Backups.BackupNow(e.ctx, e.admin)
	if err != nil || filepath.Dir(info.Path) != dir {
		t.Fatalf("%+v, %v", info, err)
	}
	if !slices.Contains(e.auditActions(t), "db.backup") {
		t.Error("Back up now is not in the audit log")
	}
	if _, err := e.st.Backups.BackupNow(e.ctx, e.operator(t, "clerk")); err == nil {
		t.Error("an operator backed up")
	}
}

func TestBackupStatusWarnsAndReportsFailures(t *testing.T) {
	e := newEnv(t)
	dir := backupDir(t, e, "7")
	st, err := e.st.Backups.Status(e.ctx)
	if err != nil || !st.Supported || !st.Overdue(e.clock.Now()) {
		t.Fatalf("no backup yet should warn: %+v, %v", st, err)
	}
	if _, err := e.st.Backups.RunDue(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(47 * time.Hour)
	if st, _ := e.st.Backups.Status(e.ctx); st.Overdue(e.clock.Now()) {
		t.Error("overdue after 47 hours")
	}
	// The folder becomes a file: the next backup fails, and says so until one works.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, []byte("in the way"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(2 * time.Hour)
	st, err = e.st.Backups.RunDue(e.ctx)
	if err == nil || st.Err == nil || !st.Overdue(e.clock.Now()) {
		t.Fatalf("status %+v, %v", st, err)
	}
	if st, _ := e.st.Backups.Status(e.ctx); st.Err == nil {
		t.Error("the failure is forgotten")
	}
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if st, err := e.st.Backups.RunDue(e.ctx); err != nil || st.Err != nil || st.Files != 1 {
		t.Errorf("after the fix: %+v, %v", st, err)
	}
}

// Without backup.dir the backups go to "backups" beside the database.
func TestBackupDefaultFolderIsBesideTheDatabase(t *testing.T) {
	e := newEnv(t)
	st, err := e.st.Backups.RunDue(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(st.Dir) != "backups" || st.Keep != enroll.DefaultBackupKeep || st.Files != 1 {
		t.Errorf("status %+v", st)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(st.Dir), "t.db")); err != nil {
		t.Errorf("the folder is not beside the database: %v", err)
	}
}

func TestBackupSettingsAreChecked(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		key, value string
		ok         bool
	}{
		{"backup.keep", "0", true}, {"backup.keep", "365", true}, {"backup.keep", "366", false},
		{"backup.keep", "-1", false}, {"backup.keep", "seven", false},
		{"backup.dir", "", true}, {"backup.dir", t.TempDir(), true}, {"backup.dir", "relative/backups", false},
	} {
		err := e.st.Settings.Set(e.ctx, e.admin, c.key, c.value)
		if (err == nil) != c.ok {
			t.Errorf("%s = %q: %v", c.key, c.value, err)
		}
	}
}
