package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// A small laptop: every screen must work in a window this size, and the
// window must never insist on more than widest.
var (
	smallScreen = fyne.NewSize(1024, 700)
	widest      = float32(1280)
	// menuBar is what the window's menu takes from its height on Linux and
	// Windows, where Fyne draws it inside the window.
	menuBar = float32(36)
)

// layoutDesk is a signed-in administrator with some of everything.
func layoutDesk(t *testing.T) (*Desk, *session) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna", "Bert")
	fileRequest(t, st, admin, people[0], "Lost card")
	d := newTestDesk(t, st, path)
	d.cfg.Readers = simulatedHub(t, st)
	d.signedIn(admin)
	d.wait()
	d.session.win.Resize(smallScreen)
	return d, d.session
}

// tabsIn finds the tab bars shown inside o.
func tabsIn(o fyne.CanvasObject) []*container.AppTabs {
	if o == nil || !o.Visible() {
		return nil
	}
	switch w := o.(type) {
	case *container.AppTabs:
		found := []*container.AppTabs{w}
		for _, it := range w.Items {
			found = append(found, tabsIn(it.Content)...)
		}
		return found
	case *fyne.Container:
		var found []*container.AppTabs
		for _, c := range w.Objects {
			found = append(found, tabsIn(c)...)
		}
		return found
	}
	return nil
}

func TestEveryScreenFitsASmallScreen(t *testing.T) { screensFit(t) }

// Dutch words are longer. Fyne reads the language once, from the
// environment, so the check runs again in a process of its own.
func TestEveryScreenFitsASmallScreenInDutch(t *testing.T) {
	if !uitest.InDutch(t) {
		return
	}
	if err := LoadTranslations(); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("Card requests"); got != "Kaartaanvragen" {
		t.Fatalf("the Dutch texts are not in force: %q", got)
	}
	screensFit(t)
}

// screensFit opens every section and every tab in it, checks that it fits
// the small screen and draws it there (drawing once caught a nil fill that
// crashed the software painter).
func screensFit(t *testing.T) {
	d, s := layoutDesk(t)
	fits := func(where string) {
		t.Helper()
		d.wait()
		min := s.win.Content().MinSize()
		if min.Width > smallScreen.Width || min.Height > smallScreen.Height-menuBar {
			t.Errorf("%s needs %v; a %v screen has %v", where, min, smallScreen,
				fyne.NewSize(smallScreen.Width, smallScreen.Height-menuBar))
		}
		s.win.Canvas().Capture() // lays everything out at the small size
	}
	for _, sec := range s.sections {
		s.open(sec.id)
		fits(sec.key)
		for _, tabs := range tabsIn(s.screens[sec.id].Content()) {
			for i, it := range tabs.Items {
				tabs.SelectIndex(i)
				fits(sec.key + " > " + it.Text)
			}
		}
	}
}

func TestStatusTextsNeverWidenTheWindow(t *testing.T) {
	d, s := layoutDesk(t)
	before := s.win.Content().MinSize()
	long := strings.Repeat("Imported cardholders from a very long file name ", 8)
	s.Flash(long)
	s.status.setMail(mailState{queued: 12, problem: strings.Repeat("no mail server answers ", 10)})
	s.status.showReaders([]enroll.ReaderState{
		{Info: enroll.ReaderInfo{Name: strings.Repeat("A reader with a long name ", 6), Status: "ready"}},
	})
	s.status.setStation(strings.Repeat("Front desk of the east building ", 5))
	d.wait()
	after := s.win.Content().MinSize()
	if after.Width != before.Width {
		t.Errorf("status texts changed the window's least width from %v to %v", before.Width, after.Width)
	}
	if after.Width > widest {
		t.Errorf("the window needs %v px, more than %v", after.Width, widest)
	}
	s.win.Canvas().Capture()
	for name, l := range map[string]*widget.Label{"message": &s.status.message.Label,
		"mail": &s.status.mailMsg.Label, "readers": &s.status.readers.Label, "station": &s.status.station.Label} {
		if !widgets.Shortened(l) {
			t.Errorf("%s is not shortened at %v px: %v wide", name, smallScreen.Width, l.Size().Width)
		}
		if strings.HasSuffix(l.Text, "…") {
			t.Errorf("%s lost its whole text (the tooltip shows it): %q", name, l.Text)
		}
	}
	// The last action's result keeps the most room: it reads at least half
	// of the bar.
	if w := s.status.message.Size().Width; w < smallScreen.Width/2 {
		t.Errorf("the message got %v px of %v", w, smallScreen.Width)
	}
}

func TestShortStatusTextsShowWhole(t *testing.T) {
	d, s := layoutDesk(t)
	s.Flash("Saved")
	d.wait()
	s.win.Canvas().Capture()
	for name, l := range map[string]*widget.Label{"message": &s.status.message.Label,
		"readers": &s.status.readers.Label, "station": &s.status.station.Label} {
		if widgets.Shortened(l) {
			t.Errorf("%s %q is shortened at %v px although there is room", name, l.Text, smallScreen.Width)
		}
	}
}
