package formats

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestH10301BitRolesAndColours(t *testing.T) {
	test.NewTempApp(t)
	f := h10301(t)
	bits := analyse(f)
	if len(bits) != 26 {
		t.Fatalf("%d bits analysed", len(bits))
	}
	tests := []struct {
		bit    int
		colour color.NRGBA
		role   string
	}{
		{0, evenParityColour, "Bit 0: even parity over 1–12 (check #1)"},
		{1, fieldColour(0), "Bit 1: facility, bit 1 of 8 (most significant) · covered by parity #1 (bit 0)"},
		{8, fieldColour(0), "Bit 8: facility, bit 8 of 8 (least significant) · covered by parity #1 (bit 0)"},
		{9, fieldColour(1), "Bit 9: card, bit 1 of 16 (most significant) · covered by parity #1 (bit 0)"},
		{13, fieldColour(1), "Bit 13: card, bit 5 of 16 · covered by parity #2 (bit 25)"},
		{24, fieldColour(1), "Bit 24: card, bit 16 of 16 (least significant) · covered by parity #2 (bit 25)"},
		{25, oddParityColour, "Bit 25: odd parity over 13–24 (check #2)"},
	}
	for _, tc := range tests {
		c, ok := bitColour(f, bits[tc.bit])
		if !ok || c != tc.colour {
			t.Errorf("bit %d colour %v (filled %v), want %v", tc.bit, c, ok, tc.colour)
		}
		if got := roleText(f, bits, tc.bit); got != tc.role {
			t.Errorf("bit %d:\n got %q\nwant %q", tc.bit, got, tc.role)
		}
	}
}

func TestBitRolesOfAnInvalidDefinition(t *testing.T) {
	test.NewTempApp(t)
	f := cardformat.Format{Length: 10, Kind: cardformat.KindWiegand,
		Fields: []cardformat.Field{{Name: "a", Bits: []int{0, 1, 2}}, {Bits: []int{2, 3, 40}}},
		Unused: []int{4}}
	bits := analyse(f)
	if _, ok := bitColour(f, bits[9]); ok || !bits[9].unaccounted() {
		t.Error("a free bit is filled")
	}
	if c, _ := bitColour(f, bits[2]); c != conflictColour {
		t.Errorf("a bit of two fields has colour %v", c)
	}
	if c, _ := bitColour(f, bits[4]); c != unusedColour {
		t.Errorf("an unused bit has colour %v", c)
	}
	for bit, want := range map[int]string{
		2: "Bit 2: claimed by a, field #2",
		9: "Bit 9: not assigned",
		4: "Bit 4: unused, always 0",
		3: "Bit 3: field #2, bit 2 of 3",
	} {
		if got := roleText(f, bits, bit); !strings.HasPrefix(got, want) {
			t.Errorf("bit %d: %q, want %q…", bit, got, want)
		}
	}
	if analyse(cardformat.Format{Length: 0}) != nil || analyse(cardformat.Format{Length: 513}) != nil {
		t.Error("a length the map cannot draw gives cells")
	}
}

func TestCorporate1000ParityBitIsCoveredByALaterCheck(t *testing.T) {
	test.NewTempApp(t)
	f, _ := cardformat.Lookup("c1k35")
	got := roleText(f, analyse(f), 1)
	if !uitest.Contains(got, "Bit 1: even parity", "(check #1)", "covered by parity #2 (bit 34), #3 (bit 0)") {
		t.Errorf("c1k35 bit 1: %q", got)
	}
}

func TestHoveringACellNamesItsRole(t *testing.T) {
	test.NewTempApp(t)
	m := newBitMap()
	m.SetFormat(h10301(t))
	idle := m.HoverText()
	if !strings.Contains(idle, "Point at a bit") {
		t.Errorf("idle text %q", idle)
	}
	m.cells[9].MouseIn(nil)
	if got := m.HoverText(); !strings.HasPrefix(got, "Bit 9: card, bit 1 of 16 (most significant)") {
		t.Errorf("hover text %q", got)
	}
	// The rest of the card field is outlined with it.
	if m.cells[10].bg.StrokeWidth == 0 || m.cells[5].bg.StrokeWidth != 0 {
		t.Error("hovering a card bit does not outline the card field only")
	}
	m.cells[0].MouseMoved(nil)
	if got := m.HoverText(); !strings.HasPrefix(got, "Bit 0: even parity over 1–12") {
		t.Errorf("hover text on the parity bit %q", got)
	}
	if m.cells[12].bg.StrokeWidth == 0 || m.cells[13].bg.StrokeWidth != 0 {
		t.Error("hovering parity bit 0 does not outline exactly the bits it covers")
	}
	m.cells[9].MouseOut() // not the hovered cell any more: ignored
	if !strings.HasPrefix(m.HoverText(), "Bit 0") {
		t.Error("leaving an old cell cleared the hover text")
	}
	m.cells[0].MouseOut()
	if m.HoverText() != idle {
		t.Errorf("after leaving: %q", m.HoverText())
	}
}

func TestBitMapShowsValuesAndFailedChecks(t *testing.T) {
	test.NewTempApp(t)
	f := h10301(t)
	m := newBitMap()
	m.SetFormat(f)
	if c := m.cells[9].bg.FillColor; c != fieldColour(1) {
		t.Errorf("card bit filled with %v", c)
	}
	if m.cells[3].val.Text != "" {
		t.Error("a value is shown before there is one")
	}
	b, err := f.ParseBits("10000000100000000000001011")
	if err != nil {
		t.Fatal(err)
	}
	flipped := b.Flip(24)
	d, _ := f.Decode(flipped)
	m.SetValue(flipped, d.FailedChecks)
	var shown strings.Builder
	for _, c := range m.cells {
		shown.WriteString(c.val.Text)
	}
	if shown.String() != flipped.String() {
		t.Errorf("cells show %s, want %s", shown.String(), flipped.String())
	}
	if m.cells[25].bg.StrokeColor != problemColour || m.cells[0].bg.StrokeColor == problemColour {
		t.Error("the failed odd parity bit is not marked (or the even one is)")
	}
	// A longer format drops the value rather than showing it misplaced.
	f.Length, f.Fields[1].Bits = 27, span(9, 25)
	m.SetFormat(f)
	if len(m.cells) != 27 || m.cells[0].val.Text != "" {
		t.Errorf("after a length change: %d cells, value %q", len(m.cells), m.cells[0].val.Text)
	}
}

func TestLegendListsWhatTheMapUses(t *testing.T) {
	test.NewTempApp(t)
	m := newBitMap()
	m.SetFormat(h10301(t))
	if n := len(m.legend.Objects); n != 4 { // facility, card, even, odd
		t.Errorf("h10301 legend has %d entries", n)
	}
	m.SetFormat(cardformat.Format{Length: 8, Kind: cardformat.KindWiegand,
		Fields: []cardformat.Field{{Name: "x", Bits: []int{0, 1}}}, Unused: []int{2}})
	if n := len(m.legend.Objects); n != 3 { // x, unused, not assigned
		t.Errorf("legend with unused and free bits has %d entries", n)
	}
}
