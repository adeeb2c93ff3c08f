// Package ui is CardDesk's desktop shell: first-run setup, sign-in, the main
// window with its navigation, notification area and status bar, and the
// sections that are not a screen of their own package.
package ui

import (
	"context"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
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
	// Simulator presents test cards to a simulated reader (demo and
	// training); nil on a real station.
	Simulator interface{ Present(uid []byte) bool }
	// Keyboard receives the keystrokes of the main window, so a
	// keyboard-wedge reader's burst is seen; nil: no keyboard readers.
	Keyboard Keyboard
}

// Keyboard is the keyboard-wedge detector as the window feeds it.
type Keyboard interface {
	Key(r rune, at time.Time)
	Enter(at time.Time) (enroll.KeyBurst, bool)
	Reset()
}

const (
	// pendingEvery is how often the pending-request count is re-read.
	pendingEvery = 2 * time.Second
	// mailEvery is how often queued mail is retried while signed in.
	mailEvery = 30 * time.Second
	// cardWait is how long Connect card waits for a card at a reader.
	cardWait = 30 * time.Second
)

// Desk is the running desktop app: at most one sign-in (or first-run) window
// and at most one signed-in session with its main window.
type Desk struct {
	app fyne.App
	st  *enroll.Station
	cfg Config
	log *zap.Logger
	ctx context.Context
	run *runner

	pendingEvery time.Duration // 0 turns the ticker off (tests drive it by hand)
	mailEvery    time.Duration // likewise for the mail outbox
	cardWait     time.Duration // how long a reader is watched for a card
	messageFor   time.Duration // how long a status bar message stays; 0 = until replaced

	entry   *entryWindow // sign-in or first-run window, nil while signed in
	session *session     // nil while signed out
	tray    *tray        // nil where the desktop has no system tray
}

// NewDesk prepares the app; Show opens the first window.
func NewDesk(a fyne.App, st *enroll.Station, cfg Config) *Desk {
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	d := &Desk{app: a, st: st, cfg: cfg, log: cfg.Log, ctx: context.Background(), run: newRunner(),
		pendingEvery: pendingEvery, mailEvery: mailEvery, cardWait: cardWait, messageFor: 10 * time.Second}
	d.tray = newTray(a, trayActions{
		show:     d.raise,
		requests: func() { d.raise(); d.goTo(secRequests) },
		quit:     d.quit,
	})
	return d
}

// Show shows the first window: create-administrator screen when
// st.Operators.NeedsSetup, else sign-in.
func (d *Desk) Show() {
	needs, err := d.st.Operators.NeedsSetup(d.ctx)
	if err != nil {
		d.log.Error("cannot read operators", zap.Error(err))
		d.showSignIn(lang.X("signin.dberror", "The database cannot be read: {{.Err}}", map[string]any{"Err": err.Error()}))
		return
	}
	if needs {
		d.showSetup()
		return
	}
	d.showSignIn("")
}

// signedIn opens the main window for actor and closes the entry window.
func (d *Desk) signedIn(actor enroll.Actor) {
	d.log.Info("session started", zap.String("operator", actor.Name), zap.String("role", string(actor.Role)))
	d.session = d.newSession(actor)
	d.session.win.Show()
	if d.entry != nil {
		d.entry.win.Close()
		d.entry = nil
	}
}

// signOut ends the session and goes back to the sign-in window.
func (d *Desk) signOut() {
	s := d.session
	if s == nil {
		return
	}
	d.log.Info("signed out", zap.String("operator", s.actor.Name))
	go func(actor enroll.Actor) { // the audit write must not hold up the window
		if err := d.st.Operators.SignOut(context.Background(), actor); err != nil {
			d.log.Warn("recording sign-out", zap.Error(err))
		}
	}(s.actor)
	s.stop()
	d.session = nil
	d.showSignIn("")
	s.win.Close()
	d.tray.signedOut()
}

// quit ends the session and the app.
func (d *Desk) quit() {
	if d.session != nil {
		d.session.stop()
		d.session = nil
	}
	d.app.Quit()
}

// raise brings the current window to the front.
func (d *Desk) raise() {
	switch {
	case d.session != nil:
		d.session.win.Show()
		d.session.win.RequestFocus()
	case d.entry != nil:
		d.entry.win.Show()
		d.entry.win.RequestFocus()
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
