//go:build (linux || darwin) && cgo

package ccid

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/gousb"

	"github.com/carddesk/carddesk/enroll"
)

func TestUSBErrorMapping(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"busy", gousb.ErrorBusy, ErrBusy},
		// gousb formats a failed claim with %v: only the text is left.
		{"busy as gousb words a claim", fmt.Errorf("failed to claim interface 0 on vid=072f,pid=2200,bus=1,addr=4,config=1: %v", gousb.ErrorBusy), ErrBusy},
		{"access", gousb.ErrorAccess, ErrAccess},
		{"no device", gousb.ErrorNoDevice, ErrDeviceGone},
		{"transfer to a device gone", gousb.TransferNoDevice, ErrDeviceGone},
		{"already ours", fmt.Errorf("opening: %w", ErrDeviceGone), ErrDeviceGone},
	}
	for _, c := range cases {
		if got := usbError(c.err); !errors.Is(got, c.want) {
			t.Errorf("%s: %v does not match %v", c.name, got, c.want)
		}
	}
	if got := usbError(gousb.ErrorPipe); !errors.Is(got, gousb.ErrorPipe) || errors.Is(got, ErrDeviceGone) {
		t.Errorf("a stall became %v", got)
	}
}

// The real libusb on this machine: with no USB bus there are no devices
// or no libusb at all, and either way the answer is a list, not a crash.
func TestOpenUSBOnThisMachine(t *testing.T) {
	s := OpenUSB(nil)
	defer s.Close()
	list, err := s.Readers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if r.Kind != enroll.ReaderCCID || r.Service && !strings.HasPrefix(r.Status, StatusUSBDown+": ") {
			t.Errorf("listed %+v", r)
		}
	}
	t.Logf("readers: %+v", list)
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close hangs")
	}
}
