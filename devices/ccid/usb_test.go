package ccid

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

func TestInUseMessages(t *testing.T) {
	busy := &InUseError{Reader: "ACME Tap (USB 001:004)", Err: fmt.Errorf("claim: %w", ErrBusy)}
	for _, want := range []string{`"ACME Tap (USB 001:004)" is in use by the smart-card service (pcscd) or the system driver`,
		"use it through PC/SC instead, or stop pcscd"} {
		if !strings.Contains(busy.Error(), want) {
			t.Errorf("%q lacks %q", busy, want)
		}
	}
	denied := &InUseError{Reader: "ACME Tap (USB 001:004)", Err: fmt.Errorf("open: %w", ErrAccess)}
	for _, want := range []string{"cannot be opened: no permission", "pcscd", "use it through PC/SC instead"} {
		if !strings.Contains(denied.Error(), want) {
			t.Errorf("%q lacks %q", denied, want)
		}
	}
	for _, err := range []error{busy, denied} {
		if !errors.Is(err, ErrNeedsPCSC) || errors.Is(err, enroll.ErrReaderGone) {
			t.Errorf("%v: matches ErrNeedsPCSC %v, ErrReaderGone %v", err, errors.Is(err, ErrNeedsPCSC), errors.Is(err, enroll.ErrReaderGone))
		}
	}
}
