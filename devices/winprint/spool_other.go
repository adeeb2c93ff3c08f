//go:build !windows

package winprint

import "github.com/carddesk/carddesk/badge"

// List lists the spooler's printers; on this system there is no spooler,
// and it returns ErrNotWindows.
func List() ([]Printer, error) { return nil, ErrNotWindows }

// Print prints the badges on the named printer; on this system there is
// no spooler, and it returns ErrNotWindows.
func Print(printer, document string, t *badge.Template, badges []badge.Badge, opts Options) (job int, err error) {
	return 0, ErrNotWindows
}

// Job reads a job from the named printer's queue; on this system there
// is no spooler, and it returns ErrNotWindows.
func Job(printer string, id int) (JobInfo, error) { return JobInfo{}, ErrNotWindows }

// CancelJob deletes a job from the named printer's queue; on this system
// there is no spooler, and it returns ErrNotWindows.
func CancelJob(printer string, id int) error { return ErrNotWindows }
