package requests

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/wedge"
	"github.com/carddesk/carddesk/enroll"
)

// A keyboard-wedge reader's burst connects the card; the same digits
// typed by a person do not. The shell feeds the window's keystrokes to the
// detector; here the test does, with the times the keys came, so the
// timing is exact.
func TestConnectAutomaticWithAKeyboardReader(t *testing.T) {
	f := newFixture(t, "Anna")
	cfg := enroll.ReaderConfig{Name: "Front desk pcProx", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeNumber,
		Format: "h10301", Fields: map[string]string{"facility": "12"}}
	if err := f.st.Devices.Configure(context.Background(), f.admin, cfg); err != nil {
		t.Fatal(err)
	}
	kb, err := wedge.New(wedge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.open(t, startHub(t, f.st, kb))
	f.s.FocusSearch() // the cursor in a text field, where a reader's digits would land
	c := openConnect(t, f, 0)
	eventuallyText(f, "the keyboard reader to wait", func() string { return c.auto.wait.State.Text }, "Present the card to Front desk pcProx")
	f.h.Eventually("the hub to wait", func() bool { return f.h.Hub.Waiting(cfg.Name) })
	if f.h.Win.Canvas().Focused() != nil {
		t.Errorf("waiting at a keyboard reader leaves the focus in %T", f.h.Win.Canvas().Focused())
	}

	at := time.Now()
	typeKeys := func(text string, gap time.Duration) bool {
		for _, r := range text {
			kb.Key(r, at)
			at = at.Add(gap)
		}
		_, burst := kb.Enter(at)
		at = at.Add(time.Second) // a quiet pause before whatever comes next
		return burst
	}
	if typeKeys("4711", 80*time.Millisecond) { // a person: too slow for a reader
		t.Fatal("typing by hand made a burst")
	}
	f.wait()
	if f.request(t, 0).CredentialID != 0 || c.result.Text() != "" {
		t.Fatalf("typing by hand connected a card: %q", c.result.Text())
	}
	// A burst goes to whoever listens for one at that moment: present
	// the card again until the hub's listener has taken it.
	f.h.Eventually("the card to be connected", func() bool {
		if c.auto.wait.Waiting() && !typeKeys("4711", 5*time.Millisecond) {
			t.Fatal("a reader's burst was not taken for one")
		}
		return strings.Contains(c.result.Text(), "enrolled and assigned to Anna Tester")
	})
	if k := f.request(t, 0); k.CredentialID == 0 {
		t.Fatal("request has no card after the reader typed")
	}
}
