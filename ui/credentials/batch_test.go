package credentials

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/devices/wedge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

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

// resultsText is the list of cards the dialog enrolled and refused.
func resultsText(d *batchDialog) string { return uitest.Texts(d.results) }

// Three cards, one of them twice: two are enrolled, the repeat is refused
// with the reason; the count glows with every card; Stop ends the wait;
// the list shows the new cards once the dialog closes.
func TestBatchEnrollmentAtTheSimulatedReader(t *testing.T) {
	f := newFixture(t, "Anna")
	hub, sim := uitest.SimulatedHub(t, f.st)
	s := f.open(hub)
	f.tap(s.batchBtn)
	d := s.batch
	if d == nil {
		t.Fatal("Enroll cards at a reader opened no dialog")
	}
	f.h.Eventually("the reader to wait", func() bool { return hub.Waiting(simulated.Name) })
	all := uitest.TopDialogTexts(f.h.Win)
	has(t, "the dialog", all, "Simulated reader (demo)", "Decodes as", "Card serial number (by UID length)", "Devices",
		"Present the next card to Simulated reader (demo)…", "0 enrolled, 0 refused")
	if d.stopB.Disabled() || !d.resumeB.Disabled() {
		t.Error("while waiting: Stop should be on, Continue off")
	}
	f.h.Capture("credentials-batch.png", fyne.NewSize(1024, 700))

	changed := f.h.ChangedN
	present := func(uid []byte, want func() bool) {
		t.Helper()
		f.h.Eventually("the reader to wait", func() bool { return hub.Waiting(simulated.Name) && d.wait.Waiting() })
		sim.Present(uid)
		f.h.Eventually("the card to be counted", want)
	}
	present([]byte{0x04, 0xA1, 0xB2, 0xC3}, func() bool { return d.enrolled == 1 })
	if d.flashes != 1 || !d.lastOK || d.count.Text != "1 enrolled, 0 refused" || d.last.Text != "Enrolled: CSN 32-bit · 04A1B2C3" {
		t.Errorf("after the first card: %d flashes, ok %v, %q, %q", d.flashes, d.lastOK, d.count.Text, d.last.Text)
	}
	present([]byte{0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}, func() bool { return d.enrolled == 2 })
	present([]byte{0x04, 0xA1, 0xB2, 0xC3}, func() bool { return d.refused == 1 })
	if d.flashes != 3 || d.lastOK || d.count.Text != "2 enrolled, 1 refused" {
		t.Errorf("after the repeat: %d flashes, ok %v, %q", d.flashes, d.lastOK, d.count.Text)
	}
	want := "Already enrolled: CSN 32-bit · 04A1B2C3, not assigned."
	if d.last.Text != "Refused: "+want || d.last.Importance != widget.DangerImportance {
		t.Errorf("the last line says %q (%v)", d.last.Text, d.last.Importance)
	}
	list := resultsText(d)
	if !uitest.Contains(list, want, "CSN 56-bit · 04112233445566", "CSN 32-bit · 04A1B2C3") ||
		strings.Index(list, want) > strings.Index(list, "CSN 56-bit") || strings.Index(list, "CSN 56-bit") > strings.LastIndex(list, "CSN 32-bit · 04A1B2C3|") {
		t.Errorf("the results are not listed newest first: %s", list)
	}
	f.h.Capture("credentials-batch-cards.png", fyne.NewSize(1024, 700))
	if f.h.ChangedN-changed != 2 {
		t.Errorf("the shell heard of %d changes, want 2", f.h.ChangedN-changed)
	}
	ks, n, err := f.st.Credentials.List(f.ctx, f.admin, enroll.CredentialQuery{})
	if err != nil || n != 2 {
		t.Fatalf("%d credentials stored (%v)", n, err)
	}
	for _, k := range ks {
		if k.Status != enroll.CredentialInactive || k.CardholderID != 0 {
			t.Errorf("a card enrolled at the reader is %+v", k)
		}
	}

	// The simulator panel presents a card too.
	f.h.Eventually("the reader to wait", func() bool { return hub.Waiting(simulated.Name) && d.wait.Waiting() })
	d.wait.Sim.SetUID("04 de ad be")
	test.Tap(presentButton(t, d.wait.Sim))
	f.h.Eventually("the panel's card", func() bool { return d.enrolled == 3 })

	// Stop ends the wait; Continue waits again.
	f.h.Eventually("the reader to wait", func() bool { return d.wait.Waiting() })
	f.tap(d.stopB)
	f.h.Eventually("the wait to end", func() bool { return !hub.Waiting(simulated.Name) && d.wait.Waits() == 0 })
	if d.wait.Waiting() || !d.stopB.Disabled() || d.resumeB.Disabled() || !strings.Contains(d.wait.State.Text, "Stopped") {
		t.Errorf("after Stop: waiting %v, state %q", d.wait.Waiting(), d.wait.State.Text)
	}
	late := []byte{0x04, 0x99, 0x99, 0x99}
	sim.Present(late)
	f.h.Eventually("the hub to see the card", func() bool {
		for _, st := range hub.States() {
			if st.Info.Name == simulated.Name && st.LastRead != nil && bytes.Equal(st.LastRead.UID, late) {
				return true
			}
		}
		return false
	})
	f.wait()
	if d.enrolled != 3 {
		t.Error("a card presented after Stop was enrolled")
	}
	f.tap(d.resumeB)
	f.h.Eventually("the reader to wait again", func() bool { return hub.Waiting(simulated.Name) })

	f.tap(d.closeB)
	f.h.Eventually("the wait to end", func() bool { return !hub.Waiting(simulated.Name) })
	if s.batch != nil || s.rows.Len() != 3 {
		t.Errorf("after closing: dialog %v, %d cards listed", s.batch != nil, s.rows.Len())
	}
	if !strings.Contains(f.h.LastMessage(), "3 cards enrolled at the reader, 1 refused.") {
		t.Errorf("the status bar says %q", f.h.LastMessage())
	}
}

// plugReaders is a reader source the test plugs, unplugs and reads at by
// hand.
type plugReaders struct{ events chan enroll.ReaderEvent }

func (p *plugReaders) Readers(context.Context) ([]enroll.ReaderInfo, error) { return nil, nil }
func (p *plugReaders) NextCard(context.Context, string) (enroll.CardRead, error) {
	return enroll.CardRead{}, errors.New("the hub does not call NextCard of a source")
}
func (p *plugReaders) Watch(context.Context) <-chan enroll.ReaderEvent { return p.events }

// A reader unplugged in the middle ends the batch and says so; the card
// enrolled before stays whole, and a card that cannot be decoded is
// refused with the reason.
func TestBatchStopsWhenTheReaderIsUnplugged(t *testing.T) {
	f := newFixture(t)
	src := &plugReaders{events: make(chan enroll.ReaderEvent, 8)}
	hub := enroll.NewReaderHub(f.st.Devices, nil, nil, src)
	hub.Start(context.Background())
	t.Cleanup(hub.Close)
	usb := enroll.ReaderInfo{Name: "ACS ACR122U", Kind: enroll.ReaderPCSC, Status: "ready"}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: usb}
	s := f.open(hub)
	f.h.Eventually("the reader to be listed", func() bool { return len(hub.States()) == 1 })
	f.tap(s.batchBtn)
	d := s.batch
	f.h.Eventually("the reader to wait", func() bool { return hub.Waiting(usb.Name) && d.wait.Waiting() })
	if d.wait.Sim != nil {
		t.Error("a simulator panel at a real reader")
	}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderCard, Reader: usb, Card: enroll.CardRead{Reader: usb.Name, UID: []byte{1, 2, 3, 4}}}
	f.h.Eventually("the card", func() bool { return d.enrolled == 1 })
	f.h.Eventually("the reader to wait", func() bool { return hub.Waiting(usb.Name) && d.wait.Waiting() })
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderCard, Reader: usb, Card: enroll.CardRead{Reader: usb.Name, UID: []byte{1, 2, 3, 4, 5}}}
	f.h.Eventually("the odd card", func() bool { return d.refused == 1 })
	if !strings.Contains(d.last.Text, "0102030405") || !strings.Contains(d.last.Text, "5 bytes") {
		t.Errorf("a 5-byte UID is refused with %q", d.last.Text)
	}
	f.h.Eventually("the reader to wait", func() bool { return hub.Waiting(usb.Name) && d.wait.Waiting() })
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: usb}
	f.h.Eventually("the batch to stop", func() bool { return d.problem.Visible() })
	if !strings.Contains(d.problem.Text, "ACS ACR122U is no longer connected, so enrollment stopped.") {
		t.Errorf("the dialog says %q", d.problem.Text)
	}
	if d.wait.Waiting() || !d.stopB.Disabled() {
		t.Error("still waiting after the reader went")
	}
	if all := uitest.TopDialogTexts(f.h.Win); !strings.Contains(all, "No card reader is connected to this station.") {
		t.Errorf("the dialog does not say that no reader is left: %s", all)
	}
	if _, n, _ := f.st.Credentials.List(f.ctx, f.admin, enroll.CredentialQuery{}); n != 1 {
		t.Errorf("%d credentials stored, want the one read before", n)
	}
	// Stop at sign-out closes nothing twice.
	s.Stop()
	f.wait()
	if s.batch != nil {
		t.Error("Stop left the dialog's batch open")
	}
}

// A keyboard-wedge reader's bursts are enrolled the same way, decoded
// with its settings, which the dialog shows.
func TestBatchEnrollmentWithAKeyboardReader(t *testing.T) {
	f := newFixture(t)
	cfg := enroll.ReaderConfig{Name: "Front desk pcProx", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeNumber,
		Format: "h10301", Fields: map[string]string{"facility": "12"}}
	if err := f.st.Devices.Configure(f.ctx, f.admin, cfg); err != nil {
		t.Fatal(err)
	}
	kb, err := wedge.New(wedge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hub := enroll.NewReaderHub(f.st.Devices, nil, kb)
	hub.Start(context.Background())
	t.Cleanup(hub.Close)
	s := f.open(hub)
	s.FocusSearch() // the cursor in a text field, where a reader's digits would land
	f.tap(s.batchBtn)
	d := s.batch
	f.h.Eventually("the keyboard reader to wait", func() bool { return hub.Waiting(cfg.Name) && d.wait.Waiting() })
	if f.h.Win.Canvas().Focused() != nil {
		t.Errorf("waiting at a keyboard reader leaves the focus in %T", f.h.Win.Canvas().Focused())
	}
	has(t, "the dialog", uitest.TopDialogTexts(f.h.Win), "Card number in Standard 26-bit (H10301) (Facility code 12)",
		"Present the next card to Front desk pcProx… (keep the cursor out of text fields")

	at := time.Now()
	burst := func(text string) bool {
		for _, r := range text {
			kb.Key(r, at)
			at = at.Add(5 * time.Millisecond)
		}
		_, ok := kb.Enter(at)
		at = at.Add(time.Second)
		return ok
	}
	// A burst goes to whoever listens at that moment: type the card
	// again until the hub's listener has taken it.
	for i, number := range []string{"4711", "4712"} {
		f.h.Eventually("the card to be enrolled", func() bool {
			if d.wait.Waiting() && !d.busy && !burst(number) {
				t.Fatal("a reader's burst was not taken for one")
			}
			return d.enrolled == i+1
		})
	}
	has(t, "the results", resultsText(d), "Facility code 12 · Card number 4711", "Facility code 12 · Card number 4712")
	if _, n, _ := f.st.Credentials.List(f.ctx, f.admin, enroll.CredentialQuery{}); n != 2 {
		t.Errorf("%d credentials stored, want 2", n)
	}
}
