package demo

import (
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/pdffile"
	"github.com/carddesk/carddesk/devices/spool"
	"github.com/carddesk/carddesk/enroll"
)

// Printer is the demo station's badge printer: it writes each job's PDF
// into a folder, so the demo prints end to end without a printer.
const Printer = "Demo badge printer"

// Spooler is the demo station's printing: the one folder printer, writing
// into dir.
func Spooler(dir string, log *zap.Logger) enroll.Spooler {
	return spool.New(spool.Options{Files: map[string]*pdffile.Printer{Printer: pdffile.New(dir, log)}, Log: log})
}
