package cups_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/assets/templates"
	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/devices/cups"
)

const cr80Media = "custom_85.6x53.98mm_85.6x53.98mm"

func TestPrintersOnRig(t *testing.T) {
	r := needRig(t)
	c := r.client(t)
	ps, err := c.Printers(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]cups.Printer{}
	for _, p := range ps {
		byName[p.Name] = p
	}
	tests := []struct {
		name      string
		cr80      string
		duplex    bool
		isDefault bool
		media     []string
		makeModel string
	}{
		{"Badge", cr80Media, true, true, []string{cr80Media, "custom_53.98x85.6mm_53.98x85.6mm"}, "CardDesk Test Card Printer"},
		{"Office", "", false, false, []string{"iso_a4_210x297mm", "na_letter_8.5x11in"}, "CardDesk Test Office Printer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := byName[tt.name]
			if !ok {
				t.Fatalf("Printers: no %q in %+v", tt.name, ps)
			}
			if p.CR80Media != tt.cr80 || p.Duplex != tt.duplex || p.Default != tt.isDefault {
				t.Errorf("Printers: %q CR80Media %q, Duplex %v, Default %v; want %q, %v, %v",
					tt.name, p.CR80Media, p.Duplex, p.Default, tt.cr80, tt.duplex, tt.isDefault)
			}
			if !slices.Equal(p.Media, tt.media) {
				t.Errorf("Printers: %q media %q, want %q", tt.name, p.Media, tt.media)
			}
			if p.MakeModel != tt.makeModel || !strings.HasPrefix(p.DeviceURI, "file://") || !strings.HasSuffix(p.DeviceURI, "/out/"+strings.ToLower(tt.name)+".out") {
				t.Errorf("Printers: %q MakeModel %q, DeviceURI %q; want %q, file://.../out/%s.out", tt.name, p.MakeModel, p.DeviceURI, tt.makeModel, strings.ToLower(tt.name))
			}
			if p.State != "idle" || !p.Accepting || !strings.HasSuffix(p.URI, "/printers/"+tt.name) {
				t.Errorf("Printers: %q state %q, accepting %v, URI %q; want idle, accepting, .../printers/%s", tt.name, p.State, p.Accepting, p.URI, tt.name)
			}
			one, err := c.Printer(ctx(t), tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if one.Name != p.Name || one.CR80Media != p.CR80Media || one.Duplex != p.Duplex || one.Default != p.Default || !slices.Equal(one.Media, p.Media) {
				t.Errorf("Printer(%q) = %+v; Printers has %+v", tt.name, one, p)
			}
		})
	}

	_, err = c.Printer(ctx(t), "NoSuchQueue")
	var unknown *cups.UnknownPrinterError
	if !errors.As(err, &unknown) || unknown.Name != "NoSuchQueue" || !errors.Is(err, cups.ErrUnknownPrinter) {
		t.Errorf("Printer(NoSuchQueue): %v (%T), want an *UnknownPrinterError", err, err)
	}
}

// employeePDF renders the employee template (one-sided) for two cardholders:
// a page each.
func employeePDF(t *testing.T) []byte {
	t.Helper()
	data, err := templates.FS.ReadFile("employee.json")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := badge.Parse("employee.json", data)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zofia := badge.Values{"first_name": "Zofia", "last_name": "Dąbrowska", "department": "Security Operations", "card_number": "100234"}
	jan := badge.Values{"first_name": "Jan", "last_name": "de Vries", "department": "Facilities", "card_number": "100235"}
	if err := badge.WritePDF(&b, tpl, []badge.Badge{{Values: zofia}, {Values: jan}}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPrintBadge prints a real badge PDF through the scheduler: the queue's
// device gets it byte for byte, a card-sized page per side, with copies,
// sides, media and no scaling in the job's options.
func TestPrintBadge(t *testing.T) {
	r := needRig(t)
	c := r.client(t)
	pdf := employeePDF(t)
	tests := []struct {
		name      string
		opts      cups.Options
		wantSides string
		copies    string
	}{
		{"defaults", cups.Options{}, "one-sided", "1"},
		{"two copies duplex", cups.Options{Copies: 2, Sides: cups.TwoSidedLongEdge, Title: "Badge of Zofia", User: "desk1"}, "two-sided-long-edge", "2"},
		{"three one-sided", cups.Options{Copies: 3, Sides: cups.OneSided, Media: cr80Media}, "one-sided", "3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job, err := c.Print(ctx(t), "Badge", bytes.NewReader(pdf), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if job.ID <= 0 || job.Printer != "Badge" {
				t.Fatalf("Print: %+v", job)
			}
			var states []string
			end, err := c.Follow(ctx(t), "Badge", job.ID, 50*time.Millisecond, func(j cups.Job) { states = append(states, j.State) })
			if err != nil {
				t.Fatal(err)
			}
			if end.State != cups.JobCompleted || len(states) == 0 || states[len(states)-1] != cups.JobCompleted {
				t.Fatalf("Follow: %+v after %v, want completed", end, states)
			}
			path, opts := r.captured(t, job.ID)
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, pdf) {
				t.Errorf("the queue got %d bytes, not the %d of the PDF sent", len(got), len(pdf))
			}
			info := tool(t, "pdfinfo", path)
			if !strings.Contains(info, "Page size:       242.65 x 153.01 pts") || !regexp.MustCompile(`(?m)^Pages:\s+2$`).MatchString(info) {
				t.Errorf("pdfinfo of the printed PDF:\n%s\nwant 2 pages of 242.65 x 153.01 pts", info)
			}
			for page, name := range []string{"Zofia Dąbrowska", "Jan de Vries"} {
				n := fmt.Sprint(page + 1)
				if text := tool(t, "pdftotext", "-f", n, "-l", n, path, "-"); !strings.Contains(text, name) {
					t.Errorf("page %s text %q, want %q", n, text, name)
				}
			}
			for _, want := range []string{"copies=" + tt.copies + "\n", "sides=" + tt.wantSides, "print-scaling=none", "media=" + cr80Media} {
				if !strings.Contains(opts, want) {
					t.Errorf("job options:\n%s\nwant %q", opts, want)
				}
			}
			if tt.opts.Title != "" && !strings.Contains(opts, "title="+tt.opts.Title+"\n") {
				t.Errorf("job options:\n%s\nwant title %q", opts, tt.opts.Title)
			}
			if tt.opts.User != "" && !strings.Contains(opts, "user="+tt.opts.User+"\n") {
				t.Errorf("job options:\n%s\nwant user %q", opts, tt.opts.User)
			}
			// An ended job cannot be cancelled.
			err = c.Cancel(ctx(t), "Badge", job.ID)
			var refused *cups.RefusedError
			if !errors.As(err, &refused) || !errors.Is(err, cups.ErrRefused) {
				t.Errorf("Cancel of a completed job: %v, want a *RefusedError", err)
			}
		})
	}
}

// TestPrintRefused: what the queue cannot do is refused before anything is
// sent, with an error the desk can explain.
func TestPrintRefused(t *testing.T) {
	r := needRig(t)
	c := r.client(t)
	pdf := employeePDF(t)
	tests := []struct {
		name    string
		printer string
		opts    cups.Options
		is      error
		text    string
	}{
		{"no CR80 media", "Office", cups.Options{}, cups.ErrNoCR80Media, `print queue "Office" has no CR80 card media (85.60 × 53.98 mm); it offers only iso_a4_210x297mm, na_letter_8.5x11in`},
		{"no duplex", "Office", cups.Options{Media: "iso_a4_210x297mm", Sides: cups.TwoSidedLongEdge}, cups.ErrNoDuplex, `print queue "Office" prints one side only`},
		{"unknown queue", "Nowhere", cups.Options{}, cups.ErrUnknownPrinter, `the CUPS scheduler has no print queue "Nowhere"`},
		{"bad sides", "Badge", cups.Options{Sides: "two-sided-short-edge"}, nil, `sides "two-sided-short-edge"`},
		{"media not offered", "Badge", cups.Options{Media: "iso_a4_210x297mm"}, cups.ErrMedia, `print queue "Badge" does not offer media "iso_a4_210x297mm"; it offers custom_85.6x53.98mm_85.6x53.98mm, custom_53.98x85.6mm_53.98x85.6mm`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Print(ctx(t), tt.printer, bytes.NewReader(pdf), tt.opts)
			if err == nil || (tt.is != nil && !errors.Is(err, tt.is)) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("Print: %v, want %v containing %q", err, tt.is, tt.text)
			}
		})
	}
}

// TestPausedQueue: on a paused queue the job stays pending, Follow reports
// that with the reason until its context ends, and the job can be cancelled.
func TestPausedQueue(t *testing.T) {
	r := needRig(t)
	c := r.client(t)
	const q = "PausedBadge"
	r.queue(t, q)
	r.admin(t, "cupsdisable", "-r", "out of cards", q)

	p, err := c.Printer(ctx(t), q)
	if err != nil {
		t.Fatal(err)
	}
	if p.State != "stopped" || !slices.Contains(p.Reasons, "paused") || p.StateMessage != "out of cards" {
		t.Errorf("paused queue: state %q, reasons %q, message %q; want stopped, paused, \"out of cards\"", p.State, p.Reasons, p.StateMessage)
	}

	job, err := c.Print(ctx(t), q, bytes.NewReader(employeePDF(t)), cups.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fctx, cancel := context.WithTimeout(ctx(t), 1500*time.Millisecond)
	defer cancel()
	var seen []cups.Job
	last, err := c.Follow(fctx, q, job.ID, 100*time.Millisecond, func(j cups.Job) { seen = append(seen, j) })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Follow on a paused queue: %v, want the context's deadline", err)
	}
	if last.State != cups.JobPending || !slices.Contains(last.Reasons, "printer-stopped") || last.Message != "out of cards" || len(seen) != 1 {
		t.Errorf("Follow on a paused queue: last %+v, reported %+v; want one report, pending with printer-stopped and \"out of cards\"", last, seen)
	}

	if err := c.Cancel(ctx(t), q, job.ID); err != nil {
		t.Fatal(err)
	}
	end, err := c.Follow(ctx(t), q, job.ID, 50*time.Millisecond, nil)
	if err != nil || end.State != cups.JobCancelled {
		t.Errorf("after Cancel: %+v, %v; want cancelled", end, err)
	}
	if _, err := os.Stat(filepath.Join(r.capture, fmt.Sprintf("job-%d.pdf", job.ID))); err == nil {
		t.Errorf("the cancelled job %d was printed", job.ID)
	}

	// Resumed, the queue prints again.
	r.admin(t, "cupsenable", q)
	job, err = c.Print(ctx(t), q, bytes.NewReader(employeePDF(t)), cups.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if end, err := c.Follow(ctx(t), q, job.ID, 50*time.Millisecond, nil); err != nil || end.State != cups.JobCompleted {
		t.Errorf("after cupsenable: %+v, %v; want completed", end, err)
	}
}

// TestRejectingQueue: a queue that does not accept jobs refuses them with
// its IPP status.
func TestRejectingQueue(t *testing.T) {
	r := needRig(t)
	c := r.client(t)
	const q = "RejectingBadge"
	r.queue(t, q)
	r.admin(t, "cupsreject", "-r", "maintenance", q)
	_, err := c.Print(ctx(t), q, bytes.NewReader(employeePDF(t)), cups.Options{})
	var refused *cups.RefusedError
	if !errors.As(err, &refused) || refused.Status.String() != "server-error-not-accepting-jobs" {
		t.Fatalf("Print on a rejecting queue: %v, want a *RefusedError with server-error-not-accepting-jobs", err)
	}
	if !strings.Contains(err.Error(), `the CUPS scheduler refused Print-Job on "RejectingBadge": server-error-not-accepting-jobs`) {
		t.Errorf("error text %q", err)
	}
}

func TestUnknownJob(t *testing.T) {
	r := needRig(t)
	c := r.client(t)
	_, err := c.Job(ctx(t), "Badge", 999999)
	var unknown *cups.UnknownJobError
	if !errors.As(err, &unknown) || unknown.ID != 999999 {
		t.Errorf("Job(999999): %v, want an *UnknownJobError", err)
	}
}

// TestStoppedScheduler: a scheduler that stopped is "not reachable", said
// plainly, for every request.
func TestStoppedScheduler(t *testing.T) {
	needRig(t)
	env, dir, stop, err := startPrivateRig()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	defer stop()
	server := env["CARDDESK_CUPS_SERVER"]
	c := rig{server: server}.client(t)
	if _, err := c.Printers(ctx(t)); err != nil {
		t.Fatalf("Printers before the stop: %v", err)
	}
	stop()
	calls := map[string]func() error{
		"Printers": func() error { _, err := c.Printers(ctx(t)); return err },
		"Printer":  func() error { _, err := c.Printer(ctx(t), "Badge"); return err },
		"Print": func() error {
			_, err := c.Print(ctx(t), "Badge", strings.NewReader("%PDF-1.4"), cups.Options{})
			return err
		},
		"Job":    func() error { _, err := c.Job(ctx(t), "Badge", 1); return err },
		"Cancel": func() error { return c.Cancel(ctx(t), "Badge", 1) },
	}
	for name, call := range calls {
		err := call()
		var un *cups.UnreachableError
		if !errors.As(err, &un) || !errors.Is(err, cups.ErrUnreachable) || err.Error() != "no CUPS scheduler answers at "+server {
			t.Errorf("%s with cupsd stopped: %v (%T), want \"no CUPS scheduler answers at %s\"", name, err, err, server)
		}
	}
}

// tool runs pdfinfo or pdftotext (poppler-utils) and returns its output; it
// skips without them, except under CI=true or CARDDESK_RIGS=required.
func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		msg := name + " is not installed (Debian package poppler-utils; scripts/deps.sh test installs it)"
		if os.Getenv("CI") == "true" || os.Getenv("CARDDESK_RIGS") == "required" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}
