package requests

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// openConnect selects rows and opens the Connect card dialog.
func openConnect(t *testing.T, f *fixture, rows ...int) *connectDialog {
	t.Helper()
	for i, r := range rows {
		mods := fyne.KeyModifier(0)
		if i > 0 {
			mods = fyne.KeyModifierControl
		}
		clickRow(t, f.s.list, r, mods)
	}
	test.Tap(f.s.acts.connect)
	f.wait()
	c := f.s.connecting
	if c == nil {
		t.Fatal("Connect card did not open")
	}
	return c
}

// input is the manual entry of a field.
func (m *manualWay) input(t *testing.T, name string) *valueInput {
	t.Helper()
	for _, in := range m.inputs {
		if in.Field.Name == name {
			return in
		}
	}
	t.Fatalf("no field %q", name)
	return nil
}

func TestConnectManualChecksFieldsAsTyped(t *testing.T) {
	f := newFixture(t, "Anna")
	f.open(t, nil)
	c := openConnect(t, f, 0)
	if c.name.Text != "Anna Tester" || c.step.Text != "1 of 1" {
		t.Errorf("dialog shows %q, %q", c.name.Text, c.step.Text)
	}
	// No reader on this station: the Automatic tab says so and points on.
	if !c.auto.wait.None.Visible() || !strings.Contains(uitest.Texts(c.auto.box), "No card reader is connected to this station") {
		t.Errorf("automatic tab without readers: %s", uitest.Texts(c.auto.box))
	}
	if c.auto.wait.Sim != nil {
		t.Error("a simulator panel on a station without a simulated reader")
	}
	c.tabs.SelectIndex(1)
	m := c.manual
	if m.pick.Selected != "Standard 26-bit (H10301)" || len(m.inputs) != 2 {
		t.Fatalf("format %q with %d fields", m.pick.Selected, len(m.inputs))
	}
	if !strings.Contains(uitest.Texts(m.box), "cannot check that these numbers match a physical card") {
		t.Error("no warning that typed numbers are not checked against a card")
	}
	facility, card := m.input(t, "facility"), m.input(t, "card")
	if got := f.h.Win.Canvas().Focused(); got != facility.Entry {
		t.Errorf("after switching to Manual the focus is in %T, not the first number", got)
	}
	facility.Entry.SetText("300")
	card.Entry.SetText("12x")
	if got := facility.msg.Text; got != "Facility code: 300 is out of range 0–255" || !facility.msg.Visible() {
		t.Errorf("facility message %q", got)
	}
	if got := card.msg.Text; !strings.Contains(got, "not a whole number") {
		t.Errorf("card message %q", got)
	}
	if !m.enroll.Disabled() {
		t.Error("Enroll enabled with invalid fields")
	}
	facility.Entry.SetText("12")
	card.Entry.SetText("3456")
	if facility.msg.Visible() || card.msg.Visible() || m.enroll.Disabled() {
		t.Errorf("valid fields: messages %q %q, enroll disabled %v", facility.msg.Text, card.msg.Text, m.enroll.Disabled())
	}
	test.Tap(m.enroll)
	f.wait()
	if got := c.result.Text(); got != "New card Standard 26-bit (H10301) · Facility code 12 · Card number 3456 enrolled and assigned to Anna Tester." {
		t.Errorf("result %q", got)
	}
	if r := f.request(t, 0); r.CredentialID == 0 {
		t.Error("no card connected")
	}
	if !m.enroll.Disabled() || !facility.Entry.Disabled() {
		t.Error("manual inputs still open after the card was connected")
	}
	if f.h.AnsweredN != 1 {
		t.Errorf("answered %d times after connecting", f.h.AnsweredN)
	}
	// The same card for someone else is refused, naming the holder.
	other := uitest.AddCardholders(t, f.st, f.admin, "Bert")[0]
	uitest.FileRequest(t, f.st, f.admin, other, "")
	c.dlg.Hide()
	f.s.refreshRows()
	f.wait()
	c = openConnect(t, f, 1)
	c.tabs.SelectIndex(1)
	c.manual.input(t, "facility").Entry.SetText("12")
	c.manual.input(t, "card").Entry.SetText("3456")
	test.Tap(c.manual.enroll)
	f.wait()
	if got := c.manual.problem.Text(); !strings.Contains(got, "belongs to Anna Tester") {
		t.Errorf("taken card: %q", got)
	}
}

func TestConnectExistingByDoubleClick(t *testing.T) {
	f := newFixture(t, "Anna")
	ctx := context.Background()
	spare, err := f.st.Credentials.Enroll(ctx, f.admin, enroll.NewCredential{Format: "h10301", Name: "Spare 1",
		Fields: map[string]string{"facility": "42", "card": "1001"}, Status: enroll.CredentialInactive})
	if err != nil {
		t.Fatal(err)
	}
	f.open(t, nil)
	c := openConnect(t, f, 0)
	c.tabs.SelectIndex(2)
	f.wait()
	e := c.exist
	if e.rows.Len() != 1 || !strings.Contains(uitest.Texts(e.box), "1 available") {
		t.Fatalf("available: %d, %s", e.rows.Len(), uitest.Texts(e.box))
	}
	var row *widgets.ActivatableRow
	e.list.Refresh()
	for _, o := range test.LaidOutObjects(e.list) {
		if r, ok := o.(*widgets.ActivatableRow); ok && r.Index() == 0 {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no credential row on screen")
	}
	test.Tap(row)
	test.Tap(row)
	f.wait()
	if got := c.result.Text(); got != "Card Standard 26-bit (H10301) · Facility code 42 · Card number 1001 assigned to Anna Tester." {
		t.Errorf("result %q", got)
	}
	if r := f.request(t, 0); r.CredentialID != spare.ID {
		t.Errorf("request card %d, want %d", r.CredentialID, spare.ID)
	}
	// The activation option decides: after enrollment means active now.
	list, _, _ := f.st.Credentials.List(ctx, f.admin, enroll.CredentialQuery{})
	if len(list) != 1 || list[0].Status != enroll.CredentialActive || list[0].CardholderName != "Anna Tester" {
		t.Errorf("credential after assign: %+v", list)
	}
}

func TestConnectWalksThroughTheSelection(t *testing.T) {
	f := newFixture(t, "Anna", "Bert", "Cor")
	f.open(t, nil)
	c := openConnect(t, f, 0, 1, 2)
	step := func(want, name string) {
		t.Helper()
		if c.step.Text != want || c.name.Text != name {
			t.Errorf("showing %q %q, want %q %q", c.step.Text, c.name.Text, want, name)
		}
	}
	step("1 of 3", "Anna Tester")
	if c.skip.Hidden || c.next.Hidden || !c.next.Disabled() {
		t.Errorf("first: skip hidden %v, next hidden %v, next disabled %v", c.skip.Hidden, c.next.Hidden, c.next.Disabled())
	}
	test.Tap(c.skip)
	step("2 of 3", "Bert Tester")
	c.tabs.SelectIndex(1)
	c.manual.input(t, "facility").Entry.SetText("5")
	c.manual.input(t, "card").Entry.SetText("500")
	test.Tap(c.manual.enroll)
	f.wait()
	if c.next.Disabled() || !c.skip.Hidden || c.finish.Text != "Done" {
		t.Errorf("after connecting: next disabled %v, skip hidden %v, finish %q", c.next.Disabled(), c.skip.Hidden, c.finish.Text)
	}
	test.Tap(c.next)
	step("3 of 3", "Cor Tester")
	if c.manual.input(t, "card").Entry.Text != "" || c.result.Text() != "" {
		t.Error("the previous cardholder's input or result is still shown")
	}
	if !c.next.Hidden || !c.skip.Hidden {
		t.Error("Next or Skip shown on the last request")
	}
	if f.request(t, 0).CredentialID != 0 || f.request(t, 1).CredentialID == 0 {
		t.Error("skip or connect reached the wrong request")
	}
	test.Tap(c.finish)
	if f.h.Dialogs.Len() != 0 || f.s.connecting != nil {
		t.Error("Done did not close the dialog")
	}
}

// startHub follows the sources for the screen, as main does.
func startHub(t *testing.T, st *enroll.Station, keyboard enroll.KeyboardInput, sources ...enroll.ReaderSource) *enroll.ReaderHub {
	t.Helper()
	h := enroll.NewReaderHub(st.Devices, nil, keyboard, sources...)
	h.Start(context.Background())
	t.Cleanup(h.Close)
	return h
}

// simulatedFixture is a screen on a station with the demo's simulated reader.
func simulatedFixture(t *testing.T, names ...string) (*fixture, *simulated.Reader) {
	f := newFixture(t, names...)
	sim := simulated.New()
	f.open(t, startHub(t, f.st, nil, sim))
	return f, sim
}

// presentButton is the simulator panel's Present test card button.
func presentButton(t *testing.T, p *widgets.SimulatorPanel) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(p.Box) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Present test card" {
			return b
		}
	}
	t.Fatal("the simulator panel has no Present button")
	return nil
}

func eventuallyText(f *fixture, what string, get func() string, want string) {
	f.h.Eventually(what, func() bool { return strings.Contains(get(), want) })
}

func TestConnectAutomaticWithTheSimulatedReader(t *testing.T) {
	f, _ := simulatedFixture(t, "Anna", "Bert")
	c := openConnect(t, f, 0, 1)
	a := c.auto
	eventuallyText(f, "the reader to wait", func() string { return a.wait.State.Text }, "Present the card to Simulated reader (demo)")
	if a.wait.Sim == nil {
		t.Fatal("no simulator panel for the simulated reader")
	}
	present := presentButton(t, a.wait.Sim)
	if !strings.Contains(uitest.Texts(a.box), "Simulated reader") || present.Disabled() || a.cancel.Disabled() {
		t.Errorf("waiting: %s; present disabled %v", uitest.Texts(a.box), present.Disabled())
	}
	a.wait.Sim.SetUID("04 a1 b2 c3")
	test.Tap(present)
	eventuallyText(f, "the card to be connected", func() string { return c.result.Text() }, "New card CSN 32-bit · 04A1B2C3 enrolled and assigned to Anna Tester")
	if a.wait.Waiting() || !a.waitB.Disabled() {
		t.Error("still waiting after the card was connected")
	}

	// Bert: the same card belongs to Anna now, so it is refused and the reader waits again.
	test.Tap(c.next)
	eventuallyText(f, "the reader to wait for Bert", func() string { return a.wait.State.Text }, "Present the card")
	a.wait.Sim.SetUID("04A1B2C3")
	test.Tap(present)
	eventuallyText(f, "the refusal", func() string { return a.problem.Text() }, "belongs to Anna Tester")
	f.h.Eventually("the reader to wait again", func() bool { return a.wait.Waiting() })
	if f.request(t, 1).CredentialID != 0 {
		t.Error("Anna's card was connected to Bert")
	}
	if c.result.Text() != "" {
		t.Errorf("a card problem shows as the request's outcome: %q", c.result.Text())
	}
	// The refusal belongs to the Automatic tab: on Manual it is gone.
	c.tabs.SelectIndex(1)
	if texts := uitest.Texts(c.body); strings.Contains(texts, "belongs to") {
		t.Errorf("the Automatic tab's refusal shows on Manual: %s", texts)
	}
	c.tabs.SelectIndex(0)
	f.h.Eventually("the reader to wait once more", func() bool { return a.wait.Waiting() })
	// A random card (empty UID) goes through.
	a.wait.Sim.SetUID("")
	test.Tap(present)
	eventuallyText(f, "a random card", func() string { return c.result.Text() }, "assigned to Bert Tester")
	if a.problem.Text() != "" {
		t.Errorf("the last card's problem stays after a good card: %q", a.problem.Text())
	}

	// Closing the dialog ends a wait at once.
	c.dlg.Hide()
	f.wait()
	if a.wait.Waiting() {
		t.Error("the reader still waits after the dialog closed")
	}
}

func TestConnectAutomaticTimesOutAndCancels(t *testing.T) {
	f := newFixture(t, "Anna")
	sim := simulated.New()
	hub := startHub(t, f.st, nil, sim)
	f.open(t, hub)
	f.s.cardWait = 50 * time.Millisecond
	c := openConnect(t, f, 0)
	eventuallyText(f, "the timeout", func() string { return c.auto.wait.State.Text }, "No card was presented within")
	if c.auto.waitB.Disabled() || !presentButton(t, c.auto.wait.Sim).Disabled() {
		t.Error("after the timeout: Wait for card off or Present on")
	}
	f.s.cardWait = time.Minute
	test.Tap(c.auto.waitB)
	if !c.auto.wait.Waiting() {
		t.Fatal("Wait for card did not start waiting")
	}
	test.Tap(c.auto.cancel)
	if c.auto.wait.Waiting() || c.auto.wait.State.Text != "Stopped waiting for a card." {
		t.Errorf("cancel: state %q", c.auto.wait.State.Text)
	}
	// The cancelled wait may still be unwinding; a card presented now must
	// be ignored all the same, also once the wait has handed back.
	sim.Present(enroll.RandomTestUID())
	f.h.Eventually("the cancelled wait to hand back", func() bool { return c.auto.wait.Waits() == 0 })
	if f.request(t, 0).CredentialID != 0 || c.auto.wait.State.Text != "Stopped waiting for a card." {
		t.Errorf("a card presented after Cancel was used: state %q", c.auto.wait.State.Text)
	}
}

// Stop, at sign-out, ends the wait of an open dialog.
func TestStopEndsTheReaderWait(t *testing.T) {
	f, _ := simulatedFixture(t, "Anna")
	c := openConnect(t, f, 0)
	f.h.Eventually("the reader to wait", func() bool { return f.h.Hub.Waiting(simulated.Name) })
	f.s.Stop()
	f.h.Eventually("the wait to end", func() bool { return !f.h.Hub.Waiting(simulated.Name) && c.auto.wait.Waits() == 0 })
	if c.auto.wait.Waiting() || f.s.connecting != nil || !c.shut {
		t.Error("the dialog still waits for a card after Stop")
	}
}

func TestConnectRefusedWhenAnsweredElsewhere(t *testing.T) {
	f := newFixture(t, "Anna")
	f.open(t, nil)
	c := openConnect(t, f, 0)
	other := uitest.AddOperator(t, f.st, f.admin, "olga")
	if _, err := f.st.Requests.Deny(context.Background(), other, []int64{f.reqs[0].ID}, ""); err != nil {
		t.Fatal(err)
	}
	c.tabs.SelectIndex(1)
	c.manual.input(t, "facility").Entry.SetText("1")
	c.manual.input(t, "card").Entry.SetText("2")
	changed := f.h.ChangedN
	test.Tap(c.manual.enroll)
	f.wait()
	if got := c.result.Text(); !strings.Contains(got, "olga already denied this request") {
		t.Errorf("conflict: %q", got)
	}
	if !c.manual.enroll.Disabled() || f.s.rows.Len() != 0 || f.h.ChangedN == changed {
		t.Errorf("after the conflict: enroll disabled %v, rows %d, changed %d", c.manual.enroll.Disabled(), f.s.rows.Len(), f.h.ChangedN-changed)
	}
}
