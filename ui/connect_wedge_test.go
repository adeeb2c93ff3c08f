package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/devices/wedge"
	"github.com/carddesk/carddesk/enroll"
)

// A keyboard-wedge reader's burst, typed into the main window, connects the
// card; the same digits typed by a person do not.
func TestConnectAutomaticWithAKeyboardReader(t *testing.T) {
	f := newDeskFixture(t, "Anna")
	cfg := enroll.ReaderConfig{Name: "Front desk pcProx", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeNumber,
		Format: "h10301", Fields: map[string]string{"facility": "12"}}
	if err := f.st.Devices.Configure(context.Background(), f.admin, cfg); err != nil {
		t.Fatal(err)
	}
	kb, err := wedge.New(wedge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.signIn(t, func(d *Desk) {
		hub := enroll.NewReaderHub(d.st.Devices, nil, kb)
		hub.Start(context.Background())
		t.Cleanup(hub.Close)
		d.cfg.Readers, d.cfg.Keyboard = hub, kb
	})
	c := openConnect(t, f, 0)
	eventuallyText(t, f, "the keyboard reader to wait", func() string { return c.auto.state.Text }, "Present the card to Front desk pcProx")
	eventually(t, f.d, "the hub to wait", func() bool { return f.d.cfg.Readers.Waiting(cfg.Name) })

	canvas := f.s.win.Canvas()
	typeKeys := func(text string, gap time.Duration) {
		for _, r := range text {
			canvas.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyName(string(r))})
			canvas.OnTypedRune()(r)
			time.Sleep(gap)
		}
		canvas.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	typeKeys("4711", 80*time.Millisecond) // a person: too slow for a reader
	time.Sleep(300 * time.Millisecond)
	if f.request(t, 0).CredentialID != 0 {
		t.Fatal("typing by hand connected a card")
	}
	typeKeys("4711", 0)
	eventuallyText(t, f, "the card to be connected", func() string { return c.result.Text }, "enrolled and assigned to Anna Tester")
	k := f.request(t, 0)
	if k.CredentialID == 0 {
		t.Fatal("request has no card after the reader typed")
	}
}
