package settings

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// openSettings shows the screen for actor, as the shell does, with tab
// open; renamed counts the calls of OnStationRenamed.
func openSettings(t *testing.T, st *enroll.Station, actor enroll.Actor, tab int) (*uitest.Host, *Screen, *int) {
	t.Helper()
	h := uitest.NewHost(t, st, actor)
	s := New(h)
	renamed := new(int)
	s.OnStationRenamed = func() { *renamed++ }
	h.Show(s)
	s.Shown()
	h.Wait()
	s.tabs.SelectIndex(tab)
	h.Wait()
	return h, s, renamed
}

// confirm answers yes to a question.
func confirm(t *testing.T, h *uitest.Host, d *dialog.ConfirmDialog) {
	t.Helper()
	if d == nil {
		t.Fatal("no question was asked")
	}
	d.Confirm()
	h.Wait()
}

// submit presses OK in a form dialog.
func submit(h *uitest.Host, f *openForm) {
	f.Submit()
	h.Wait()
}

// button finds the button labelled text under o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}
