package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
)

// lockSettingEvery is how often a session reads desk.lock_minutes again,
// so a change made at any station applies everywhere within a minute.
const lockSettingEvery = time.Minute

// idleClock is the desk lock's time; tests turn it by hand.
type idleClock interface {
	Now() time.Time
	// AfterFunc calls f on the UI goroutine once d has passed; stop
	// cancels a call that has not happened yet.
	AfterFunc(d time.Duration, f func()) (stop func())
}

// jobsClock is the real clock; its calls reach the UI goroutine through
// the session's jobs.
type jobsClock struct{ jobs *widgets.Jobs }

func (c jobsClock) Now() time.Time { return time.Now() }

func (c jobsClock) AfterFunc(d time.Duration, f func()) func() {
	t := time.AfterFunc(d, func() { c.jobs.Do(f) })
	return func() { t.Stop() }
}

// deskLock locks the main window after the station's idle time without
// input, or at once (Ctrl+L), and opens it again for the signed-in
// operator's password or hands the desk to another operator.
//
// Input is seen in two ways. The desktop driver's hook (Config.WatchInput,
// ui/activity) reports every key press, typed character, click, scroll and
// mouse move of the window as the window system delivers it, before Fyne
// routes it to a widget, a dialog or the menu; that is the only place
// that sees them all, since Fyne delivers each event to one widget and
// has no public hook for the rest. The window's own key handlers (keys
// no widget takes) report too, for drivers without the hook.
type deskLock struct {
	s       *session
	clock   idleClock
	idle    time.Duration // from desk.lock_minutes; 0: only Ctrl+L locks
	last    time.Time     // the latest input
	stop    func()        // cancels the pending idle check; nil when none
	locked  bool
	screen  *lockScreen // built on the first lock
	setting *watcher[time.Duration]
}

func newDeskLock(s *session) *deskLock {
	clock := s.d.idleClock
	if clock == nil {
		clock = jobsClock{s.jobs}
	}
	return &deskLock{s: s, clock: clock, last: clock.Now()}
}

// start reads the idle time now and then every lockSettingEvery.
func (l *deskLock) start() {
	st := l.s.d.st
	l.setting = newWatcher(l.s.jobs, l.s.d.lockEvery, st.Settings.DeskLock, l.setIdle)
	l.setting.start()
}

// touch (UI goroutine) notes input. It runs for every mouse move, so it
// only remembers the time; the idle check compares when it runs.
func (l *deskLock) touch() { l.last = l.clock.Now() }

// setIdle takes a new idle time from the setting.
func (l *deskLock) setIdle(d time.Duration, err error) {
	if err != nil {
		l.s.d.log.Warn("cannot read the desk lock time; keeping the last one", zap.Error(err))
		return
	}
	if d == l.idle && l.stop != nil {
		return
	}
	l.idle = d
	l.arm()
}

// arm schedules the idle check for when the idle time since the latest
// input will have passed.
func (l *deskLock) arm() {
	if l.stop != nil {
		l.stop()
		l.stop = nil
	}
	if l.idle <= 0 || l.locked || l.s.ended {
		return
	}
	l.stop = l.clock.AfterFunc(max(l.last.Add(l.idle).Sub(l.clock.Now()), 0), l.check)
}

// check locks when nothing happened for the idle time; input since the
// check was scheduled moves it on.
func (l *deskLock) check() {
	l.stop = nil
	if l.locked || l.s.ended || l.idle <= 0 {
		return
	}
	if l.clock.Now().Sub(l.last) >= l.idle {
		l.lock(enroll.LockIdle)
		return
	}
	l.arm()
}

// lock covers the window, holds its dialogs and the cards its readers
// deliver, and records why.
func (l *deskLock) lock(reason enroll.LockReason) {
	if l.locked || l.s.ended {
		return
	}
	l.locked = true
	l.arm() // cancels the idle check
	l.s.dialogs.Hold()
	if l.s.readers != nil {
		l.s.readers.Hold()
	}
	if l.screen == nil {
		l.screen = newLockScreen(l)
	}
	l.screen.show()
	l.s.d.log.Info("desk locked", zap.String("operator", l.s.actor.Name), zap.String("reason", string(reason)))
	l.record(func(ctx context.Context) error { return l.s.d.st.Operators.LockDesk(ctx, l.s.actor, reason) })
}

// halt cancels the idle check for good (the session ends).
func (l *deskLock) halt() {
	if l.stop != nil {
		l.stop()
		l.stop = nil
	}
}

// lockNow is Ctrl+L.
func (l *deskLock) lockNow() { l.lock(enroll.LockManual) }

// unlocked takes the lock away after the operator's own password.
func (l *deskLock) unlocked() {
	l.locked = false
	l.screen.hide()
	l.s.dialogs.Release()
	if l.s.readers != nil {
		l.s.readers.Release() // after the dialogs: a card may open one
	}
	l.touch()
	l.arm()
	l.s.d.log.Info("desk unlocked", zap.String("operator", l.s.actor.Name))
}

// setPending shows a fresh pending count on the lock screen.
func (l *deskLock) setPending(n int) {
	if l.screen != nil {
		l.screen.setPending(n)
	}
}

// record writes an audit event off the UI goroutine; a failure is logged,
// the lock itself does not wait for the database.
func (l *deskLock) record(write func(context.Context) error) {
	ctx := l.s.jobs.Context()
	widgets.Go(l.s.jobs, func() (struct{}, error) { return struct{}{}, write(ctx) }, func(_ struct{}, err error) {
		if err != nil {
			l.s.d.log.Warn("recording the desk lock", zap.Error(err))
		}
	})
}

// whenUnlocked wraps a menu action so it does nothing while the desk is
// locked: menu shortcuts reach the window before the lock screen's inputs.
func (l *deskLock) whenUnlocked(act func()) func() {
	return func() {
		if !l.locked {
			act()
		}
	}
}

// lockCanvas covers c with o at c's size; the canvas resizes it with the
// window from then on, as it does every overlay that is no pop-up.
func lockCanvas(c fyne.Canvas, o fyne.CanvasObject) {
	o.Resize(c.Size())
	o.Move(fyne.NewPos(0, 0))
	c.Overlays().Add(o)
}
