package devices

import (
	"context"
	"errors"
	"slices"
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
)

// plugReaders is a reader source the test plugs, unplugs and reads at by
// hand through its Watch channel.
type plugReaders struct{ events chan enroll.ReaderEvent }

func newPlugReaders() *plugReaders { return &plugReaders{events: make(chan enroll.ReaderEvent, 8)} }

func (p *plugReaders) Readers(context.Context) ([]enroll.ReaderInfo, error) { return nil, nil }
func (p *plugReaders) NextCard(context.Context, string) (enroll.CardRead, error) {
	return enroll.CardRead{}, errors.New("the hub does not call NextCard of a source")
}
func (p *plugReaders) Watch(context.Context) <-chan enroll.ReaderEvent { return p.events }

// rig is the Devices screen of a station with a keyboard-wedge detector,
// the simulated reader and the test's sources, as the demo has.
type rig struct {
	h   *uitest.Host
	st  *enroll.Station
	sim *simulated.Reader
	kb  *wedge.Detector
	s   *Screen
}

// newRig signs an administrator in (an operator when operator is set) and
// opens the Devices screen.
func newRig(t *testing.T, operator bool, sources ...enroll.ReaderSource) *rig {
	t.Helper()
	sim := simulated.New()
	r := openScreen(t, operator, append([]enroll.ReaderSource{sim}, sources...)...)
	r.sim = sim
	return r
}

// openScreen opens the Devices screen over a hub of exactly these sources.
func openScreen(t *testing.T, operator bool, sources ...enroll.ReaderSource) *rig {
	t.Helper()
	return openScreenWith(t, operator, enroll.ReadersInForce{}, sources...)
}

// openScreenWith is openScreen on a station that opened force.
func openScreenWith(t *testing.T, operator bool, force enroll.ReadersInForce, sources ...enroll.ReaderSource) *rig {
	t.Helper()
	st, _ := uitest.Station(t)
	actor := uitest.SetupAdmin(t, st)
	if operator {
		actor = uitest.AddOperator(t, st, actor, "olga")
	}
	kb, err := wedge.New(wedge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kb.Close() })
	hub := enroll.NewReaderHub(st.Devices, nil, kb, sources...)
	hub.SetInForce(force)
	hub.Start(context.Background())
	t.Cleanup(hub.Close)
	h := uitest.NewHost(t, st, actor)
	h.Hub = hub
	s := New(h)
	t.Cleanup(s.Stop)
	h.Show(s)
	s.Shown()
	h.Wait()
	return &rig{h: h, st: st, kb: kb, s: s}
}

// rowsText is what the reader list shows now.
func rowsText(s *Screen) string {
	s.list.Refresh()
	return uitest.Texts(s.list)
}

func (r *rig) eventuallyRows(what string, want ...string) {
	r.h.Eventually(what, func() bool {
		got := rowsText(r.s)
		for _, w := range want {
			if !strings.Contains(got, w) {
				return false
			}
		}
		return true
	})
}

// reader is the named reader's state as the screen holds it.
func (s *Screen) reader(name string) (enroll.ReaderState, bool) {
	i := s.index(name)
	if i < 0 {
		return enroll.ReaderState{}, false
	}
	return s.rows[i], true
}

// button is the visible button under o labelled text.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Visible() && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// presentButton is the simulated reader panel's Present button.
func presentButton(t *testing.T, s *Screen) *widget.Button {
	t.Helper()
	if s.sim == nil {
		t.Fatal("no simulated reader panel")
	}
	return button(t, s.sim.Box, "Present test card")
}

// confirmTop answers yes in the newest dialog, a confirmation to remove.
func (r *rig) confirmTop(t *testing.T) {
	t.Helper()
	top := r.h.Win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	test.Tap(button(t, top, "Remove"))
	r.h.Wait()
}

// Where the build reaches no device over raw USB (Windows), the screen
// says how readers and printers are reached instead, to operators and
// administrators alike; elsewhere it says nothing about it.
func TestDevicesSayWhenThereIsNoDirectUSB(t *testing.T) {
	note := "On this system, card readers are used through the system's smart-card service (WinSCard) and badge printers " +
		"through the Windows print spooler. CardDesk does not access USB devices directly"
	cases := []struct {
		name     string
		operator bool
		force    enroll.ReadersInForce
		want     bool
	}{
		{"direct USB", false, enroll.ReadersInForce{}, false},
		{"direct USB, CCID on", false, enroll.ReadersInForce{ReaderOptions: enroll.ReaderOptions{CCID: true}}, false},
		{"no direct USB", false, enroll.ReadersInForce{NoDirectUSB: true}, true},
		{"no direct USB, operator", true, enroll.ReadersInForce{NoDirectUSB: true}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := openScreenWith(t, c.operator, c.force, simulated.New())
			texts := uitest.Texts(r.s.box)
			if got := strings.Contains(texts, note); got != c.want {
				t.Errorf("shows the note %v, want %v:\n%s", got, c.want, texts)
			}
			// The readers are listed all the same.
			r.eventuallyRows("the simulated reader", simulated.Name)
		})
	}
}

func TestDevicesListsTheSimulatedReaderAndItsCardsLive(t *testing.T) {
	r := newRig(t, false)
	s := r.s
	r.eventuallyRows("the simulated reader to be listed",
		simulated.Name, "Simulated", "Ready", "No card yet", "Card serial number (by UID length)")
	got := uitest.Texts(s.Content())
	for _, want := range []string{"Reader", "Kind", "Status", "Last card", "Decodes as", "1 connected"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q on the screen: %s", want, got)
		}
	}
	if s.sim == nil || !strings.Contains(uitest.Texts(s.sim.Box), "Simulated reader") || !strings.Contains(uitest.Texts(s.sim.Box), "Demo and training only") {
		t.Fatal("no clearly labelled simulated reader panel")
	}
	if !strings.Contains(got, "Demo and training only") {
		t.Error("the simulated reader panel is not on the screen")
	}

	// A card waved at the reader shows at once, without a click.
	r.sim.Present([]byte{0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66})
	r.eventuallyRows("the card to show", "CSN 56-bit · 04112233445566", "UID 04112233445566")

	// The panel presents a typed UID, and stays ready for the next card.
	present := presentButton(t, s)
	s.sim.SetUID("04 a1 b2 c3")
	test.Tap(present)
	r.eventuallyRows("the presented card to show", "CSN 32-bit · 04A1B2C3", "UID 04A1B2C3")
	r.h.Eventually("Present to be enabled again", func() bool { return !present.Disabled() })
	if st, _ := s.reader(simulated.Name); st.LastRead == nil || st.LastRead.Format != "" {
		t.Errorf("last read %+v; want the UID undecoded (default settings)", st.LastRead)
	}
	s.list.Select(0)
	if got := s.detail.Text; !s.detail.Visible() || !strings.Contains(got, "reads as CSN 32-bit · 04A1B2C3") {
		t.Errorf("detail of the selected reader: %q", got)
	}
}

func TestDevicesSimulatorPanelFollowsTheSimulatedReader(t *testing.T) {
	src := newPlugReaders()
	r := openScreen(t, false, src)
	s := r.s
	if s.sim != nil || strings.Contains(uitest.Texts(s.Content()), "Demo and training only") {
		t.Fatal("a simulated reader panel without a simulated reader")
	}
	training := enroll.ReaderInfo{Name: "Training reader", Kind: enroll.ReaderSimulated, Status: "ready"}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: training}
	r.h.Eventually("the panel to appear", func() bool { return s.sim != nil })
	if s.simName != training.Name || presentButton(t, s).Disabled() {
		t.Errorf("panel for %q, Present disabled %v", s.simName, presentButton(t, s).Disabled())
	}
	if !strings.Contains(uitest.Texts(s.Content()), "Demo and training only") {
		t.Error("the panel is not on the screen")
	}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: training}
	r.h.Eventually("the panel to go", func() bool { return s.sim == nil })
	if strings.Contains(uitest.Texts(s.Content()), "Demo and training only") {
		t.Error("the panel stays on the screen without the reader")
	}
}

func TestDevicesAdminSetsAReaderFormat(t *testing.T) {
	r := newRig(t, false)
	s, h := r.s, r.h
	h.Eventually("the simulated reader to be listed", func() bool { return len(s.rows) == 1 })
	if !s.settings.Disabled() {
		t.Error("Reader settings enabled with no reader selected")
	}
	s.list.Select(0)
	if s.settings.Disabled() || !s.remove.Disabled() {
		t.Fatalf("simulated reader selected: settings disabled %v, remove disabled %v", s.settings.Disabled(), s.remove.Disabled())
	}
	test.Tap(s.settings)
	h.Wait()
	form := s.editing
	if form == nil || h.Dialogs.Len() != 1 {
		t.Fatal("Reader settings did not open")
	}
	if form.meaning != nil {
		t.Error("a UID reader is asked what it types")
	}
	opts := form.format.Options
	if form.format.Selected != "Card serial number (by UID length)" || !slices.Contains(opts, "CSN 32-bit") ||
		!slices.Contains(opts, "HID Corporate 1000 48-bit") || slices.Contains(opts, "Standard 26-bit (H10301)") {
		t.Fatalf("format %q of %v; want whole-byte formats only, by UID length first", form.format.Selected, opts)
	}
	form.format.SetSelected("CSN 32-bit")
	test.Tap(form.ok)
	h.Wait()
	if h.Dialogs.Len() != 0 {
		t.Fatalf("dialog still open: %s", uitest.TopDialogTexts(h.Win))
	}
	r.eventuallyRows("the format to show", "CSN 32-bit")
	if got := h.LastMessage(); got != "Settings of Simulated reader (demo) saved" {
		t.Errorf("status: %q", got)
	}

	// The next read is decoded with it.
	r.sim.Present([]byte{0x04, 0xa1, 0xb2, 0xc3})
	h.Eventually("the read in csn32", func() bool {
		st, _ := s.reader(simulated.Name)
		return st.LastRead != nil && st.LastRead.Format == "csn32" && st.LastRead.Bits != ""
	})
	r.eventuallyRows("the decoded card", "CSN 32-bit · 04A1B2C3")

	// A UID of another length does not fit the format: said in the row.
	r.sim.Present([]byte{0x04, 1, 2, 3, 4, 5, 6})
	r.eventuallyRows("the refused read", "Not readable as CSN 32-bit")
	if st, _ := s.reader(simulated.Name); st.LastErr == nil {
		t.Error("no error for a 7-byte UID in csn32")
	}

	// Back to the default.
	test.Tap(s.settings)
	h.Wait()
	if s.editing.format.Selected != "CSN 32-bit" {
		t.Errorf("settings reopen with %q", s.editing.format.Selected)
	}
	s.editing.format.SetSelectedIndex(0)
	test.Tap(s.editing.ok)
	h.Wait()
	r.eventuallyRows("the default again", "Card serial number (by UID length)")
}

func TestDevicesAddAndRemoveAKeyboardReader(t *testing.T) {
	r := newRig(t, false)
	s, h := r.s, r.h
	test.Tap(s.add)
	h.Wait()
	form := s.editing
	if form == nil || !form.isNew || form.meaning == nil {
		t.Fatal("Add keyboard reader did not open its form")
	}
	if got := uitest.TopDialogTexts(h.Win); !strings.Contains(got, "tells it from a person typing by its speed") {
		t.Errorf("no explanation of keyboard readers: %s", got)
	}
	if h.Win.Canvas().Focused() != form.nameIn {
		t.Error("the name entry does not have the focus")
	}
	if form.meaning.Selected != "The card number, in digits" || form.format.Selected != "Standard 26-bit (H10301)" ||
		!slices.Equal(form.shown, []string{"facility"}) {
		t.Fatalf("defaults: %q, %q, fields %v", form.meaning.Selected, form.format.Selected, form.shown)
	}
	// Raw bits take every Wiegand format and no field values.
	form.meaning.SetSelected("The raw Wiegand bits, as 0/1 or hex")
	if len(form.shown) != 0 || slices.Contains(form.format.Options, "CSN 32-bit") {
		t.Errorf("bits: fields %v, formats %v", form.shown, form.format.Options)
	}
	form.meaning.SetSelected("The card number, in digits")
	form.nameIn.SetText("Front desk pcProx")
	form.values["facility"].SetText("12")
	test.Tap(form.ok)
	h.Wait()
	if h.Dialogs.Len() != 0 {
		t.Fatalf("dialog still open: %s", uitest.TopDialogTexts(h.Win))
	}
	r.eventuallyRows("the keyboard reader to be listed", "Front desk pcProx", "Keyboard", "Card number in Standard 26-bit (H10301) (Facility code 12)")
	if s.selected != "Front desk pcProx" || s.remove.Disabled() {
		t.Errorf("selected %q, remove disabled %v", s.selected, s.remove.Disabled())
	}
	if got := h.LastMessage(); got != "Keyboard reader Front desk pcProx added" {
		t.Errorf("status: %q", got)
	}

	// What it types at reader speed is its next card.
	at := time.Now()
	for _, c := range "00005" {
		at = at.Add(5 * time.Millisecond)
		r.kb.Key(c, at)
	}
	r.kb.Enter(at.Add(5 * time.Millisecond))
	r.eventuallyRows("the typed card", "Standard 26-bit (H10301) · Facility code 12 · Card number 5", "typed “00005”")

	test.Tap(s.remove)
	h.Wait()
	if got := uitest.TopDialogTexts(h.Win); !strings.Contains(got, "Remove the keyboard reader “Front desk pcProx”?") {
		t.Errorf("confirmation says %s", got)
	}
	r.confirmTop(t)
	h.Eventually("the keyboard reader to go", func() bool { _, ok := s.reader("Front desk pcProx"); return !ok })
	if list, _ := r.st.Devices.Configs(context.Background()); len(list) != 0 {
		t.Errorf("settings left after Remove: %+v", list)
	}
	if got := h.LastMessage(); got != "Keyboard reader Front desk pcProx removed" {
		t.Errorf("status: %q", got)
	}
}

func TestDevicesRefusesABadKeyboardConfig(t *testing.T) {
	r := newRig(t, false)
	s, h := r.s, r.h
	test.Tap(s.add)
	h.Wait()
	form := s.editing
	form.nameIn.SetText("Badge reader")
	// Number in h10301 with no facility code.
	test.Tap(form.ok)
	h.Wait()
	if msg := form.fields.Field("field.facility").Message(); msg != "Required" ||
		!strings.Contains(uitest.TopDialogTexts(h.Win), "Required") {
		t.Errorf("facility message %q (dialog says %s)", msg, uitest.TopDialogTexts(h.Win))
	}
	if h.Dialogs.Len() != 1 {
		t.Error("the dialog closed on a refused config")
	}
	if list, _ := r.st.Devices.Configs(context.Background()); len(list) != 0 {
		t.Errorf("a refused config was saved: %+v", list)
	}
	if _, ok := s.reader("Badge reader"); ok {
		t.Error("a refused keyboard reader is listed")
	}
	// The simulated reader's name is taken.
	form.nameIn.SetText(strings.ToUpper(simulated.Name))
	test.Tap(form.ok)
	h.Wait()
	if got := form.fields.Field("name").Message(); !strings.Contains(got, "already listed") {
		t.Errorf("name message %q", got)
	}
	// Escape in the name entry closes the dialog.
	h.Win.Canvas().Focus(form.nameIn)
	uitest.Key(t, h.Win, fyne.KeyEscape)
	if h.Dialogs.Len() != 0 {
		t.Error("Escape did not close the reader settings")
	}
}

func TestDevicesOperatorSeesNoSettings(t *testing.T) {
	r := newRig(t, true)
	s, h := r.s, r.h
	if s.settings != nil || s.add != nil || s.remove != nil {
		t.Fatal("an operator gets settings buttons")
	}
	r.eventuallyRows("the simulated reader to be listed", simulated.Name)
	present := presentButton(t, s)
	for _, o := range test.LaidOutObjects(s.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b != present {
			t.Errorf("operator sees button %q", b.Text)
		}
	}
	if !strings.Contains(uitest.Texts(s.Content()), "Only administrators can change reader settings.") {
		t.Error("no hint why there are no settings")
	}
	s.list.Select(0)
	s.openSettings()
	h.Wait()
	if s.editing != nil || h.Dialogs.Len() != 0 {
		t.Error("an operator opened reader settings")
	}
}

func TestDevicesWarnsWhenTheReaderServiceIsDown(t *testing.T) {
	src := newPlugReaders()
	r := newRig(t, false, src)
	s, h := r.s, r.h
	svc := enroll.ReaderInfo{Name: "Smart-card service (PC/SC)", Kind: enroll.ReaderPCSC, Status: "smart-card service not running", Service: true}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: svc}
	h.Eventually("the warning", func() bool { return s.banner.Visible() })
	if got := uitest.Texts(s.banner); !strings.Contains(got, "The smart-card service (PC/SC) is not running. Readers connected through it") {
		t.Errorf("banner: %q", got)
	}
	if _, ok := s.reader(svc.Name); ok || strings.Contains(rowsText(s), svc.Name) {
		t.Error("the service is listed as a reader")
	}

	usb := enroll.ReaderInfo{Name: "ACS ACR122U", Kind: enroll.ReaderPCSC, Status: "ready"}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: usb}
	r.eventuallyRows("the plugged reader", "ACS ACR122U", "PC/SC")
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: usb}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: svc}
	h.Eventually("the reader and the warning to go", func() bool {
		return !s.banner.Visible() && !strings.Contains(rowsText(s), "ACS ACR122U")
	})
}

func TestDevicesWithoutReadersSaysSo(t *testing.T) {
	st, _ := uitest.Station(t)
	h := uitest.NewHost(t, st, uitest.SetupAdmin(t, st))
	s := New(h)
	h.Show(s)
	s.Shown()
	h.Wait()
	if got := uitest.Texts(s.Content()); !strings.Contains(got, "No card readers are set up on this station") {
		t.Errorf("Devices without readers: %s", got)
	}
	s.Stop()
}

func TestDevicesStopStopsListening(t *testing.T) {
	src := newPlugReaders()
	r := newRig(t, false, src)
	s, h := r.s, r.h
	r.eventuallyRows("the simulated reader to be listed", simulated.Name)
	s.Stop()
	usb := enroll.ReaderInfo{Name: "ACS ACR122U", Kind: enroll.ReaderPCSC, Status: "ready"}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: usb}
	// Another listener sees the reader arrive; the stopped screen does not.
	h.Eventually("the hub to list the reader", func() bool {
		return slices.ContainsFunc(h.Readers().States(), func(st enroll.ReaderState) bool { return st.Info.Name == usb.Name })
	})
	if _, ok := s.reader(usb.Name); ok {
		t.Error("a stopped screen still follows the readers")
	}
}

func TestDevicesEscapeInTheFormatSelectClosesSettings(t *testing.T) {
	r := newRig(t, false)
	s, h := r.s, r.h
	h.Eventually("the simulated reader to be listed", func() bool { return len(s.rows) == 1 })
	s.list.Select(0)
	test.Tap(s.settings)
	h.Wait()
	if h.Dialogs.Len() != 1 {
		t.Fatal("Reader settings did not open")
	}
	h.Win.Canvas().Focus(s.editing.format)
	uitest.Key(t, h.Win, fyne.KeyEscape)
	if h.Dialogs.Len() != 0 {
		t.Error("Escape in the format select did not close the reader settings")
	}
}
