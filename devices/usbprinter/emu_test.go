package usbprinter

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The emulated bus below stands for the USB stack. Its printers answer
// the printer-class requests from a script of raw bytes: each exchange is
// the setup packet the printer must get, written out byte for byte as on
// the wire, and the bytes it answers. A request that is not the next one
// in the script fails the test and is stalled, as a device stalls what it
// does not understand. The script is kept apart from the package's
// encoding on purpose: a wrong wIndex or wLength shows up here.

// errStall is how an emulated printer refuses a request.
var errStall = errors.New("emulated printer: request stalled")

// exchange is one control request a printer expects and its answer.
type exchange struct {
	// setup is bmRequestType, bRequest, wValue, wIndex and wLength in
	// hex, the words little-endian as on the wire; spaces are ignored.
	setup string
	// reply is the data stage the printer sends; stall refuses instead.
	reply []byte
	stall bool
}

// answer is reply bytes: the hex (say, a length) then the text.
func answer(hexPrefix, text string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(hexPrefix, " ", ""))
	if err != nil {
		panic(err)
	}
	return append(b, text...)
}

// emuPrinter is one emulated device.
type emuPrinter struct {
	name      string
	desc      deviceDesc
	serial    string
	serialErr error
	openErr   error
	script    []exchange

	t      *testing.T
	next   int
	opened int
	closed int
}

// emuBus is the emulated USB bus.
type emuBus struct {
	t    *testing.T
	devs []*emuPrinter
	err  error
}

func newEmuBus(t *testing.T, devs ...*emuPrinter) *emuBus {
	b := &emuBus{t: t, devs: devs}
	for _, d := range devs {
		d.t = t
	}
	t.Cleanup(func() {
		for _, d := range devs {
			if d.next < len(d.script) {
				t.Errorf("%s: %d of %d requests never came, the first %s", d.name, len(d.script)-d.next, len(d.script), d.script[d.next].setup)
			}
			if d.opened != d.closed {
				t.Errorf("%s: opened %d times, closed %d", d.name, d.opened, d.closed)
			}
		}
	})
	return b
}

func (b *emuBus) Devices(ctx context.Context) ([]deviceDesc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if b.err != nil {
		return nil, b.err
	}
	var out []deviceDesc
	for _, d := range b.devs {
		out = append(out, d.desc)
	}
	return out, nil
}

func (b *emuBus) Open(ctx context.Context, want deviceDesc) (usbDevice, error) {
	for _, d := range b.devs {
		if d.desc.Bus != want.Bus || d.desc.Address != want.Address {
			continue
		}
		if d.script == nil && d.openErr == nil {
			b.t.Errorf("%s opened, though it has no printer interface", d.name)
		}
		if d.openErr != nil {
			return nil, d.openErr
		}
		d.opened++
		return d, nil
	}
	return nil, fmt.Errorf("no device at %d:%d", want.Bus, want.Address)
}

func (d *emuPrinter) Control(ctx context.Context, requestType, request uint8, value, index uint16, data []byte) (int, error) {
	d.t.Helper()
	if d.opened == d.closed {
		d.t.Errorf("%s: control request on a closed device", d.name)
	}
	got := []byte{requestType, request, byte(value), byte(value >> 8), byte(index), byte(index >> 8), byte(len(data)), byte(len(data) >> 8)}
	if d.next >= len(d.script) {
		d.t.Errorf("%s: unexpected setup packet % X", d.name, got)
		return 0, errStall
	}
	ex := d.script[d.next]
	want, err := hex.DecodeString(strings.ReplaceAll(ex.setup, " ", ""))
	if err != nil || len(want) != 8 {
		d.t.Fatalf("%s: bad setup %q in the script", d.name, ex.setup)
	}
	if string(got) != string(want) {
		d.t.Errorf("%s: request %d: setup packet % X, want % X", d.name, d.next+1, got, want)
		return 0, errStall
	}
	d.next++
	if ex.stall {
		return 0, errStall
	}
	// A device sends at most wLength bytes.
	return copy(data, ex.reply), nil
}

func (d *emuPrinter) Serial(ctx context.Context) (string, error) { return d.serial, d.serialErr }

func (d *emuPrinter) Close() error { d.closed++; return nil }

// printerDesc is a device with one configuration of the given interfaces.
func printerDesc(addr int, vid, pid uint16, alts ...altDesc) deviceDesc {
	return deviceDesc{Bus: 1, Address: addr, Vendor: vid, Product: pid,
		Configs: []configDesc{{Value: 1, Interfaces: alts}}}
}

// printerAltDesc is a printer-class alternate setting (subclass 1).
func printerAltDesc(num, alt int, protocol uint8) altDesc {
	return altDesc{Number: num, Alternate: alt, Class: classPrinter, SubClass: 1, Protocol: protocol}
}
