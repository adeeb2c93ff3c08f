package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// fakeIdle is the desk lock's clock, turned by the test: no sleeping.
type fakeIdle struct {
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func (c *fakeIdle) Now() time.Time { return c.now }

func (c *fakeIdle) AfterFunc(d time.Duration, f func()) func() {
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() { t.stopped = true }
}

// advance moves the clock on, running what falls due in time order.
func (c *fakeIdle) advance(d time.Duration) {
	end := c.now.Add(d)
	for {
		var next *fakeTimer
		for _, t := range c.timers {
			if !t.stopped && !t.at.After(end) && (next == nil || t.at.Before(next.at)) {
				next = t
			}
		}
		if next == nil {
			break
		}
		next.stopped = true
		if next.at.After(c.now) {
			c.now = next.at
		}
		next.f()
	}
	c.now = end
}

// lockRig is a signed-in desk whose input hook and idle clock the test holds.
type lockRig struct {
	t     *testing.T
	st    *enroll.Station
	admin enroll.Actor
	d     *Desk
	s     *session
	clock *fakeIdle
	touch func() // what the driver's input hook calls
}

// newLockRig signs admin in with desk.lock_minutes set to minutes ("" keeps
// the default of 10); setup, if given, adds to the desk's configuration.
func newLockRig(t *testing.T, minutes string, setup ...func(*Config, *enroll.Station)) *lockRig {
	t.Helper()
	st, path := newTestStation(t)
	r := &lockRig{t: t, st: st, admin: setupAdmin(t, st), clock: &fakeIdle{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}}
	if minutes != "" {
		if err := st.Settings.Set(context.Background(), r.admin, enroll.DeskLockKey, minutes); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{Tray: noTray, WatchInput: func(_ fyne.Window, touch func()) error { r.touch = touch; return nil }}
	for _, f := range setup {
		f(&cfg, st)
	}
	r.d = newTestDeskOn(t, uitest.NewApp(t), st, path, cfg)
	r.d.idleClock = r.clock
	r.d.signedIn(r.admin)
	r.d.wait()
	r.s = r.d.session
	if r.touch == nil {
		t.Fatal("the desk did not hook the window's input")
	}
	return r
}

func (r *lockRig) advance(d time.Duration) {
	r.clock.advance(d)
	r.d.wait()
}

// locked reports whether the lock screen covers the window, checking
// that the desk's state and the canvas agree.
func (r *lockRig) locked() bool {
	r.t.Helper()
	s := r.d.session
	onTop := s.lock.screen != nil && s.win.Canvas().Overlays().Top() == s.lock.screen.box
	if onTop != s.lock.locked {
		r.t.Fatalf("locked = %v, but the lock screen on top = %v", s.lock.locked, onTop)
	}
	return onTop
}

// audit is the newest n audit events, oldest first, as "operator action details".
func (r *lockRig) audit(n int) []string {
	r.t.Helper()
	evs, _, err := r.st.Audit.List(context.Background(), r.admin, enroll.AuditQuery{})
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, ev := range evs[:min(n, len(evs))] {
		out = append(out, strings.TrimSpace(ev.Operator+" "+ev.Action+" "+ev.Details))
	}
	slices.Reverse(out)
	return out
}

func (r *lockRig) lockNow() {
	uitest.Shortcut(r.s.win, uitest.Ctrl(fyne.KeyL))
	r.d.wait()
}

func (r *lockRig) typePassword(password string) {
	ls := r.s.lock.screen
	uitest.TypeInto(ls.password, password)
	ls.password.TypedKey(enterKey())
	r.d.wait()
}

func TestLockAfterIdleTime(t *testing.T) {
	r := newLockRig(t, "")
	r.advance(10*time.Minute - time.Second)
	if r.locked() {
		t.Fatal("locked before the 10 minutes passed")
	}
	r.advance(time.Second)
	if !r.locked() {
		t.Fatal("not locked after 10 idle minutes")
	}
	if got := r.audit(1); !slices.Equal(got, []string{"admin desk.lock idle"}) {
		t.Errorf("audit %q", got)
	}
	c := r.s.win.Canvas()
	if c.Focused() != r.s.lock.screen.password {
		t.Error("the password field does not have the keyboard focus")
	}
	// A click beside the form takes the focus away, as everywhere in Fyne;
	// the lock screen gives it back.
	c.Unfocus()
	test.TapCanvas(c, fyne.NewPos(5, 5))
	if c.Focused() != r.s.lock.screen.password {
		t.Errorf("after a click on the background the focus is on %T", c.Focused())
	}
}

// Every input the driver reports starts the idle time again, and so do
// keys the window gets when no widget has the focus.
func TestLockInputKeepsTheDeskOpen(t *testing.T) {
	r := newLockRig(t, "")
	r.advance(9 * time.Minute)
	r.touch()
	r.advance(9 * time.Minute)
	if r.locked() {
		t.Fatal("locked 9 minutes after input")
	}
	test.TypeOnCanvas(r.s.win.Canvas(), "x") // no widget focused: the window's own handler
	r.advance(9 * time.Minute)
	if r.locked() {
		t.Fatal("locked 9 minutes after a key")
	}
	r.s.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyDown})
	r.advance(10*time.Minute - time.Second)
	if r.locked() {
		t.Fatal("locked before 10 minutes after an arrow key")
	}
	r.advance(time.Second)
	if !r.locked() {
		t.Fatal("not locked 10 minutes after the last input")
	}
}

func TestLockCtrlLAndTheTopBarButton(t *testing.T) {
	r := newLockRig(t, "")
	r.lockNow()
	if !r.locked() {
		t.Fatal("Ctrl+L did not lock")
	}
	if got := r.audit(1); !slices.Equal(got, []string{"admin desk.lock manual"}) {
		t.Errorf("audit %q", got)
	}
	r.typePassword(adminPassword)
	if r.locked() {
		t.Fatal("still locked after the right password")
	}
	test.Tap(r.s.top.lock)
	r.d.wait()
	if !r.locked() {
		t.Fatal("the top bar's Lock desk did not lock")
	}
}

// Close requests gave Ctrl+L to the lock.
func TestLockCloseRequestsMovedToCtrlE(t *testing.T) {
	r := newLockRig(t, "")
	if sc, ok := r.s.menu.close.Shortcut.(interface{ ShortcutName() string }); !ok ||
		sc.ShortcutName() != uitest.Ctrl(fyne.KeyE).ShortcutName() {
		t.Errorf("Close requests has shortcut %v", r.s.menu.close.Shortcut)
	}
}

func TestLockWrongPasswordIsRefusedAndCounted(t *testing.T) {
	r := newLockRig(t, "")
	r.lockNow()
	ls := r.s.lock.screen
	r.typePassword("not my password")
	if !r.locked() {
		t.Fatal("a wrong password unlocked the desk")
	}
	if got := ls.fields.General.Text; got != "Wrong password." {
		t.Errorf("message %q", got)
	}
	if ls.password.Text != "" {
		t.Error("the wrong password stays in the field")
	}
	if got := r.audit(1); !slices.Equal(got, []string{"admin operator.sign_in_failed failure 1 of 5"}) {
		t.Errorf("audit %q", got)
	}
	for range enroll.MaxFailedSignIns - 1 {
		r.typePassword("not my password")
	}
	if got := ls.fields.General.Text; !strings.Contains(got, "locked") {
		t.Errorf("after %d failures the message is %q", enroll.MaxFailedSignIns, got)
	}
	r.typePassword(adminPassword)
	if !r.locked() {
		t.Fatal("a locked-out account unlocked the desk")
	}
}

func TestLockRightPasswordUnlocksAndRearms(t *testing.T) {
	r := newLockRig(t, "")
	r.advance(10 * time.Minute)
	r.typePassword("")
	if msg := r.s.lock.screen.fields.Field("password").Message(); msg == "" {
		t.Error("an empty password got no message")
	}
	r.typePassword(adminPassword)
	if r.locked() {
		t.Fatal("still locked after the right password")
	}
	if got := r.audit(2); !slices.Equal(got, []string{"admin desk.lock idle", "admin desk.unlock"}) {
		t.Errorf("audit %q", got)
	}
	if r.s.lock.screen.password.Text != "" {
		t.Error("the password stays in the hidden lock screen")
	}
	r.advance(10 * time.Minute)
	if !r.locked() {
		t.Fatal("the idle time does not run again after unlocking")
	}
}

// Another operator signs in at the lock: the session switches, the old
// one's dialogs close, and the audit log has one sign-out.
func TestLockAnotherOperatorTakesTheDesk(t *testing.T) {
	r := newLockRig(t, "")
	addOperator(t, r.st, r.admin, "olga")
	old := r.s
	typed := widgets.NewEntry()
	old.ShowDialog(dialog.NewCustom("Edit", "Close", typed, old.win))
	typed.SetText("half done")
	r.lockNow()
	ls := old.lock.screen
	if ls.other.Visible() {
		t.Error("the switch form shows before it is asked for")
	}
	test.Tap(ls.showOther)
	texts := uitest.Texts(ls.box)
	if !strings.Contains(texts, "Signing in ends admin's session") || !strings.Contains(texts, "is lost") {
		t.Errorf("the lock screen does not say what a switch costs:\n%s", texts)
	}
	uitest.TypeInto(ls.otherName, "olga")
	uitest.TypeInto(ls.otherPassword, "wrong password")
	test.Tap(ls.switchTo)
	r.d.wait()
	if r.d.session != old || !r.locked() {
		t.Fatal("a wrong password switched the desk")
	}
	if got := ls.otherFields.General.Text; got != "Wrong user name or password." {
		t.Errorf("message %q", got)
	}
	uitest.TypeInto(ls.otherPassword, "operator password")
	ls.otherPassword.TypedKey(enterKey())
	r.d.wait()
	now := r.d.session
	if now == nil || now == old || now.actor.Name != "olga" {
		t.Fatalf("the desk did not switch to olga: %+v", now)
	}
	if !old.ended || old.dialogs.Len() != 0 {
		t.Error("the old session goes on, or its dialog stays open")
	}
	if now.lock.locked {
		t.Error("the new operator starts locked")
	}
	want := []string{"admin desk.lock manual", "olga operator.sign_in_failed failure 1 of 5", "olga operator.sign_in",
		"admin operator.sign_out desk taken over by olga", "olga desk.switch from admin"}
	if got := r.audit(5); !slices.Equal(got, want) {
		t.Errorf("audit:\n got %q\nwant %q", got, want)
	}
}

// The operator's own name in the other operator's form unlocks.
func TestLockOwnNameInTheSwitchFormUnlocks(t *testing.T) {
	r := newLockRig(t, "")
	r.lockNow()
	ls := r.s.lock.screen
	test.Tap(ls.showOther)
	uitest.TypeInto(ls.otherName, "admin")
	uitest.TypeInto(ls.otherPassword, adminPassword)
	test.Tap(ls.switchTo)
	r.d.wait()
	if r.d.session != r.s || r.locked() {
		t.Fatal("the own name did not unlock the same session")
	}
}

func TestLockShowsThePendingCountLive(t *testing.T) {
	r := newLockRig(t, "")
	people := addCardholders(t, r.st, r.admin, "Anna", "Bert")
	fileRequest(t, r.st, r.admin, people[0], "")
	r.s.Changed()
	r.d.wait()
	r.lockNow()
	ls := r.s.lock.screen
	if got := ls.pending.Text; got != "Card requests: 1 pending" {
		t.Errorf("lock screen shows %q", got)
	}
	fileRequest(t, r.st, r.admin, people[1], "") // at another desk
	r.s.changedElsewhere(enroll.ChangeTopics{enroll.TopicRequests})
	r.d.wait()
	if got := ls.pending.Text; got != "Card requests: 2 pending" {
		t.Errorf("after a new request the lock screen shows %q", got)
	}
	if !strings.Contains(uitest.Texts(ls.box), "Card requests: 2 pending") {
		t.Error("the count is not visible on the lock screen")
	}
}

// While locked, neither keys, taps, Escape nor menu shortcuts reach the
// window or its dialogs; a dialog that opens meanwhile waits for the unlock.
func TestLockDialogsAreOutOfReach(t *testing.T) {
	r := newLockRig(t, "")
	c := r.s.win.Canvas()
	typed := widgets.NewEntry()
	tapped := false
	button := widget.NewButton("Do it", func() { tapped = true })
	r.s.ShowDialog(dialog.NewCustom("Edit", "Close", container2(typed, button), r.s.win))
	c.Focus(typed)
	r.s.open(secCardholders)
	r.lockNow()

	if c.Focused() != r.s.lock.screen.password {
		t.Fatalf("focus is on %T, not the lock's password", c.Focused())
	}
	uitest.Key(t, r.s.win, fyne.KeyEscape) // the lock's entry hands Escape to the window
	if r.s.dialogs.Len() != 1 {
		t.Error("Escape closed the dialog under the lock")
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(button).Add(fyne.NewPos(2, 2))
	test.TapCanvas(c, pos)
	if tapped {
		t.Error("a tap reached the dialog's button under the lock")
	}
	uitest.Shortcut(r.s.win, uitest.Ctrl(fyne.KeyName("1")))
	r.d.wait()
	if r.s.current != secCardholders {
		t.Error("Ctrl+1 changed the section behind the lock")
	}
	for _, m := range r.s.win.MainMenu().Items { // a click on the menu, on macOS outside the window
		for _, it := range m.Items {
			if it.Label == "Sign out" || it.Label == "About CardDesk" {
				it.Action()
			}
		}
	}
	r.d.wait()
	if r.d.session != r.s || r.s.dialogs.Len() != 1 {
		t.Fatal("a menu item worked behind the lock")
	}
	r.d.raise() // the tray's Open
	r.d.goTo(secRequests)
	if !r.locked() || r.s.current != secCardholders {
		t.Error("the tray got past the lock")
	}
	r.s.ShowDialog(dialog.NewInformation("Later", "shown after the unlock", r.s.win))
	if !r.locked() || r.s.dialogs.Len() != 1 {
		t.Fatal("a dialog opened over the lock")
	}

	r.typePassword(adminPassword)
	if r.locked() {
		t.Fatal("still locked")
	}
	if r.s.dialogs.Len() != 2 || !strings.Contains(uitest.TopDialogTexts(r.s.win), "shown after the unlock") {
		t.Errorf("%d dialogs after the unlock; top says %q", r.s.dialogs.Len(), uitest.TopDialogTexts(r.s.win))
	}
	if typed.Text != "" {
		t.Errorf("keys reached the dialog's entry: %q", typed.Text)
	}
}

func container2(a, b fyne.CanvasObject) fyne.CanvasObject {
	return widget.NewForm(widget.NewFormItem("Text", a), widget.NewFormItem("", b))
}

func TestLockZeroMinutesNeverLocksByItself(t *testing.T) {
	r := newLockRig(t, "0")
	r.advance(48 * time.Hour)
	if r.locked() {
		t.Fatal("locked with desk.lock_minutes 0")
	}
	r.lockNow()
	if !r.locked() {
		t.Fatal("Ctrl+L does not lock when the idle lock is off")
	}
}

// A new desk.lock_minutes applies at the next reading, without signing in again.
func TestLockFollowsTheSetting(t *testing.T) {
	r := newLockRig(t, "0")
	r.advance(5 * time.Minute)
	if err := r.st.Settings.Set(context.Background(), r.admin, enroll.DeskLockKey, "2"); err != nil {
		t.Fatal(err)
	}
	r.s.lock.setting.refresh()
	r.d.wait()
	r.advance(0) // the check is due at once
	if !r.locked() {
		t.Fatal("idle 5 minutes and the lock set to 2: not locked at once")
	}
}

// A dialog waiting for a card behind the lock gets a card presented
// meanwhile only once the desk is unlocked.
func TestLockHoldsCardsReadBehindIt(t *testing.T) {
	r := newLockRig(t, "", func(cfg *Config, st *enroll.Station) { cfg.Readers = simulatedHub(t, st) })
	hub := r.s.readers.Hub
	w := screen.NewCardWait(r.s, func() {})
	w.Reader, w.None, w.Box = widget.NewLabel("reader"), widget.NewLabel("none"), container.NewVBox()
	w.Listen()
	defer w.Close()
	var got []enroll.CardRead
	if !w.Start(0, func(string, bool) {}, func(c enroll.CardRead, err error) {
		if err != nil {
			t.Errorf("read: %v", err)
		}
		got = append(got, c)
	}) {
		t.Fatal("the wait did not start")
	}
	eventually(t, r.d, "the reader to wait", func() bool { return hub.Waiting(simulated.Name) })
	r.lockNow()
	if _, err := hub.Present(context.Background(), simulated.Name, nil); err != nil {
		t.Fatal(err)
	}
	eventually(t, r.d, "the reader to deliver", func() bool { return !hub.Waiting(simulated.Name) })
	for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		r.d.wait()
		if len(got) > 0 {
			t.Fatal("a card read behind the lock reached the dialog")
		}
	}
	r.typePassword(adminPassword)
	if r.locked() || len(got) != 1 {
		t.Fatalf("after the unlock: locked %v, %d cards delivered", r.locked(), len(got))
	}
}
