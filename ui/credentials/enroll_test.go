package credentials

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// entry is the dialog's input for a field of the format.
func entry(t *testing.T, d *enrollDialog, key string) *widgets.Entry {
	t.Helper()
	fd := d.fields.Field(key)
	if fd == nil {
		t.Fatalf("the dialog has no field %q", key)
	}
	return fd.Input.(*widgets.Entry)
}

// Enroll manually: the format's fields, checked while typing; the card is
// enrolled available and selected; a card enrolled already is refused.
func TestEnrollManually(t *testing.T) {
	f := newFixture(t, "Anna")
	s := f.open(nil)
	f.tap(s.enrollBtn)
	d := s.enrolling
	if d == nil || d.format.ID != "h10301" {
		t.Fatal("Enroll manually… opened no dialog at the 26-bit format")
	}
	all := uitest.TopDialogTexts(f.h.Win)
	has(t, "the dialog", all, "Card format", "Facility code", "Card number", "Name", "Status")
	if strings.Index(all, "Card number") > strings.Index(all, "Name|") {
		t.Errorf("the format's fields are not right under the format: %s", all)
	}
	if f.h.Win.Canvas().Focused() != entry(t, d, "facility") {
		t.Error("the cursor is not in the first number")
	}
	uitest.TypeInto(entry(t, d, "facility"), "300")
	if msg := d.fields.Field("facility").Message(); !strings.Contains(msg, "300 is out of range 0–255") {
		t.Errorf("a facility code out of range: %q", msg)
	}
	uitest.TypeInto(entry(t, d, "facility"), "12")
	if msg := d.fields.Field("facility").Message(); msg != "" {
		t.Errorf("a good facility code still says %q", msg)
	}
	f.tap(d.form.OKButton())
	if msg := d.fields.Field("card").Message(); msg == "" || d.form.Closed() {
		t.Errorf("no card number: field says %q, closed %v", msg, d.form.Closed())
	}
	uitest.TypeInto(entry(t, d, "card"), "4711")
	uitest.TypeInto(d.name, "Spare 1")
	f.h.Capture("credentials-enroll.png", fyne.NewSize(1024, 700))
	f.tap(d.form.OKButton())
	if !d.form.Closed() {
		t.Fatalf("refused: %q", d.fields.General.Text)
	}
	if !strings.Contains(f.h.LastMessage(), "Enrolled: Standard 26-bit (H10301) · Facility code 12 · Card number 4711") {
		t.Errorf("the status bar says %q", f.h.LastMessage())
	}
	k, ok := s.selected()
	if !ok || k.Fields["card"] != "4711" || k.Name != "Spare 1" || k.Status != enroll.CredentialActive || k.CardholderID != 0 {
		t.Fatalf("the new card is not selected as enrolled: %+v %v", k, ok)
	}
	has(t, "the screen", uitest.Texts(s.Content()), "1 credential", "Spare 1", "Card registered")
	if s.enrolling != nil {
		t.Error("the screen still holds the closed dialog")
	}

	// The same card again is refused.
	f.tap(s.enrollBtn)
	d = s.enrolling
	uitest.TypeInto(entry(t, d, "facility"), "12")
	uitest.TypeInto(entry(t, d, "card"), "4711")
	f.tap(d.form.OKButton())
	if got := d.fields.General.Text; got != "A card with these numbers is enrolled already: search for it in the list." || d.form.Closed() {
		t.Errorf("a card enrolled already: %q", got)
	}

	// Another format brings its own fields; the card may start inactive.
	d.pick.SetSelected("CSN 32-bit")
	if d.fields.Field("facility") != nil || d.fields.Field("card") != nil {
		t.Error("the 26-bit fields stay for a serial-number card")
	}
	uitest.TypeInto(entry(t, d, "csn"), "04a1b2c3")
	d.status.SetSelected("Inactive")
	f.tap(d.form.OKButton())
	if !d.form.Closed() {
		t.Fatalf("refused: %q", d.fields.General.Text)
	}
	if k, ok := s.selected(); !ok || k.Format != "csn32" || k.Status != enroll.CredentialInactive {
		t.Errorf("the serial-number card is %+v", k)
	}
}
