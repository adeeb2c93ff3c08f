package usbprinter

import "testing"

func TestMatchesQueue(t *testing.T) {
	var (
		zxp7     = Printer{Manufacturer: "Zebra Technologies", Model: "ZXP Series 7"}
		primacy  = Printer{Manufacturer: "Evolis", Model: "Primacy"}
		dtc1250e = Printer{Manufacturer: "HID Global", Model: "DTC1250e"}
		fargo    = Printer{Manufacturer: "FARGO", Model: "DTC1250e"}
		enduro   = Printer{Manufacturer: "Magicard", Model: "Enduro3E"}
		ultra    = Printer{Manufacturer: "Ultra Electronics", Model: "Enduro3E"}
		inModel  = Printer{Manufacturer: "Zebra", Model: "Zebra ZXP Series 7"}
		noID     = Printer{VendorID: 0x0A5F, ProductID: 0x0100}
	)
	cases := []struct {
		p         Printer
		makeModel string
		want      bool
	}{
		{zxp7, "Zebra ZXP Series 7 Card Printer", true},
		{zxp7, "Zebra ZXP Series 7", true},
		{zxp7, "zebra zxp series 7 card printer, 1.0.2", true},
		{zxp7, "ZXP Series 7 Card Printer", true},
		{zxp7, "Zebra ZXP Series 3 Card Printer", false},
		{zxp7, "Zebra ZXP Series 70", false},
		{zxp7, "Zebra ZXP Series 7 Plus", false},
		{zxp7, "Zebra ZXP Series", false},
		{zxp7, "Zebra ZC300", false},
		{zxp7, "", false},
		{inModel, "Zebra ZXP Series 7 Card Printer", true},
		{inModel, "ZXP Series 7", true},

		{primacy, "Evolis Primacy", true},
		{primacy, "Evolis Primacy, 5.2.1", true},
		{primacy, "Evolis Primacy (USB)", true},
		{primacy, "Evolis Primacy - CUPS", true},
		{primacy, "Evolis Primacy 2", false},
		{primacy, "Evolis Primacy Expert", false},
		{primacy, "Evolis Zenius", false},
		{primacy, "Datacard Primacy", false},

		{dtc1250e, "HID Global FARGO DTC1250e Card Printer", true},
		{dtc1250e, "FARGO DTC1250e", true},
		{dtc1250e, "Fargo DTC 1250e", true},
		{dtc1250e, "HID FARGO DTC-1250e", true},
		{dtc1250e, "DTC1250e Card Printer", true},
		{dtc1250e, "HID FARGO DTC1500", false},
		{dtc1250e, "HID FARGO DTC1250", false},
		{dtc1250e, "Zebra DTC1250e", false},
		{fargo, "HID Global DTC1250e", true},

		{enduro, "Magicard Enduro3E", true},
		{enduro, "Magicard Enduro 3E Card Printer", true},
		{enduro, "Ultra Electronics Enduro3E", true},
		{ultra, "Magicard Enduro3E", true},
		{enduro, "Magicard Enduro3E Duo", false},
		{enduro, "Magicard Enduro+", false},
		{enduro, "Magicard Rio Pro 360", false},

		{noID, "Zebra ZXP Series 7 Card Printer", false},
		{noID, "", false},
	}
	for _, c := range cases {
		if got := c.p.MatchesQueue(c.makeModel); got != c.want {
			t.Errorf("%q (%q) matches %q: %v, want %v", c.p.Model, c.p.Manufacturer, c.makeModel, got, c.want)
		}
	}
}

func TestMatchesDeviceURI(t *testing.T) {
	z := Printer{Manufacturer: "Zebra Technologies", Model: "ZXP Series 7", Serial: "Z7A123456"}
	cases := []struct {
		p    Printer
		uri  string
		want bool
	}{
		{z, "usb://Zebra%20Technologies/ZXP%20Series%207?serial=Z7A123456", true},
		{z, "usb://Zebra%20Technologies/ZXP%20Series%207?serial=z7a123456&interface=0", true},
		{z, "usb://Zebra%20Technologies/ZXP%20Series%207?serial=Z7A999999", false},
		{z, "usb://Zebra/ZXP%20Series%207", true},
		{z, "usb://Zebra/ZXP%20Series%203", false},
		{Printer{Manufacturer: "Evolis", Model: "Primacy"}, "usb://Evolis/Primacy?serial=EP2-00017", true},
		{z, "ipp://printer.local/ipp/print", false},
		{z, "socket://10.0.0.5:9100", false},
		{z, "::", false},
	}
	for _, c := range cases {
		if got := c.p.MatchesDeviceURI(c.uri); got != c.want {
			t.Errorf("%q matches %q: %v, want %v", c.p.Model, c.uri, got, c.want)
		}
	}
}

func TestNameAndStatusWords(t *testing.T) {
	names := []struct {
		p    Printer
		want string
	}{
		{Printer{Manufacturer: "Evolis", Model: "Primacy"}, "Evolis Primacy"},
		{Printer{Manufacturer: "Zebra", Model: "Zebra ZXP Series 7"}, "Zebra ZXP Series 7"},
		{Printer{Model: "Enduro3E"}, "Enduro3E"},
		{Printer{Manufacturer: "Magicard"}, "Magicard printer"},
		{Printer{VendorID: 0x0A5F, ProductID: 0x00AB}, "USB printer 0A5F:00AB"},
	}
	for _, c := range names {
		if got := c.p.Name(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.p, got, c.want)
		}
	}
	if w := (Status{Unknown: true, PaperEmpty: true}).Words(); w != "status unknown" {
		t.Errorf("unknown status: %q", w)
	}
	if w := (Printer{Bus: 1, Address: 4}).Where(); w != "USB 001:004" {
		t.Errorf("%q", w)
	}
}
