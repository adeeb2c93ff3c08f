package cups_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"
	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/devices/cups"
)

func TestMediaSize(t *testing.T) {
	tests := []struct {
		kw   string
		w, h float64
		ok   bool
	}{
		{"iso_a4_210x297mm", 210, 297, true},
		{"custom_85.6x53.98mm_85.6x53.98mm", 85.6, 53.98, true},
		{"na_letter_8.5x11in", 215.9, 279.4, true},
		{"oe_cr80_3.375x2.125in", 85.725, 53.975, true},
		{"iso_a4", 0, 0, false},
		{"A4", 0, 0, false},
		{"custom_0x53mm_0x53mm", 0, 0, false},
		{"custom_x_ax5mm", 0, 0, false},
		{"custom_x_NaNx5mm", 0, 0, false},
		{"custom_x_1e400x5mm", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		w, h, ok := cups.MediaSize(tt.kw)
		if ok != tt.ok || abs(w-tt.w) > 1e-9 || abs(h-tt.h) > 1e-9 {
			t.Errorf("MediaSize(%q) = %v, %v, %v; want %v, %v, %v", tt.kw, w, h, ok, tt.w, tt.h, tt.ok)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestCR80Media(t *testing.T) {
	tests := []struct {
		media []string
		want  string
	}{
		{[]string{"iso_a4_210x297mm", "custom_85.6x53.98mm_85.6x53.98mm"}, "custom_85.6x53.98mm_85.6x53.98mm"},
		{[]string{"custom_53.98x85.6mm_53.98x85.6mm"}, "custom_53.98x85.6mm_53.98x85.6mm"}, // portrait
		{[]string{"oe_cr80_3.375x2.125in"}, "oe_cr80_3.375x2.125in"},
		{[]string{"om_card_86.1x54.48mm"}, "om_card_86.1x54.48mm"}, // +0.5 mm each way
		{[]string{"om_card_85.1x53.48mm"}, "om_card_85.1x53.48mm"}, // -0.5 mm
		{[]string{"om_card_86.2x53.98mm"}, ""},                     // 0.6 mm too wide
		{[]string{"om_card_85.6x54.6mm"}, ""},                      // too tall
		{[]string{"iso_a8_52x74mm", "na_index-3x5_3x5in"}, ""},     // near, not CR80
		{[]string{"om_cr79_83.9x52.1mm", "om_cr80_85.6x54mm"}, "om_cr80_85.6x54mm"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := cups.CR80Media(tt.media); got != tt.want {
			t.Errorf("CR80Media(%q) = %q, want %q", tt.media, got, tt.want)
		}
	}
}

func TestServerAddress(t *testing.T) {
	tests := []struct{ server, host string }{
		{"127.0.0.1:631", "127.0.0.1:631"},
		{"print.example.com", "print.example.com:631"},
		{"print.example.com:8631", "print.example.com:8631"},
		{"print.example.com:631/version=1.1", "print.example.com:631"},
		{"::1", "[::1]:631"},
		{"[::1]:8631", "[::1]:8631"},
		{"/run/cups/cups.sock", "localhost"},
	}
	for _, tt := range tests {
		if got := cups.HostOf(cups.New(tt.server, nil)); got != tt.host {
			t.Errorf("New(%q): host %q, want %q", tt.server, got, tt.host)
		}
	}
}

func TestDefaultHonoursCUPSServer(t *testing.T) {
	t.Setenv("CUPS_SERVER", "cups.example.com:8631")
	if got := cups.DefaultServer(); got != "cups.example.com:8631" {
		t.Errorf("DefaultServer with CUPS_SERVER set: %q", got)
	}
	if got := cups.Default(nil).Server(); got != "cups.example.com:8631" {
		t.Errorf("Default(nil).Server() = %q", got)
	}
	t.Setenv("CUPS_SERVER", "")
	got := cups.DefaultServer()
	if _, err := os.Stat("/run/cups/cups.sock"); err == nil {
		if !strings.HasSuffix(got, "cups.sock") {
			t.Errorf("DefaultServer = %q; /run/cups/cups.sock exists", got)
		}
	} else if got != "localhost:631" && !strings.HasPrefix(got, "/") {
		t.Errorf("DefaultServer without CUPS_SERVER = %q, want a local socket or localhost:631", got)
	}
}

// TestUnreachable: nothing listening gives the plain "no scheduler" error.
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	missing := filepath.Join(t.TempDir(), "cups.sock")
	for _, server := range []string{closed, missing} {
		c := cups.New(server, zaptest.NewLogger(t))
		_, err := c.Printers(context.Background())
		var un *cups.UnreachableError
		if !errors.As(err, &un) || un.Server != server || err.Error() != "no CUPS scheduler answers at "+server || !errors.Is(err, cups.ErrUnreachable) {
			t.Errorf("Printers at %s: %v (%T), want an *UnreachableError", server, err, err)
		}
	}
}

// fakeScheduler answers IPP requests on a unix socket with reply(request).
type fakeScheduler struct {
	mu       sync.Mutex
	requests []*goipp.Message
	paths    []string
	bodies   [][]byte // what followed the IPP message: the document
}

func serveFake(t *testing.T, reply func(req *goipp.Message) *goipp.Message) (*fakeScheduler, string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "cupsfake")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "cups.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeScheduler{}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/ipp" || r.Method != http.MethodPost {
			http.Error(w, "not IPP", http.StatusBadRequest)
			return
		}
		data, _ := io.ReadAll(r.Body)
		var req goipp.Message
		rd := bytes.NewReader(data)
		if err := req.Decode(rd); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rest, _ := io.ReadAll(rd)
		f.mu.Lock()
		f.requests = append(f.requests, &req)
		f.paths = append(f.paths, r.URL.Path)
		f.bodies = append(f.bodies, rest)
		f.mu.Unlock()
		rsp := reply(&req)
		rsp.RequestID = req.RequestID
		w.Header().Set("Content-Type", "application/ipp")
		_ = rsp.Encode(w)
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	return f, sock
}

func op(attrs goipp.Attributes, name string) string {
	for _, a := range attrs {
		if a.Name == name && len(a.Values) > 0 {
			return a.Values[0].V.String()
		}
	}
	return ""
}

func response(status goipp.Status, groups ...goipp.Group) *goipp.Message {
	g := goipp.Groups{{Tag: goipp.TagOperationGroup, Attrs: goipp.Attributes{
		goipp.MakeAttribute("attributes-charset", goipp.TagCharset, goipp.String("utf-8")),
		goipp.MakeAttribute("attributes-natural-language", goipp.TagLanguage, goipp.String("en")),
	}}}
	return goipp.NewMessageWithGroups(goipp.DefaultVersion, goipp.Code(status), 0, append(g, groups...))
}

func kw(name string, vals ...string) goipp.Attribute {
	a := goipp.Attribute{Name: name}
	for _, v := range vals {
		a.Values.Add(goipp.TagKeyword, goipp.String(v))
	}
	return a
}

func printerGroup(name string, state int, typ int, media ...string) goipp.Group {
	return goipp.Group{Tag: goipp.TagPrinterGroup, Attrs: goipp.Attributes{
		goipp.MakeAttribute("printer-name", goipp.TagName, goipp.String(name)),
		goipp.MakeAttribute("printer-uri-supported", goipp.TagURI, goipp.String("ipp://localhost/printers/"+name)),
		goipp.MakeAttribute("printer-state", goipp.TagEnum, goipp.Integer(state)),
		goipp.MakeAttribute("printer-state-message", goipp.TagText, goipp.String("")),
		kw("printer-state-reasons", "none"),
		kw("media-supported", media...),
		kw("sides-supported", "one-sided", "two-sided-long-edge"),
		goipp.MakeAttribute("printer-type", goipp.TagEnum, goipp.Integer(typ)),
		goipp.MakeAttribute("printer-is-accepting-jobs", goipp.TagBoolean, goipp.Boolean(true)),
	}}
}

// TestOverUnixSocket: the client speaks IPP over a local socket, to / for
// the scheduler and /printers/NAME for a queue, and sends the document
// after the request; an IPP error status is a *RefusedError.
func TestOverUnixSocket(t *testing.T) {
	var nextStatus goipp.Status
	f, sock := serveFake(t, func(req *goipp.Message) *goipp.Message {
		switch goipp.Op(req.Code) {
		case goipp.OpCupsGetPrinters:
			return response(goipp.StatusOk,
				printerGroup("Card", 3, 0x20000, "custom_85.6x53.98mm_85.6x53.98mm"),
				printerGroup("Laser", 5, 0, "iso_a4_210x297mm"))
		case goipp.OpGetPrinterAttributes:
			return response(goipp.StatusOk, printerGroup("Card", 4, 0, "custom_85.6x53.98mm_85.6x53.98mm"))
		case goipp.OpPrintJob:
			if nextStatus != goipp.StatusOk {
				m := response(nextStatus)
				m.Groups[0].Add(goipp.MakeAttribute("status-message", goipp.TagText, goipp.String("Printer is out of cards.")))
				return m
			}
			return response(goipp.StatusOk, goipp.Group{Tag: goipp.TagJobGroup, Attrs: goipp.Attributes{
				goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(42)),
				goipp.MakeAttribute("job-state", goipp.TagEnum, goipp.Integer(3)),
				kw("job-state-reasons", "job-incoming"),
			}})
		}
		return response(goipp.StatusErrorOperationNotSupported)
	})
	c := cups.New(sock, zaptest.NewLogger(t))
	ps, err := c.Printers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Name != "Card" || !ps[0].Default || ps[0].State != "idle" || ps[0].CR80Media == "" ||
		ps[1].Name != "Laser" || ps[1].Default || ps[1].State != "stopped" || ps[1].CR80Media != "" {
		t.Errorf("Printers: %+v", ps)
	}
	job, err := c.Print(context.Background(), "Card", strings.NewReader("%PDF-1.4 card"), cups.Options{Copies: 2, Sides: cups.TwoSidedLongEdge, Title: "t", User: "desk"})
	if err != nil {
		t.Fatal(err)
	}
	if job.ID != 42 || job.State != cups.JobPending || !slices.Equal(job.Reasons, []string{"job-incoming"}) || job.Printer != "Card" {
		t.Errorf("Print: %+v", job)
	}
	f.mu.Lock()
	paths, reqs, bodies := f.paths, f.requests, f.bodies
	f.mu.Unlock()
	if want := []string{"/", "/printers/Card", "/printers/Card"}; !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
	pj := reqs[len(reqs)-1]
	checks := map[string]string{
		"printer-uri":          op(pj.Operation, "printer-uri"),
		"requesting-user-name": op(pj.Operation, "requesting-user-name"),
		"document-format":      op(pj.Operation, "document-format"),
		"job-name":             op(pj.Operation, "job-name"),
		"copies":               op(pj.Job, "copies"),
		"sides":                op(pj.Job, "sides"),
		"media":                op(pj.Job, "media"),
		"print-scaling":        op(pj.Job, "print-scaling"),
		"fit-to-page":          op(pj.Job, "fit-to-page"),
	}
	want := map[string]string{
		"printer-uri": "ipp://localhost/printers/Card", "requesting-user-name": "desk", "document-format": "application/pdf",
		"job-name": "t", "copies": "2", "sides": "two-sided-long-edge", "media": "custom_85.6x53.98mm_85.6x53.98mm",
		"print-scaling": "none", "fit-to-page": "false",
	}
	for k, v := range want {
		if checks[k] != v {
			t.Errorf("Print-Job %s = %q, want %q", k, checks[k], v)
		}
	}
	if string(bodies[len(bodies)-1]) != "%PDF-1.4 card" {
		t.Errorf("document sent: %q", bodies[len(bodies)-1])
	}

	nextStatus = goipp.StatusErrorNotAcceptingJobs
	_, err = c.Print(context.Background(), "Card", strings.NewReader("%PDF"), cups.Options{})
	var refused *cups.RefusedError
	if !errors.As(err, &refused) || refused.Status != goipp.StatusErrorNotAcceptingJobs || refused.Message != "Printer is out of cards." ||
		err.Error() != `the CUPS scheduler refused Print-Job on "Card": server-error-not-accepting-jobs (Printer is out of cards.)` {
		t.Errorf("Print refused: %v", err)
	}
}

// TestFollowContext: Follow stops when its context ends and returns the
// last state seen.
func TestFollowContext(t *testing.T) {
	_, sock := serveFake(t, func(req *goipp.Message) *goipp.Message {
		switch goipp.Op(req.Code) {
		case goipp.OpGetJobAttributes:
			return response(goipp.StatusOk, goipp.Group{Tag: goipp.TagJobGroup, Attrs: goipp.Attributes{
				goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(7)),
				goipp.MakeAttribute("job-state", goipp.TagEnum, goipp.Integer(5)),
				goipp.MakeAttribute("job-state-message", goipp.TagText, goipp.String("Printing card 1")),
			}})
		}
		return response(goipp.StatusOk, printerGroup("Card", 4, 0))
	})
	c := cups.New(sock, zaptest.NewLogger(t))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	calls := 0
	j, err := c.Follow(ctx, "Card", 7, 20*time.Millisecond, func(cups.Job) { calls++ })
	if !errors.Is(err, context.DeadlineExceeded) || j.State != cups.JobProcessing || j.Message != "Printing card 1" || calls != 1 {
		t.Errorf("Follow: %+v, %v after %d calls; want processing, the deadline, 1 call", j, err, calls)
	}
}

// TestNoQueues: CUPS answers CUPS-Get-Printers with client-error-not-found
// when it has no queue at all; that is an empty list, not an error.
func TestNoQueues(t *testing.T) {
	_, sock := serveFake(t, func(req *goipp.Message) *goipp.Message {
		return response(goipp.StatusErrorNotFound)
	})
	ps, err := cups.New(sock, zaptest.NewLogger(t)).Printers(context.Background())
	if err != nil || len(ps) != 0 {
		t.Errorf("Printers of a scheduler without queues: %+v, %v", ps, err)
	}
}
