package requests

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// newPrintFixture is newFixture on a station with a folder printer; the
// requests of cards are connected to the people numbered in carded.
func newPrintFixture(t *testing.T, names []string, carded ...int) (*fixture, string) {
	t.Helper()
	st, pr := uitest.PrintStation(t)
	f := &fixture{st: st, admin: uitest.SetupAdmin(t, st)}
	f.people = uitest.AddCardholders(t, st, f.admin, names...)
	for _, p := range f.people {
		f.reqs = append(f.reqs, uitest.FileRequest(t, st, f.admin, p, "Lost card"))
	}
	for _, i := range carded {
		uitest.ConnectCard(t, st, f.admin, f.reqs[i].ID, 100+i)
	}
	return f, pr.Dir()
}

func (f *fixture) selectIDs(ids ...int64) {
	f.s.list.Sel.Set(ids)
	f.s.list.Changed()
}

func pdfs(t *testing.T, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".pdf") {
			n++
		}
	}
	return n
}

func TestPrintCardsSkipsRequestsWithoutACard(t *testing.T) {
	f, dir := newPrintFixture(t, []string{"Anna", "Bob", "Carl"}, 0, 2)
	f.open(t, nil)
	f.selectIDs(f.reqs[0].ID, f.reqs[1].ID, f.reqs[2].ID)
	if !f.s.Answers().Print {
		t.Fatal("Print is not offered for requests with cards")
	}
	f.s.PrintCards()
	f.drawn(t)
	p := f.s.previewing
	if txt := p.Texts(); !strings.Contains(txt, "Bob Tester") || !strings.Contains(txt, "no card") {
		t.Errorf("the request without a card is not named before printing: %q", txt)
	}
	p.PrintOptions()
	f.wait()
	d := p.Printing()
	if d == nil {
		t.Fatalf("no print dialog: %q", p.Texts())
	}
	if d.Printer() != uitest.PrinterName {
		t.Errorf("the default printer is not preselected: %q", d.Printer())
	}
	d.SetCopies("0")
	d.Form.Submit()
	f.wait()
	if pdfs(t, dir) != 0 {
		t.Fatal("printed with 0 copies")
	}
	d.SetCopies("1")
	d.Form.Submit()
	f.wait()
	if p.Printing() != nil {
		t.Fatal("the print dialog is still open")
	}
	if n := pdfs(t, dir); n != 2 {
		t.Errorf("%d PDFs printed, want 2", n)
	}
	msg := f.h.LastMessage()
	if !strings.Contains(msg, "2 badge(s) sent") || !strings.Contains(msg, "Bob Tester") {
		t.Errorf("flash %q does not say what was printed and skipped", msg)
	}
	jobs, err := f.st.Printing.Jobs(context.Background(), f.admin, 0)
	if err != nil || len(jobs) != 2 {
		t.Fatalf("print log %v, %v", jobs, err)
	}
}

func TestPrintCardsAsksAReasonForAReprint(t *testing.T) {
	f, dir := newPrintFixture(t, []string{"Anna"}, 0)
	f.open(t, nil)
	f.selectIDs(f.reqs[0].ID)
	dialog := func() *badgeview.PrintDialog {
		t.Helper()
		f.s.PrintCards()
		f.drawn(t)
		f.s.previewing.PrintOptions()
		f.wait()
		d := f.s.previewing.Printing()
		if d == nil {
			t.Fatalf("no print dialog: %q", f.s.previewing.Texts())
		}
		return d
	}
	dialog().Form.Submit()
	f.wait()
	if n := pdfs(t, dir); n != 1 {
		t.Fatalf("%d PDFs printed, want 1", n)
	}

	d := dialog()
	d.Form.Submit()
	f.wait()
	if msg := d.Message("reason"); !strings.Contains(msg, "printed before") {
		t.Fatalf("a reprint does not ask for a reason: %q", msg)
	}
	if n := pdfs(t, dir); n != 1 {
		t.Fatalf("reprinted without a reason")
	}
	d.SetReason("Card damaged")
	d.Form.Submit()
	f.wait()
	if n := pdfs(t, dir); n != 2 {
		t.Fatalf("%d PDFs after the reprint, want 2", n)
	}
	jobs, err := f.st.Printing.Jobs(context.Background(), f.admin, 1)
	if err != nil || len(jobs) != 1 || jobs[0].Reason != "Card damaged" {
		t.Errorf("the reprint's reason is not logged: %+v, %v", jobs, err)
	}
}

func TestPrintCardsOffersSidesForATwoSidedTemplate(t *testing.T) {
	f, _ := newPrintFixture(t, []string{"Anna"}, 0)
	ts := uitest.AddTemplates(t, f.st, f.admin, uitest.TwoSided("Staff"))
	if _, err := f.st.Requests.Modify(context.Background(), f.admin, f.reqs[0].ID, f.request(t, 0).Version, enroll.RequestChange{
		Reason: "Lost card", TemplateID: ts[0].ID}); err != nil {
		t.Fatal(err)
	}
	f.open(t, nil)
	f.selectIDs(f.reqs[0].ID)
	f.s.PrintCards()
	f.drawn(t)
	f.s.previewing.PrintOptions()
	f.wait()
	d := f.s.previewing.Printing()
	if d == nil {
		t.Fatal("no print dialog")
	}
	offered, two := d.Sides()
	if !offered {
		t.Fatal("no Sides for a two-sided template")
	}
	if !two {
		t.Error("a duplex printer does not start at two-sided")
	}
	d.Form.Submit()
	f.wait()
	jobs, err := f.st.Printing.Jobs(context.Background(), f.admin, 0)
	if err != nil || len(jobs) != 1 || jobs[0].Sides != enroll.TwoSidedLongEdge || jobs[0].TemplateID != 0 && jobs[0].TemplateID != ts[0].ID {
		t.Errorf("jobs %+v, %v", jobs, err)
	}
}
