package requests

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// shape is where the Connect card dialog and its buttons are on the window.
type shape struct {
	body           fyne.Size
	at             fyne.Position
	finish, next   fyne.Position
	finishW, nextW float32
}

// shapeOf lays the dialog out again, as a window does when a message
// changes its content, and measures it.
func shapeOf(c *connectDialog) shape {
	c.dlg.Refresh()
	d := fyne.CurrentApp().Driver()
	return shape{body: c.body.Size(), at: d.AbsolutePositionForObject(c.body),
		finish: d.AbsolutePositionForObject(c.finish), next: d.AbsolutePositionForObject(c.next),
		finishW: c.finish.Size().Width, nextW: c.next.Size().Width}
}

// posOf is where o is on the window once the dialog is laid out again.
func posOf(c *connectDialog, o fyne.CanvasObject) fyne.Position {
	c.dlg.Refresh()
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// Waiting for a card shows a spinner and says so; stopping hides it:
// Wait for card and Stop waiting stay where they are.
func TestConnectReaderButtonsHoldStill(t *testing.T) {
	f, _ := simulatedFixture(t, "Anna")
	c := openConnect(t, f, 0)
	a := c.auto
	f.h.Eventually("the reader to wait", func() bool { return a.wait.Waiting() })
	wait, cancel, first := posOf(c, a.waitB), posOf(c, a.cancel), shapeOf(c)
	test.Tap(a.cancel)
	if a.wait.Spinner.Visible() || posOf(c, a.waitB) != wait || posOf(c, a.cancel) != cancel || shapeOf(c) != first {
		t.Errorf("stopping moved the buttons: wait %v → %v, stop %v → %v", wait, posOf(c, a.waitB), cancel, posOf(c, a.cancel))
	}
	test.Tap(a.waitB)
	if !a.wait.Waiting() || posOf(c, a.waitB) != wait || posOf(c, a.cancel) != cancel || shapeOf(c) != first {
		t.Errorf("waiting again moved the buttons: wait %v → %v, stop %v → %v", wait, posOf(c, a.waitB), cancel, posOf(c, a.cancel))
	}
}

// enrollTyped types a card's numbers on the Manual tab and presses Enroll.
func enrollTyped(t *testing.T, f *fixture, c *connectDialog, facility, card string) {
	t.Helper()
	c.manual.input(t, "facility").Entry.SetText(facility)
	c.manual.input(t, "card").Entry.SetText(card)
	test.Tap(c.manual.enroll)
	f.wait()
}

// A refusal shows on the tab it came from, replaces the one before, and
// goes when the input or the tab changes; meanwhile the dialog keeps its
// size and every button its place, also when the card is connected.
func TestConnectDialogShowsOnlyTheCurrentProblemAndHoldsStill(t *testing.T) {
	f := newFixture(t, "Anna", "Bert", "Cor", "Dirk")
	ctx := context.Background()
	for i, card := range map[int]string{2: "3456", 3: "7777"} { // Cor and Dirk hold a card each
		if _, err := f.st.Requests.ConnectManual(ctx, f.admin, f.reqs[i].ID, "h10301",
			map[string]string{"facility": "12", "card": card}); err != nil {
			t.Fatal(err)
		}
	}
	f.open(t, nil)
	c := openConnect(t, f, 0, 1)
	first := shapeOf(c)
	same := func(when string) {
		t.Helper()
		if got := shapeOf(c); got != first {
			t.Errorf("%s: the dialog moved or resized: %+v, was %+v", when, got, first)
		}
	}

	c.tabs.SelectIndex(1)
	same("on the Manual tab")
	m := c.manual
	enroll := posOf(c, m.enroll)
	m.input(t, "facility").Entry.SetText("300")
	if !m.input(t, "facility").msg.Visible() || posOf(c, m.enroll) != enroll {
		t.Errorf("a field's message moved Enroll from %v to %v", enroll, posOf(c, m.enroll))
	}
	same("with a field's message")
	enrollTyped(t, f, c, "12", "3456")
	if got := m.problem.Text(); !strings.Contains(got, "belongs to Cor Tester") || c.result.Text() != "" {
		t.Errorf("first refusal: problem %q, result %q", got, c.result.Text())
	}
	same("with a problem shown")
	enrollTyped(t, f, c, "12", "7777")
	if got := m.problem.Text(); !strings.Contains(got, "belongs to Dirk Tester") || strings.Contains(got, "Cor") {
		t.Errorf("second refusal did not replace the first: %q", got)
	}
	m.input(t, "card").Entry.SetText("7778")
	if got := m.problem.Text(); got != "" {
		t.Errorf("the problem stays after the input changed: %q", got)
	}
	same("after the problem went")

	enrollTyped(t, f, c, "12", "3456")
	c.tabs.SelectIndex(2)
	f.wait()
	if texts := uitest.Texts(c.body); strings.Contains(texts, "belongs to") {
		t.Errorf("the Manual tab's problem shows on the Existing tab: %s", texts)
	}
	same("on the Existing tab")
	c.tabs.SelectIndex(1)
	if m.problem.Text() != "" {
		t.Errorf("the problem came back with the tab: %q", m.problem.Text())
	}

	enrollTyped(t, f, c, "12", "5000")
	if !strings.Contains(c.result.Text(), "assigned to Anna Tester") || c.finish.Text != "Done" || !c.skip.Hidden {
		t.Fatalf("after connecting: result %q, finish %q, skip hidden %v", c.result.Text(), c.finish.Text, c.skip.Hidden)
	}
	same("after the card was connected")
	test.Tap(c.next)
	if c.step.Text != "2 of 2" {
		t.Fatalf("Next showed %q", c.step.Text)
	}
	if got := shapeOf(c); got.body != first.body || got.at != first.at || got.finish != first.finish {
		t.Errorf("on the last request the dialog or Cancel moved: %+v, was %+v", got, first)
	}
}
