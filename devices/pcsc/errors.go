package pcsc

import (
	"errors"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

// ErrServiceDown: the operating system's smart-card service (pcscd,
// WinSCard) is not running, so no reader can be seen.
var ErrServiceDown = errors.New("smart-card service not running")

// ReaderGoneError says why a reader cannot deliver a card any more. It
// matches enroll.ErrReaderGone, and Cause (ErrServiceDown, say) where
// there is one.
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

func readerUnplugged(reader string) error {
	return &ReaderGoneError{Reader: reader, Why: "was unplugged or stopped answering"}
}

func readerUnknown(reader string) error {
	return &ReaderGoneError{Reader: reader, Why: "is not connected"}
}

func readerServiceDown(reader string) error {
	return &ReaderGoneError{Reader: reader, Why: "cannot be used: the smart-card service is not running", Cause: ErrServiceDown}
}

// ReadError is a card that was presented but could not be read. Err says
// why: a *iso7816.StatusError for the reader's refusal, iso7816.ErrCardMute,
// iso7816.ErrCardLifted, a *ReaderGoneError, or the smart-card service's own
// error.
type ReadError struct {
	Reader string
	Err    error
}

func (e *ReadError) Error() string {
	return fmt.Sprintf("reading the card on %q: %v", e.Reader, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }
