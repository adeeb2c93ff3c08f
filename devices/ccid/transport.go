package ccid

import (
	"context"
	"errors"
	"fmt"
)

// Transport is the pipes of one claimed CCID interface. The protocol needs
// nothing more, which is what lets it run against an emulator.
type Transport interface {
	// Write sends one command message on the bulk-out pipe.
	Write(ctx context.Context, p []byte) (int, error)
	// Read receives one transfer from the bulk-in pipe; a reader sends
	// each response message as one transfer.
	Read(ctx context.Context, p []byte) (int, error)
	// Interrupt receives one transfer from the interrupt-in pipe, or
	// ErrNoInterrupt when the interface has none.
	Interrupt(ctx context.Context, p []byte) (int, error)
	// Close releases the interface.
	Close() error
}

// Bus lists and opens USB devices.
type Bus interface {
	// Devices lists the devices whose descriptors name a smart-card
	// interface, without opening them.
	Devices(ctx context.Context) ([]DeviceID, error)
	Open(ctx context.Context, id DeviceID) (Device, error)
	// Close is called once every Device and Transport is closed.
	Close() error
}

// Device is one opened USB device whose interfaces are not claimed yet.
type Device interface {
	// Control makes a control transfer on the default pipe; for a request
	// to the host, data receives the answer.
	Control(ctx context.Context, requestType, request uint8, value, index uint16, data []byte) (int, error)
	// Claim claims the interface named by b and opens its endpoints.
	Claim(ctx context.Context, b Binding) (Transport, error)
	// Close is called after the Transport, if any, is closed.
	Close() error
}

// BusOpener opens the bus. The Service calls it again after a failure, so
// a USB stack that comes up late is picked up.
type BusOpener func() (Bus, error)

// DeviceID names a USB device for as long as it stays plugged in: a device
// plugged in again gets a new address.
type DeviceID struct {
	Bus, Address    int
	Vendor, Product uint16
}

// String is the form a person can match with lsusb: "USB 001:004".
func (id DeviceID) String() string { return fmt.Sprintf("USB %03d:%03d", id.Bus, id.Address) }

// Binding is the interface to claim and the endpoints to open, as the
// configuration descriptor lists them.
type Binding struct {
	Config    int // bConfigurationValue
	Interface int
	Alternate int
	// Endpoint addresses, direction bit included; InterruptIn is 0 when
	// the interface has no interrupt pipe.
	BulkIn, BulkOut, InterruptIn uint8
}

// Errors a Bus, Device or Transport wraps, so the protocol can tell what
// happened whatever the USB stack underneath.
var (
	// ErrDeviceGone: the device was unplugged or reset.
	ErrDeviceGone = errors.New("the USB device is no longer connected")
	// ErrNoInterrupt: the interface has no interrupt-in pipe.
	ErrNoInterrupt = errors.New("the reader has no interrupt pipe")
	// ErrBusy: another driver or program has claimed the interface.
	ErrBusy = errors.New("the USB interface is claimed by another driver or program")
	// ErrAccess: the operating system refused access to the device.
	ErrAccess = errors.New("no permission to use the USB device")
)
