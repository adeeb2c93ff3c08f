package cardholders

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// withTemplates adds a one-sided Guest template, made the station's
// default, and a two-sided Staff template to the station's own Employee
// and Visitor.
func withTemplates(f *fixture) (guest, staff enroll.BadgeTemplate) {
	f.t.Helper()
	ts := uitest.AddTemplates(f.t, f.st, f.admin, uitest.OneSided("Guest"), uitest.TwoSided("Staff"))
	uitest.DefaultTemplate(f.t, f.st, f.admin, ts[0].ID)
	return ts[0], ts[1]
}

func TestRequestDialogPicksTheBadgeTemplate(t *testing.T) {
	var guest, staff enroll.BadgeTemplate
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Hanna", "Hendriks", "HR-55"))
		guest, staff = withTemplates(f)
	})
	d := f.openRequest(0)
	if got := strings.Join(d.template.Options, ", "); got != "Employee, Guest (default), Staff, Visitor" {
		t.Errorf("template options %s", got)
	}
	if d.template.Selected != "Guest (default)" {
		t.Errorf("the dialog preselects %q, not the station's default", d.template.Selected)
	}
	if n, _ := d.Value(); n.TemplateID != guest.ID {
		t.Errorf("untouched, the request names template %d, want the default %d", n.TemplateID, guest.ID)
	}
	d.template.SetSelected("Staff")
	f.tap(d.submit)
	f.wait()
	rs := f.requests()
	if len(rs) != 1 || rs[0].TemplateID != staff.ID {
		t.Fatalf("filed %+v, want template %d", rs, staff.ID)
	}
}

func TestRequestDialogWithoutTemplates(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Ivo", "Ijzer", "HR-3"))
		uitest.NoTemplates(f.t, f.st, f.admin)
	})
	d := f.openRequest(0)
	if !d.template.Disabled() || d.template.PlaceHolder != "(no templates)" {
		t.Errorf("a station without templates offers %q (disabled %v)", d.template.Options, d.template.Disabled())
	}
	f.tap(d.submit)
	f.wait()
	if rs := f.requests(); len(rs) != 1 || rs[0].TemplateID != 0 {
		t.Errorf("filed %+v", rs)
	}
}

// drawn waits for the preview to read and draw the badge.
func drawn(f *fixture, p *badgeview.Preview) {
	f.t.Helper()
	f.h.Eventually("the badge drawn", func() bool { return !p.Busy() })
}

func TestPreviewBadgeOfTheSelectedCardholder(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(enroll.Cardholder{FirstName: "Hanna", LastName: "Hendriks", Department: "Finance",
			Status: enroll.CardholderActive})
		withTemplates(f)
	})
	if !f.s.preview.Disabled() {
		t.Error("Preview badge is on with nobody selected")
	}
	f.tapRow(0)
	if f.s.preview.Disabled() {
		t.Fatal("Preview badge stays off for the selected cardholder")
	}
	f.tap(f.s.preview)
	p := f.s.previewer
	if p == nil || f.h.Dialogs.Len() != 1 {
		t.Fatal("Preview badge opened no dialog")
	}
	drawn(f, p)
	if tm, ok := p.Template(); !ok || tm.Name != "Guest" {
		t.Fatalf("the preview shows template %q, want the default", tm.Name)
	}
	if len(p.Shown) != 1 || p.Shown[badge.Front] == nil {
		t.Fatalf("a one-sided template shows sides %v", keys(p.Shown))
	}
	if b := p.Shown[badge.Front].Bounds(); b.Dx() >= b.Dy() {
		t.Errorf("the portrait template is drawn %v", b)
	}
	if texts := p.Texts(); !strings.Contains(texts, "Hanna Hendriks") || !strings.Contains(texts, "one-sided") ||
		strings.Contains(texts, "no photo") || strings.Contains(texts, "no card") {
		t.Errorf("the name-only template says %q", texts)
	}

	// Another template: both sides, side by side, and what is missing.
	p.Pick("Staff")
	drawn(f, p)
	if p.Shown[badge.Front] == nil || p.Shown[badge.Back] == nil {
		t.Fatalf("a two-sided template shows sides %v", keys(p.Shown))
	}
	if b := p.Shown[badge.Back].Bounds(); b.Dx() <= b.Dy() {
		t.Errorf("the landscape back is drawn %v", b)
	}
	texts := uitest.TopDialogTexts(f.win)
	for _, want := range []string{"Hanna Hendriks", "Front", "Back", "has no photo", "placeholder", "has no card yet"} {
		if !strings.Contains(texts, want) {
			t.Errorf("no %q in %s", want, texts)
		}
	}
	if strings.Contains(p.Texts(), "one-sided") {
		t.Error("a two-sided template is called one-sided")
	}

	// The station's Employee badge has a QR code of the card number: without
	// a card it is still drawn, and the preview says why it cannot print.
	p.Pick("Employee")
	drawn(f, p)
	if p.Shown[badge.Front] == nil || !strings.Contains(p.Texts(), "cannot be printed") {
		t.Errorf("without a card the Employee badge shows %v and says %q", keys(p.Shown), p.Texts())
	}

	// Escape closes the preview and the list has the keyboard again.
	if got := f.win.Canvas().Focused(); got != nil {
		t.Fatalf("%T has the keyboard in the preview; Escape would not reach the window", got)
	}
	f.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.h.Dialogs.Len() != 0 || f.s.previewer != nil {
		t.Fatal("Escape did not close the preview")
	}
	if f.win.Canvas().Focused() != f.s.list {
		t.Error("the list lost the keyboard")
	}
}

func TestPreviewBadgeWithoutTemplates(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Ivo", "Ijzer", "HR-3"))
		uitest.NoTemplates(f.t, f.st, f.admin)
	})
	f.tapRow(0)
	f.s.PreviewBadge()
	p := f.s.previewer
	drawn(f, p)
	if texts := p.Texts(); !strings.Contains(texts, "no badge templates yet") || len(p.Shown) != 0 {
		t.Errorf("a station without templates previews %v and says %q", keys(p.Shown), texts)
	}
	f.h.Dialogs.CloseAll()
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A template deleted at another station while the dialog is open is
// refused at the picker, and nothing is filed.
func TestRequestDialogTemplateDeletedMeanwhile(t *testing.T) {
	var staff enroll.BadgeTemplate
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Hanna", "Hendriks", "HR-55"))
		_, staff = withTemplates(f)
	})
	d := f.openRequest(0)
	d.template.SetSelected("Staff")
	if err := f.st.Templates.Delete(f.ctx, f.admin, staff.ID); err != nil {
		t.Fatal(err)
	}
	f.tap(d.submit)
	f.wait()
	if msg := d.msgs["template"]; !msg.Visible() || !strings.Contains(msg.Text, "no badge template") {
		t.Errorf("the picker says %q", msg.Text)
	}
	if len(f.requests()) != 0 {
		t.Error("a request naming a deleted template was filed")
	}
	d.template.SetSelected("Guest (default)")
	if d.msgs["template"].Visible() {
		t.Error("the message stays after another template is picked")
	}
}
