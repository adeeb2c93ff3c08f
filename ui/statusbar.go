package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// statusBar shows where the station stands (name, database, devices) and
// the result of the last action for a few seconds. Its texts shorten when
// the window is narrow (the whole text shows on hover), so they never make
// the window wider.
type statusBar struct {
	s       *session
	box     fyne.CanvasObject
	station *widgets.TipLabel
	db      *widgets.TipLabel
	readers *widgets.TipLabel
	printer *widgets.TipLabel
	message *widgets.TipLabel
	mail    *fyne.Container      // icon and text; hidden while no mail waits
	mailMsg *widgets.TapTipLabel // opens the outbox
	outbox  *outboxDialog        // the last one opened
	backup  *backupWarning       // hidden while the backups are fine
	line    *fyne.Container      // lays the parts out again when a text changes

	seq   int
	timer *time.Timer
}

func newStatusBar(s *session, station string) *statusBar {
	sb := &statusBar{s: s, station: widgets.NewTipLabel(station), db: widgets.NewTipLabel(s.d.cfg.DBPath),
		readers: widgets.NewTipLabel(lang.L("No card reader")),
		printer: widgets.NewTipLabel(lang.L("No printer")),
		message: widgets.NewTipLabel("")}
	sb.mailMsg = widgets.NewTapTipLabel("", func() { sb.outbox = s.showOutbox() })
	sb.message.Alignment = fyne.TextAlignTrailing
	sb.message.TextStyle.Bold = true
	for _, l := range []*widgets.TipLabel{sb.station, sb.db, sb.readers, sb.printer, &sb.mailMsg.TipLabel} {
		l.SizeName = theme.SizeNameCaptionText
	}
	sb.mailMsg.Importance = widget.WarningImportance
	sb.mail = statusPart(theme.MailSendIcon(), sb.mailMsg)
	sb.mail.Hide()
	sb.backup = newBackupWarning()
	// The order the parts give up room in when the window is narrow: the
	// database path first, the last action's result last.
	line := &statusLine{message: sb.message}
	line.left = []*fyne.Container{statusPart(theme.ComputerIcon(), sb.station), statusPart(theme.StorageIcon(), sb.db)}
	line.right = []*fyne.Container{sb.backup.box, sb.mail, statusPart(nil, sb.readers), statusPart(nil, sb.printer)}
	if v := s.d.cfg.Version; v != "" {
		version := widgets.NewTipLabel(versionText(v))
		version.SizeName = theme.SizeNameCaptionText
		line.right = append(line.right, statusPart(nil, version))
	}
	objs := []fyne.CanvasObject{sb.message}
	for _, p := range append(append([]*fyne.Container{}, line.left...), line.right...) {
		objs = append(objs, p)
	}
	sb.line = container.New(line, objs...)
	sb.box = container.NewVBox(widget.NewSeparator(), sb.line)
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
	sb.line.Refresh()
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
				sb.line.Refresh()
			}
		})
	})
}

func versionText(v string) string {
	return lang.X("status.version", "CardDesk {{.Version}}", map[string]any{"Version": v})
}

func (sb *statusBar) setStation(name string) {
	sb.station.SetText(name)
	sb.line.Refresh()
}

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
	sb.line.Refresh()
}

// setMail says how much mail waits and why; nothing while none does.
func (sb *statusBar) setMail(m mailState) {
	defer sb.line.Refresh()
	if m.queued == 0 && m.uncertain == 0 {
		sb.mail.Hide()
		return
	}
	var text string
	switch {
	case m.queued == 1:
		text = lang.L("1 mail waiting")
	case m.queued > 1:
		text = lang.X("status.mail", "{{.N}} mails waiting", map[string]any{"N": m.queued})
	}
	if m.queued > 0 && m.problem != "" {
		text += ": " + m.problem
	}
	if m.uncertain > 0 {
		if text != "" {
			text = strings.TrimSuffix(text, ".") + "; "
		}
		text += lang.X("status.mail.uncertain", "{{.N}} not confirmed (click to decide)", map[string]any{"N": m.uncertain})
	}
	sb.mailMsg.SetText(text)
	sb.mail.Show()
}

func (sb *statusBar) stop() {
	if sb.timer != nil {
		sb.timer.Stop()
	}
}

// showPrinter sums up the default printer (else the first print queue)
// by name and state, and a printer that is stopped as a warning.
func (sb *statusBar) showPrinter(ps []enroll.PrinterInfo, err error) {
	defer sb.line.Refresh()
	sb.printer.Importance = widget.MediumImportance
	switch {
	case errors.Is(err, enroll.ErrNoSpooler):
		sb.printer.SetText(lang.L("Badge printing: not set up"))
		return
	case err != nil:
		sb.printer.Importance = widget.WarningImportance
		sb.printer.SetText(lang.X("status.printer.error", "Printer: {{.Err}}", map[string]any{"Err": words.Explain(err)}))
		return
	}
	var pick *enroll.PrinterInfo
	for i, p := range ps {
		if p.Kind == badgeview.KindUSB {
			continue
		}
		if pick == nil || p.Default {
			pick = &ps[i]
		}
		if p.Default {
			break
		}
	}
	if pick == nil {
		sb.printer.SetText(lang.L("No printer"))
		return
	}
	status := words.PrinterStatus(pick.Status)
	if strings.HasPrefix(pick.Status, "stopped") {
		sb.printer.Importance = widget.WarningImportance
	}
	sb.printer.SetText(lang.X("status.printer", "Printer: {{.Name}} · {{.Status}}", map[string]any{"Name": pick.Name, "Status": status}))
}
