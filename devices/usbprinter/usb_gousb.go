//go:build (linux || darwin) && cgo

package usbprinter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/gousb"

	"github.com/carddesk/carddesk/devices/internal/libusb"
)

// DirectUSB: this build lists and prints to USB badge printers itself,
// through gousb.
const DirectUSB = true

// controlTimeout bounds each control request; gousb takes no context for
// them.
const controlTimeout = 2 * time.Second

// gousbBus is the machine's USB through gousb (libusb).
type gousbBus struct{ ctx *gousb.Context }

// openBus starts libusb.
func openBus() (usbBus, func(), error) {
	if err := libusb.CheckNodes(); err != nil {
		return nil, nil, err
	}
	c, err := libusb.NewContext()
	if err != nil {
		return nil, nil, err
	}
	g := &gousbBus{ctx: c}
	return g, func() { _ = g.ctx.Close() }, nil
}

func (b *gousbBus) Devices(ctx context.Context) ([]deviceDesc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []deviceDesc
	devs, err := b.ctx.OpenDevices(func(d *gousb.DeviceDesc) bool {
		out = append(out, descOf(d))
		return false
	})
	for _, d := range devs {
		_ = d.Close()
	}
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("listing USB devices: %w", err)
	}
	return out, nil
}

// descOf copies what the package needs. gousb keeps the configurations
// by bConfigurationValue; libusb read them by index, and devices number
// them 1, 2, … in index order, so their order by value is their index.
func descOf(d *gousb.DeviceDesc) deviceDesc {
	out := deviceDesc{Bus: d.Bus, Address: d.Address, Vendor: uint16(d.Vendor), Product: uint16(d.Product)}
	nums := make([]int, 0, len(d.Configs))
	for n := range d.Configs {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	for _, n := range nums {
		c := configDesc{Value: n}
		for _, i := range d.Configs[n].Interfaces {
			for _, a := range i.AltSettings {
				c.Interfaces = append(c.Interfaces, altDesc{Number: a.Number, Alternate: a.Alternate,
					Class: uint8(a.Class), SubClass: uint8(a.SubClass), Protocol: uint8(a.Protocol)})
			}
		}
		out.Configs = append(out.Configs, c)
	}
	return out
}

func (b *gousbBus) Open(ctx context.Context, want deviceDesc) (usbDevice, error) {
	devs, err := b.ctx.OpenDevices(func(d *gousb.DeviceDesc) bool {
		return d.Bus == want.Bus && d.Address == want.Address && uint16(d.Vendor) == want.Vendor && uint16(d.Product) == want.Product
	})
	for _, d := range devs[min(1, len(devs)):] {
		_ = d.Close()
	}
	if len(devs) == 0 {
		if err == nil {
			err = errors.New("the device is no longer connected")
		}
		return nil, usbError(err)
	}
	devs[0].ControlTimeout = controlTimeout
	return &gousbDevice{dev: devs[0]}, nil
}

type gousbDevice struct{ dev *gousb.Device }

func (d *gousbDevice) Control(ctx context.Context, requestType, request uint8, value, index uint16, data []byte) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := d.dev.Control(requestType, request, value, index, data)
	if err != nil {
		return n, usbError(err)
	}
	return n, nil
}

func (d *gousbDevice) Serial(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return d.dev.SerialNumber()
}

func (d *gousbDevice) Close() error { return d.dev.Close() }

// usbError words libusb's refusals for the desk.
func usbError(err error) error {
	switch {
	case errors.Is(err, gousb.ErrorAccess):
		return fmt.Errorf("no permission to use the USB device (%w)", err)
	case errors.Is(err, gousb.ErrorBusy):
		return fmt.Errorf("the printer's interface is held by the system's printer driver (%w)", err)
	case errors.Is(err, gousb.ErrorPipe):
		return fmt.Errorf("the printer refused the request (%w)", err)
	case errors.Is(err, gousb.ErrorNoDevice):
		return fmt.Errorf("the device is no longer connected (%w)", err)
	}
	return err
}
