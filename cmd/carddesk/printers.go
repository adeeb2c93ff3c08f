package main

import (
	"runtime"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/cups"
	"github.com/carddesk/carddesk/devices/spool"
	"github.com/carddesk/carddesk/devices/usbprinter"
	"github.com/carddesk/carddesk/enroll"
)

// newSpooler is the station's printing: the Windows spooler on Windows,
// else the CUPS scheduler (CUPS_SERVER when set); USB badge printers are
// listed beside where the build talks to USB itself (not on Windows).
func newSpooler(log *zap.Logger) enroll.Spooler {
	opt := spool.Options{USB: usbprinter.DirectUSB, Log: log}
	if runtime.GOOS == "windows" {
		opt.Windows = true
	} else {
		opt.CUPS = cups.Default(log)
	}
	return spool.New(opt)
}
