package badgeview

import (
	"bytes"
	"context"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// Choosing a printer with a profile draws the preview as that printer
// prints it and says so under the preview; closing the print dialog
// draws it plainly again.
func TestPrintPreviewUsesPrinterProfile(t *testing.T) {
	st, _ := uitest.PrintStation(t)
	admin := uitest.SetupAdmin(t, st)
	anna := uitest.AddCardholders(t, st, admin, "Anna")[0]
	uitest.AddTemplates(t, st, admin, uitest.TwoSided("Both"))
	if _, err := st.Printing.SetProfile(context.Background(), admin, enroll.PrinterProfile{Printer: uitest.PrinterName,
		OffsetX: 0.5, OffsetY: 1, Scale: 98, RotateBack: true, Duplex: true}); err != nil {
		t.Fatal(err)
	}
	h := uitest.NewHost(t, st, admin)

	p := Print(h, Job{CardholderIDs: []int64{anna.ID}, Name: "Anna"})
	h.Eventually("the badge drawn", func() bool { return !p.Busy() && len(p.Shown) > 0 })
	if t, _ := p.Template(); t.Name != "Both" { // the station's own template is the default
		p.Pick("Both")
	}
	h.Eventually("the two-sided badge drawn", func() bool { return !p.Busy() && len(p.Shown) == 2 })
	plain := map[string][]byte{}
	for side, img := range p.Shown {
		plain[side] = bytes.Clone(img.Pix)
	}
	if p.PrinterNote() != "" {
		t.Errorf("before a printer is chosen the preview says %q", p.PrinterNote())
	}

	p.PrintOptions()
	h.Eventually("the printer's profile applied", func() bool {
		return p.Printing() != nil && !p.Busy() && p.PrinterNote() != "" && len(p.Shown) == 2
	})
	if got := p.Printing().Printer(); got != uitest.PrinterName {
		t.Fatalf("printer %q", got)
	}
	const want = "Printer settings applied: 0.5 mm right, 1 mm down, 98 %, back turned"
	if got := p.PrinterNote(); got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	for side, img := range p.Shown {
		if bytes.Equal(img.Pix, plain[side]) {
			t.Errorf("the %s looks the same with the printer's profile", side)
		}
	}

	p.Printing().Form.Dialog.Hide()
	h.Eventually("the plain badge again", func() bool {
		return p.Printing() == nil && !p.Busy() && p.PrinterNote() == "" && len(p.Shown) == 2
	})
	for side, img := range p.Shown {
		if !bytes.Equal(img.Pix, plain[side]) {
			t.Errorf("the %s keeps the printer's profile after the print dialog closed", side)
		}
	}
}
