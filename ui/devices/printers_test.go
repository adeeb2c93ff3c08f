package devices

import (
	"context"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestDevicesListPrintersAndEditTheProfile(t *testing.T) {
	st, _ := uitest.PrintStation(t)
	admin := uitest.SetupAdmin(t, st)
	h := uitest.NewHost(t, st, admin)
	s := New(h)
	h.Show(s)
	h.Wait()
	if txt := uitest.Texts(s.Content()); !strings.Contains(txt, uitest.PrinterName+" (default): ready") {
		t.Fatalf("the printer is not listed with its state: %q", txt)
	}
	p := s.printers
	if p.settings == nil || p.settings.Disabled() {
		t.Fatal("an administrator has no Printer settings")
	}
	p.openSettings()
	h.Wait()
	f := p.editing
	if f == nil || f.printer.Selected != uitest.PrinterName || f.scale.Text != "100" || f.offX.Text != "0" {
		t.Fatalf("settings form not filled: %+v", f)
	}
	f.offX.SetText("12")
	f.scale.SetText("abc")
	f.form.Submit()
	h.Wait()
	if f.fields.Field("offset_x").Message() == "" || f.fields.Field("scale").Message() == "" {
		t.Error("bad input is not marked at its field")
	}
	f.offX.SetText("1,5")
	f.offY.SetText("-2")
	f.scale.SetText("98")
	f.rotate.SetChecked(true)
	f.duplex.SetChecked(true)
	f.form.Submit()
	h.Wait()
	pr, err := st.Printing.Profile(context.Background(), admin, uitest.PrinterName)
	if err != nil || pr.OffsetX != 1.5 || pr.OffsetY != -2 || pr.Scale != 98 || !pr.RotateBack || !pr.Duplex {
		t.Errorf("profile %+v, %v", pr, err)
	}
}

func TestDevicesPrintersForOperators(t *testing.T) {
	st, _ := uitest.PrintStation(t)
	admin := uitest.SetupAdmin(t, st)
	op := uitest.AddOperator(t, st, admin, "desk")
	h := uitest.NewHost(t, st, op)
	s := New(h)
	h.Show(s)
	h.Wait()
	if s.printers.settings != nil {
		t.Error("an operator can open Printer settings")
	}
	if got := PrinterLine(enroll.PrinterInfo{Name: "Zebra ZC300", Kind: "usb", Status: "ok"}); !strings.Contains(got, "driver") {
		t.Errorf("a USB printer says %q", got)
	}
}
