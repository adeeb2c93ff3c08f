package settings

import (
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// backupPanel sits under the Station tab's backup settings: when the last
// backup was made, where, and a button to make one now.
type backupPanel struct {
	h    screen.Host
	box  *fyne.Container
	last *widget.Label
	now  *widget.Button
}

func newBackupPanel(h screen.Host) *backupPanel {
	p := &backupPanel{h: h, last: widget.NewLabel("")}
	p.last.Wrapping = fyne.TextWrapWord
	p.now = widget.NewButtonWithIcon(lang.L("Back up now"), theme.DownloadIcon(), p.backUpNow)
	p.box = container.NewVBox(widget.NewSeparator(), widgets.Bold(lang.L("Database backup")),
		container.NewBorder(nil, nil, nil, container.NewVBox(p.now), p.last))
	return p
}

// reload reads where the backups stand.
func (p *backupPanel) reload() {
	jobs, st := p.h.Jobs(), p.h.Station()
	widgets.Go(jobs, func() (enroll.BackupStatus, error) {
		return st.Backups.Status(jobs.Context())
	}, p.show)
}

func (p *backupPanel) show(st enroll.BackupStatus, err error) {
	widgets.SetEnabled(p.now, st.Supported)
	p.last.Importance = widget.MediumImportance
	switch {
	case !st.Supported:
		p.last.SetText(lang.L("This station uses a shared PostgreSQL database: it is backed up on its server (pg_dump), not here."))
		return
	case err != nil:
		p.last.Importance = widget.DangerImportance
		p.last.SetText(lang.X("backup.status.error", "The backups cannot be read: {{.Err}}", map[string]any{"Err": words.Explain(err)}))
		return
	}
	p.last.SetText(lastBackupText(st))
	switch {
	case st.Err != nil:
		p.last.Importance = widget.DangerImportance
		p.last.SetText(p.last.Text + "\n" + lang.X("backup.status.failed", "The last daily backup failed: {{.Err}}",
			map[string]any{"Err": words.Explain(st.Err)}))
	case st.Overdue(time.Now()):
		p.last.Importance = widget.WarningImportance
	}
}

// lastBackupText says when and where the newest backup was made.
func lastBackupText(st enroll.BackupStatus) string {
	text := lang.X("backup.status.none", "No backup in {{.Dir}} yet.", map[string]any{"Dir": st.Dir})
	if st.LastFile != "" {
		text = lang.X("backup.status.last", "Last backup: {{.Time}} ({{.File}})",
			map[string]any{"Time": words.Time(st.Last), "File": st.LastFile})
	}
	if st.Keep == 0 {
		return text + "\n" + lang.L("Daily backups are off (copies kept: 0).")
	}
	return text + "\n" + lang.X("backup.status.daily", "A backup is made every day while CardDesk runs; the newest {{.N}} are kept in {{.Dir}}.",
		map[string]any{"N": st.Keep, "Dir": st.Dir})
}

// backUpNow makes a backup into the backup folder at once; the status
// bar says how it went, the panel shows the new backup.
func (p *backupPanel) backUpNow() {
	p.now.Disable()
	jobs, st, actor := p.h.Jobs(), p.h.Station(), p.h.Actor()
	widgets.Go(jobs, func() (enroll.BackupInfo, error) {
		return st.Backups.BackupNow(jobs.Context(), actor)
	}, func(info enroll.BackupInfo, err error) {
		p.now.Enable()
		if err != nil {
			p.h.FlashError(words.Explain(err))
			return
		}
		p.h.Flash(lang.X("backup.written", "Backup written: {{.File}} ({{.Cardholders}} cardholders)",
			map[string]any{"File": filepath.Base(info.Path), "Cardholders": info.Cardholders}))
		p.reload()
	})
}
