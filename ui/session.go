package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// Smallest main window. Every screen is laid out to work at 1024×700 (a
// small laptop), and nothing in the window may ask for more width than
// that; long texts shorten instead.
var mainMinSize = fyne.NewSize(960, 640)

// session is one signed-in operator's main window. It is the screens'
// screen.Host.
type session struct {
	d       *Desk
	actor   enroll.Actor
	win     fyne.Window
	dialogs dialogs.Stack
	jobs    *widgets.Jobs

	sections []section // those this operator may open
	nav      *navigation
	top      *topBar
	status   *statusBar
	menu     *mainMenu
	body     *fyne.Container
	screens  map[sectionID]screen.Screen
	current  sectionID

	lock    *deskLock
	readers *screen.Readers // nil without a reader hub
	pending *watcher[int]
	mail    *watcher[mailState]
	printer *watcher[[]enroll.PrinterInfo] // the default printer for the status bar
	backups *watcher[enroll.BackupStatus]  // the status bar's backup warning
	count   int                            // pending requests; -1 until first read
	ended   bool
}

func (d *Desk) newSession(actor enroll.Actor) *session {
	s := &session{d: d, actor: actor, screens: map[sectionID]screen.Screen{}, current: -1, count: -1,
		jobs: widgets.NewJobs(d.ctx)}
	s.jobs.Drain = d.drain
	if d.drain != nil {
		s.jobs.Delay = 0 // tests decide when things happen
	}
	for _, sec := range sections() {
		if !sec.adminOnly || actor.Can(enroll.PermManageSettings) {
			s.sections = append(s.sections, sec)
		}
	}
	station := d.stationTitle()
	s.win = d.takeWindow(windowTitle(station))
	s.win.SetCloseIntercept(s.closeWindow)
	s.dialogs.Win = s.win

	if hub := d.cfg.Readers; hub != nil {
		s.readers = screen.NewReaders(hub, s.jobs)
	}
	s.lock = newDeskLock(s)
	s.top = newTopBar(s)
	s.status = newStatusBar(s, station)
	if s.readers != nil {
		s.readers.Listen(s.status.showReaders)
	}
	s.nav = newNavigation(s)
	s.menu = newMainMenu(s)
	s.body = container.NewStack()
	main := container.NewBorder(s.top.box, s.status.box, s.nav.box, nil, s.body)
	s.win.SetContent(widgets.AddToolTips(container.New(widgets.MinSize{Size: mainMinSize}, main), s.win.Canvas()))
	s.win.SetMainMenu(s.menu.menu)
	s.win.Resize(d.windowSize())
	s.win.CenterOnScreen()
	s.installKeys()
	s.open(d.lastSection(s))

	s.pending = newWatcher(s.jobs, d.pendingInterval(), func(ctx context.Context) (int, error) {
		return d.st.Requests.CountPending(ctx, actor)
	}, s.setPending)
	s.pending.start()
	s.lock.start()
	s.followChanges()
	s.mail = s.newMailWatcher()
	s.mail.start()
	s.printer = newWatcher(s.jobs, d.mailEvery, func(ctx context.Context) ([]enroll.PrinterInfo, error) {
		return d.st.Printing.Printers(ctx, actor)
	}, s.status.showPrinter)
	s.printer.start()
	s.backups = s.newBackupWatcher()
	s.backups.start()
	if d.syncOrders {
		s.syncOrders()
	}
	return s
}

func windowTitle(station string) string {
	return lang.X("window.title", "CardDesk — {{.Station}}", map[string]any{"Station": station})
}

// open shows a section, building it the first time.
func (s *session) open(id sectionID) {
	sec, ok := s.section(id)
	if !ok || s.ended || s.lock.locked {
		return // not for this operator (Settings for non-administrators), or behind the lock
	}
	sc, built := s.screens[id]
	if !built {
		sc = sec.build(s)
		s.screens[id] = sc
	}
	if s.current != id {
		if h, ok := s.screens[s.current].(interface{ Hidden() }); ok {
			h.Hidden()
		}
		s.current = id
		s.body.Objects = []fyne.CanvasObject{sc.Content()}
		s.body.Refresh()
		s.nav.selected(id)
		s.d.rememberSection(sec)
	}
	sc.Shown()
}

func (s *session) section(id sectionID) (section, bool) {
	for _, sec := range s.sections {
		if sec.id == id {
			return sec, true
		}
	}
	return section{}, false
}

// setPending shows a fresh pending-request count everywhere it appears,
// and tells the operator of new requests while the window is not in front.
func (s *session) setPending(n int, err error) {
	if err != nil {
		s.d.log.Warn("cannot count pending requests", zap.Error(err))
		return
	}
	if n == s.count {
		return
	}
	before := s.count
	s.count = n
	s.top.setPending(n)
	s.nav.setPending(n)
	s.d.tray.setPending(n)
	s.lock.setPending(n)
	if r := s.requestsScreen(); r != nil {
		r.SetPending(n)
	}
	if before >= 0 && n > before && (!s.d.focused || !s.d.shown) {
		s.d.notifyNewRequests(n - before)
	}
}

// Changed and Answered (screen.Host): a change made at this station, so
// counts and lists do not wait for the next tick; an answer also sends
// the requester's mail now.
func (s *session) Changed() { s.pending.refresh() }

func (s *session) Answered() {
	s.Changed()
	s.mail.refresh()
}

// closeWindow is the window's close button: with a system tray the
// station keeps running there, with the pending count in sight; without
// one, closing the window quits.
func (s *session) closeWindow() {
	if s.d.tray == nil {
		s.d.Quit()
		return
	}
	s.d.rememberWindow(s.win)
	first := !s.d.trayHinted()
	s.d.hideWindow()
	if first {
		s.d.notify(lang.L("CardDesk is still running"),
			lang.L("It keeps counting card requests in the system tray. Choose Quit there to end it."))
	}
}

// show brings the hidden window back (tray Open); a locked desk comes
// back locked.
func (s *session) show() {
	s.d.showWindow()
	s.win.RequestFocus()
}

// end stops the session's background work and closes what it opened; the
// window closes separately. The jobs stop last: they wait for any query
// still running, so nothing touches the database after the sign-out.
func (s *session) end() {
	if s.ended {
		return
	}
	s.ended = true
	s.lock.halt()
	s.d.rememberWindow(s.win)
	s.dialogs.CloseAll()
	for _, sc := range s.screens {
		if st, ok := sc.(screen.Stopper); ok {
			st.Stop()
		}
	}
	s.status.stop()
	s.jobs.Stop()
	widgets.DropToolTips(s.win.Canvas())
}

// stationRenamed shows a new station name in the title and status bar.
func (s *session) stationRenamed() {
	name := s.d.stationTitle()
	s.win.SetTitle(windowTitle(name))
	s.status.setStation(name)
}
