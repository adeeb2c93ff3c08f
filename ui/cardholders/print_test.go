package cardholders

import (
	"context"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestPrintBadgeOfTheSelectedCardholder(t *testing.T) {
	st, pr := uitest.PrintStation(t)
	f := &fixture{t: t, ctx: context.Background(), st: st, admin: uitest.SetupAdmin(t, st)}
	if _, err := st.Cardholders.Add(f.ctx, f.admin, enroll.Cardholder{FirstName: "Hanna", LastName: "Hendriks",
		Department: "Finance", Status: enroll.CardholderActive}); err != nil {
		t.Fatal(err)
	}
	withTemplates(f) // Guest, one-sided and without a card number, is the default
	f.open()

	if !f.s.printBadge.Disabled() {
		t.Error("Print badge is on with nobody selected")
	}
	f.tapRow(0)
	if f.s.printBadge.Disabled() {
		t.Fatal("Print badge stays off for the selected cardholder")
	}
	f.tap(f.s.printBadge)
	p := f.s.previewer
	if p == nil {
		t.Fatal("Print badge opened no preview")
	}
	drawn(f, p)
	p.PrintOptions()
	f.wait()
	d := p.Printing()
	if d == nil {
		t.Fatalf("no print dialog: %s", p.Texts())
	}
	if d.Message("sides") != "" || d.Printer() != uitest.PrinterName {
		t.Errorf("printer %q", d.Printer())
	}
	d.Form.Submit()
	f.wait()
	if f.s.previewer != nil {
		t.Error("the preview stays open after printing")
	}
	es, _ := os.ReadDir(pr.Dir())
	if len(es) != 1 {
		t.Errorf("%d files printed, want 1", len(es))
	}
	jobs, err := f.st.Printing.Jobs(f.ctx, f.admin, 0)
	if err != nil || len(jobs) != 1 || jobs[0].CardholderID == 0 {
		t.Errorf("print log %+v, %v", jobs, err)
	}
}

func TestPrintBadgesOfSelectedCardholdersLeavingOutThoseWithoutPhoto(t *testing.T) {
	st, pr := uitest.PrintStation(t)
	f := &fixture{t: t, ctx: context.Background(), st: st, admin: uitest.SetupAdmin(t, st)}
	for _, c := range []enroll.Cardholder{
		{FirstName: "Anna", LastName: "Aalders", Photo: testPhoto(t, 120, 160)},
		{FirstName: "Bob", LastName: "Brink"},
		{FirstName: "Cor", LastName: "Claes", Photo: testPhoto(t, 120, 160)},
	} {
		c.Status = enroll.CardholderActive
		if _, err := st.Cardholders.Add(f.ctx, f.admin, c); err != nil {
			t.Fatal(err)
		}
	}
	withTemplates(f)
	f.open()

	f.click(1)                          // Bob, without a photo
	f.click(2, fyne.KeyModifierShift)   // to Cor
	f.click(0, fyne.KeyModifierControl) // and Anna
	if n := len(f.s.pickedRows()); n != 3 {
		t.Fatalf("%d cardholders selected, want 3", n)
	}
	if !f.s.edit.Disabled() || !f.s.request.Disabled() || f.s.printBadge.Disabled() {
		t.Error("with three selected, Edit and Request card should be off and Print on")
	}
	if !strings.Contains(f.s.requestHint.Text, "3 cardholders selected") {
		t.Errorf("hint %q", f.s.requestHint.Text)
	}
	f.tap(f.s.printBadge)
	p := f.s.previewer
	if p == nil {
		t.Fatal("no preview")
	}
	drawn(f, p)
	if texts := p.Texts(); !strings.Contains(texts, "3 badges will print") || !strings.Contains(texts, "Anna Aalders") {
		t.Errorf("the preview says %q; want the count and the first with a photo", texts)
	}
	p.PrintOptions()
	f.wait()
	d := p.Printing()
	if d == nil || !d.NoPhotoOffered() {
		t.Fatal("the print dialog does not offer to leave out those without a photo")
	}
	d.SkipNoPhoto(true)
	d.Form.Submit()
	f.wait()
	if es, _ := os.ReadDir(pr.Dir()); len(es) != 2 {
		t.Errorf("%d badges printed, want 2", len(es))
	}
	jobs, _ := f.st.Printing.Jobs(f.ctx, f.admin, 0)
	if len(jobs) != 2 {
		t.Fatalf("print log %+v", jobs)
	}
	if msg := f.lastStatus(); !strings.Contains(msg, "2 badge(s) sent") || !strings.Contains(msg, "no photo: Bob Brink") {
		t.Errorf("status %q", msg)
	}
}

func TestPlainClickSelectsOneAgain(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		f.addCardholders(person("Anna", "Aalders", "A-1"), person("Bob", "Brink", "B-1"), person("Cor", "Claes", "C-1"))
	})
	f.click(0)
	f.click(2, fyne.KeyModifierShift)
	if f.s.selected != nil || len(f.s.picked) != 3 {
		t.Fatalf("after Shift+click: selected %v, %d picked", f.s.selected, len(f.s.picked))
	}
	f.click(1)
	if f.s.selected == nil || f.s.selected.LastName != "Brink" || len(f.s.picked) != 1 || f.s.edit.Disabled() {
		t.Errorf("a plain click should select Bob alone: %v, %d picked", f.s.selected, len(f.s.picked))
	}
}

func TestCtrlASelectsEveryCardholderOfTheSearch(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(genCardholders(3*pageSize, 5)...) })
	f.click(0)
	f.s.list.TypedShortcut(&fyne.ShortcutSelectAll{})
	f.wait()
	if n := len(f.s.pickedRows()); n != 3*pageSize {
		t.Fatalf("Ctrl+A selected %d cardholders, want %d", n, 3*pageSize)
	}
	if f.s.printBadge.Disabled() || !strings.Contains(f.s.requestHint.Text, "600") {
		t.Errorf("Print off or hint %q", f.s.requestHint.Text)
	}
}

func TestOrderCardFromTheListWhenTheUseCaseIsOn(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Anna", "Aalders", "A-1")) })
	f.tapRow(0)
	f.s.OrderCard()
	if f.h.Dialogs.Len() != 0 || f.s.canOrder {
		t.Fatal("Order card works while ordering cards is off")
	}
	if err := f.st.Settings.Set(f.ctx, f.admin, "usecase.order_card.enabled", "true"); err != nil {
		t.Fatal(err)
	}
	f.s.Shown()
	f.wait()
	if !f.s.canOrder {
		t.Fatal("the list does not see that ordering cards is on")
	}
	f.s.OrderCard()
	f.wait()
	if f.h.Dialogs.Len() != 1 || !strings.Contains(uitest.Texts(f.win.Canvas().Overlays().Top()), "Anna Aalders") {
		t.Errorf("Order card opened no dialog for Anna")
	}
}
