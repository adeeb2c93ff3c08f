//go:build !((linux || darwin) && cgo)

package ccid

import (
	"runtime"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

// A build without libusb (Windows) lists no readers, only the service
// entry saying why, and does not fail.
func TestOpenUSBWithoutLibusb(t *testing.T) {
	s := OpenUSB(nil)
	defer s.Close()
	list, err := s.Readers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := enroll.ReaderInfo{Name: ServiceName, Kind: enroll.ReaderCCID, Service: true,
		Status: StatusUSBDown + ": this build for " + runtime.GOOS + " has no libusb"}
	if len(list) != 1 || list[0] != want {
		t.Errorf("listed %+v, want only %+v", list, want)
	}
}
