package usbprinter

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// The device IDs below are written for these tests in the forms printers
// send (short and long keys, lower case, empty fields, padding, lengths
// that are wrong); they are not captures from the models they name.
// Vendor 0A5F is Zebra's; the other vendor and product IDs are made up.

// Setup packets, as on the wire.
const (
	idIface0      = "A1 00 0000 0000 0004" // GET_DEVICE_ID, config 0, interface 0 alt 0, wLength 1024
	statusIface0  = "A1 01 0000 0000 0100" // GET_PORT_STATUS, interface 0, wLength 1
	idIface1      = "A1 00 0000 0001 0004" // interface 1 (high byte of wIndex), alt 0
	statusIface1  = "A1 01 0000 0100 0100" // interface 1
	idIface0Alt1  = "A1 00 0000 0100 0004" // interface 0, alt 1 (low byte)
	idConfig1     = "A1 00 0100 0000 0004" // second configuration (index 1)
	vendorClass   = 0xFF
	zebraID       = "MFG:Zebra Technologies;CMD:ZPL;MDL:ZXP Series 7;CLS:PRINTER;DES:Zebra ZXP Series 7 Card Printer;"
	evolisID      = "MANUFACTURER:Evolis;COMMAND SET:EVOLIS;MODEL:Primacy;CLASS:PRINTER;DESCRIPTION:Evolis Primacy;"
	fargoID       = "mfg:HID Global;mdl:DTC1250e;cmd:FARGO;cls:PRINTER;;;sn:C1250E0042;"
	magicardID    = "MFG:Magicard;MDL:Enduro3E;CMD:MAGICARD;CLS:PRINTER;"
	statusReady   = "18" // Select, Not Error
	statusNoCards = "30" // Paper Empty, Select; Not Error clear
)

func zebra() *emuPrinter {
	return &emuPrinter{name: "Zebra ZXP Series 7",
		desc:   printerDesc(4, 0x0A5F, 0x0100, printerAltDesc(0, 0, 2)),
		serial: "Z7A123456",
		script: []exchange{
			{setup: idIface0, reply: answer("00 62", zebraID)},
			{setup: statusIface0, reply: answer(statusReady, "")},
		}}
}

// evolis has a vendor-specific interface 0 and the printer on interface
// 1, whose alternate 0 is bidirectional; the device ID's length comes
// little-endian.
func evolis() *emuPrinter {
	return &emuPrinter{name: "Evolis Primacy",
		desc: printerDesc(5, 0x1209, 0xE001,
			altDesc{Number: 0, Class: vendorClass},
			printerAltDesc(1, 0, 2), printerAltDesc(1, 1, 3)),
		serial: "EP2-00017",
		script: []exchange{
			{setup: idIface1, reply: answer("60 00", evolisID)},
			{setup: statusIface1, reply: answer("08", "")}, // not selected: offline
		}}
}

// fargo has no serial string (it is in the device ID) and stalls
// GET_PORT_STATUS, as when the system driver holds the interface.
func fargo() *emuPrinter {
	return &emuPrinter{name: "HID Fargo DTC1250e",
		desc: printerDesc(6, 0x1209, 0xE002, printerAltDesc(0, 0, 2)),
		script: []exchange{
			{setup: idIface0, reply: answer("00 44", fargoID)},
			{setup: statusIface0, stall: true},
		}}
}

// magicard's alternate 1 is the bidirectional one; its length says 1024
// and the ID is padded with NULs.
func magicard() *emuPrinter {
	return &emuPrinter{name: "Magicard Enduro3E",
		desc:   printerDesc(7, 0x1209, 0xE003, printerAltDesc(0, 0, 1), printerAltDesc(0, 1, 2)),
		serial: "MC-ENDURO-9",
		script: []exchange{
			{setup: idIface0Alt1, reply: answer("04 00", magicardID+"\x00\x00\x00\x00")},
			{setup: statusIface0, reply: answer(statusNoCards, "")},
		}}
}

// keyboard has no printer interface: it must not be opened.
func keyboard() *emuPrinter {
	return &emuPrinter{name: "keyboard",
		desc: printerDesc(2, 0x1209, 0x0001, altDesc{Number: 0, Class: 3, SubClass: 1, Protocol: 1}, altDesc{Number: 1, Class: 8})}
}

func TestList(t *testing.T) {
	bus := newEmuBus(t, magicard(), keyboard(), zebra(), evolis(), fargo())
	got, err := list(t.Context(), bus)
	if err != nil {
		t.Fatal(err)
	}
	want := []Printer{
		{Bus: 1, Address: 4, VendorID: 0x0A5F, ProductID: 0x0100, Interface: 0, DeviceID: zebraID,
			Manufacturer: "Zebra Technologies", Model: "ZXP Series 7", CommandSet: "ZPL", Description: "Zebra ZXP Series 7 Card Printer",
			Status: Status{Selected: true}, Serial: "Z7A123456"},
		{Bus: 1, Address: 5, VendorID: 0x1209, ProductID: 0xE001, Interface: 1, DeviceID: evolisID,
			Manufacturer: "Evolis", Model: "Primacy", CommandSet: "EVOLIS", Description: "Evolis Primacy",
			Status: Status{}, Serial: "EP2-00017"},
		{Bus: 1, Address: 6, VendorID: 0x1209, ProductID: 0xE002, Interface: 0, DeviceID: fargoID,
			Manufacturer: "HID Global", Model: "DTC1250e", CommandSet: "FARGO",
			Status: Status{Unknown: true}, Serial: "C1250E0042", Problem: "no status: " + errStall.Error()},
		{Bus: 1, Address: 7, VendorID: 0x1209, ProductID: 0xE003, Interface: 0, Alternate: 1, DeviceID: magicardID,
			Manufacturer: "Magicard", Model: "Enduro3E", CommandSet: "MAGICARD",
			Status: Status{PaperEmpty: true, Selected: true, Error: true}, Serial: "MC-ENDURO-9"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d printers, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("printer %d\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	words := []string{"ready", "offline", "status unknown", "out of cards"}
	names := []string{"Zebra Technologies ZXP Series 7", "Evolis Primacy", "HID Global DTC1250e", "Magicard Enduro3E"}
	for i, p := range got {
		if p.Status.Words() != words[i] || p.Name() != names[i] {
			t.Errorf("%s: %q %q, want %q %q", p.Where(), p.Name(), p.Status.Words(), names[i], words[i])
		}
	}
}

func TestListStatuses(t *testing.T) {
	cases := []struct {
		port        byte
		words, full string
	}{
		{0x18, "ready", "ready"},
		{0xDF, "ready", "ready"}, // the reserved bits say nothing
		{0x38, "out of cards", "out of cards"},
		{0x30, "out of cards", "out of cards, error"},
		{0x28, "out of cards", "out of cards, offline"},
		{0x10, "error", "error"},
		{0x08, "offline", "offline"},
		{0x00, "offline", "offline, error"},
	}
	for _, c := range cases {
		p := zebra()
		p.script[1].reply = []byte{c.port}
		got, err := list(t.Context(), newEmuBus(t, p))
		if err != nil || len(got) != 1 {
			t.Fatalf("%02X: %v %+v", c.port, err, got)
		}
		if s := got[0].Status; s.Words() != c.words || s.String() != c.full || s.Unknown || got[0].Problem != "" {
			t.Errorf("port status %02X: %+v %q (%q), want %q (%q)", c.port, s, s.Words(), s.String(), c.words, c.full)
		}
	}
}

// A printer in a second configuration is asked with that configuration's
// index in wValue.
func TestListSecondConfiguration(t *testing.T) {
	p := zebra()
	p.desc.Configs = []configDesc{
		{Value: 1, Interfaces: []altDesc{{Number: 0, Class: vendorClass}}},
		{Value: 2, Interfaces: []altDesc{printerAltDesc(0, 0, 2)}},
	}
	p.script[0].setup = idConfig1
	got, err := list(t.Context(), newEmuBus(t, p))
	if err != nil || len(got) != 1 || got[0].Model != "ZXP Series 7" {
		t.Fatalf("%v %+v", err, got)
	}
}

// Two printer interfaces on one device are two printers, read through
// one opening.
func TestListTwoInterfaces(t *testing.T) {
	p := zebra()
	p.desc = printerDesc(4, 0x0A5F, 0x0100, printerAltDesc(0, 0, 2), printerAltDesc(1, 0, 2))
	p.script = append(p.script,
		exchange{setup: idIface1, reply: answer("00 22", "MFG:Zebra ;CMD:None;MDL:LP2844 ;")},
		exchange{setup: statusIface1, reply: []byte{0x18}})
	got, err := list(t.Context(), newEmuBus(t, p))
	if err != nil || len(got) != 2 {
		t.Fatalf("%v %+v", err, got)
	}
	if got[1].Interface != 1 || got[1].Manufacturer != "Zebra" || got[1].Model != "LP2844" || got[1].CommandSet != "None" {
		t.Errorf("%+v", got[1])
	}
}

func TestListProblems(t *testing.T) {
	t.Run("cannot open", func(t *testing.T) {
		p := zebra()
		p.script = nil
		p.openErr = errors.New("no permission to use the USB device")
		got, err := list(t.Context(), newEmuBus(t, p))
		if err != nil || len(got) != 1 {
			t.Fatalf("%v %+v", err, got)
		}
		g := got[0]
		if !g.Status.Unknown || g.DeviceID != "" || g.Name() != "USB printer 0A5F:0100" ||
			g.Problem != "cannot open the device: no permission to use the USB device" {
			t.Errorf("%+v", g)
		}
	})
	t.Run("no device ID", func(t *testing.T) {
		p := zebra()
		p.script[0] = exchange{setup: idIface0, stall: true}
		got, err := list(t.Context(), newEmuBus(t, p))
		if err != nil || len(got) != 1 {
			t.Fatalf("%v %+v", err, got)
		}
		g := got[0]
		if g.Status.Words() != "ready" || g.Manufacturer != "" || !strings.HasPrefix(g.Problem, "no device ID: ") || g.Serial != "Z7A123456" {
			t.Errorf("%+v", g)
		}
	})
	t.Run("empty device ID", func(t *testing.T) {
		p := zebra()
		p.script[0].reply = []byte{0x00, 0x02}
		got, err := list(t.Context(), newEmuBus(t, p))
		if err != nil || len(got) != 1 || got[0].Problem != "no device ID: empty device ID" {
			t.Fatalf("%v %+v", err, got)
		}
	})
	t.Run("bus down", func(t *testing.T) {
		bus := newEmuBus(t)
		bus.err = errors.New("libusb gone")
		if _, err := list(t.Context(), bus); err == nil || err.Error() != "libusb gone" {
			t.Errorf("%v", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		p := zebra()
		p.script = nil
		if _, err := list(ctx, newEmuBus(t, p, keyboard())); !errors.Is(err, context.Canceled) {
			t.Errorf("%v", err)
		}
	})
}

// This machine's own USB, through gousb where it is built in: a list, or
// "USB not available: …", never a crash.
func TestListThisMachine(t *testing.T) {
	got, err := List(t.Context(), nil)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "USB not available: ") {
			t.Fatal(err)
		}
		t.Log(err)
		return
	}
	t.Logf("%d USB printers: %+v", len(got), got)
}
