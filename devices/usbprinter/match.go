package usbprinter

import (
	"net/url"
	"strings"
	"unicode"
)

// MatchesQueue tells whether an OS print queue whose make and model
// (CUPS printer-make-and-model, the Windows driver name) is makeModel
// drives this printer: the printer's model must appear in it as whole
// words ("ZXP Series 7" in "Zebra ZXP Series 7 Card Printer", but not
// "Primacy" in "Evolis Primacy 2"), spacing and hyphens aside
// ("DTC1250e" is "DTC 1250e"), and any words before it must name the
// printer's manufacturer or a brand it is sold under (Fargo is HID's,
// Magicard was Ultra Electronics').
func (p Printer) MatchesQueue(makeModel string) bool {
	model := tokens(p.Model)
	mfr := makerWords(p.Manufacturer)
	// A model that repeats the manufacturer ("Zebra ZXP Series 7").
	for len(model) > 1 && mfr[model[0]] {
		model = model[1:]
	}
	want := strings.Join(model, "")
	if want == "" || want == "|" {
		return false
	}
	q := tokens(makeModel)
	for i := range q {
		end, ok := spans(q, i, want)
		if !ok || !wordEnds(q, end) {
			continue
		}
		before, named := false, false
		for _, t := range q[:i] {
			if t == "|" || generic[t] {
				continue
			}
			before = true
			named = named || mfr[t]
		}
		if !before || named {
			return true
		}
	}
	return false
}

// MatchesDeviceURI tells whether a queue's device URI is this printer:
// a CUPS usb:// URI whose serial is the printer's, or, when either has
// no serial, whose make and model are.
func (p Printer) MatchesDeviceURI(uri string) bool {
	// Not url.Parse: CUPS escapes the spaces of the make in the host
	// part ("usb://Zebra%20Technologies/..."), which it refuses.
	rest, ok := strings.CutPrefix(uri, "usb://")
	if !ok {
		return false
	}
	rest, rawQuery, _ := strings.Cut(rest, "?")
	query, _ := url.ParseQuery(rawQuery)
	if s := query.Get("serial"); s != "" && p.Serial != "" {
		return strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(p.Serial))
	}
	mk, mdl, _ := strings.Cut(rest, "/")
	return p.MatchesQueue(unescape(mk) + " " + unescape(mdl))
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// generic words say nothing about who made the printer or which it is.
var generic = map[string]bool{
	"technologies": true, "technology": true, "inc": true, "corp": true, "corporation": true,
	"co": true, "ltd": true, "llc": true, "gmbh": true, "sa": true, "sas": true, "ag": true,
	"plc": true, "limited": true, "company": true, "global": true, "electronics": true,
	"systems": true, "international": true, "solutions": true, "group": true,
	"card": true, "cards": true, "id": true, "printer": true, "printers": true, "the": true,
}

// brands a card printer maker also sells or sold under.
var brands = map[string][]string{
	"hid":      {"fargo"},
	"fargo":    {"hid"},
	"magicard": {"ultra"},
	"ultra":    {"magicard"},
	"datacard": {"entrust"},
	"entrust":  {"datacard"},
}

func makerWords(mfr string) map[string]bool {
	m := map[string]bool{}
	for _, t := range tokens(mfr) {
		if t == "|" || generic[t] {
			continue
		}
		m[t] = true
		for _, b := range brands[t] {
			m[b] = true
		}
	}
	return m
}

// variants are words that, after a model, make it another model.
var variants = map[string]bool{
	"plus": true, "pro": true, "duo": true, "lite": true, "expert": true, "mini": true,
	"max": true, "xl": true, "se": true, "ii": true, "iii": true, "iv": true, "dual": true,
}

// wordEnds tells whether the model's match may end before q[end].
func wordEnds(q []string, end int) bool {
	if end == len(q) {
		return true
	}
	t := q[end]
	if t == "|" {
		return true
	}
	return len(t) > 1 && !unicode.IsDigit(rune(t[0])) && !variants[t]
}

// spans tells whether the tokens from q[i] on spell want exactly, and
// where they end.
func spans(q []string, i int, want string) (int, bool) {
	rest := want
	for j := i; j < len(q) && q[j] != "|"; j++ {
		var ok bool
		if rest, ok = strings.CutPrefix(rest, q[j]); !ok {
			return 0, false
		}
		if rest == "" {
			return j + 1, true
		}
	}
	return 0, false
}

// tokens lower-cases s into its runs of letters and digits, "+" read as
// "plus"; punctuation that ends a phrase (",;()[]/" and " - ") becomes
// "|".
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	rs := []rune(strings.ToLower(s))
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case r == '+':
			flush()
			out = append(out, "plus")
		case strings.ContainsRune(",;()[]/", r),
			r == '-' && i > 0 && i+1 < len(rs) && unicode.IsSpace(rs[i-1]) && unicode.IsSpace(rs[i+1]):
			flush()
			if len(out) > 0 && out[len(out)-1] != "|" {
				out = append(out, "|")
			}
		default:
			flush()
		}
	}
	flush()
	return out
}
