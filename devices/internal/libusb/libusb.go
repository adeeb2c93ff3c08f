//go:build (linux || darwin) && cgo

// Package libusb starts libusb through gousb for the packages that talk to
// USB devices themselves (CCID readers, USB printers), the same careful way.
package libusb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"

	"github.com/google/gousb"
)

// NewContext starts libusb. gousb panics when libusb cannot start; that is
// an error here, since a station without USB still works.
func NewContext() (c *gousb.Context, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("libusb could not start: %v", r)
		}
	}()
	return gousb.NewContext(), nil
}

// CheckNodes reports a machine without USB device nodes (no USB bus, or a
// container without USB passed through): libusb lists nothing there, which
// would look like a bus with nothing on it.
func CheckNodes() error {
	if runtime.GOOS != "linux" {
		return nil
	}
	if _, err := os.Stat("/dev/bus/usb"); errors.Is(err, fs.ErrNotExist) {
		return errors.New("/dev/bus/usb does not exist (no USB bus here, or a container without USB passed through)")
	}
	return nil
}
