package usbprinter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Printer is one printer-class interface of a USB device.
type Printer struct {
	Bus, Address         int
	VendorID, ProductID  uint16
	Interface, Alternate int
	// DeviceID is the IEEE 1284 device ID as the printer sent it, cleaned
	// to printable UTF-8; "" when it could not be read.
	DeviceID string
	// From DeviceID: MFG, MDL, CMD (as sent, e.g. "ZPL,PCL") and DES.
	Manufacturer, Model, CommandSet, Description string
	Status                                       Status
	// Serial is the device's serial number string, or else the one in
	// the device ID; "" when it has none.
	Serial string
	// Problem says why the device ID or the status could not be read;
	// "" when both were.
	Problem string
}

// Name is how a person knows the printer: "Zebra Technologies ZXP
// Series 7", or "USB printer 0A5F:0100" when it did not say.
func (p Printer) Name() string {
	mfr, mdl := p.Manufacturer, p.Model
	switch {
	case mdl == "" && mfr == "":
		return fmt.Sprintf("USB printer %04X:%04X", p.VendorID, p.ProductID)
	case mdl == "":
		return mfr + " printer"
	case mfr == "" || strings.HasPrefix(strings.ToLower(mdl), strings.ToLower(mfr)):
		return mdl
	}
	return mfr + " " + mdl
}

// Where is the printer's place on the bus, in lsusb's numbering: "USB
// 001:004".
func (p Printer) Where() string { return fmt.Sprintf("USB %03d:%03d", p.Bus, p.Address) }

// Status is the printer's port status (GET_PORT_STATUS).
type Status struct {
	PaperEmpty bool // out of cards
	Selected   bool // online
	Error      bool
	// Unknown: the status could not be read (see Printer.Problem); the
	// other fields are then false.
	Unknown bool
}

// Bits of the GET_PORT_STATUS byte; the others are reserved.
const (
	bitPaperEmpty = 0x20
	bitSelect     = 0x10
	bitNotError   = 0x08
)

func statusOf(b byte) Status {
	return Status{PaperEmpty: b&bitPaperEmpty != 0, Selected: b&bitSelect != 0, Error: b&bitNotError == 0}
}

// conditions are the status's words, the most useful to the desk first:
// out of cards says what to do, offline explains most errors.
func (s Status) conditions() []string {
	if s.Unknown {
		return []string{"status unknown"}
	}
	var w []string
	if s.PaperEmpty {
		w = append(w, "out of cards")
	}
	if !s.Selected {
		w = append(w, "offline")
	}
	if s.Error {
		w = append(w, "error")
	}
	if len(w) == 0 {
		w = append(w, "ready")
	}
	return w
}

// Words is the short status a list shows: "ready", "out of cards",
// "offline", "error" or "status unknown"; when several hold, the first
// of that order.
func (s Status) Words() string { return s.conditions()[0] }

// String is every condition that holds: "out of cards, offline, error".
func (s Status) String() string { return strings.Join(s.conditions(), ", ") }

// Printer-class requests (class, interface, device to host).
const (
	reqTypeClassIn = 0xA1
	reqDeviceID    = 0
	reqPortStatus  = 1
	// deviceIDSize is wLength of GET_DEVICE_ID, as CUPS and Linux ask.
	deviceIDSize = 1024
	classPrinter = 7
)

// usbBus is the little of the USB stack this package needs.
type usbBus interface {
	// Devices lists the devices with their descriptors, opening none.
	Devices(ctx context.Context) ([]deviceDesc, error)
	Open(ctx context.Context, d deviceDesc) (usbDevice, error)
}

// usbDevice is an opened device; its interfaces stay unclaimed.
type usbDevice interface {
	// Control makes a control transfer on the default pipe: wLength is
	// len(data), which receives the answer.
	Control(ctx context.Context, requestType, request uint8, value, index uint16, data []byte) (int, error)
	// Serial reads the serial number string descriptor; "" when the
	// device has none.
	Serial(ctx context.Context) (string, error)
	Close() error
}

// deviceDesc is what the descriptors say about a device.
type deviceDesc struct {
	Bus, Address    int
	Vendor, Product uint16
	// Configs in the order of their indexes (which GET_DEVICE_ID names).
	Configs []configDesc
}

type configDesc struct {
	Value      int // bConfigurationValue
	Interfaces []altDesc
}

// altDesc is one alternate setting of an interface.
type altDesc struct {
	Number, Alternate         int
	Class, SubClass, Protocol uint8
}

// printerAlt is the printer-class interface to ask, with its
// configuration index.
type printerAlt struct {
	config int
	altDesc
}

// printerInterfaces picks, in the first configuration with any, each
// printer-class interface's best alternate setting: bidirectional
// (protocol 2) before unidirectional (1) before IEEE 1284.4 (3), as CUPS
// prefers.
func printerInterfaces(d deviceDesc) []printerAlt {
	rank := func(p uint8) int {
		switch p {
		case 2:
			return 0
		case 1:
			return 1
		case 3:
			return 2
		}
		return 3
	}
	for ci, c := range d.Configs {
		var out []printerAlt
		for _, a := range c.Interfaces {
			if a.Class != classPrinter {
				continue
			}
			i := slices.IndexFunc(out, func(p printerAlt) bool { return p.Number == a.Number })
			switch {
			case i < 0:
				out = append(out, printerAlt{config: ci, altDesc: a})
			case rank(a.Protocol) < rank(out[i].Protocol):
				out[i].altDesc = a
			}
		}
		if len(out) > 0 {
			slices.SortFunc(out, func(a, b printerAlt) int { return a.Number - b.Number })
			return out
		}
	}
	return nil
}

// list finds the printers on bus and asks each for its device ID and
// status. A printer that cannot be opened or asked is still listed, with
// the reason in Problem; only a bus that cannot list, or ctx ending, is
// an error.
func list(ctx context.Context, bus usbBus) ([]Printer, error) {
	devs, err := bus.Devices(ctx)
	if err != nil {
		return nil, err
	}
	var out []Printer
	for _, d := range devs {
		alts := printerInterfaces(d)
		if len(alts) == 0 {
			continue
		}
		ps, err := readDevice(ctx, bus, d, alts)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	slices.SortStableFunc(out, func(a, b Printer) int {
		if a.Bus != b.Bus {
			return a.Bus - b.Bus
		}
		if a.Address != b.Address {
			return a.Address - b.Address
		}
		return a.Interface - b.Interface
	})
	return out, nil
}

func readDevice(ctx context.Context, bus usbBus, d deviceDesc, alts []printerAlt) ([]Printer, error) {
	ps := make([]Printer, len(alts))
	for i, a := range alts {
		ps[i] = Printer{Bus: d.Bus, Address: d.Address, VendorID: d.Vendor, ProductID: d.Product,
			Interface: a.Number, Alternate: a.Alternate, Status: Status{Unknown: true}}
	}
	dev, err := bus.Open(ctx, d)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for i := range ps {
			ps[i].Problem = fmt.Sprintf("cannot open the device: %v", err)
		}
		return ps, nil
	}
	defer dev.Close()
	serial, serr := dev.Serial(ctx)
	if serr != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	for i, a := range alts {
		p := &ps[i]
		var problems []string
		id, err := getDeviceID(ctx, dev, a)
		if err != nil {
			problems = append(problems, fmt.Sprintf("no device ID: %v", err))
		} else {
			p.DeviceID = id
			f := ParseDeviceID(id)
			p.Manufacturer, p.Model, p.CommandSet, p.Description = f.Manufacturer, f.Model, f.CommandSet, f.Description
			p.Serial = f.Serial
		}
		if st, err := getPortStatus(ctx, dev, a.Number); err != nil {
			problems = append(problems, fmt.Sprintf("no status: %v", err))
		} else {
			p.Status = st
		}
		if serial != "" {
			p.Serial = serial
		}
		p.Problem = strings.Join(problems, "; ")
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

func getDeviceID(ctx context.Context, dev usbDevice, a printerAlt) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	buf := make([]byte, deviceIDSize)
	n, err := dev.Control(ctx, reqTypeClassIn, reqDeviceID, uint16(a.config), uint16(a.Number)<<8|uint16(a.Alternate&0xFF), buf)
	if err != nil {
		return "", err
	}
	return decodeDeviceID(buf[:n])
}

func getPortStatus(ctx context.Context, dev usbDevice, iface int) (Status, error) {
	if err := ctx.Err(); err != nil {
		return Status{}, err
	}
	var b [1]byte
	n, err := dev.Control(ctx, reqTypeClassIn, reqPortStatus, 0, uint16(iface), b[:])
	if err != nil {
		return Status{}, err
	}
	if n != 1 {
		return Status{}, errors.New("empty answer")
	}
	return statusOf(b[0]), nil
}
