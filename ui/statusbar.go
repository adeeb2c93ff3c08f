package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusBar shows where the station stands (name, database, devices) and
// the result of the last action for a few seconds.
type statusBar struct {
	d       *Desk
	box     fyne.CanvasObject
	station *widget.Label
	db      *widget.Label
	readers *widget.Label
	printer *widget.Label
	message *widget.Label

	seq   int
	timer *time.Timer
}

func newStatusBar(s *session, station string) *statusBar {
	sb := &statusBar{d: s.d, station: widget.NewLabel(station), db: widget.NewLabel(s.d.cfg.DBPath),
		readers: widget.NewLabel(lang.L("Readers: not set up yet")),
		printer: widget.NewLabel(lang.L("Printer: not set up yet")),
		message: widget.NewLabel("")}
	sb.message.Truncation = fyne.TextTruncateEllipsis
	sb.message.Alignment = fyne.TextAlignTrailing
	sb.message.TextStyle.Bold = true
	for _, l := range []*widget.Label{sb.station, sb.db, sb.readers, sb.printer} {
		l.SizeName = theme.SizeNameCaptionText
	}
	left := container.NewHBox(widget.NewIcon(theme.ComputerIcon()), sb.station, widget.NewSeparator(),
		widget.NewIcon(theme.StorageIcon()), sb.db)
	right := container.NewHBox(widget.NewSeparator(), sb.readers, widget.NewSeparator(), sb.printer)
	if v := s.d.cfg.Version; v != "" {
		right.Add(widget.NewSeparator())
		right.Add(container.NewCenter(hint(versionText(v))))
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
	if sb.d.messageFor <= 0 {
		return
	}
	sb.timer = time.AfterFunc(sb.d.messageFor, func() {
		sb.d.run.do(func() {
			if seq == sb.seq {
				sb.message.SetText("")
			}
		})
	})
}

func versionText(v string) string {
	return lang.X("status.version", "CardDesk {{.Version}}", map[string]any{"Version": v})
}

func (sb *statusBar) setStation(name string) { sb.station.SetText(name) }

func (sb *statusBar) stop() {
	if sb.timer != nil {
		sb.timer.Stop()
	}
}
