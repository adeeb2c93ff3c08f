package cardholders

import (
	"context"
	"os"
	"testing"

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
	f.h = uitest.NewHost(t, f.st, f.admin)
	f.win = f.h.Win
	f.s = New(f.h)
	f.h.Show(f.s)
	f.s.Shown()
	f.wait()

	if !f.s.printBadge.Disabled() {
		t.Error("Print badge is on with nobody selected")
	}
	f.tap(f.row(0))
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
