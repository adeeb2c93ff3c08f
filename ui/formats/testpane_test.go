package formats

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// paneFor is a test pane on f that reports what it shows in the bit map.
func paneFor(t *testing.T, f cardformat.Format) (*testPane, *cardformat.Bits, *[]int) {
	t.Helper()
	test.NewTempApp(t)
	p := newTestPane()
	shown, failed := new(cardformat.Bits), new([]int)
	p.show = func(b cardformat.Bits, fc []int) { *shown, *failed = b, fc }
	p.clear = func() { *shown, *failed = cardformat.Bits{}, nil }
	p.setFormat(f, true)
	return p, shown, failed
}

func (p *testPane) input(name string) *widgets.Entry {
	for _, in := range p.inputs {
		if in.field.Name == name {
			return in.entry
		}
	}
	return nil
}

// marks follows the red marks on the value entries as they are now, by
// field name: widgets.Entry shows its problem but does not tell it.
func marks(p *testPane) map[string]bool {
	marked := map[string]bool{}
	for _, in := range p.inputs {
		in.entry.SetOnValidationChanged(func(err error) { marked[in.field.Name] = err != nil })
	}
	return marked
}

func TestTestPaneEncodesFieldValues(t *testing.T) {
	tests := []struct {
		name             string
		facility, card   string
		bits, hex, error string
		marked           string // the entry with the red mark
	}{
		{"spec vector", "1", "5", "10000000100000000000001011", "202000b", "", ""},
		{"another vector", "68", "41551", "00100010010100010010011111", "89449f", "", ""},
		{"card out of range", "1", "70000", "", "", "Card number: 70000 is out of range 0–65535", "card"},
		{"not a number", "x1", "5", "", "", "Facility code: x1 is not a whole number", "facility"},
		{"a field missing", "1", "", "", "", "Type a value for every field", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, shown, _ := paneFor(t, h10301(t))
			marked := marks(p)
			test.Type(p.input("facility"), tc.facility)
			test.Type(p.input("card"), tc.card)
			if p.bits.Text != tc.bits || p.hex.Text != tc.hex {
				t.Errorf("bits %q hex %q, want %q %q", p.bits.Text, p.hex.Text, tc.bits, tc.hex)
			}
			if got := p.encodeMsg.Text; !strings.Contains(got, tc.error) || (tc.error == "") != (got == "") {
				t.Errorf("message %q, want %q", got, tc.error)
			}
			if tc.bits != "" && shown.String() != tc.bits {
				t.Errorf("bit map shows %q", shown.String())
			}
			if tc.bits == "" && shown.Len() != 0 {
				t.Error("the bit map keeps bits after an error")
			}
			for _, name := range []string{"facility", "card"} {
				if marked[name] != (name == tc.marked) {
					t.Errorf("%s marked: %v", name, marked[name])
				}
			}
		})
	}
}

func TestTestPaneDecodesPastedBits(t *testing.T) {
	tests := []struct {
		name, paste string
		fields      string // "facility card"
		verdict     string
	}{
		{"bits", "10000000100000000000001011", "1 5", "Parity OK"},
		{"hex with 0x", "0x202000b", "1 5", "Parity OK"},
		{"hex without 0x", "202000B", "1 5", "Parity OK"},
		{"spaces are ignored", "1000 0000 1000 0000 0000 0010 11", "1 5", "Parity OK"},
		{"flipped card bit", "10000000100000000000001001", "1 4", "Parity FAILED: check #2 (bit 25)"},
		{"flipped facility bit", "11000000100000000000001011", "129 5", "Parity FAILED: check #1 (bit 0)"},
		{"too short", "1000", "", "4 bits; this format has 26"},
		{"a mistyped bit", "10000000100000000000001012", "", "2 at position 25 is not 0 or 1"},
		{"bad hex digit", "0x20g", "", "g at position 4 is not a hex digit"},
		{"hex too big", "0xfffffff", "", "0xfffffff needs 28 bits; this format has 26"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, shown, failed := paneFor(t, h10301(t))
			test.Type(p.paste, tc.paste)
			values := decodedValues(p)
			if values != tc.fields {
				t.Errorf("decoded %q, want %q", values, tc.fields)
			}
			if !strings.Contains(p.parity.Text, tc.verdict) || !p.parity.Visible() {
				t.Errorf("verdict %q, want %q", p.parity.Text, tc.verdict)
			}
			if tc.fields != "" && shown.Len() != 26 {
				t.Error("decoded bits are not shown in the bit map")
			}
			if strings.Contains(tc.verdict, "FAILED") && len(*failed) != 1 {
				t.Errorf("failed checks passed to the map: %v", *failed)
			}
		})
	}
}

// decodedValues is the decoded field values as shown, space-separated.
func decodedValues(p *testPane) string {
	var vs []string
	for i := 1; i < len(p.decoded.Objects); i += 2 {
		vs = append(vs, p.decoded.Objects[i].(*widget.Label).Text)
	}
	return strings.Join(vs, " ")
}

func TestTestPaneFlagsAFixedFieldThatDiffers(t *testing.T) {
	f := acme()
	p, _, _ := paneFor(t, f)
	if got := p.input("site").Text; got != "5" {
		t.Errorf("fixed field starts as %q", got)
	}
	test.Type(p.input("card"), "1000")
	if p.bits.Text == "" {
		t.Fatalf("no bits: %q", p.encodeMsg.Text)
	}
	b, _ := f.ParseBits(p.bits.Text)
	d, _ := f.Decode(b.Flip(1)) // a site bit
	if d.FixedOK {
		t.Fatal("flipping a site bit kept the fixed value")
	}
	test.Type(p.paste, b.Flip(1).String())
	if !p.fixed.Visible() || !uitest.Contains(p.fixed.Text, "site is 13", "fixed to 5") {
		t.Errorf("fixed note %q (visible %v)", p.fixed.Text, p.fixed.Visible())
	}
	// A fixed field typed with another value is refused at that field.
	marked := marks(p)
	p.input("site").SetText("6")
	if !strings.Contains(p.encodeMsg.Text, "site: fixed to 5 in this format") || !marked["site"] {
		t.Errorf("message %q", p.encodeMsg.Text)
	}
}

func TestTestPaneKeepsValuesWhileTheDefinitionChanges(t *testing.T) {
	f := h10301(t)
	p, _, _ := paneFor(t, f)
	test.Type(p.input("facility"), "1")
	test.Type(p.input("card"), "5")
	p.setFormat(f, false)
	if p.workspace.Visible() || !p.unusable.Visible() {
		t.Error("an invalid definition can be tried out")
	}
	f.Fields[1].Name = "number"
	p.setFormat(f, true)
	if p.input("facility").Text != "1" || p.input("number").Text != "" {
		t.Errorf("values after a rename: facility %q number %q", p.input("facility").Text, p.input("number").Text)
	}
	test.Type(p.input("number"), "5")
	if p.hex.Text != "202000b" {
		t.Errorf("hex %q", p.hex.Text)
	}
}

func TestTestPaneOnACSNFormat(t *testing.T) {
	f, _ := cardformat.Lookup("csn32")
	p, _, _ := paneFor(t, f)
	if ph := p.input("csn").PlaceHolder; ph != "00000000–ffffffff" {
		t.Errorf("placeholder %q", ph)
	}
	test.Type(p.input("csn"), "04a1b2c3")
	if p.hex.Text != "4a1b2c3" || len(p.bits.Text) != 32 {
		t.Errorf("bits %q hex %q", p.bits.Text, p.hex.Text)
	}
	test.Type(p.paste, "0x04a1b2c3")
	if decodedValues(p) != "04a1b2c3" || !strings.Contains(p.parity.Text, "no parity") {
		t.Errorf("decoded %q, %q", decodedValues(p), p.parity.Text)
	}
}
