package spool

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/devices/pdffile"
	"github.com/carddesk/carddesk/devices/winprint"
	"github.com/carddesk/carddesk/enroll"
)

func card(t *testing.T, back bool) *badge.Template {
	t.Helper()
	tpl := &badge.Template{Format: badge.FormatName, Version: badge.Version, Name: "Test", Size: badge.SizeCR80,
		Orientation: badge.Landscape, Front: badge.Side{Background: "#ffffff", Elements: []badge.Element{
			{Type: badge.TypeText, X: 4, Y: 4, W: 60, H: 8, Text: "{full_name}", FontSize: 12}}}}
	if back {
		tpl.Back = &badge.Side{Elements: []badge.Element{{Type: badge.TypeRect, X: 4, Y: 4, W: 10, H: 10, Fill: "#000000"}}}
	}
	if err := tpl.Check(); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestFolderPrinter(t *testing.T) {
	dir := t.TempDir()
	s := New(Options{Files: map[string]*pdffile.Printer{"Demo badge printer": pdffile.New(dir, nil)}})
	ps, err := s.Printers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Name != "Demo badge printer" || ps[0].Kind != KindCUPS || !ps[0].Duplex || len(ps[0].Media) != 1 {
		t.Fatalf("printers %+v", ps)
	}
	doc := enroll.PrintDocument{Title: "Badge", Template: card(t, true), Copies: 1, Sides: enroll.TwoSidedLongEdge,
		Badges:  []badge.Badge{{Values: badge.Values{"full_name": "Anna Kowalska"}}},
		Profile: enroll.PrinterProfile{OffsetX: 1, Scale: 99, RotateBack: true}}
	ref, err := s.Submit(t.Context(), "Demo badge printer", doc)
	if err != nil {
		t.Fatal(err)
	}
	st, msg, err := s.JobState(t.Context(), "Demo badge printer", ref)
	if err != nil || st != enroll.PrintCompleted || !strings.HasPrefix(msg, dir) {
		t.Fatalf("JobState = %s, %q, %v", st, msg, err)
	}
	data, err := os.ReadFile(msg)
	if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("the job file: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", msg, "-").Output()
		if err != nil || !strings.Contains(string(out), "Anna Kowalska") {
			t.Errorf("pdftotext: %q, %v", out, err)
		}
	}
	if err := s.Cancel(t.Context(), "Demo badge printer", ref); err == nil {
		t.Error("cancelling a completed job succeeded")
	}
	var unknown *UnknownPrinterError
	if _, err := s.Submit(t.Context(), "Nope", doc); !errors.As(err, &unknown) {
		t.Errorf("Submit to a missing printer: %v", err)
	}
	if _, _, err := s.JobState(t.Context(), "Nope", ref); !errors.As(err, &unknown) {
		t.Errorf("JobState of a missing printer: %v", err)
	}
}

func TestStates(t *testing.T) {
	for in, want := range map[string]enroll.PrintJobState{"pending": enroll.PrintPending, "held": enroll.PrintPending,
		"processing": enroll.PrintProcessing, "stopped": enroll.PrintProcessing, "completed": enroll.PrintCompleted,
		"aborted": enroll.PrintAborted, "cancelled": enroll.PrintCancelled} {
		if got := stateOf(in); got != want {
			t.Errorf("stateOf(%s) = %s; want %s", in, got, want)
		}
	}
}

func TestWindowsStatesAreThePrintLogs(t *testing.T) {
	for in, want := range map[string]enroll.PrintJobState{
		winprint.JobPending: enroll.PrintPending, winprint.JobProcessing: enroll.PrintProcessing,
		winprint.JobCompleted: enroll.PrintCompleted, winprint.JobAborted: enroll.PrintAborted,
		winprint.JobCancelled: enroll.PrintCancelled, "held by the driver": enroll.PrintProcessing,
	} {
		if got := windowsState(in); got != want {
			t.Errorf("windowsState(%q) = %q, want %q", in, got, want)
		}
	}
}
