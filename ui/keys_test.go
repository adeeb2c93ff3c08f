package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// keyLog is a keyboard-wedge detector that writes down what it is fed.
type keyLog struct{ log []string }

func (k *keyLog) Key(r rune, _ time.Time) { k.log = append(k.log, string(r)) }
func (k *keyLog) Enter(time.Time) (enroll.KeyBurst, bool) {
	k.log = append(k.log, "⏎")
	return enroll.KeyBurst{}, false
}
func (k *keyLog) Reset() { k.log = append(k.log, "reset") }

// What is typed into the main window reaches the keyboard-wedge detector:
// characters, Enter, and keys a reader never sends (which reset it).
func TestWindowKeysReachTheKeyboardReaderDetector(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	kb := &keyLog{}
	d := newTestDesk(t, st, path)
	d.cfg.Keyboard = kb
	d.signedIn(admin)
	d.wait()
	c := d.session.win.Canvas()
	for _, r := range "4711" {
		c.OnTypedRune()(r)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyTab})
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if got := strings.Join(kb.log, " "); got != "4 7 1 1 ⏎ reset reset" {
		t.Errorf("the detector was fed %q", got)
	}
}

func TestStatusBarFollowsTheReaders(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	d := newTestDesk(t, st, path)
	d.cfg.Readers = simulatedHub(t, st)
	d.signedIn(admin)
	d.wait()
	if got := d.session.status.readers.Text; got != "Reader: Simulated reader (demo) · ready" {
		t.Errorf("status bar with the simulated reader says %q", got)
	}
}

// Card orders are not built yet, and the section says so.
func TestCardOrdersSayHowToSetThemUp(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	s.open(secOrders)
	s.d.wait()
	if all := uitest.Texts(s.screens[secOrders].Content()); !strings.Contains(all, "Settings > Card production") {
		t.Errorf("Card orders does not say where card production is set up: %s", all)
	}
	// No section claims to be missing from this version.
	for _, id := range []sectionID{secRequests, secCardholders, secCredentials, secOrders, secDevices, secSettings, secAudit} {
		s.open(id)
		s.d.wait()
		if all := uitest.Texts(s.screens[id].Content()); strings.Contains(all, "later version") || strings.Contains(all, "not available") {
			t.Errorf("section %d claims something is not there yet: %s", id, all)
		}
	}
}
