package dialogs

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/ui/widgets"
)

func openTestForm(t *testing.T, spec FormSpec) (*Form, *widgets.Jobs) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	win := a.NewWindow("form")
	win.Resize(fyne.NewSize(1024, 700))
	jobs := widgets.NewJobs(context.Background())
	return ShowForm(testHost{win: win, stack: &Stack{Win: win}}, jobs, spec), jobs
}

// A refusal goes where Failed puts it; the rest is worded by the fields'
// Explain on the general line, and the dialog stays open.
func TestFormShowsRefusalsWhereTheyBelong(t *testing.T) {
	fields := widgets.NewFieldSet()
	fields.Add("holder", "Cardholder", widgets.NewEntry())
	fields.Explain = func(err error) string { return "explained: " + err.Error() }
	inactive := errors.New("inactive")
	var refuse error
	done := 0
	f, jobs := openTestForm(t, FormSpec{Title: "Order", OK: "Order", Fields: fields, Hint: "Pick a cardholder.", Width: 520,
		Submit: func() func() error { return func() error { return refuse } },
		Failed: func(err error) bool {
			if err == inactive {
				fields.Set("holder", "at the field")
				return true
			}
			return false
		},
		Done: func() { done++ }})

	refuse = inactive
	test.Tap(f.OKButton())
	jobs.Wait()
	if got := fields.Field("holder").Message(); got != "at the field" || fields.General.Text != "" {
		t.Errorf("Failed's refusal: field %q, general %q", got, fields.General.Text)
	}
	refuse = errors.New("producer down")
	test.Tap(f.OKButton())
	jobs.Wait()
	if got := fields.General.Text; got != "explained: producer down" || fields.Field("holder").Message() != "" {
		t.Errorf("another refusal: general %q, field %q", got, fields.Field("holder").Message())
	}
	if f.Closed() || done != 0 {
		t.Fatalf("a refused form closed (%v) or was done (%d)", f.Closed(), done)
	}
	refuse = nil
	test.Tap(f.OKButton())
	jobs.Wait()
	if !f.Closed() || done != 1 {
		t.Errorf("after success: closed %v, done %d", f.Closed(), done)
	}
	f.Submit() // Enter in a field of the closed dialog
	jobs.Wait()
	if done != 1 {
		t.Errorf("a closed form ran its work again: done %d", done)
	}
}

// A blocked form keeps OK off and says why; Enter does nothing either.
func TestBlockedFormRunsNothing(t *testing.T) {
	fields := widgets.NewFieldSet()
	fields.Add("name", "Name", widgets.NewEntry())
	ran := 0
	f, jobs := openTestForm(t, FormSpec{Title: "Order", OK: "Order", Fields: fields,
		Submit: func() func() error { ran++; return func() error { return nil } }})
	f.Block("Card production is not set up.")
	f.Submit()
	jobs.Wait()
	if ran != 0 || !f.OKButton().Disabled() || !strings.Contains(fields.General.Text, "not set up") {
		t.Errorf("blocked: ran %d, OK disabled %v, general %q", ran, f.OKButton().Disabled(), fields.General.Text)
	}
}
