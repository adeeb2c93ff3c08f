package dialogs

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/widgets"
)

type testHost struct {
	win   fyne.Window
	stack *Stack
}

func (h testHost) Window() fyne.Window                         { return h.win }
func (h testHost) ShowDialog(d dialog.Dialog)                  { h.stack.Show(d) }
func (h testHost) ShowGuardedDialog(d dialog.Dialog, _ func()) { h.stack.Show(d) }

// A dialog keeps its place and size while messages come and go, so the
// next click lands where the operator aimed.
func TestDialogsKeepTheirPlaceWhileMessagesComeAndGo(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	win := a.NewWindow("steady")
	win.Resize(fyne.NewSize(1024, 700))
	h := testHost{win: win, stack: &Stack{Win: win}}
	fields := widgets.NewFieldSet()
	fields.Add("name", "Name", widgets.NewEntry())
	fields.Add("number", "Card number", widgets.NewEntry())
	f := ShowForm(h, widgets.NewJobs(context.Background()), FormSpec{Title: "Add", OK: "Add",
		Fields: fields, Submit: func() func() error { return nil }})
	pop := win.Canvas().Overlays().Top().(*widget.PopUp)
	where := func() (fyne.Position, fyne.Size, fyne.Position) {
		test.LaidOutObjects(pop) // lay out as a frame would
		ok := f.ok
		return pop.Content.Position(), pop.Content.Size(), fyne.CurrentApp().Driver().AbsolutePositionForObject(ok)
	}
	pos, size, okAt := where()
	cases := []struct{ name, number, general string }{
		{"Required", "", ""},
		{"", "Card number 70000 is out of range: 0 to 65535 for this format", ""},
		{"", "", "Nothing was saved; correct the marked fields"},
		{"Required", "", strings.Repeat("A long refusal. ", 2)},
		{"Required", "Required", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		fields.Set("name", c.name)
		fields.Set("number", c.number)
		fields.SetGeneral(c.general)
		if p, s, o := where(); p != pos || s != size || o != okAt {
			t.Errorf("with messages %q the dialog moved from %v %v (OK at %v) to %v %v (OK at %v)",
				c, pos, size, okAt, p, s, o)
		}
	}
}

// A dialog without messages gets no empty room.
func TestDialogsWithoutMessagesKeepTheirSize(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	win := a.NewWindow("steady")
	win.Resize(fyne.NewSize(1024, 700))
	s := &Stack{Win: win}
	d := dialog.NewInformation("Done", "Saved.", win)
	s.Show(d)
	if got, least := win.Canvas().Overlays().Top().(*widget.PopUp).Content.Size(), d.MinSize(); got.Height > least.Height+1 {
		t.Errorf("information dialog is %v, needs %v", got, least)
	}
}
