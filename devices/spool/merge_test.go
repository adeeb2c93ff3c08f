package spool

import (
	"slices"
	"testing"

	"github.com/carddesk/carddesk/devices/cups"
	"github.com/carddesk/carddesk/devices/usbprinter"
)

// TestWithoutQueue: a USB printer that a CUPS queue prints to is left out
// (it is listed as the queue); only one with no queue stays.
func TestWithoutQueue(t *testing.T) {
	const zxpURI = "usb://Zebra%20Technologies/ZXP%20Series%207?serial=07C123"
	var (
		zxp7    = usbprinter.Printer{Manufacturer: "Zebra Technologies", Model: "ZXP Series 7", Serial: "07C123", Address: 1}
		zxp7b   = usbprinter.Printer{Manufacturer: "Zebra Technologies", Model: "ZXP Series 7", Serial: "07C999", Address: 2}
		primacy = usbprinter.Printer{Manufacturer: "Evolis", Model: "Primacy", Serial: "E1", Address: 3}
		noID    = usbprinter.Printer{VendorID: 0x0A5F, ProductID: 0x0100, Address: 4}
		noSer   = usbprinter.Printer{Manufacturer: "Zebra Technologies", Model: "ZXP Series 7", Address: 5}
	)
	cases := []struct {
		name   string
		usb    []usbprinter.Printer
		queues []cups.Printer
		want   []usbprinter.Printer
	}{
		{"no queues", []usbprinter.Printer{zxp7, primacy}, nil, []usbprinter.Printer{zxp7, primacy}},
		{"no USB printers", nil, []cups.Printer{{Name: "Badge", DeviceURI: zxpURI}}, nil},
		{"device URI serial", []usbprinter.Printer{zxp7, primacy},
			[]cups.Printer{{Name: "Badge", DeviceURI: zxpURI}}, []usbprinter.Printer{primacy}},
		{"serial is case-blind", []usbprinter.Printer{zxp7},
			[]cups.Printer{{Name: "Badge", DeviceURI: "usb://Zebra%20Technologies/ZXP%20Series%207?serial=07c123"}}, nil},
		{"same model, other serial: the other printer keeps its place",
			[]usbprinter.Printer{zxp7, zxp7b},
			[]cups.Printer{{Name: "Badge", DeviceURI: zxpURI, MakeModel: "Zebra ZXP Series 7 Card Printer"}},
			[]usbprinter.Printer{zxp7b}},
		{"two queues, one each", []usbprinter.Printer{zxp7, zxp7b},
			[]cups.Printer{{Name: "A", DeviceURI: zxpURI}, {Name: "B", DeviceURI: "usb://Zebra%20Technologies/ZXP%20Series%207?serial=07C999"}},
			nil},
		{"usb URI without serial: its make and model", []usbprinter.Printer{noSer, primacy},
			[]cups.Printer{{Name: "Badge", DeviceURI: "usb://Zebra%20Technologies/ZXP%20Series%207"}}, []usbprinter.Printer{primacy}},
		{"no device URI: make and model", []usbprinter.Printer{zxp7, primacy},
			[]cups.Printer{{Name: "Badge", MakeModel: "Zebra ZXP Series 7 Card Printer"}}, []usbprinter.Printer{primacy}},
		{"driver's own backend: make and model", []usbprinter.Printer{zxp7, primacy},
			[]cups.Printer{{Name: "Evolis", DeviceURI: "evolis://Evolis/Primacy?serial=E1", MakeModel: "Evolis Primacy, 5.2.1"}},
			[]usbprinter.Printer{zxp7}},
		{"other model", []usbprinter.Printer{primacy},
			[]cups.Printer{{Name: "Evolis", MakeModel: "Evolis Primacy 2"}}, []usbprinter.Printer{primacy}},
		{"network queue of the same model is another printer", []usbprinter.Printer{zxp7},
			[]cups.Printer{{Name: "Lobby", DeviceURI: "ipp://10.0.0.5/ipp/print", MakeModel: "Zebra ZXP Series 7 Card Printer"}},
			[]usbprinter.Printer{zxp7}},
		{"queue with neither", []usbprinter.Printer{zxp7},
			[]cups.Printer{{Name: "Office", DeviceURI: "file:///dev/null"}}, []usbprinter.Printer{zxp7}},
		{"printer without a device ID", []usbprinter.Printer{noID},
			[]cups.Printer{{Name: "Badge", DeviceURI: zxpURI, MakeModel: "Zebra ZXP Series 7 Card Printer"}}, []usbprinter.Printer{noID}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := withoutQueue(c.usb, c.queues)
			if !slices.EqualFunc(got, c.want, func(a, b usbprinter.Printer) bool { return a.Address == b.Address }) {
				t.Errorf("withoutQueue = %v; want %v", names(got), names(c.want))
			}
		})
	}
}

func names(ps []usbprinter.Printer) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name()+" "+p.Where())
	}
	return out
}
