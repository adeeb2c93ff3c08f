package ccidemu

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/carddesk/carddesk/devices/ccid"
)

var errGone = fmt.Errorf("emulated reader unplugged: %w", ccid.ErrDeviceGone)

// errStall is how the emulator refuses a control request, as a device
// stalls the default pipe.
var errStall = errors.New("emulated device: control request stalled")

// Bus is an emulated USB bus holding emulated readers.
type Bus struct {
	mu      sync.Mutex
	readers []*Reader
	err     error
	closed  int
}

// NewBus returns a bus with readers plugged in.
func NewBus(readers ...*Reader) *Bus { return &Bus{readers: readers} }

// Plug adds a reader.
func (b *Bus) Plug(r *Reader) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.readers = append(b.readers, r)
}

// Unplug takes a reader off the bus; its transfers fail from now on.
func (b *Bus) Unplug(r *Reader) {
	r.Unplug()
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, x := range b.readers {
		if x == r {
			b.readers = append(b.readers[:i], b.readers[i+1:]...)
			break
		}
	}
}

// SetError makes listing devices fail with err, as a USB stack that went
// away does; nil makes it work again.
func (b *Bus) SetError(err error) { b.mu.Lock(); b.err = err; b.mu.Unlock() }

// Closed counts Close calls.
func (b *Bus) Closed() int { b.mu.Lock(); defer b.mu.Unlock(); return b.closed }

// Devices lists the readers plugged in.
func (b *Bus) Devices(ctx context.Context) ([]ccid.DeviceID, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return nil, b.err
	}
	var ids []ccid.DeviceID
	for _, r := range b.readers {
		if !r.Gone() {
			ids = append(ids, r.ID())
		}
	}
	return ids, nil
}

// Open opens a reader by its ID.
func (b *Bus) Open(ctx context.Context, id ccid.DeviceID) (ccid.Device, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range b.readers {
		if r.ID() != id || r.Gone() {
			continue
		}
		r.mu.Lock()
		err := r.openErr
		r.mu.Unlock()
		if err != nil {
			return nil, err
		}
		return &device{r: r}, nil
	}
	return nil, fmt.Errorf("opening %s: %w", id, ccid.ErrDeviceGone)
}

// Close counts the call.
func (b *Bus) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed++
	return nil
}

// device is an opened emulated reader.
type device struct{ r *Reader }

// Control answers the standard requests a host makes before claiming:
// GET_DESCRIPTOR for the device, configuration and string descriptors,
// and GET_CONFIGURATION. A descriptor longer than asked for is cut to
// wLength, as on a real bus.
func (d *device) Control(ctx context.Context, requestType, request uint8, value, index uint16, data []byte) (int, error) {
	if d.r.Gone() {
		return 0, errGone
	}
	if requestType != 0x80 {
		return 0, errStall
	}
	cfg := d.r.cfg
	switch request {
	case 0x08: // GET_CONFIGURATION
		if len(data) < 1 {
			return 0, errStall
		}
		data[0] = 1
		return 1, nil
	case 0x06: // GET_DESCRIPTOR
	default:
		return 0, errStall
	}
	var desc []byte
	switch typ, idx := value>>8, value&0xFF; {
	case typ == 0x01 && idx == 0:
		desc = cfg.DeviceDescriptor()
	case typ == 0x02 && idx == 0:
		desc = cfg.ConfigDescriptor()
	case typ == 0x03 && idx == 0:
		desc = []byte{4, 0x03, 0x09, 0x04}
	case typ == 0x03 && idx == strManufacturer && cfg.ManufacturerName != "":
		desc = stringDescriptor(cfg.ManufacturerName)
	case typ == 0x03 && idx == strProduct && cfg.ProductName != "":
		desc = stringDescriptor(cfg.ProductName)
	default:
		return 0, errStall
	}
	return copy(data, desc), nil
}

// Claim checks the host asks for the interface and endpoints the
// descriptors list, so a parsing mistake shows up as a failed claim.
func (d *device) Claim(ctx context.Context, b ccid.Binding) (ccid.Transport, error) {
	r := d.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.claimErr != nil {
		return nil, r.claimErr
	}
	want := ccid.Binding{Config: 1, BulkIn: EPBulkIn, BulkOut: EPBulkOut}
	if r.cfg.Interrupt {
		want.InterruptIn = EPInterruptIn
	}
	if b != want {
		return nil, fmt.Errorf("emulated device: claim of %+v, the descriptors list %+v", b, want)
	}
	if r.claimed {
		return nil, fmt.Errorf("emulated device: interface already claimed: %w", ccid.ErrBusy)
	}
	r.claimed = true
	return &transport{r: r}, nil
}

func (d *device) Close() error { return nil }

// transport is the claimed interface's pipes.
type transport struct {
	r    *Reader
	once sync.Once
}

func (t *transport) Write(ctx context.Context, p []byte) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return t.r.write(p)
}

func (t *transport) Read(ctx context.Context, p []byte) (int, error) {
	frame, err := t.r.bulk.pop(ctx, t.r.gone)
	if err != nil {
		return 0, err
	}
	if len(frame) > len(p) {
		return copy(p, frame), errors.New("emulated bulk in: overflow")
	}
	return copy(p, frame), nil
}

func (t *transport) Interrupt(ctx context.Context, p []byte) (int, error) {
	if !t.r.cfg.Interrupt {
		return 0, ccid.ErrNoInterrupt
	}
	frame, err := t.r.intr.pop(ctx, t.r.gone)
	if err != nil {
		return 0, err
	}
	return copy(p, frame), nil
}

func (t *transport) Close() error {
	t.once.Do(func() {
		t.r.mu.Lock()
		t.r.claimed = false
		t.r.mu.Unlock()
	})
	return nil
}
