package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/assets"
	"github.com/carddesk/carddesk/enroll"
)

// Smallest main window: room for the navigation and a request list with all
// its columns.
var mainMinSize = fyne.NewSize(1100, 700)

// session is one signed-in operator's main window.
type session struct {
	d       *Desk
	actor   enroll.Actor
	win     fyne.Window
	dialogs dialogStack

	sections []section // those this operator may open
	nav      *navigation
	top      *topBar
	status   *statusBar
	body     *fyne.Container
	views    map[sectionID]view
	current  sectionID

	readers *readerFeed
	pending *watcher[int]
	mail    *watcher[mailState]
	count   int // pending requests; -1 until first read
	stopped bool
}

func (d *Desk) newSession(actor enroll.Actor) *session {
	s := &session{d: d, actor: actor, views: map[sectionID]view{}, current: -1, count: -1}
	for _, sec := range sections() {
		if !sec.adminOnly || actor.Can(enroll.PermManageSettings) {
			s.sections = append(s.sections, sec)
		}
	}
	station := d.stationTitle()
	s.win = d.app.NewWindow(windowTitle(station))
	s.win.SetIcon(assets.Icon())
	s.win.SetCloseIntercept(d.quit)

	s.top = newTopBar(s)
	s.status = newStatusBar(s, station)
	s.readers = newReaderFeed(d)
	s.readers.listen(s.status.showReaders)
	s.nav = newNavigation(s)
	s.body = container.NewStack()
	main := container.NewBorder(s.top.box, s.status.box, s.nav.box, nil, s.body)
	s.win.SetContent(container.New(minSizeLayout{mainMinSize}, main))
	s.win.Resize(fyne.NewSize(1240, 780))
	s.win.CenterOnScreen()
	s.addShortcuts()
	s.installKeys()
	s.open(secRequests)

	s.pending = newWatcher(d.run, d.pendingEvery, func(ctx context.Context) (int, error) {
		return d.st.Requests.CountPending(ctx, actor)
	}, s.setPending)
	s.pending.start(d.ctx)
	s.mail = s.newMailWatcher()
	s.mail.start(d.ctx)
	return s
}

func windowTitle(station string) string {
	return lang.X("window.title", "CardDesk — {{.Station}}", map[string]any{"Station": station})
}

// open shows a section, building it the first time.
func (s *session) open(id sectionID) {
	sec, ok := s.section(id)
	if !ok {
		return // not for this operator (Settings for non-administrators)
	}
	v, built := s.views[id]
	if !built {
		v = sec.build(s)
		s.views[id] = v
	}
	if s.current != id {
		s.current = id
		s.body.Objects = []fyne.CanvasObject{v.content()}
		s.body.Refresh()
		s.nav.selected(id)
	}
	v.shown()
}

func (s *session) section(id sectionID) (section, bool) {
	for _, sec := range s.sections {
		if sec.id == id {
			return sec, true
		}
	}
	return section{}, false
}

// addShortcuts binds Ctrl+1..7 (Cmd on macOS) to the sections, numbered as
// in the full navigation so the keys mean the same for every operator.
func (s *session) addShortcuts() {
	for id := sectionID(0); id < sectionCount; id++ {
		key := fyne.KeyName(strconv.Itoa(int(id) + 1))
		s.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { s.open(id) })
	}
}

// setPending shows a fresh pending-request count everywhere it appears.
func (s *session) setPending(n int, err error) {
	if s.stopped {
		return
	}
	if err != nil {
		s.d.log.Warn("cannot count pending requests", zap.Error(err))
		return
	}
	if n == s.count {
		return
	}
	s.count = n
	s.top.setPending(n)
	s.nav.setPending(n)
	s.d.tray.setPending(n)
	if v, ok := s.views[secRequests].(*requestsView); ok {
		v.pendingChanged(n)
	}
}

// changed is called after a change made at this station, so counts and
// lists do not wait for the next tick.
func (s *session) changed() {
	s.pending.refresh()
}

// stop ends the background work of this session; the window closes separately.
func (s *session) stop() {
	s.stopped = true
	s.pending.stop()
	s.mail.stop()
	s.readers.stop()
	if v, ok := s.views[secRequests].(*requestsView); ok && v.connecting != nil {
		v.connecting.end() // a reader may be waiting for a card
	}
	s.status.stop()
}

// stationRenamed shows a new station name in the title and status bar.
func (s *session) stationRenamed() {
	name := s.d.stationTitle()
	s.win.SetTitle(windowTitle(name))
	s.status.setStation(name)
}
