package ccid

import (
	"errors"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

// ErrNoAnswer: the reader took longer than allowed to answer a command.
var ErrNoAnswer = errors.New("the card reader stopped answering")

// ErrUSBDown: the USB stack cannot be reached, so no reader can be seen.
var ErrUSBDown = errors.New("USB is not available")

// ErrClosed: the Service was closed while someone waited on it.
var ErrClosed = errors.New("the USB card reader service was closed")

// ReaderGoneError says why a reader cannot deliver a card any more. It
// matches enroll.ErrReaderGone, and Cause where there is one.
type ReaderGoneError struct {
	Reader string
	Why    string
	Cause  error
}

func (e *ReaderGoneError) Error() string {
	return fmt.Sprintf("card reader %q %s", e.Reader, e.Why)
}

func (e *ReaderGoneError) Unwrap() []error {
	if e.Cause == nil {
		return []error{enroll.ErrReaderGone}
	}
	return []error{enroll.ErrReaderGone, e.Cause}
}

func readerUnknown(reader string) error {
	return &ReaderGoneError{Reader: reader, Why: "is not connected"}
}

// InUseError is a reader the station may not claim: pcscd's CCID driver
// or a system driver holds it, or the user lacks permission.
type InUseError struct {
	Reader string
	Err    error // wraps ErrBusy or ErrAccess
}

func (e *InUseError) Error() string {
	if errors.Is(e.Err, ErrAccess) {
		return fmt.Sprintf("USB card reader %q cannot be opened: no permission, or it is held by the smart-card service (pcscd) "+
			"or the system driver; use it through PC/SC instead, or give this user access to the device", e.Reader)
	}
	return fmt.Sprintf("USB card reader %q is in use by the smart-card service (pcscd) or the system driver; "+
		"use it through PC/SC instead, or stop pcscd", e.Reader)
}

func (e *InUseError) Unwrap() []error { return []error{ErrNeedsPCSC, e.Err} }

// heldElsewhere: the error says someone else has the device.
func heldElsewhere(err error) bool { return errors.Is(err, ErrBusy) || errors.Is(err, ErrAccess) }

// ReadError is a card that was presented but could not be read. Err says
// why: a *SlotError, a *iso7816.StatusError for a refused GET DATA, a
// *FrameError, or a *ReaderGoneError.
type ReadError struct {
	Reader string
	Err    error
}

func (e *ReadError) Error() string {
	return fmt.Sprintf("reading the card on %q: %v", e.Reader, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }
