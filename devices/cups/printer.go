package cups

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/OpenPrinting/goipp"
)

// Printer is a CUPS print queue.
type Printer struct {
	Name string
	URI  string // printer-uri-supported
	// DeviceURI is where the queue sends its jobs (device-uri), e.g.
	// "usb://Zebra%20Technologies/ZXP%20Series%207?serial=123"; "" when
	// the scheduler did not say.
	DeviceURI string
	// MakeModel is the queue's printer-make-and-model (its driver's name
	// for the printer), "" when none.
	MakeModel    string
	State        string   // idle, processing or stopped
	StateMessage string   // printer-state-message, "" when none
	Reasons      []string // printer-state-reasons without "none", e.g. "paused", "media-empty-error"
	Media        []string // media-supported keywords, e.g. "iso_a4_210x297mm"
	// CR80Media is the media keyword of a CR80 card (85.60 × 53.98 mm, either
	// orientation, ±0.5 mm), "" when the queue has none.
	CR80Media string
	Duplex    bool // sides-supported has two-sided-long-edge
	Default   bool // the scheduler's default queue
	Accepting bool // printer-is-accepting-jobs
}

// CR80 is the card size in mm (ISO/IEC 7810 ID-1), and the tolerance media
// may differ from it.
const (
	CR80Width     = 85.60
	CR80Height    = 53.98
	CR80Tolerance = 0.5
)

// printerAttrs are the attributes Printers and Printer ask for.
var printerAttrs = []string{
	"printer-name", "printer-uri-supported", "printer-state", "printer-state-message",
	"printer-state-reasons", "media-supported", "sides-supported", "printer-type",
	"printer-is-accepting-jobs", "device-uri", "printer-make-and-model",
}

// printer-type bit of the default queue (CUPS_PRINTER_DEFAULT).
const cupsPrinterDefault = 0x20000

func requested(m *goipp.Message, names []string) {
	vals := make([]goipp.Value, len(names))
	for i, n := range names {
		vals[i] = goipp.String(n)
	}
	m.Operation.Add(goipp.MakeAttr("requested-attributes", goipp.TagKeyword, vals[0], vals[1:]...))
}

// Printers lists the scheduler's queues (CUPS-Get-Printers), in its order.
func (c *Client) Printers(ctx context.Context) ([]Printer, error) {
	req := c.request(goipp.OpCupsGetPrinters, "", "")
	requested(req, printerAttrs)
	rsp, err := c.do(ctx, req, "", nil)
	if err != nil {
		if rsp != nil && goipp.Status(rsp.Code) == goipp.StatusErrorNotFound {
			return nil, nil // CUPS says not-found when it has no queues
		}
		return nil, err
	}
	return printersOf(rsp), nil
}

// Printer returns one queue (Get-Printer-Attributes); a name the scheduler
// does not know is an *UnknownPrinterError.
func (c *Client) Printer(ctx context.Context, name string) (Printer, error) {
	if name == "" {
		return Printer{}, &UnknownPrinterError{Name: name}
	}
	req := c.request(goipp.OpGetPrinterAttributes, name, "")
	requested(req, printerAttrs)
	rsp, err := c.do(ctx, req, name, nil)
	if err != nil {
		return Printer{}, err
	}
	ps := printersOf(rsp)
	if len(ps) == 0 {
		return Printer{}, fmt.Errorf("cups: Get-Printer-Attributes of %q: no printer attributes in the response: %w", name, ErrBadResponse)
	}
	p := ps[0]
	if p.Name == "" {
		p.Name = name
	}
	return p, nil
}

// DecodePrinters reads the queues out of a CUPS-Get-Printers or
// Get-Printer-Attributes response.
func DecodePrinters(data []byte) ([]Printer, error) {
	m, err := parse(data)
	if err != nil {
		return nil, err
	}
	return printersOf(m), nil
}

// printersOf decodes every printer group of m.
func printersOf(m *goipp.Message) []Printer {
	var ps []Printer
	for _, g := range m.AttrGroups() {
		if g.Tag == goipp.TagPrinterGroup {
			ps = append(ps, decodePrinter(g.Attrs))
		}
	}
	return ps
}

func decodePrinter(attrs goipp.Attributes) Printer {
	p := Printer{
		Name:         firstString(attrs, "printer-name"),
		URI:          firstString(attrs, "printer-uri-supported"),
		StateMessage: firstString(attrs, "printer-state-message"),
		DeviceURI:    firstString(attrs, "device-uri"),
		MakeModel:    firstString(attrs, "printer-make-and-model"),
		Accepting:    true,
	}
	if v, ok := firstInt(attrs, "printer-state"); ok {
		p.State = printerState(v)
	}
	for _, r := range texts(attrs, "printer-state-reasons") {
		if r != "none" {
			p.Reasons = append(p.Reasons, r)
		}
	}
	p.Media = texts(attrs, "media-supported")
	p.CR80Media = CR80Media(p.Media)
	for _, s := range texts(attrs, "sides-supported") {
		if s == "two-sided-long-edge" {
			p.Duplex = true
		}
	}
	if v, ok := firstInt(attrs, "printer-type"); ok && v&cupsPrinterDefault != 0 {
		p.Default = true
	}
	if a, ok := find(attrs, "printer-is-accepting-jobs"); ok && len(a.Values) > 0 {
		if b, ok := a.Values[0].V.(goipp.Boolean); ok {
			p.Accepting = bool(b)
		}
	}
	return p
}

func printerState(v int) string {
	switch v {
	case 3:
		return "idle"
	case 4:
		return "processing"
	case 5:
		return "stopped"
	}
	return "unknown"
}

// CR80Media returns the first media keyword whose size is a CR80 card
// (85.60 × 53.98 mm, either orientation, ±0.5 mm), or "".
func CR80Media(media []string) string {
	for _, m := range media {
		w, h, ok := MediaSize(m)
		if !ok {
			continue
		}
		if fits(w, CR80Width) && fits(h, CR80Height) || fits(w, CR80Height) && fits(h, CR80Width) {
			return m
		}
	}
	return ""
}

func fits(got, want float64) bool { return math.Abs(got-want) <= CR80Tolerance+1e-9 }

// MediaSize reads the size in mm out of a PWG 5101.1 media keyword, whose
// last part is WIDTHxHEIGHT and a unit: "iso_a4_210x297mm",
// "custom_85.6x53.98mm_85.6x53.98mm", "na_index-3x5_3x5in".
func MediaSize(keyword string) (w, h float64, ok bool) {
	i := strings.LastIndexByte(keyword, '_')
	if i < 0 {
		return 0, 0, false
	}
	dims := keyword[i+1:]
	scale := 1.0
	switch {
	case strings.HasSuffix(dims, "mm"):
		dims = dims[:len(dims)-2]
	case strings.HasSuffix(dims, "in"):
		dims, scale = dims[:len(dims)-2], 25.4
	default:
		return 0, 0, false
	}
	ws, hs, found := strings.Cut(dims, "x")
	if !found {
		return 0, 0, false
	}
	w, err1 := strconv.ParseFloat(ws, 64)
	h, err2 := strconv.ParseFloat(hs, 64)
	// Checked after scaling: 1e308 inches is a finite number but no size.
	w, h = w*scale, h*scale
	if err1 != nil || err2 != nil || !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return 0, 0, false
	}
	return w, h, true
}

// --- attribute helpers ------------------------------------------------------

func find(attrs goipp.Attributes, name string) (goipp.Attribute, bool) {
	for _, a := range attrs {
		if a.Name == name {
			return a, true
		}
	}
	return goipp.Attribute{}, false
}

// texts returns the attribute's values that are text (keyword, name,
// text, URI, with or without a language).
func texts(attrs goipp.Attributes, name string) []string {
	a, ok := find(attrs, name)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range a.Values {
		switch x := v.V.(type) {
		case goipp.String:
			out = append(out, string(x))
		case goipp.TextWithLang:
			out = append(out, x.Text)
		}
	}
	return out
}

func firstString(attrs goipp.Attributes, name string) string {
	if s := texts(attrs, name); len(s) > 0 {
		return s[0]
	}
	return ""
}

func firstInt(attrs goipp.Attributes, name string) (int, bool) {
	a, ok := find(attrs, name)
	if !ok || len(a.Values) == 0 {
		return 0, false
	}
	if v, ok := a.Values[0].V.(goipp.Integer); ok {
		return int(v), true
	}
	return 0, false
}
