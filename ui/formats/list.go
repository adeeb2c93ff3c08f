package formats

import (
	"strings"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// listColumns are shared by the header and every row: id, name, length,
// kind, fields, built-in or custom, and how many credentials use it. The
// weighted columns keep room for a few characters per unit of weight.
func listColumns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.X("formats.id", "ID"), Min: 80},
		{Title: lang.L("Name"), Min: 1.7 * roomPerWeight, Weight: 1.7},
		{Title: lang.L("Length"), Min: 76},
		{Title: lang.L("Kind"), Min: 100},
		{Title: lang.L("Fields"), Min: 2.9 * roomPerWeight, Weight: 2.9},
		{Title: lang.L("Source"), Min: 104},
		{Title: lang.L("Used by"), Min: 130},
	}
}

// roomPerWeight is the least width of a weighted column per unit of its
// weight, so truncated text still reads in a narrow window.
const roomPerWeight = 60

// showRow shows a format in its row's cells: the id in monospace, and the
// use count quiet while no credential uses the format.
func showRow(fi enroll.FormatInfo, cells []*widget.Label) {
	f := fi.Format
	widgets.SetTexts(cells, f.ID, words.FormatDisplayName(f), lang.X("formats.length", "{{.N}} bits", map[string]any{"N": f.Length}),
		kindName(f.Kind), fieldsSummary(f), sourceName(fi.Builtin), usedBy(fi.InUse))
	imp := widget.LowImportance
	if fi.InUse > 0 {
		imp = widget.MediumImportance
	}
	if last := cells[len(cells)-1]; last.Importance != imp {
		last.Importance = imp
		last.Refresh()
	}
}

func kindName(k cardformat.Kind) string {
	if k == cardformat.KindCSN {
		return lang.L("CSN (UID)")
	}
	return lang.L("Wiegand")
}

func sourceName(builtin bool) string {
	if builtin {
		return lang.L("Built-in")
	}
	return lang.L("Custom")
}

func usedBy(n int) string {
	switch n {
	case 0:
		return lang.L("Not used")
	case 1:
		return lang.L("1 credential")
	}
	return lang.X("formats.usedby", "{{.N}} credentials", map[string]any{"N": n})
}

// fieldsSummary lists the fields with their bits, and the parity bits:
// "facility 1-8, card 9-24 · parity 0, 25".
func fieldsSummary(f cardformat.Format) string {
	parts := make([]string, len(f.Fields))
	for i, fd := range f.Fields {
		parts[i] = words.CardField(fd.Name) + " " + cardformat.FormatMask(fd.Bits)
	}
	s := strings.Join(parts, ", ")
	if len(f.Parity) > 0 {
		pos := make([]string, len(f.Parity))
		for i, c := range f.Parity {
			pos[i] = cardformat.FormatMask([]int{c.Position})
		}
		s += " · " + lang.X("formats.paritybits", "parity {{.Bits}}", map[string]any{"Bits": strings.Join(pos, ", ")})
	}
	return s
}
