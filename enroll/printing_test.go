package enroll_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/devices/cups"
	"github.com/carddesk/carddesk/devices/pdffile"
	"github.com/carddesk/carddesk/devices/spool"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

const demoPrinter = "Demo badge printer"

// newPrintEnv is newEnv with a folder printer (the demo's) as the spooler.
func newPrintEnv(t *testing.T) (*env, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	out := filepath.Join(dir, "printed")
	sp := spool.New(spool.Options{Files: map[string]*pdffile.Printer{demoPrinter: pdffile.New(out, nil)}})
	clock := &fakeClock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	st := enroll.New(db, enroll.Options{Clock: clock, Spooler: sp,
		Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}})
	admin, err := st.Operators.Setup(t.Context(), "admin", "admin@example.org", "admin-pass-1234")
	if err != nil {
		t.Fatal(err)
	}
	return &env{st: st, clock: clock, admin: admin, ctx: t.Context()}, out
}

// carded is a cardholder with an active card (so the default template's
// card-number barcode can be printed).
func (e *env) carded(t *testing.T, first, last string, card int) enroll.Cardholder {
	t.Helper()
	c := e.holder(t, first, last)
	r := e.request(t, c.ID, enroll.Activation{Mode: enroll.ActivateEnrollment})
	if _, err := e.st.Requests.ConnectManual(e.ctx, e.admin, r.ID, "h10301", h10301(card)); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPrintLogsEveryBadge(t *testing.T) {
	e, out := newPrintEnv(t)
	op := e.operator(t, "desk")
	anna, bob := e.carded(t, "Anna", "Kowalska", 1), e.carded(t, "Bob", "Smit", 2)

	ps, err := e.st.Printing.Printers(e.ctx, op)
	if err != nil || len(ps) != 1 || ps[0].Name != demoPrinter {
		t.Fatalf("printers %+v, %v", ps, err)
	}
	res, err := e.st.Printing.Print(e.ctx, op, enroll.PrintRequest{Printer: demoPrinter, CardholderIDs: []int64{anna.ID, bob.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Jobs) != 2 || res.Jobs[0].State != enroll.PrintCompleted || res.Jobs[1].CardholderID != bob.ID ||
		res.Jobs[0].JobRef == "" || res.Jobs[0].Operator != "desk" || res.Jobs[0].TemplateID == 0 || res.Jobs[0].Copies != 1 {
		t.Fatalf("jobs %+v", res.Jobs)
	}
	files, _ := filepath.Glob(filepath.Join(out, "job-*.pdf"))
	if len(files) != 2 {
		t.Fatalf("%d files printed, want 2", len(files))
	}
	e.clock.Add(time.Minute)

	// Printing again needs a reason.
	_, err = e.st.Printing.Print(e.ctx, op, enroll.PrintRequest{Printer: demoPrinter, CardholderIDs: []int64{bob.ID}})
	var reprint *enroll.ReprintReasonError
	if !errors.As(err, &reprint) || !slices.Equal(reprint.CardholderIDs, []int64{bob.ID}) || reprint.Names[0] != "Bob Smit" {
		t.Fatalf("reprint without a reason: %v", err)
	}
	res, err = e.st.Printing.Print(e.ctx, op, enroll.PrintRequest{Printer: demoPrinter, CardholderIDs: []int64{bob.ID},
		Reason: "card damaged", Copies: 2, Sides: enroll.OneSided})
	if err != nil || len(res.Jobs) != 1 || res.Jobs[0].Reason != "card damaged" || res.Jobs[0].Copies != 2 {
		t.Fatalf("reprint: %+v, %v", res, err)
	}

	jobs, err := e.st.Printing.Jobs(e.ctx, op, 0)
	if err != nil || len(jobs) != 3 || jobs[0].Reason != "card damaged" || jobs[2].CardholderID != anna.ID {
		t.Fatalf("log newest first: %+v, %v", jobs, err)
	}
	if n := countOf(e.auditActions(t), "print.job"); n != 3 {
		t.Errorf("%d print.job audit events, want 3", n)
	}
	if _, err := e.st.Printing.Cancel(e.ctx, op, jobs[0].ID); err == nil {
		t.Error("a completed job was cancelled")
	}
}

func countOf(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

func TestFailedSubmitStaysInTheLog(t *testing.T) {
	e, _ := newPrintEnv(t)
	anna := e.carded(t, "Anna", "Kowalska", 1)
	res, err := e.st.Printing.Print(e.ctx, e.admin, enroll.PrintRequest{Printer: "Nowhere", CardholderIDs: []int64{anna.ID}})
	var submit *enroll.PrintSubmitError
	var unknown *spool.UnknownPrinterError
	if !errors.As(err, &submit) || !errors.As(err, &unknown) {
		t.Fatalf("print to a missing printer: %v", err)
	}
	jobs, err := e.st.Printing.Jobs(e.ctx, e.admin, 0)
	if err != nil || len(jobs) != 1 || jobs[0].State != enroll.PrintAborted || jobs[0].Message == "" ||
		jobs[0].ID != submit.JobID || len(res.Jobs) != 1 {
		t.Fatalf("log %+v, %v", jobs, err)
	}
	if acts := e.auditActions(t); !slices.Contains(acts, "print.failed") || !slices.Contains(acts, "print.job") {
		t.Errorf("audit %v", acts)
	}
	// An aborted job is no earlier print: no reason needed.
	if _, err := e.st.Printing.Print(e.ctx, e.admin, enroll.PrintRequest{Printer: demoPrinter, CardholderIDs: []int64{anna.ID}}); err != nil {
		t.Fatal(err)
	}
}

func TestPrintRequestsSkipsThoseWithoutCredential(t *testing.T) {
	e, _ := newPrintEnv(t)
	anna, bob := e.holder(t, "Anna", "Kowalska"), e.holder(t, "Bob", "Smit")
	ra := e.request(t, anna.ID, enroll.Activation{Mode: enroll.ActivateEnrollment})
	rb := e.request(t, bob.ID, enroll.Activation{Mode: enroll.ActivateEnrollment})
	if _, err := e.st.Requests.ConnectManual(e.ctx, e.admin, ra.ID, "h10301", h10301(345)); err != nil {
		t.Fatal(err)
	}
	res, err := e.st.Printing.Print(e.ctx, e.admin, enroll.PrintRequest{Printer: demoPrinter, RequestIDs: []int64{ra.ID, rb.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Jobs) != 1 || res.Jobs[0].RequestID != ra.ID || res.Jobs[0].CardholderID != anna.ID {
		t.Fatalf("jobs %+v", res.Jobs)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].RequestID != rb.ID || res.Skipped[0].Name != "Bob Smit" {
		t.Fatalf("skipped %+v", res.Skipped)
	}
}

func TestPrintCanSkipThoseWithoutPhoto(t *testing.T) {
	e, out := newPrintEnv(t)
	anna, bob := e.carded(t, "Anna", "Kowalska", 1), e.carded(t, "Bob", "Smit", 2)
	anna.Photo = testPNG(t, 200, 300)
	if _, err := e.st.Cardholders.Update(e.ctx, e.admin, anna); err != nil {
		t.Fatal(err)
	}
	rb := e.request(t, bob.ID, enroll.Activation{Mode: enroll.ActivateEnrollment})
	if _, err := e.st.Requests.ConnectManual(e.ctx, e.admin, rb.ID, "h10301", h10301(3)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		r    enroll.PrintRequest
		skip string
	}{
		{"cardholders", enroll.PrintRequest{CardholderIDs: []int64{bob.ID, anna.ID}}, enroll.SkipNoPhoto},
		{"requests", enroll.PrintRequest{RequestIDs: []int64{rb.ID}}, enroll.SkipNoPhoto},
	} {
		tc.r.Printer, tc.r.SkipWithoutPhoto, tc.r.Reason = demoPrinter, true, "test"
		res, err := e.st.Printing.Print(e.ctx, e.admin, tc.r)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(res.Skipped) != 1 || res.Skipped[0].CardholderID != bob.ID || res.Skipped[0].Why != tc.skip {
			t.Errorf("%s: skipped %+v", tc.name, res.Skipped)
		}
		for _, j := range res.Jobs {
			if j.CardholderID == bob.ID {
				t.Errorf("%s: Bob, who has no photo, was printed", tc.name)
			}
		}
	}
	// Without the option the placeholder prints.
	res, err := e.st.Printing.Print(e.ctx, e.admin, enroll.PrintRequest{Printer: demoPrinter, CardholderIDs: []int64{bob.ID}, Reason: "test"})
	if err != nil || len(res.Jobs) != 1 || len(res.Skipped) != 0 {
		t.Errorf("without skipping: %+v, %v", res, err)
	}
	if es, _ := os.ReadDir(out); len(es) != 2 {
		t.Errorf("%d files printed, want 2 (Anna, then Bob with the placeholder)", len(es))
	}
}

func TestPrintRefusesBadInput(t *testing.T) {
	e, _ := newPrintEnv(t)
	anna := e.carded(t, "Anna", "Kowalska", 1)
	var ve *enroll.ValidationError
	for name, r := range map[string]enroll.PrintRequest{
		"no printer": {CardholderIDs: []int64{anna.ID}},
		"copies":     {Printer: demoPrinter, CardholderIDs: []int64{anna.ID}, Copies: 100},
		"sides":      {Printer: demoPrinter, CardholderIDs: []int64{anna.ID}, Sides: "two-sided-short-edge"},
		"nobody":     {Printer: demoPrinter},
	} {
		if _, err := e.st.Printing.Print(e.ctx, e.admin, r); !errors.As(err, &ve) {
			t.Errorf("%s: %v", name, err)
		}
	}
	var unknown *enroll.UnknownTemplateError
	if _, err := e.st.Printing.Print(e.ctx, e.admin, enroll.PrintRequest{Printer: demoPrinter, TemplateID: 999,
		CardholderIDs: []int64{anna.ID}}); !errors.As(err, &unknown) {
		t.Errorf("unknown template: %v", err)
	}
	// A badge that cannot be made (the default template's barcode needs a card).
	bob, cor := e.holder(t, "Bob", "Smit"), e.holder(t, "Cor", "Claes")
	var notPrintable *enroll.BadgeNotPrintableError
	if _, err := e.st.Printing.Print(e.ctx, e.admin, enroll.PrintRequest{Printer: demoPrinter,
		CardholderIDs: []int64{anna.ID, bob.ID, cor.ID}}); !errors.As(err, &notPrintable) || notPrintable.Name != "Bob Smit" ||
		!slices.Equal(notPrintable.Names, []string{"Bob Smit", "Cor Claes"}) {
		t.Errorf("badges without a card: %v", err)
	}
	if jobs, _ := e.st.Printing.Jobs(e.ctx, e.admin, 0); len(jobs) != 0 {
		t.Errorf("refused prints were logged: %+v", jobs)
	}
}

func TestPrinterProfile(t *testing.T) {
	e, out := newPrintEnv(t)
	op := e.operator(t, "desk")
	two := badgeTemplate("Two sided")
	two.Back = &badge.Side{Elements: []badge.Element{{Type: badge.TypeText, X: 4, Y: 4, W: 60, H: 8, Text: "Return to desk", FontSize: 10}}}
	bt, err := e.st.Templates.Create(e.ctx, e.admin, two)
	if err != nil {
		t.Fatal(err)
	}
	p := enroll.PrinterProfile{Printer: demoPrinter, OffsetX: 1.5, OffsetY: -1, Scale: 98, RotateBack: true, Duplex: true,
		TemplateID: bt.ID}
	var perm *enroll.PermissionError
	if _, err := e.st.Printing.SetProfile(e.ctx, op, p); !errors.As(err, &perm) {
		t.Fatalf("an operator set a profile: %v", err)
	}
	var ve *enroll.ValidationError
	if _, err := e.st.Printing.SetProfile(e.ctx, e.admin, enroll.PrinterProfile{Printer: demoPrinter, Scale: 10}); !errors.As(err, &ve) {
		t.Fatalf("scale 10%%: %v", err)
	}
	if _, err := e.st.Printing.SetProfile(e.ctx, e.admin, p); err != nil {
		t.Fatal(err)
	}
	got, err := e.st.Printing.Profile(e.ctx, op, demoPrinter)
	if err != nil || got.OffsetX != 1.5 || !got.RotateBack || got.Scale != 98 {
		t.Fatalf("profile %+v, %v", got, err)
	}
	if !slices.Contains(e.auditActions(t), "print.profile") {
		t.Error("no print.profile audit event")
	}
	// Duplex on and a two-sided default template for the printer: the job is two-sided.
	anna := e.carded(t, "Anna", "Kowalska", 1)
	res, err := e.st.Printing.Print(e.ctx, op, enroll.PrintRequest{Printer: demoPrinter, CardholderIDs: []int64{anna.ID}})
	if err != nil || res.Jobs[0].Sides != enroll.TwoSidedLongEdge || res.Jobs[0].TemplateID != bt.ID {
		t.Fatalf("print with the profile: %+v, %v", res, err)
	}
	if files, _ := os.ReadDir(out); len(files) != 1 {
		t.Errorf("%d files", len(files))
	}
}

// TestFollowCUPSRig prints through the CUPS rig (scripts/test.sh starts it)
// and follows the job until the log has it completed.
func TestFollowCUPSRig(t *testing.T) {
	server := os.Getenv("CARDDESK_CUPS_SERVER")
	if server == "" {
		if os.Getenv("CARDDESK_RIGS") == "required" || os.Getenv("CI") == "true" {
			t.Fatal("the CUPS rig is required: CARDDESK_CUPS_SERVER is not set")
		}
		t.Skip("no CUPS rig: CARDDESK_CUPS_SERVER is not set")
	}
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st := enroll.New(db, enroll.Options{Spooler: spool.New(spool.Options{CUPS: cups.New(server, nil)}),
		Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}})
	admin, err := st.Operators.Setup(t.Context(), "admin", "admin@example.org", "admin-pass-1234")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{st: st, admin: admin, ctx: t.Context()}
	anna := e.carded(t, "Anna", "Kowalska", 1)
	res, err := st.Printing.Print(e.ctx, admin, enroll.PrintRequest{Printer: "Badge", CardholderIDs: []int64{anna.ID}})
	if err != nil {
		t.Fatal(err)
	}
	rounds := 0
	jobs, err := st.Printing.Follow(e.ctx, admin, []int64{res.Jobs[0].ID}, 100*time.Millisecond, func([]enroll.PrintJob) { rounds++ })
	if err != nil || len(jobs) != 1 || jobs[0].State != enroll.PrintCompleted || rounds == 0 {
		t.Fatalf("follow: %+v, %v", jobs, err)
	}
	log, err := st.Printing.Jobs(e.ctx, admin, 0)
	if err != nil || log[0].State != enroll.PrintCompleted || log[0].JobRef == "" {
		t.Fatalf("log %+v, %v", log, err)
	}
}
