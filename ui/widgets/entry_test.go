package widgets

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A window measures its widgets on every repaint, so a select entry's
// MinSize must cost nothing once measured, and measure what Fyne's does.
func TestSelectEntryMinSizeIsCached(t *testing.T) {
	test.NewTempApp(t)
	e := NewSelectEntry([]string{"Badge printed", "Card ordered"})
	w := test.NewTempWindow(t, e)
	w.Resize(w.Content().MinSize().AddWidthHeight(100, 100))
	want := e.SelectEntry.MinSize() // Fyne's, which registers the shortcuts again
	if got := e.MinSize(); got != want {
		t.Errorf("MinSize %v, Fyne's select entry measures %v", got, want)
	}
	if allocs := testing.AllocsPerRun(20, func() { e.MinSize() }); allocs != 0 {
		t.Errorf("MinSize allocates %.0f times a call, want none", allocs)
	}
	plain := widget.NewSelectEntry([]string{"Badge printed"})
	if allocs := testing.AllocsPerRun(20, func() { plain.MinSize() }); allocs == 0 {
		t.Log("Fyne's select entry no longer allocates in MinSize; the override in entry.go can go")
	}
}
