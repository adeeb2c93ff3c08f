package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestStatusBarShowsTheDefaultPrinter(t *testing.T) {
	st, _ := uitest.PrintStation(t)
	admin := uitest.SetupAdmin(t, st)
	_, s := signedInDesk(t, st, "test.db", admin)
	if got := s.status.printer.Text; got != "Printer: "+uitest.PrinterName+" · ready" {
		t.Errorf("status bar printer %q", got)
	}
	s.status.showPrinter([]enroll.PrinterInfo{
		{Name: "Zebra", Kind: "usb", Status: "ok"},
		{Name: "Office", Kind: "cups", Status: "idle"},
		{Name: "Badges", Kind: "cups", Status: "stopped: media-empty", Default: true},
	}, nil)
	if got := s.status.printer.Text; got != "Printer: Badges · stopped · out of cards" || s.status.printer.Importance != widget.WarningImportance {
		t.Errorf("a stopped default printer shows %q (%v)", got, s.status.printer.Importance)
	}
	s.status.showPrinter(nil, enroll.ErrNoSpooler)
	if got := s.status.printer.Text; !strings.Contains(got, "not set up") {
		t.Errorf("without a spooler: %q", got)
	}
	s.status.showPrinter(nil, errors.New("no scheduler"))
	if s.status.printer.Importance != widget.WarningImportance {
		t.Error("a printer error is not a warning")
	}
}

func TestFileMenuOpensPrintJobs(t *testing.T) {
	st, _ := uitest.PrintStation(t)
	admin := uitest.SetupAdmin(t, st)
	d, s := signedInDesk(t, st, "test.db", admin)
	var item *fyne.MenuItem
	for _, it := range s.menu.menu.Items[0].Items {
		if it.Label == "Print jobs…" {
			item = it
		}
	}
	if item == nil {
		t.Fatal("File has no Print jobs…")
	}
	item.Action()
	d.wait()
	if s.dialogs.Len() != 1 {
		t.Fatalf("%d dialogs open", s.dialogs.Len())
	}
	s.dialogs.CloseAll()
	d.wait()
}

func TestCtrlPPrintsTheSelectedRequests(t *testing.T) {
	st, _ := uitest.PrintStation(t)
	admin := uitest.SetupAdmin(t, st)
	_, s := signedInDesk(t, st, "test.db", admin)
	if s.menu.print == nil || s.menu.print.Shortcut == nil {
		t.Fatal("no Print cards item with a shortcut")
	}
	if sc, ok := s.menu.print.Shortcut.(*desktop.CustomShortcut); !ok || sc.KeyName != fyne.KeyP {
		t.Errorf("Print cards shortcut %v", s.menu.print.Shortcut)
	}
	if !s.menu.print.Disabled {
		t.Error("Print cards is on with nothing selected")
	}
}
