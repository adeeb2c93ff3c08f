//go:build !((linux || darwin) && cgo)

package ccid

import (
	"fmt"
	"runtime"
)

// DirectUSB: this build has no libusb (gousb needs cgo, and is built for
// Linux and macOS only). On Windows, where raw USB would need WinUSB
// drivers no desk installs, readers go through the smart-card service
// (WinSCard) and printers through the print spooler.
const DirectUSB = false

// openUSBBus: this build cannot reach USB itself; the Service lists that as
// its status.
func openUSBBus() (Bus, error) {
	return nil, fmt.Errorf("this build for %s has no libusb", runtime.GOOS)
}
