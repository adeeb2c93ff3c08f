package cups_test

import (
	"slices"
	"testing"

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
