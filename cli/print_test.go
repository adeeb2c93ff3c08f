package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/devices/cups"
	"github.com/carddesk/carddesk/devices/pdffile"
	"github.com/carddesk/carddesk/devices/spool"
)

const folderPrinter = "Desk PDF printer"

// printHarness is a station whose printer writes into a folder, with a
// two-sided template (id printed by templates import) and two cardholders.
func printHarness(t *testing.T) (h *harness, dir, template string, holders []string) {
	t.Helper()
	h = newHarness(t)
	dir = filepath.Join(t.TempDir(), "printed")
	h.spooler = spool.New(spool.Options{Files: map[string]*pdffile.Printer{folderPrinter: pdffile.New(dir, nil)}})
	h.setUp()
	tpl := &badge.Template{Format: badge.FormatName, Version: badge.Version, Name: "Plain", Size: badge.SizeCR80,
		Orientation: badge.Landscape, Front: badge.Side{Background: "#ffffff", Elements: []badge.Element{
			{Type: badge.TypeText, X: 4, Y: 4, W: 60, H: 8, Text: "{full_name}", FontSize: 12}}},
		Back: &badge.Side{Elements: []badge.Element{{Type: badge.TypeText, X: 4, Y: 4, W: 60, H: 8, Text: "Return to the desk", FontSize: 10}}}}
	data, err := tpl.JSON()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "plain.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	template = strings.TrimSpace(h.must("templates", "import", file))
	for _, n := range [][2]string{{"Anna", "Kowalska"}, {"Bob", "Smit"}} {
		holders = append(holders, strings.TrimSpace(h.must("cardholders", "add", "--first-name", n[0], "--last-name", n[1])))
	}
	return h, dir, template, holders
}

func TestPrintersList(t *testing.T) {
	h, _, _, _ := printHarness(t)
	var got []map[string]any
	if err := json.Unmarshal([]byte(h.must("printers", "list", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{"name": folderPrinter, "kind": "cups", "status": "idle", "media": []any{pdffile.Media},
		"duplex": true, "device_id": ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("printers list --json:\n%v\nwant\n%v", got, want)
	}
	if out := h.must("printers", "list"); !strings.Contains(out, folderPrinter) || !strings.Contains(out, "KIND") {
		t.Errorf("printers list:\n%s", out)
	}
}

func TestPrintAndJobs(t *testing.T) {
	h, dir, tpl, ids := printHarness(t)
	out := h.must("print", "--printer", folderPrinter, "--template", tpl, "--cardholder", ids[0], "--cardholder", ids[1],
		"--sides", "two-sided-long-edge", "--wait")
	if !strings.Contains(out, "2 print job(s) completed") {
		t.Errorf("print --wait:\n%s", out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "job-*.pdf"))
	if len(files) != 2 {
		t.Fatalf("%d files printed, want 2", len(files))
	}

	// A reprint needs a reason: exit 1, nothing sent.
	r := h.run("print", "--printer", folderPrinter, "--template", tpl, "--cardholder", ids[0])
	if r.code != ExitRefused || !strings.Contains(r.stderr, "--reason") || !strings.Contains(r.stderr, "Anna Kowalska") {
		t.Errorf("reprint without a reason: exit %d\n%s", r.code, r.stderr)
	}
	h.must("print", "--printer", folderPrinter, "--template", tpl, ids[0], "--reason", "card damaged", "--copies", "2")

	var jobs []map[string]any
	if err := json.Unmarshal([]byte(h.must("print", "jobs", "--json")), &jobs); err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 3 {
		t.Fatalf("%d jobs: %v", len(jobs), jobs)
	}
	keys := make([]string, 0, len(jobs[0]))
	for k := range jobs[0] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"at", "cardholder_id", "id", "operator", "printer", "reason", "status", "template_id"}; !slices.Equal(keys, want) {
		t.Errorf("print job keys %v, want %v", keys, want)
	}
	first := jobs[0]
	if first["reason"] != "card damaged" || first["cardholder_id"] != ids[0] || first["template_id"] != tpl ||
		first["status"] != "completed" || first["operator"] != "admin" || first["printer"] != folderPrinter {
		t.Errorf("newest job %v", first)
	}
	if out := h.must("print", "jobs"); !strings.Contains(out, "card damaged") {
		t.Errorf("print jobs:\n%s", out)
	}
}

func TestPrintSkipsThoseWithoutPhoto(t *testing.T) {
	h, dir, tpl, ids := printHarness(t)
	r := h.run("print", "--printer", folderPrinter, "--template", tpl, "--cardholder", ids[0]+","+ids[1], "--skip-no-photo")
	if r.code != 0 || !strings.Contains(r.stderr, "Anna Kowalska") || !strings.Contains(r.stderr, "Bob Smit") ||
		!strings.Contains(r.stderr, "no photo") {
		t.Errorf("print --skip-no-photo: exit %d\n%s", r.code, r.stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "job-*.pdf")); len(files) != 0 {
		t.Errorf("%d badges printed of cardholders without a photo", len(files))
	}
	if out := h.must("print", "jobs"); strings.Contains(out, "Anna") || strings.Count(strings.TrimSpace(out), "\n") > 0 {
		t.Errorf("skipped badges are in the print log:\n%s", out)
	}
}

func TestPrintFailures(t *testing.T) {
	h, _, tpl, ids := printHarness(t)
	for _, args := range [][]string{
		{"print", "--template", tpl, "--cardholder", ids[0]},
		{"print", "--printer", folderPrinter, "--cardholder", ids[0]},
		{"print", "--printer", folderPrinter, "--template", tpl},
		{"print", "--printer", folderPrinter, "--template", tpl, "--cardholder", ids[0], "--sides", "two-sided-short-edge"},
		{"print", "--printer", folderPrinter, "--template", tpl, "--cardholder", ids[0], "--copies", "0"},
	} {
		if r := h.run(args...); r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, ExitUsage, r.stderr)
		}
	}
	// A printer that does not exist: refused, and the log keeps the job as aborted.
	r := h.run("print", "--printer", "Nowhere", "--template", tpl, "--cardholder", ids[0], "--wait")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "Nowhere") {
		t.Errorf("unknown printer: exit %d\n%s", r.code, r.stderr)
	}
	var jobs []map[string]any
	if err := json.Unmarshal([]byte(h.must("print", "jobs", "--json")), &jobs); err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || jobs[0]["status"] != "aborted" {
		t.Errorf("jobs %v", jobs)
	}
}

func TestRequestsPrint(t *testing.T) {
	h, dir, _, ids := printHarness(t)
	withCard := strings.TrimSpace(h.must("requests", "create", "--cardholder", ids[0]))
	without := strings.TrimSpace(h.must("requests", "create", "--cardholder", ids[1]))
	h.must("requests", "connect", withCard, "--manual", "h10301", "facility=1", "card=77")
	r := h.run("requests", "print", withCard, without, "--printer", folderPrinter)
	if r.code != ExitOK {
		t.Fatalf("requests print: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "request "+without+" (Bob Smit) has no credential") {
		t.Errorf("the request without a credential is not named:\n%s", r.stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "job-*.pdf"))
	if len(files) != 1 {
		t.Errorf("%d files printed, want 1", len(files))
	}
	// Without --printer: the only printer.
	if r := h.run("requests", "print", withCard, "--copies", "1"); r.code != ExitRefused || !strings.Contains(r.stderr, "--reason") {
		t.Errorf("a second print of the request: exit %d\n%s", r.code, r.stderr)
	}
}

// TestPrintCUPSRig prints through the CUPS rig's Badge queue (scripts/test.sh
// starts it) and waits for the job to complete.
func TestPrintCUPSRig(t *testing.T) {
	server := os.Getenv("CARDDESK_CUPS_SERVER")
	if server == "" {
		if os.Getenv("CARDDESK_RIGS") == "required" || os.Getenv("CI") == "true" {
			t.Fatal("the CUPS rig is required: CARDDESK_CUPS_SERVER is not set")
		}
		t.Skip("no CUPS rig: CARDDESK_CUPS_SERVER is not set")
	}
	h, _, tpl, ids := printHarness(t)
	h.spooler = spool.New(spool.Options{CUPS: cups.New(server, zaptest.NewLogger(t))})
	var printers []map[string]any
	if err := json.Unmarshal([]byte(h.must("printers", "list", "--json")), &printers); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range printers {
		if p["name"] == "Badge" && p["kind"] == "cups" && p["duplex"] == true {
			found = true
		}
	}
	if !found {
		t.Fatalf("no Badge queue: %v", printers)
	}
	out := h.must("print", "--printer", "Badge", "--template", tpl, "--cardholder", ids[0], "--wait")
	if !strings.Contains(out, "1 print job(s) completed") {
		t.Errorf("print --wait:\n%s", out)
	}
}
