package cups_test

import (
	"testing"

	"github.com/OpenPrinting/goipp"

	"github.com/carddesk/carddesk/devices/cups"
)

// TestDecodeMakeModel: printer-make-and-model and device-uri are decoded
// into MakeModel and DeviceURI; a queue without them has "" for both.
func TestDecodeMakeModel(t *testing.T) {
	with := printerGroup("Badge", 3, 0, "om_cr80_53.98x85.6mm")
	with.Attrs.Add(goipp.MakeAttribute("printer-make-and-model", goipp.TagText, goipp.String("Zebra ZXP Series 7 Card Printer")))
	with.Attrs.Add(goipp.MakeAttribute("device-uri", goipp.TagURI, goipp.String("usb://Zebra%20Technologies/ZXP%20Series%207?serial=07C123")))
	data, err := response(goipp.StatusOk, with, printerGroup("Office", 3, 0, "iso_a4_210x297mm")).EncodeBytes()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := cups.DecodePrinters(data)
	if err != nil || len(ps) != 2 {
		t.Fatalf("DecodePrinters: %+v, %v", ps, err)
	}
	if ps[0].MakeModel != "Zebra ZXP Series 7 Card Printer" || ps[0].DeviceURI != "usb://Zebra%20Technologies/ZXP%20Series%207?serial=07C123" {
		t.Errorf("Badge: MakeModel %q, DeviceURI %q", ps[0].MakeModel, ps[0].DeviceURI)
	}
	if ps[1].MakeModel != "" || ps[1].DeviceURI != "" {
		t.Errorf("Office: MakeModel %q, DeviceURI %q", ps[1].MakeModel, ps[1].DeviceURI)
	}
}
