package cups_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"

	"github.com/carddesk/carddesk/devices/cups"
)

func encode(t testing.TB, m *goipp.Message) []byte {
	b, err := m.EncodeBytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzDecodePrinter: any response decodes without a panic into printers
// that keep the invariants the desk relies on.
func FuzzDecodePrinter(f *testing.F) {
	f.Add(encode(f, response(goipp.StatusOk, printerGroup("Badge", 3, 0x20000, "custom_85.6x53.98mm_85.6x53.98mm", "iso_a4_210x297mm"))))
	f.Add(encode(f, response(goipp.StatusOk, printerGroup("A", 5, 0, "oe_cr80_3.375x2.125in"), printerGroup("B", 4, 0))))
	f.Add(encode(f, response(goipp.StatusErrorNotFound)))
	f.Add([]byte{})
	f.Add([]byte("\x02\x00\x00\x00\x00\x00\x00\x01\x04\x44\x00\x0fmedia-supported\x00\x05x_1x2mm\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := cups.DecodePrinters(data)
		if err != nil {
			if ps != nil {
				t.Fatalf("printers %v with error %v", ps, err)
			}
			return
		}
		for _, p := range ps {
			if p.CR80Media != "" && !slices.Contains(p.Media, p.CR80Media) {
				t.Errorf("CR80Media %q is not one of the media %q", p.CR80Media, p.Media)
			}
			if p.CR80Media != cups.CR80Media(p.Media) {
				t.Errorf("CR80Media %q, CR80Media(media) %q", p.CR80Media, cups.CR80Media(p.Media))
			}
			switch p.State {
			case "", "idle", "processing", "stopped", "unknown":
			default:
				t.Errorf("state %q", p.State)
			}
			if slices.Contains(p.Reasons, "none") {
				t.Errorf("reasons %q keep none", p.Reasons)
			}
		}
	})
}

// FuzzDecodeJob: any response decodes without a panic; a job has a known
// state and no negative id.
func FuzzDecodeJob(f *testing.F) {
	job := func(id, state int, reasons ...string) goipp.Group {
		g := goipp.Group{Tag: goipp.TagJobGroup, Attrs: goipp.Attributes{
			goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(id)),
			goipp.MakeAttribute("job-state", goipp.TagEnum, goipp.Integer(state)),
		}}
		if len(reasons) > 0 {
			g.Attrs = append(g.Attrs, kw("job-state-reasons", reasons...))
		}
		return g
	}
	f.Add(encode(f, response(goipp.StatusOk, job(12, 9, "job-completed-successfully"))))
	f.Add(encode(f, response(goipp.StatusOk, job(3, 3, "none"))))
	f.Add(encode(f, response(goipp.StatusOk, job(-1, 42))))
	f.Add(encode(f, response(goipp.StatusErrorNotFound)))
	f.Add([]byte("\x02\x00\x00\x00\x00\x00\x00\x01\x02\x21\x00\x06job-id\x00\x04\x00\x00\x00\x07\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, ok, err := cups.DecodeJob(data)
		if err != nil || !ok {
			if j.ID != 0 || j.State != "" {
				t.Fatalf("job %+v with ok %v, error %v", j, ok, err)
			}
			return
		}
		if j.ID < 0 {
			t.Errorf("job id %d", j.ID)
		}
		switch j.State {
		case "", "pending", "held", "processing", "stopped", "cancelled", "aborted", "completed", "unknown":
		default:
			t.Errorf("state %q", j.State)
		}
		if slices.Contains(j.Reasons, "none") {
			t.Errorf("reasons %q keep none", j.Reasons)
		}
	})
}

// FuzzMediaSize: a size read from a media keyword is positive and finite,
// in mm, and a keyword whose unit is neither mm nor in gives none.
func FuzzMediaSize(f *testing.F) {
	for _, k := range []string{"iso_a4_210x297mm", "custom_85.6x53.98mm_85.6x53.98mm", "na_index-3x5_3x5in",
		"oe_cr80_3.375x2.125in", "x_1e308x1e308in", "x_0x5mm", "x_NaNx1mm", "x_-1x2mm", "_x_mm", "a_1x2cm", ""} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, keyword string) {
		w, h, ok := cups.MediaSize(keyword)
		if !ok {
			if w != 0 || h != 0 {
				t.Fatalf("MediaSize(%q) = %v, %v, false", keyword, w, h)
			}
			return
		}
		if !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
			t.Fatalf("MediaSize(%q) = %v × %v", keyword, w, h)
		}
		if !strings.HasSuffix(keyword, "mm") && !strings.HasSuffix(keyword, "in") {
			t.Fatalf("MediaSize(%q) read a size without a unit", keyword)
		}
	})
}

// FuzzClientReply runs every client call against a scheduler that answers
// whatever the fuzzer chose, over real HTTP: no panic, every error is one
// the desk can explain (it matches one of the package's sentinels), and
// what comes back keeps the invariants the desk relies on.
func FuzzClientReply(f *testing.F) {
	ok := encode(f, response(goipp.StatusOk, printerGroup("Badge", 3, 0x20000, "custom_85.6x53.98mm_85.6x53.98mm"),
		goipp.Group{Tag: goipp.TagJobGroup, Attrs: goipp.Attributes{
			goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(12)),
			goipp.MakeAttribute("job-state", goipp.TagEnum, goipp.Integer(5)),
		}}))
	for call := range uint8(5) {
		f.Add(call, true, ok)
	}
	f.Add(uint8(0), true, encode(f, response(goipp.StatusErrorNotFound)))
	f.Add(uint8(2), true, encode(f, response(goipp.StatusErrorNotFound)))
	f.Add(uint8(4), true, encode(f, response(goipp.StatusOk, printerGroup("Badge", 3, 0, "iso_a4_210x297mm"))))
	f.Add(uint8(3), true, encode(f, response(goipp.StatusErrorNotPossible)))
	f.Add(uint8(1), false, []byte("<html>Forbidden</html>"))
	f.Add(uint8(1), true, []byte("\x02\x00"))

	var mu sync.Mutex
	var reply []byte
	var httpOK bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		body, good := reply, httpOK
		mu.Unlock()
		w.Header().Set("Content-Type", goipp.ContentType)
		if !good {
			w.WriteHeader(http.StatusForbidden)
		}
		_, _ = w.Write(body)
	}))
	f.Cleanup(srv.Close)
	c := cups.New(strings.TrimPrefix(srv.URL, "http://"), nil)

	f.Fuzz(func(t *testing.T, call uint8, good bool, data []byte) {
		mu.Lock()
		reply, httpOK = data, good
		mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := clientCall(t, ctx, c, call%5)
		if err == nil {
			return
		}
		for _, known := range []error{cups.ErrBadResponse, cups.ErrRefused, cups.ErrUnknownPrinter, cups.ErrUnknownJob,
			cups.ErrNoCR80Media, cups.ErrMedia, cups.ErrNoDuplex} {
			if errors.Is(err, known) {
				if !good && !errors.Is(err, cups.ErrRefused) {
					t.Fatalf("HTTP 403 read as %v", err)
				}
				return
			}
		}
		t.Fatalf("call %d: an error the desk cannot explain: %v", call%5, err)
	})
}

// clientCall makes call number n and checks what it returns on success.
func clientCall(t *testing.T, ctx context.Context, c *cups.Client, n uint8) error {
	t.Helper()
	switch n {
	case 0:
		ps, err := c.Printers(ctx)
		for _, p := range ps {
			if p.CR80Media != cups.CR80Media(p.Media) {
				t.Fatalf("printer %+v", p)
			}
		}
		return err
	case 1:
		p, err := c.Printer(ctx, "Badge")
		if err == nil && (p.Name == "" || p.CR80Media != cups.CR80Media(p.Media)) {
			t.Fatalf("printer %+v", p)
		}
		return err
	case 2:
		j, err := c.Job(ctx, "Badge", 12)
		if err == nil && (j.ID <= 0 || j.Printer != "Badge" || slices.Contains(j.Reasons, "none")) {
			t.Fatalf("job %+v", j)
		}
		return err
	case 3:
		return c.Cancel(ctx, "Badge", 12)
	}
	j, err := c.Print(ctx, "Badge", bytes.NewReader([]byte("%PDF-1.4\n%%EOF\n")), cups.Options{})
	if err == nil && (j.ID <= 0 || j.Printer != "Badge") {
		t.Fatalf("printed job %+v", j)
	}
	return err
}
