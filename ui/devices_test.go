package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/devices/wedge"
	"github.com/carddesk/carddesk/enroll"
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

// devicesDesk signs an administrator in (an operator when operator is
// set) on a station with a keyboard-wedge detector, the simulated reader
// and the given sources, as the demo has, and opens the Devices screen.
func devicesDesk(t *testing.T, operator bool, sources ...enroll.ReaderSource) (*deskFixture, *simulated.Reader, *devicesView) {
	t.Helper()
	f := newDeskFixture(t)
	sim := simulated.New()
	kb, err := wedge.New(wedge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kb.Close() })
	configure := func(d *Desk) {
		hub := enroll.NewReaderHub(d.st.Devices, nil, kb, append([]enroll.ReaderSource{sim}, sources...)...)
		hub.Start(context.Background())
		t.Cleanup(hub.Close)
		d.cfg.Readers, d.cfg.Simulator, d.cfg.Keyboard = hub, sim, kb
	}
	if !operator {
		f.signIn(t, configure)
	} else {
		f.d = newTestDesk(t, f.st, f.path)
		configure(f.d)
		f.d.signedIn(addOperator(t, f.st, f.admin, "olga"))
		f.wait()
		f.s = f.d.session
	}
	return f, sim, openDevices(t, f)
}

func openDevices(t *testing.T, f *deskFixture) *devicesView {
	t.Helper()
	f.s.open(secDevices)
	f.wait()
	v, ok := f.s.views[secDevices].(*devicesView)
	if !ok {
		t.Fatalf("the Devices section is %T", f.s.views[secDevices])
	}
	return v
}

// rowsText is what the reader list shows now.
func rowsText(v *devicesView) string {
	v.list.Refresh()
	return textsOf(v.list)
}

func eventuallyRows(t *testing.T, f *deskFixture, v *devicesView, what string, want ...string) {
	t.Helper()
	eventually(t, f.d, what, func() bool {
		got := rowsText(v)
		for _, w := range want {
			if !strings.Contains(got, w) {
				return false
			}
		}
		return true
	})
}

// reader is the named reader's state as the screen holds it.
func (v *devicesView) reader(name string) (enroll.ReaderState, bool) {
	i := v.index(name)
	if i < 0 {
		return enroll.ReaderState{}, false
	}
	return v.readers[i], true
}

func TestDevicesListsTheSimulatedReaderAndItsCardsLive(t *testing.T) {
	f, sim, v := devicesDesk(t, false)
	eventuallyRows(t, f, v, "the simulated reader to be listed",
		simulated.Name, "Simulated", "ready", "No card yet", "Card serial number (by UID length)")
	got := textsOf(v.box)
	for _, want := range []string{"Reader", "Kind", "Status", "Last card", "Decodes as", "1 connected"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q on the screen: %s", want, got)
		}
	}
	if v.sim == nil || !strings.Contains(textsOf(v.sim.box), "Simulated reader") || !strings.Contains(textsOf(v.sim.box), "Demo and training only") {
		t.Fatal("no clearly labelled simulated reader panel")
	}

	// A card waved at the reader shows at once, without a click.
	sim.Present([]byte{0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66})
	eventuallyRows(t, f, v, "the card to show", "csn56 04112233445566", "UID 04112233445566")

	// The panel presents a typed UID, and stays ready for the next card.
	v.sim.uid.SetText("04 a1 b2 c3")
	test.Tap(v.sim.present)
	eventuallyRows(t, f, v, "the presented card to show", "csn32 04A1B2C3", "UID 04A1B2C3")
	eventually(t, f.d, "Present to be enabled again", func() bool { return !v.sim.present.Disabled() })
	if st, _ := v.reader(simulated.Name); st.LastRead == nil || st.LastRead.Format != "" {
		t.Errorf("last read %+v; want the UID undecoded (default settings)", st.LastRead)
	}
	v.list.Select(0)
	if got := v.detail.Text; !v.detail.Visible() || !strings.Contains(got, "reads as csn32 04A1B2C3") {
		t.Errorf("detail of the selected reader: %q", got)
	}
}

func TestDevicesAdminSetsAReaderFormat(t *testing.T) {
	f, sim, v := devicesDesk(t, false)
	eventually(t, f.d, "the simulated reader to be listed", func() bool { return len(v.readers) == 1 })
	if !v.settings.Disabled() {
		t.Error("Reader settings enabled with no reader selected")
	}
	v.list.Select(0)
	if v.settings.Disabled() || !v.remove.Disabled() {
		t.Fatalf("simulated reader selected: settings disabled %v, remove disabled %v", v.settings.Disabled(), v.remove.Disabled())
	}
	test.Tap(v.settings)
	f.wait()
	form := v.editing
	if form == nil || len(f.s.dialogs.open) != 1 {
		t.Fatal("Reader settings did not open")
	}
	if form.meaning != nil {
		t.Error("a UID reader is asked what it types")
	}
	opts := form.format.Options
	if form.format.Selected != "Card serial number (by UID length)" || !slices.Contains(opts, "Card serial number (UID) (csn32)") ||
		!slices.Contains(opts, "HID Corporate 1000 48 bits (c1k48)") || slices.Contains(opts, "Standard 26 bits (h10301)") {
		t.Fatalf("format %q of %v; want whole-byte formats only, by UID length first", form.format.Selected, opts)
	}
	form.format.SetSelected("Card serial number (UID) (csn32)")
	test.Tap(form.ok)
	f.wait()
	if len(f.s.dialogs.open) != 0 {
		t.Fatalf("dialog still open: %s", topDialogTexts(f.s))
	}
	eventuallyRows(t, f, v, "the format to show", "Card serial number (UID) (csn32)")
	if got := f.s.status.message.Text; got != "Settings of Simulated reader (demo) saved" {
		t.Errorf("status: %q", got)
	}

	// The next read is decoded with it.
	sim.Present([]byte{0x04, 0xa1, 0xb2, 0xc3})
	eventually(t, f.d, "the read in csn32", func() bool {
		st, _ := v.reader(simulated.Name)
		return st.LastRead != nil && st.LastRead.Format == "csn32" && st.LastRead.Bits != ""
	})
	eventuallyRows(t, f, v, "the decoded card", "csn32 04A1B2C3")

	// A UID of another length does not fit the format: said in the row.
	sim.Present([]byte{0x04, 1, 2, 3, 4, 5, 6})
	eventuallyRows(t, f, v, "the refused read", "Not readable as csn32")
	if st, _ := v.reader(simulated.Name); st.LastErr == nil {
		t.Error("no error for a 7-byte UID in csn32")
	}

	// Back to the default.
	test.Tap(v.settings)
	f.wait()
	if v.editing.format.Selected != "Card serial number (UID) (csn32)" {
		t.Errorf("settings reopen with %q", v.editing.format.Selected)
	}
	v.editing.format.SetSelectedIndex(0)
	test.Tap(v.editing.ok)
	f.wait()
	eventuallyRows(t, f, v, "the default again", "Card serial number (by UID length)")
}

func TestDevicesAddAndRemoveAKeyboardReader(t *testing.T) {
	f, _, v := devicesDesk(t, false)
	test.Tap(v.add)
	f.wait()
	form := v.editing
	if form == nil || !form.isNew || form.meaning == nil {
		t.Fatal("Add keyboard reader did not open its form")
	}
	if got := topDialogTexts(f.s); !strings.Contains(got, "tells it from a person typing by its speed") {
		t.Errorf("no explanation of keyboard readers: %s", got)
	}
	if form.meaning.Selected != "The card number, in digits" || form.format.Selected != "Standard 26 bits (h10301)" ||
		!slices.Equal(form.shown, []string{"facility"}) {
		t.Fatalf("defaults: %q, %q, fields %v", form.meaning.Selected, form.format.Selected, form.shown)
	}
	// Raw bits take every Wiegand format and no field values.
	form.meaning.SetSelected("The raw Wiegand bits, as 0/1 or hex")
	if len(form.shown) != 0 || slices.Contains(form.format.Options, "Card serial number (UID) (csn32)") {
		t.Errorf("bits: fields %v, formats %v", form.shown, form.format.Options)
	}
	form.meaning.SetSelected("The card number, in digits")
	form.nameIn.SetText("Front desk pcProx")
	form.values["facility"].SetText("12")
	test.Tap(form.ok)
	f.wait()
	if len(f.s.dialogs.open) != 0 {
		t.Fatalf("dialog still open: %s", topDialogTexts(f.s))
	}
	eventuallyRows(t, f, v, "the keyboard reader to be listed", "Front desk pcProx", "Keyboard", "Card number in h10301 (facility 12)")
	if v.selected != "Front desk pcProx" || v.remove.Disabled() {
		t.Errorf("selected %q, remove disabled %v", v.selected, v.remove.Disabled())
	}

	// What it types at reader speed is its next card.
	at := time.Now()
	for _, r := range "00005" {
		at = at.Add(5 * time.Millisecond)
		f.d.cfg.Keyboard.Key(r, at)
	}
	f.d.cfg.Keyboard.Enter(at.Add(5 * time.Millisecond))
	eventuallyRows(t, f, v, "the typed card", "h10301 facility 12 · card 5", "typed “00005”")

	test.Tap(v.remove)
	confirmTop(t, f.s)
	eventually(t, f.d, "the keyboard reader to go", func() bool { _, ok := v.reader("Front desk pcProx"); return !ok })
	if list, _ := f.st.Devices.Configs(context.Background()); len(list) != 0 {
		t.Errorf("settings left after Remove: %+v", list)
	}
}

func TestDevicesRefusesABadKeyboardConfig(t *testing.T) {
	f, _, v := devicesDesk(t, false)
	test.Tap(v.add)
	f.wait()
	form := v.editing
	form.nameIn.SetText("Badge reader")
	// Number in h10301 with no facility code.
	test.Tap(form.ok)
	f.wait()
	msg := form.fields.byKey["field.facility"].msg
	if !msg.Visible() || msg.Text != "is required" {
		t.Errorf("facility message %q (visible %v)", msg.Text, msg.Visible())
	}
	if len(f.s.dialogs.open) != 1 {
		t.Error("the dialog closed on a refused config")
	}
	if list, _ := f.st.Devices.Configs(context.Background()); len(list) != 0 {
		t.Errorf("a refused config was saved: %+v", list)
	}
	if _, ok := v.reader("Badge reader"); ok {
		t.Error("a refused keyboard reader is listed")
	}
	// The simulated reader's name is taken.
	form.nameIn.SetText(strings.ToUpper(simulated.Name))
	test.Tap(form.ok)
	f.wait()
	if got := form.fields.byKey["name"].msg.Text; !strings.Contains(got, "already listed") {
		t.Errorf("name message %q", got)
	}
}

func TestDevicesOperatorSeesNoSettings(t *testing.T) {
	f, _, v := devicesDesk(t, true)
	if v.settings != nil || v.add != nil || v.remove != nil {
		t.Fatal("an operator gets settings buttons")
	}
	eventuallyRows(t, f, v, "the simulated reader to be listed", simulated.Name)
	for _, o := range test.LaidOutObjects(v.box) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b != v.sim.present {
			t.Errorf("operator sees button %q", b.Text)
		}
	}
	if !strings.Contains(textsOf(v.box), "Only administrators can change reader settings.") {
		t.Error("no hint why there are no settings")
	}
	v.list.Select(0)
	v.openSettings()
	f.wait()
	if v.editing != nil || len(f.s.dialogs.open) != 0 {
		t.Error("an operator opened reader settings")
	}
}

func TestDevicesWarnsWhenTheReaderServiceIsDown(t *testing.T) {
	src := newPlugReaders()
	f, _, v := devicesDesk(t, false, src)
	svc := enroll.ReaderInfo{Name: "Smart-card service (PC/SC)", Kind: enroll.ReaderPCSC, Status: "smart-card service not running", Service: true}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: svc}
	eventually(t, f.d, "the warning", func() bool { return v.banner.Visible() })
	if got := textsOf(v.banner); !strings.Contains(got, "Smart-card service (PC/SC): smart-card service not running.") {
		t.Errorf("banner: %q", got)
	}
	if _, ok := v.reader(svc.Name); ok || strings.Contains(rowsText(v), svc.Name) {
		t.Error("the service is listed as a reader")
	}

	usb := enroll.ReaderInfo{Name: "ACS ACR122U", Kind: enroll.ReaderPCSC, Status: "ready"}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: usb}
	eventuallyRows(t, f, v, "the plugged reader", "ACS ACR122U", "PC/SC")
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: usb}
	src.events <- enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: svc}
	eventually(t, f.d, "the reader and the warning to go", func() bool {
		return !v.banner.Visible() && !strings.Contains(rowsText(v), "ACS ACR122U")
	})
}

func TestDevicesWithoutReadersSaysSo(t *testing.T) {
	f := newDeskFixture(t)
	f.signIn(t, nil)
	f.s.open(secDevices)
	f.wait()
	if got := textsOf(f.s.views[secDevices].content()); !strings.Contains(got, "No card readers are set up on this station") {
		t.Errorf("Devices without readers: %s", got)
	}
}
