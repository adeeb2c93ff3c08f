// Package spool is the desk's printing port (enroll.Spooler): badges go to
// the CUPS scheduler on Linux and macOS, to the Windows spooler on Windows,
// and to folder printers (package pdffile) on a demo or training station.
// USB badge printers are listed too, so the desk sees a printer that has no
// OS queue yet.
package spool

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/devices/cups"
	"github.com/carddesk/carddesk/devices/pdffile"
	"github.com/carddesk/carddesk/devices/usbprinter"
	"github.com/carddesk/carddesk/enroll"
)

// Printer kinds, as enroll.PrinterInfo.Kind has them.
const (
	KindCUPS    = "cups"
	KindWindows = "windows"
	KindUSB     = "usb"
)

// Queue is what a CUPS client and a folder printer have in common.
type Queue interface {
	Printers(ctx context.Context) ([]cups.Printer, error)
	Print(ctx context.Context, printer string, pdf io.Reader, o cups.Options) (cups.Job, error)
	Job(ctx context.Context, printer string, id int) (cups.Job, error)
	Cancel(ctx context.Context, printer string, id int) error
}

// Options choose the spooler's sources.
type Options struct {
	// CUPS is the scheduler's client; nil for none.
	CUPS Queue
	// Windows prints through the Windows spooler (only works on Windows).
	Windows bool
	// USB lists USB badge printers.
	USB bool
	// Files are folder printers by the name the desk shows.
	Files map[string]*pdffile.Printer
	Log   *zap.Logger
}

// Spooler is an enroll.Spooler. It is safe for concurrent use.
type Spooler struct {
	opt Options
	log *zap.Logger
}

var _ enroll.Spooler = (*Spooler)(nil)

// New returns the spooler over opt's sources.
func New(opt Options) *Spooler {
	log := opt.Log
	if log == nil {
		log = zap.NewNop()
	}
	return &Spooler{opt: opt, log: log.Named("spool")}
}

// UnknownPrinterError is a printer no source has.
type UnknownPrinterError struct{ Name string }

func (e *UnknownPrinterError) Error() string { return fmt.Sprintf("there is no printer %q", e.Name) }

// NoQueueError is a USB printer that has no OS print queue to print through.
type NoQueueError struct{ Name string }

func (e *NoQueueError) Error() string {
	return fmt.Sprintf("printer %q has no print queue; install its driver first", e.Name)
}

// Printers lists the folder printers, then the OS queues, then the USB
// printers that no CUPS queue prints to (see withoutQueue). A source that cannot be read is left out and logged; only when
// every source failed is it an error.
func (s *Spooler) Printers(ctx context.Context) ([]enroll.PrinterInfo, error) {
	var out []enroll.PrinterInfo
	var errs []error
	for name, p := range s.opt.Files {
		ps, err := p.Printers(ctx)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, q := range ps {
			info := fromCUPS(q)
			info.Name = name
			out = append(out, info)
		}
	}
	var queues []cups.Printer
	if s.opt.CUPS != nil {
		ps, err := s.opt.CUPS.Printers(ctx)
		if err != nil {
			s.log.Warn("CUPS queues not listed", zap.Error(err))
			errs = append(errs, err)
		}
		queues = ps
		for _, q := range ps {
			out = append(out, fromCUPS(q))
		}
	}
	if s.opt.Windows {
		ps, err := windowsPrinters()
		if err != nil {
			s.log.Warn("Windows printers not listed", zap.Error(err))
			errs = append(errs, err)
		}
		out = append(out, ps...)
	}
	if s.opt.USB {
		ps, err := usbprinter.List(ctx, s.log)
		if err != nil {
			s.log.Info("USB printers not listed", zap.Error(err))
		}
		for _, p := range withoutQueue(ps, queues) {
			out = append(out, enroll.PrinterInfo{Name: p.Name(), Kind: KindUSB, Status: p.Status.String(), DeviceID: p.DeviceID})
		}
	}
	if len(out) == 0 && len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sortPrinters(out)
	return out, nil
}

// withoutQueue is the USB printers that no CUPS queue prints to. A queue
// is the printer when its usb:// device URI is the printer's (by serial,
// the reliable way; by the URI's make and model when either has no
// serial). A queue with no usb:// URI (none given, or a driver's own
// backend) is the printer when its make and model name the printer; a
// network queue never is, though it may be the same model. A printer
// with a queue is listed once, as the queue.
func withoutQueue(usb []usbprinter.Printer, queues []cups.Printer) []usbprinter.Printer {
	var out []usbprinter.Printer
	for _, p := range usb {
		if !hasQueue(p, queues) {
			out = append(out, p)
		}
	}
	return out
}

func hasQueue(p usbprinter.Printer, queues []cups.Printer) bool {
	for _, q := range queues {
		scheme, _, _ := strings.Cut(q.DeviceURI, ":")
		switch scheme = strings.ToLower(scheme); {
		case scheme == "usb":
			if p.MatchesDeviceURI(q.DeviceURI) {
				return true
			}
		case networkSchemes[scheme]:
		case q.MakeModel != "" && p.MatchesQueue(q.MakeModel):
			return true
		}
	}
	return false
}

// networkSchemes are the CUPS backends of printers on the network.
var networkSchemes = map[string]bool{
	"ipp": true, "ipps": true, "http": true, "https": true, "socket": true, "lpd": true,
	"dnssd": true, "mdns": true, "smb": true, "implicitclass": true,
}

func sortPrinters(ps []enroll.PrinterInfo) {
	// Folder printers come from a map: keep the list stable by name within a kind.
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j-1].Kind == ps[j].Kind && ps[j-1].Name > ps[j].Name; j-- {
			ps[j-1], ps[j] = ps[j], ps[j-1]
		}
	}
}

func fromCUPS(p cups.Printer) enroll.PrinterInfo {
	status := p.State
	if len(p.Reasons) > 0 {
		status += ": " + strings.Join(p.Reasons, ", ")
	}
	if !p.Accepting && p.State != "" {
		status += " (not accepting jobs)"
	}
	return enroll.PrinterInfo{Name: p.Name, Kind: KindCUPS, Status: status, Media: p.Media, Duplex: p.Duplex, Default: p.Default}
}

// queueOf is the queue that prints to name, and the name it knows it by.
func (s *Spooler) queueOf(name string) (Queue, string, bool) {
	if p, ok := s.opt.Files[name]; ok {
		return p, pdffile.Name, true
	}
	if s.opt.CUPS != nil {
		return s.opt.CUPS, name, true
	}
	return nil, "", false
}

// Submit makes the document and queues it: a PDF (with the profile's
// corrections) for CUPS and folder printers, GDI drawing on Windows.
func (s *Spooler) Submit(ctx context.Context, printer string, doc enroll.PrintDocument) (string, error) {
	if doc.Template == nil || len(doc.Badges) == 0 {
		return "", errors.New("spool: nothing to print")
	}
	sides := doc.Sides
	if doc.Template.Back == nil {
		sides = cups.OneSided
	}
	if q, name, ok := s.queueOf(printer); ok {
		var pdf bytes.Buffer
		if err := badge.WritePDFWith(&pdf, doc.Template, doc.Badges, doc.PageOptions()); err != nil {
			return "", err
		}
		j, err := q.Print(ctx, name, &pdf, cups.Options{Copies: doc.Copies, Sides: sides, Title: doc.Title, User: doc.User})
		if err != nil {
			return "", err
		}
		s.log.Info("badge sent", zap.String("printer", printer), zap.Int("job", j.ID), zap.String("state", j.State))
		return strconv.Itoa(j.ID), nil
	}
	if s.opt.Windows {
		return windowsPrint(printer, doc, sides != cups.TwoSidedLongEdge)
	}
	if s.opt.USB {
		if ps, _ := usbprinter.List(ctx, s.log); len(ps) > 0 {
			for _, p := range ps {
				if p.Name() == printer {
					return "", &NoQueueError{Name: printer}
				}
			}
		}
	}
	return "", &UnknownPrinterError{Name: printer}
}

// JobState is the queue's state of the job.
func (s *Spooler) JobState(ctx context.Context, printer, ref string) (enroll.PrintJobState, string, error) {
	id, err := strconv.Atoi(ref)
	if err != nil {
		return "", "", fmt.Errorf("spool: job %q: %w", ref, err)
	}
	q, name, ok := s.queueOf(printer)
	if !ok {
		if s.opt.Windows {
			return windowsJobState(printer, id)
		}
		return "", "", &UnknownPrinterError{Name: printer}
	}
	j, err := q.Job(ctx, name, id)
	if err != nil {
		return "", "", err
	}
	msg := j.Message
	if msg == "" && len(j.Reasons) > 0 {
		msg = strings.Join(j.Reasons, ", ")
	}
	return stateOf(j.State), msg, nil
}

// stateOf maps IPP job states onto the print log's: held counts as
// pending, stopped as processing (the printer needs attention).
func stateOf(s string) enroll.PrintJobState {
	switch s {
	case cups.JobPending, cups.JobHeld:
		return enroll.PrintPending
	case cups.JobCompleted:
		return enroll.PrintCompleted
	case cups.JobAborted:
		return enroll.PrintAborted
	case cups.JobCancelled:
		return enroll.PrintCancelled
	}
	return enroll.PrintProcessing
}

// Cancel cancels the job.
func (s *Spooler) Cancel(ctx context.Context, printer, ref string) error {
	id, err := strconv.Atoi(ref)
	if err != nil {
		return fmt.Errorf("spool: job %q: %w", ref, err)
	}
	q, name, ok := s.queueOf(printer)
	if !ok {
		if s.opt.Windows {
			return windowsCancel(printer, id)
		}
		return &UnknownPrinterError{Name: printer}
	}
	return q.Cancel(ctx, name, id)
}
