package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// backupWarning is the status bar's part about the daily backup: shown
// only while the newest backup is older than enroll.BackupOverdue, or the
// last attempt failed, so a desk that goes without backups gets noticed.
type backupWarning struct {
	box *fyne.Container
	msg *widgets.TipLabel
}

func newBackupWarning() *backupWarning {
	b := &backupWarning{msg: widgets.NewTipLabel("")}
	b.msg.SizeName = theme.SizeNameCaptionText
	b.msg.Importance = widget.WarningImportance
	b.box = statusPart(theme.WarningIcon(), b.msg)
	b.box.Hide()
	return b
}

// set shows what st says at now; nothing while all is well.
func (b *backupWarning) set(st enroll.BackupStatus, now time.Time) {
	text := backupWarningText(st, now)
	if text == "" {
		b.box.Hide()
		return
	}
	b.msg.SetText(text)
	b.box.Show()
}

// backupWarningText is "" while no warning is due.
func backupWarningText(st enroll.BackupStatus, now time.Time) string {
	switch {
	case !st.Supported:
		return ""
	case st.Err != nil:
		return lang.X("status.backup.failed", "Backup failed: {{.Err}}", map[string]any{"Err": words.Explain(st.Err)})
	case !st.Overdue(now):
		return ""
	case st.Last.IsZero():
		return lang.L("No database backup yet")
	}
	return lang.X("status.backup.old", "Last backup {{.Days}} days ago", map[string]any{"Days": int(now.Sub(st.Last).Hours() / 24)})
}

// newBackupWatcher re-reads the backup status as often as the outbox: a
// directory listing, cheap enough.
func (s *session) newBackupWatcher() *watcher[enroll.BackupStatus] {
	st := s.d.st
	return newWatcher(s.jobs, s.d.mailEvery, func(ctx context.Context) (enroll.BackupStatus, error) {
		return st.Backups.Status(ctx)
	}, s.setBackup)
}

func (s *session) setBackup(st enroll.BackupStatus, err error) {
	if err != nil {
		s.d.log.Warn("cannot read the backup status", zap.Error(err))
		st.Err = err
	}
	s.status.backup.set(st, time.Now())
	s.status.line.Refresh()
}
