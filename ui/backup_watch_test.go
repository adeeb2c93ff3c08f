package ui

import (
	"errors"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// The status bar warns only when the backups need someone's attention.
func TestBackupWarningText(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		st   enroll.BackupStatus
		want string
	}{
		{"shared database", enroll.BackupStatus{}, ""},
		{"fresh", enroll.BackupStatus{Supported: true, Keep: 7, Last: now.Add(-30 * time.Hour)}, ""},
		{"off", enroll.BackupStatus{Supported: true, Keep: 0}, ""},
		{"none yet", enroll.BackupStatus{Supported: true, Keep: 7}, "No database backup yet"},
		{"three days", enroll.BackupStatus{Supported: true, Keep: 7, Last: now.Add(-73 * time.Hour)}, "Last backup 3 days ago"},
		{"failed", enroll.BackupStatus{Supported: true, Keep: 7, Last: now, Err: errors.New("disk full")}, "Backup failed: Something went wrong: disk full"},
	} {
		if got := backupWarningText(c.st, now); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
