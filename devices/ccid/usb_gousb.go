//go:build (linux || darwin) && cgo

package ccid

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/gousb"

	"github.com/carddesk/carddesk/devices/internal/libusb"
)

// DirectUSB: this build talks to USB readers itself, through gousb
// (libusb).
const DirectUSB = true

// controlTimeout bounds each control request; gousb takes no context for
// them.
const controlTimeout = 2 * time.Second

// usbBus is the machine's USB bus through gousb (libusb).
type usbBus struct{ ctx *gousb.Context }

// openUSBBus starts libusb.
func openUSBBus() (Bus, error) {
	c, err := libusb.NewContext()
	if err != nil {
		return nil, err
	}
	return &usbBus{ctx: c}, nil
}

// Devices lists the devices with a smart-card interface in any
// configuration, from the descriptors libusb has cached; nothing is
// opened.
func (b *usbBus) Devices(ctx context.Context) ([]DeviceID, error) {
	if err := libusb.CheckNodes(); err != nil {
		return nil, err
	}
	var ids []DeviceID
	devs, err := b.ctx.OpenDevices(func(d *gousb.DeviceDesc) bool {
		if hasSmartCard(d) {
			ids = append(ids, DeviceID{Bus: d.Bus, Address: d.Address, Vendor: uint16(d.Vendor), Product: uint16(d.Product)})
		}
		return false
	})
	for _, d := range devs {
		_ = d.Close()
	}
	if err != nil && len(ids) == 0 {
		return nil, fmt.Errorf("listing USB devices: %w", usbError(err))
	}
	return ids, nil
}

func hasSmartCard(d *gousb.DeviceDesc) bool {
	if d.Class == gousb.ClassSmartCard {
		return true
	}
	for _, c := range d.Configs {
		for _, i := range c.Interfaces {
			for _, a := range i.AltSettings {
				if a.Class == gousb.ClassSmartCard {
					return true
				}
			}
		}
	}
	return false
}

func (b *usbBus) Open(ctx context.Context, id DeviceID) (Device, error) {
	devs, err := b.ctx.OpenDevices(func(d *gousb.DeviceDesc) bool {
		return d.Bus == id.Bus && d.Address == id.Address && uint16(d.Vendor) == id.Vendor && uint16(d.Product) == id.Product
	})
	for _, d := range devs[min(1, len(devs)):] {
		_ = d.Close()
	}
	if len(devs) == 0 {
		if err == nil {
			err = ErrDeviceGone
		}
		return nil, fmt.Errorf("opening %s: %w", id, usbError(err))
	}
	devs[0].ControlTimeout = controlTimeout
	return &usbDevice{dev: devs[0]}, nil
}

func (b *usbBus) Close() error { return b.ctx.Close() }

// usbDevice is an opened device.
type usbDevice struct{ dev *gousb.Device }

func (d *usbDevice) Control(ctx context.Context, requestType, request uint8, value, index uint16, data []byte) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := d.dev.Control(requestType, request, value, index, data)
	if err != nil {
		return n, fmt.Errorf("control request %02X: %w", request, usbError(err))
	}
	return n, nil
}

// Claim claims the interface without detaching a kernel driver: a reader
// the system or pcscd holds is theirs, and the claim fails with ErrBusy.
func (d *usbDevice) Claim(ctx context.Context, bd Binding) (Transport, error) {
	cfg, err := d.dev.Config(bd.Config)
	if err != nil {
		return nil, fmt.Errorf("selecting configuration %d: %w", bd.Config, usbError(err))
	}
	t := &usbTransport{cfg: cfg}
	if t.intf, err = cfg.Interface(bd.Interface, bd.Alternate); err != nil {
		_ = t.Close()
		return nil, fmt.Errorf("claiming interface %d: %w", bd.Interface, usbError(err))
	}
	if t.in, err = t.intf.InEndpoint(int(bd.BulkIn & 0x0F)); err == nil {
		t.out, err = t.intf.OutEndpoint(int(bd.BulkOut & 0x0F))
	}
	if err == nil && bd.InterruptIn != 0 {
		t.irq, err = t.intf.InEndpoint(int(bd.InterruptIn & 0x0F))
	}
	if err != nil {
		_ = t.Close()
		return nil, fmt.Errorf("opening the endpoints: %w", usbError(err))
	}
	return t, nil
}

func (d *usbDevice) Close() error { return d.dev.Close() }

// usbTransport is a claimed interface's endpoints.
type usbTransport struct {
	cfg     *gousb.Config
	intf    *gousb.Interface
	in, irq *gousb.InEndpoint
	out     *gousb.OutEndpoint
}

func (t *usbTransport) Write(ctx context.Context, p []byte) (int, error) {
	n, err := t.out.WriteContext(ctx, p)
	return n, transferError(ctx, err)
}

func (t *usbTransport) Read(ctx context.Context, p []byte) (int, error) {
	n, err := t.in.ReadContext(ctx, p)
	return n, transferError(ctx, err)
}

func (t *usbTransport) Interrupt(ctx context.Context, p []byte) (int, error) {
	if t.irq == nil {
		return 0, ErrNoInterrupt
	}
	n, err := t.irq.ReadContext(ctx, p)
	return n, transferError(ctx, err)
}

func (t *usbTransport) Close() error {
	if t.intf != nil {
		t.intf.Close()
		t.intf = nil
	}
	if t.cfg == nil {
		return nil
	}
	err := t.cfg.Close()
	t.cfg = nil
	return err
}

// transferError puts ctx's end first: gousb reports a cancelled transfer
// as its own error.
func transferError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	return usbError(err)
}

// usbError wraps libusb's codes in this package's errors. gousb formats
// some of its errors with %v, losing the code's type, so its message is
// matched too.
func usbError(err error) error {
	has := func(code error) bool {
		return errors.Is(err, code) || strings.Contains(err.Error(), code.Error())
	}
	switch {
	case errors.Is(err, ErrDeviceGone):
		return err
	case has(gousb.ErrorBusy):
		return fmt.Errorf("%w: %v", ErrBusy, err)
	case has(gousb.ErrorAccess):
		return fmt.Errorf("%w: %v", ErrAccess, err)
	case has(gousb.ErrorNoDevice), has(gousb.TransferNoDevice):
		return fmt.Errorf("%w: %v", ErrDeviceGone, err)
	}
	return err
}
