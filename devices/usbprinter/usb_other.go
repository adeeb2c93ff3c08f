//go:build !((linux || darwin) && cgo)

package usbprinter

import (
	"fmt"
	"runtime"
)

// DirectUSB: this build has no libusb, so no USB printer is listed or
// printed to directly; on Windows printers go through the spooler.
const DirectUSB = false

// openBus: this build has no libusb (gousb needs cgo, and is built for
// Linux and macOS only).
func openBus() (usbBus, func(), error) {
	return nil, nil, fmt.Errorf("this build for %s has no libusb", runtime.GOOS)
}
