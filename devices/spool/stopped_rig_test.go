package spool

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/devices/cups"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

const rigScript = "../../scripts/cups-rig.sh"

// privateRig starts a CUPS rig of the test's own (scripts/cups-rig.sh), so
// the test may stop it without disturbing the shared one, and returns its
// server and a func that stops its cupsd. It is stopped and removed when
// the test ends too. Without cupsd here the test skips, or fails under
// CARDDESK_RIGS=required or CI=true.
func privateRig(t *testing.T) (server string, stop func()) {
	t.Helper()
	if out, err := exec.Command(rigScript, "check").CombinedOutput(); err != nil {
		why := "no private cupsd can start here: " + strings.TrimSpace(string(out))
		if os.Getenv("CARDDESK_RIGS") == "required" || os.Getenv("CI") == "true" {
			t.Fatal("the CUPS rig is required: " + why)
		}
		t.Skip(why)
	}
	dir, err := os.MkdirTemp("", "carddesk-spool-test.")
	if err != nil {
		t.Fatal(err)
	}
	stop = func() {
		if out, err := exec.Command(rigScript, "stop", dir).CombinedOutput(); err != nil {
			t.Errorf("%s stop %s: %v\n%s", rigScript, dir, err, out)
		}
	}
	var stderr bytes.Buffer
	cmd := exec.Command(rigScript, "start", dir)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	t.Cleanup(func() {
		stop()
		os.RemoveAll(dir)
	})
	if err != nil {
		t.Fatalf("%s start %s: %v\n%s", rigScript, dir, err, stderr.String())
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "CARDDESK_CUPS_SERVER="); ok {
			server = v
		}
	}
	if server == "" {
		t.Fatalf("%s start said no CARDDESK_CUPS_SERVER:\n%s", rigScript, out)
	}
	return server, stop
}

// TestPrintToStoppedScheduler: a station printing through the spooler to a
// cupsd that has stopped gets an error naming the scheduler that does not
// answer, and the job stays in the print log as aborted, with that message.
func TestPrintToStoppedScheduler(t *testing.T) {
	server, stop := privateRig(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st := enroll.New(db, enroll.Options{Spooler: New(Options{CUPS: cups.New(server, zaptest.NewLogger(t))}),
		Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}})
	admin, err := st.Operators.Setup(ctx, "admin", "admin@example.org", "admin-pass-1234")
	if err != nil {
		t.Fatal(err)
	}
	anna, err := st.Cardholders.Add(ctx, admin, enroll.Cardholder{FirstName: "Anna", LastName: "Kowalska"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.Requests.Create(ctx, admin, enroll.NewRequest{CardholderID: anna.ID, Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Requests.ConnectManual(ctx, admin, r.ID, "h10301", map[string]string{"facility": "12", "card": "1"}); err != nil {
		t.Fatal(err)
	}

	// The scheduler answers: the desk sees its Badge queue.
	ps, err := st.Printing.Printers(ctx, admin)
	if err != nil || !hasPrinter(ps, "Badge") {
		t.Fatalf("printers of the running rig: %+v, %v", ps, err)
	}

	stop()
	_, err = st.Printing.Print(ctx, admin, enroll.PrintRequest{Printer: "Badge", CardholderIDs: []int64{anna.ID}})
	var submit *enroll.PrintSubmitError
	var unreachable *cups.UnreachableError
	if !errors.As(err, &submit) || !errors.As(err, &unreachable) || !errors.Is(err, cups.ErrUnreachable) {
		t.Fatalf("print to a stopped scheduler: %v", err)
	}
	want := "no CUPS scheduler answers at " + server
	if unreachable.Server != server || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `"Badge"`) {
		t.Errorf("the error does not name the scheduler %s and the printer: %v", server, err)
	}

	jobs, err := st.Printing.Jobs(ctx, admin, 0)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("print log: %+v, %v", jobs, err)
	}
	j := jobs[0]
	if j.ID != submit.JobID || j.State != enroll.PrintAborted || !strings.Contains(j.Message, want) ||
		j.Printer != "Badge" || j.CardholderID != anna.ID || j.JobRef != "" {
		t.Errorf("logged job %+v; want aborted with %q", j, want)
	}
}

func hasPrinter(ps []enroll.PrinterInfo, name string) bool {
	for _, p := range ps {
		if p.Name == name && p.Kind == KindCUPS {
			return true
		}
	}
	return false
}
