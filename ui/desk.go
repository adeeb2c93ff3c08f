// Package ui is the shell of CardDesk's desktop app: first-run setup,
// sign-in, and the main window with its menus, navigation, notification
// area, status bar and system tray. The sections of the main window are
// screens of their own packages (ui/requests, ui/cardholders, ...); they
// reach the shell through screen.Host and the station through its
// services only.
package ui

import (
	"context"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/words"
)

// Config is what main knows about this run.
type Config struct {
	Log     *zap.Logger
	DBPath  string
	Demo    bool
	Version string
	// Readers are the card readers of this station, started; nil when
	// none are set up.
	Readers *enroll.ReaderHub
	// Keyboard receives the keystrokes of the main window, so a
	// keyboard-wedge reader's burst is seen; nil: no keyboard readers.
	Keyboard Keyboard
	// Tray reports whether the desktop shows a system tray; nil asks the
	// desktop (see systemTray).
	Tray func() bool
	// WatchInput calls touch for every key press, click, scroll and mouse
	// move in a shown window, whichever widget or dialog gets it, so the
	// desk lock knows when the desk is idle (ui/activity for the desktop
	// driver); nil: the lock sees only keys no widget takes.
	WatchInput func(win fyne.Window, touch func()) error
	// Window is the desk's window if main made it already (it connects to
	// the display while the database opens); nil: the desk makes it.
	Window fyne.Window
}

// Keyboard is the keyboard-wedge detector as the window feeds it.
type Keyboard interface {
	Key(r rune, at time.Time)
	Enter(at time.Time) (enroll.KeyBurst, bool)
	Reset()
}

// Timing of the background work while signed in.
const (
	// pendingEvery is how often the pending-request count is re-read.
	pendingEvery = 2 * time.Second
	// mailEvery is how often queued mail is retried.
	mailEvery = 30 * time.Second
	// messageFor is how long a status bar message stays.
	messageFor = 10 * time.Second
	// signOutWithin bounds the audit write when leaving, so a database
	// that hangs cannot keep the app from quitting.
	signOutWithin = 5 * time.Second
)

// Desk is the running desktop app: one window that shows the sign-in (or
// first-run) form or a signed-in session's main window.
type Desk struct {
	app fyne.App
	st  *enroll.Station
	cfg Config
	log *zap.Logger
	// ctx is main's: it ends on Ctrl+C or SIGTERM, and the desk then quits
	// the way the Quit menu does.
	ctx context.Context

	pendingEvery time.Duration // 0 turns the ticker off (tests drive it by hand)
	mailEvery    time.Duration // likewise for the mail outbox
	messageFor   time.Duration // how long a status bar message stays; 0 = until replaced
	// syncOrders runs the card production sync while signed in (tests
	// drive it by hand).
	syncOrders bool
	// drain, in tests, runs the work the test driver queued for the UI
	// goroutine (see widgets.Jobs.Drain).
	drain func() int
	// idleClock times the desk lock; nil is the real clock (tests turn
	// their own).
	idleClock idleClock
	// lockEvery is how often desk.lock_minutes is read again; 0 reads it
	// at sign-in only (tests).
	lockEvery time.Duration

	win      fyne.Window  // the one window, made when first needed (takeWindow)
	watching bool         // WatchInput is watching win
	shown    bool         // win is on screen: false before the first Show and while hidden to the tray
	entry    *entryWindow // sign-in or first-run form, nil while signed in
	session  *session     // nil while signed out
	tray     *tray        // nil where the desktop has no system tray
	focused  bool         // a CardDesk window has the keyboard focus
	quit     bool         // Quit was called: nothing opens again
}

// NewDesk prepares the app; Show opens the first window. When ctx ends
// the desk quits as if Quit had been chosen.
func NewDesk(ctx context.Context, a fyne.App, st *enroll.Station, cfg Config) *Desk {
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	if cfg.Tray == nil {
		cfg.Tray = systemTray
	}
	d := &Desk{app: a, st: st, cfg: cfg, log: cfg.Log, ctx: ctx, focused: true,
		pendingEvery: pendingEvery, mailEvery: mailEvery, messageFor: messageFor, syncOrders: true, lockEvery: lockSettingEvery}
	if cfg.Tray() {
		d.tray = newTray(a, trayActions{
			open:     d.raise,
			requests: func() { d.raise(); d.goTo(secRequests) },
			quit:     d.Quit,
		})
	}
	a.Lifecycle().SetOnEnteredForeground(func() { d.focused = true })
	a.Lifecycle().SetOnExitedForeground(func() { d.focused = false })
	context.AfterFunc(ctx, func() { fyne.Do(d.Quit) })
	return d
}

// Show shows the first window: the create-administrator screen on a
// station without operators, else sign-in.
func (d *Desk) Show() {
	needs, err := d.st.Operators.NeedsSetup(d.ctx)
	if err != nil {
		d.log.Error("cannot read operators", zap.Error(err))
		d.showSignIn(lang.X("signin.dberror", "The database cannot be read: {{.Err}}", map[string]any{"Err": words.Explain(err)}))
		return
	}
	if needs {
		d.showSetup()
		return
	}
	d.showSignIn("")
}

// signedIn turns the window into actor's main window.
func (d *Desk) signedIn(actor enroll.Actor) {
	if d.quit {
		return
	}
	d.log.Info("session started", zap.String("operator", actor.Name), zap.String("role", string(actor.Role)))
	d.dropEntry()
	d.session = d.newSession(actor)
	d.showWindow()
}

// SignOut ends the session, records it, and goes back to the sign-in
// window.
func (d *Desk) SignOut() {
	s := d.session
	if s == nil {
		return
	}
	d.endSession()
	d.showSignIn("")
}

// switchTo hands a locked desk to another operator who signed in at the
// lock: the session ends without a second sign-out record (SwitchDesk
// wrote it with the sign-in), dropping its open dialogs, and the new
// operator's main window takes its place in the window.
func (d *Desk) switchTo(actor enroll.Actor) {
	s := d.session
	if s == nil || d.quit {
		return
	}
	d.session = nil
	s.end()
	d.log.Info("signed out: desk taken over", zap.String("operator", s.actor.Name), zap.String("by", actor.Name))
	d.signedIn(actor)
}

// Quit ends the session (recording the sign-out) and the app. The tray,
// the File menu, closing the last window and Ctrl+C all come here.
func (d *Desk) Quit() {
	if d.quit {
		return
	}
	d.quit = true
	d.Close()
	d.app.Quit()
}

// Close ends the session, if any, with its background work, and records
// the sign-out. Main calls it once the app has quit, before the database
// closes, for any way out the desk did not see.
func (d *Desk) Close() {
	if d.session != nil {
		d.endSession()
	}
	d.dropEntry()
}

// endSession stops the session's work, then writes the sign-out: on main's
// context without its cancel, because Ctrl+C has cancelled it by then and
// the write must still happen.
func (d *Desk) endSession() {
	s := d.session
	d.session = nil
	s.end()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(d.ctx), signOutWithin)
	defer cancel()
	if err := d.st.Operators.SignOut(ctx, s.actor); err != nil {
		d.log.Warn("recording sign-out", zap.Error(err))
	}
	d.log.Info("signed out", zap.String("operator", s.actor.Name))
	d.tray.signedOut()
}

// raise brings the current window to the front.
func (d *Desk) raise() {
	switch {
	case d.session != nil:
		d.session.show()
	case d.entry != nil:
		d.showWindow()
		d.win.RequestFocus()
	}
}

// goTo opens a section of the main window, when signed in.
func (d *Desk) goTo(id sectionID) {
	if d.session != nil {
		d.session.open(id)
	}
}

// stationTitle is the station's name, or the host name when none is set.
func (d *Desk) stationTitle() string {
	name, err := d.st.Settings.StationName(d.ctx)
	if err != nil {
		d.log.Warn("cannot read station name", zap.Error(err))
	}
	if name != "" {
		return name
	}
	if host, err := os.Hostname(); err == nil && host != "" {
		return host
	}
	return lang.L("this station")
}
