package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// statusBar shows where the station stands (name, database, devices) and
// the result of the last action for a few seconds.
type statusBar struct {
	s       *session
	box     fyne.CanvasObject
	station *widget.Label
	db      *widget.Label
	readers *widget.Label
	printer *widget.Label
	message *widget.Label
	mail    *fyne.Container // icon and text; hidden while no mail waits
	mailMsg *widget.Label

	seq   int
	timer *time.Timer
}

func newStatusBar(s *session, station string) *statusBar {
	sb := &statusBar{s: s, station: widget.NewLabel(station), db: widget.NewLabel(s.d.cfg.DBPath),
		readers: widget.NewLabel(lang.L("No card reader")),
		printer: widget.NewLabel(lang.L("Badge printing: not in this version yet")),
		message: widget.NewLabel("")}
	sb.message.Truncation = fyne.TextTruncateEllipsis
	sb.message.Alignment = fyne.TextAlignTrailing
	sb.message.TextStyle.Bold = true
	for _, l := range []*widget.Label{sb.station, sb.db, sb.readers, sb.printer} {
		l.SizeName = theme.SizeNameCaptionText
	}
	left := container.NewHBox(widget.NewIcon(theme.ComputerIcon()), sb.station, widget.NewSeparator(),
		widget.NewIcon(theme.StorageIcon()), sb.db)
	sb.mailMsg = widget.NewLabel("")
	sb.mailMsg.SizeName, sb.mailMsg.Importance = theme.SizeNameCaptionText, widget.WarningImportance
	sb.mail = container.NewHBox(widget.NewSeparator(), widget.NewIcon(theme.MailSendIcon()), sb.mailMsg)
	sb.mail.Hide()
	right := container.NewHBox(sb.mail, widget.NewSeparator(), sb.readers, widget.NewSeparator(), sb.printer)
	if v := s.d.cfg.Version; v != "" {
		right.Add(widget.NewSeparator())
		right.Add(container.NewCenter(widgets.Hint(versionText(v))))
	}
	sb.box = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, left, right, sb.message))
	return sb
}

// flash shows the result of an action ("Imported 120 cardholders") for a while.
func (sb *statusBar) flash(text string) {
	sb.show(text, widget.SuccessImportance)
}

// flashError shows a failure the same way, in the danger colour.
func (sb *statusBar) flashError(text string) {
	sb.show(text, widget.DangerImportance)
}

func (sb *statusBar) show(text string, imp widget.Importance) {
	sb.message.Importance = imp
	sb.message.SetText(text)
	sb.seq++
	seq := sb.seq
	if sb.timer != nil {
		sb.timer.Stop()
	}
	if sb.s.d.messageFor <= 0 {
		return
	}
	sb.timer = time.AfterFunc(sb.s.d.messageFor, func() {
		sb.s.jobs.Do(func() {
			if seq == sb.seq && !sb.s.jobs.Stopped() {
				sb.message.SetText("")
			}
		})
	})
}

func versionText(v string) string {
	return lang.X("status.version", "CardDesk {{.Version}}", map[string]any{"Version": v})
}

func (sb *statusBar) setStation(name string) { sb.station.SetText(name) }

// showReaders sums up the readers: one by name and status, several by
// count, and a reader service that is down as a warning.
func (sb *statusBar) showReaders(states []enroll.ReaderState) {
	var readers []enroll.ReaderInfo
	down := ""
	for _, st := range states {
		if st.Info.Service {
			down = words.ReaderStatus(st.Info.Status)
			continue
		}
		readers = append(readers, st.Info)
	}
	var text string
	switch len(readers) {
	case 0:
		text = lang.L("No card reader")
	case 1:
		text = lang.X("status.reader", "Reader: {{.Name}} · {{.Status}}",
			map[string]any{"Name": readers[0].Name, "Status": words.ReaderStatus(readers[0].Status)})
	default:
		text = lang.X("status.readers", "Readers: {{.N}}", map[string]any{"N": len(readers)})
	}
	sb.readers.Importance = widget.MediumImportance
	if down != "" {
		text += " · " + down
		sb.readers.Importance = widget.WarningImportance
	}
	sb.readers.SetText(text)
}

// maxMailProblem bounds a mail server's error in the status bar; the
// outbox (CLI: carddesk outbox list) has it in full.
const maxMailProblem = 40

// setMail says how much mail waits and why; nothing while none does.
func (sb *statusBar) setMail(m mailState) {
	if m.queued == 0 {
		sb.mail.Hide()
		return
	}
	text := lang.X("status.mail", "{{.N}} mails waiting", map[string]any{"N": m.queued})
	if m.queued == 1 {
		text = lang.L("1 mail waiting")
	}
	if m.problem != "" {
		text += ": " + widgets.Shorten(m.problem, maxMailProblem)
	}
	sb.mailMsg.SetText(text)
	sb.mail.Show()
}

func (sb *statusBar) stop() {
	if sb.timer != nil {
		sb.timer.Stop()
	}
}
