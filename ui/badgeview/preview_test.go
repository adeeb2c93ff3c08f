package badgeview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// A portrait, two-sided template with everything a cardholder may lack:
// the preview with all its notes still fits a small window.
func TestPreviewFitsASmallWindow(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	anna := uitest.AddCardholders(t, st, admin, "Anna")[0]
	tall := uitest.TwoSided("Tall")
	tall.Orientation = badge.Portrait
	tall.Front.Elements = []badge.Element{
		{Type: badge.TypePhoto, X: 4, Y: 4, W: 24, H: 32, Fit: "fill"},
		{Type: badge.TypeText, X: 4, Y: 40, W: 45, H: 6, Text: "{full_name} {card_number}", FontSize: 9},
		{Type: badge.TypeBarcode, X: 10, Y: 50, W: 30, H: 30, Symbology: "qr", Value: "{card_number}"},
	}
	tall.Back.Elements[0].W = 45
	ext := uitest.OneSided("Ext")
	ext.Front.Elements = append(ext.Front.Elements,
		badge.Element{Type: badge.TypeBarcode, X: 4, Y: 30, W: 45, H: 15, Symbology: "code128", Value: "{external_id}"})
	uitest.AddTemplates(t, st, admin, tall, ext)
	h := uitest.NewHost(t, st, admin)
	small := fyne.NewSize(1024, 700-36) // the menu bar takes its part
	h.Win.Resize(small)

	p := ForCardholder(h, anna.ID, "")
	h.Eventually("the badge drawn", func() bool { return !p.Busy() })
	if len(p.templates) == 0 {
		t.Fatal("no templates")
	}
	for _, name := range p.picker.Options {
		p.Pick(name)
		h.Eventually("the badge drawn", func() bool { return !p.Busy() })
		if len(p.Shown) == 0 {
			t.Errorf("%s: nothing drawn: %s", name, p.Texts())
		}
		pop := h.Win.Canvas().Overlays().Top().(*widget.PopUp)
		if need := pop.Content.MinSize(); need.Width > small.Width || need.Height > small.Height {
			t.Errorf("%s: the preview needs %v in a %v window; it says %q", name, need, small, p.Texts())
		} else {
			t.Logf("%s: the preview needs %v", name, need)
		}
		switch texts := p.Texts(); name {
		case "Tall": // no photo, no card, so no QR code: one note says both
			if !p.noPhoto.Visible() || !strings.Contains(p.noCard.Text, "barcode cannot be made") || !p.noCard.Visible() ||
				p.noCode.Visible() || len(p.Shown) != 2 {
				t.Errorf("Tall shows %d sides and says %q", len(p.Shown), texts)
			}
		case "Ext": // a barcode of a field the cardholder has no value for
			if !p.noCode.Visible() || p.noCard.Visible() || !strings.Contains(texts, "cannot be printed") {
				t.Errorf("Ext says %q", texts)
			}
		}
	}
}
