package cups

import (
	"errors"
	"fmt"
	"strings"

	"github.com/OpenPrinting/goipp"
)

// Sentinels for errors.Is; the typed errors below carry the details.
var (
	ErrUnreachable    = errors.New("no CUPS scheduler answers")
	ErrUnknownPrinter = errors.New("no such print queue")
	ErrUnknownJob     = errors.New("no such print job")
	ErrNoCR80Media    = errors.New("the print queue has no CR80 card media")
	ErrNoDuplex       = errors.New("the print queue prints one side only")
	ErrMedia          = errors.New("the print queue does not offer that media")
	ErrRefused        = errors.New("the CUPS scheduler refused the request")
	ErrBadResponse    = errors.New("the CUPS scheduler sent a response that cannot be read")
)

// UnreachableError: nothing answered at Server (cupsd is not running, or the
// address is wrong). Err is the network error.
type UnreachableError struct {
	Server string
	Err    error
}

func (e *UnreachableError) Error() string {
	return "no CUPS scheduler answers at " + e.Server
}

func (e *UnreachableError) Unwrap() []error { return []error{ErrUnreachable, e.Err} }

// UnknownPrinterError: the scheduler has no queue of that name.
type UnknownPrinterError struct{ Name string }

func (e *UnknownPrinterError) Error() string {
	return fmt.Sprintf("the CUPS scheduler has no print queue %q", e.Name)
}

func (e *UnknownPrinterError) Unwrap() error { return ErrUnknownPrinter }

// UnknownJobError: the queue has no job with that id (or no longer keeps it).
type UnknownJobError struct {
	Printer string
	ID      int
}

func (e *UnknownJobError) Error() string {
	return fmt.Sprintf("print queue %q has no job %d", e.Printer, e.ID)
}

func (e *UnknownJobError) Unwrap() error { return ErrUnknownJob }

// NoCR80MediaError: none of the queue's media is a CR80 card (85.60 × 53.98 mm).
type NoCR80MediaError struct {
	Printer string
	Media   []string // what the queue offers instead
}

func (e *NoCR80MediaError) Error() string {
	offers := "no media at all"
	if len(e.Media) > 0 {
		offers = "only " + strings.Join(e.Media, ", ")
	}
	return fmt.Sprintf("print queue %q has no CR80 card media (85.60 × 53.98 mm); it offers %s", e.Printer, offers)
}

func (e *NoCR80MediaError) Unwrap() error { return ErrNoCR80Media }

// UnsupportedMediaError: Options.Media is not one of the queue's media.
type UnsupportedMediaError struct {
	Printer, Media string
	Offered        []string
}

func (e *UnsupportedMediaError) Error() string {
	return fmt.Sprintf("print queue %q does not offer media %q; it offers %s", e.Printer, e.Media, strings.Join(e.Offered, ", "))
}

func (e *UnsupportedMediaError) Unwrap() error { return ErrMedia }

// NoDuplexError: two sides were asked of a queue that prints one.
type NoDuplexError struct{ Printer string }

func (e *NoDuplexError) Error() string {
	return fmt.Sprintf("print queue %q prints one side only; it cannot print two-sided", e.Printer)
}

func (e *NoDuplexError) Unwrap() error { return ErrNoDuplex }

// RefusedError: the scheduler answered Op with an error status, e.g.
// client-error-not-possible or server-error-not-accepting-jobs.
type RefusedError struct {
	Op      goipp.Op
	Printer string // "" for requests to the scheduler itself
	Status  goipp.Status
	Message string // the scheduler's status-message, if any
}

func (e *RefusedError) Error() string {
	s := "the CUPS scheduler refused " + e.Op.String()
	if e.Printer != "" {
		s += fmt.Sprintf(" on %q", e.Printer)
	}
	s += ": " + e.Status.String()
	if e.Message != "" {
		s += " (" + e.Message + ")"
	}
	return s
}

func (e *RefusedError) Unwrap() error { return ErrRefused }
