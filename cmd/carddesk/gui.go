package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/assets"
	"github.com/carddesk/carddesk/cli"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui"
	"github.com/carddesk/carddesk/ui/activity"
)

// runGUI opens the desktop app on the database the global flags name, or
// on a fresh demo database, and returns when the app quits.
func runGUI(ctx context.Context, g cli.Globals, log *zap.Logger) int {
	prof := startProfiles(os.Getenv, log) // CARDDESK_PPROF only
	defer prof.stop()
	// Four things stand between the start and the sign-in window, and none
	// needs another: the database opens and the fonts are parsed on
	// goroutines of their own while the main thread connects to the display
	// (the window) and loads the translations.
	opened := openingStation(ctx, g, log)
	// The identity from FyneApp.toml names the app to the desktop
	// (preferences, notifications) and turns on its migrations (fyneDo:
	// every UI change from another goroutine goes through fyne.Do).
	app.SetMetadata(appMetadata)
	a := app.New()
	a.SetIcon(assets.Icon())
	fonts := preparingFonts()
	win := a.NewWindow(lang.L("CardDesk"))
	if err := ui.LoadTranslations(); err != nil {
		log.Warn("translations not loaded; the app shows English", zap.Error(err))
	}
	st, dbPath, closeDB, err := opened()
	fonts()
	if err != nil {
		// Started from a desktop menu nobody reads stderr: say it in a window too.
		log.Error("cannot open the database", zap.Error(err))
		fmt.Fprintf(os.Stderr, "carddesk: %v\n", err)
		showStartupError(a, win, err)
		a.Run()
		return cli.ExitRefused
	}
	defer closeDB()
	defer startBackups(ctx, st)() // stopped before the database closes
	cfg, closeReaders := openReaders(ctx, st, g.Demo, log)
	defer closeReaders()
	cfg.Log, cfg.DBPath, cfg.Demo, cfg.Version = log, dbPath, g.Demo, version()
	gc := newDesktopGC(os.Getenv)
	rest := activity.NewRest(restAfter, gc.rest, gc.wake)
	defer rest.Stop()
	cfg.WatchInput = func(w fyne.Window, touch func()) error {
		err := activity.Watch(w, func() { touch(); rest.Touch() }) // the desk lock's idle time, and the rest's
		if err != nil {
			// Blind to input, the rest would take a busy desk for a resting one.
			rest.Stop()
		}
		return err
	}
	cfg.Window = win
	// The desk quits by itself when ctx ends (Ctrl+C, SIGTERM), recording
	// the sign-out first; Close catches any other way out before the
	// readers and the database close (deferred above, so they run after).
	desk := ui.NewDesk(ctx, a, st, cfg)
	desk.Show()
	// Only now: until the first window shows, the heap only grows, and
	// collecting at 50% would just run more collections in the way.
	gc.wake()
	a.Run()
	prof.heap() // while every screen opened is still built
	desk.Close()
	return cli.ExitOK
}

// openingStation runs guiStation on a goroutine of its own; the returned
// func waits for its result.
func openingStation(ctx context.Context, g cli.Globals, log *zap.Logger) func() (*enroll.Station, string, func(), error) {
	type station struct {
		st      *enroll.Station
		path    string
		closeDB func()
		err     error
	}
	done := make(chan station, 1)
	go func() {
		var s station
		s.st, s.path, s.closeDB, s.err = guiStation(ctx, g, log)
		done <- s
	}()
	return func() (*enroll.Station, string, func(), error) {
		s := <-done
		return s.st, s.path, s.closeDB, s.err
	}
}

// guiStation opens the station for the app; the returned func closes it
// (and removes a demo database).
func guiStation(ctx context.Context, g cli.Globals, log *zap.Logger) (*enroll.Station, string, func(), error) {
	if g.Demo {
		return openDemo(ctx, log)
	}
	path, err := appDBPath(g.DB)
	if err != nil {
		return nil, "", nil, err
	}
	st, db, err := openStation(ctx, path, log)
	if err != nil {
		return nil, "", nil, err
	}
	log.Info("database opened", zap.String("database", shownDB(path)))
	return st, shownDB(path), closeLogged(db, log), nil
}

func closeLogged(c io.Closer, log *zap.Logger) func() {
	return func() {
		if err := c.Close(); err != nil {
			log.Warn("closing the database", zap.Error(err))
		}
	}
}

func showStartupError(a fyne.App, w fyne.Window, err error) {
	w.SetTitle(lang.L("CardDesk cannot start"))
	// Wrapped by hand: a wrapping label has no width yet and would make the window very tall.
	msg := widget.NewLabel(wrapWords(lang.X("startup.dberror", "The database cannot be opened:\n{{.Err}}",
		map[string]any{"Err": err.Error()}), 72))
	icon := widget.NewIcon(theme.ErrorIcon())
	quit := widget.NewButton(lang.L("Quit"), a.Quit)
	quit.Importance = widget.HighImportance
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), quit),
		container.NewVBox(icon), nil, msg)))
	w.SetOnClosed(a.Quit)
	w.CenterOnScreen()
	w.Show()
}

// wrapWords breaks each line of s at spaces so no line is longer than width.
func wrapWords(s string, width int) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		cur := ""
		for _, word := range strings.Fields(line) {
			if cur != "" && len([]rune(cur))+1+len([]rune(word)) > width {
				out = append(out, cur)
				cur = word
				continue
			}
			cur = strings.TrimSpace(cur + " " + word)
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}

// desktopGC is how the desktop app's heap is collected. While the
// operator works, the heap may grow by half its live size between
// collections, not by all of it (GOGC=100): the desk's live heap is some
// 15–20 MB that hardly changes, and every megabyte it may grow into stays
// resident. At rest (restAfter without input) the garbage of the work
// before goes back to the system and the heap may grow by a tenth: a
// waiting desk still repaints a blinking cursor and reads the pending
// count, slowly, and a collection of a heap that size takes a few
// milliseconds on a background goroutine. A GOGC set by the user wins
// over both percentages.
type desktopGC struct{ userSet bool }

const (
	desktopGCPercent = 50
	restGCPercent    = 10
	// restAfter is long enough that typing, scrolling and reading a
	// screen are not taken for rest.
	restAfter = 5 * time.Second
)

func newDesktopGC(getenv func(string) string) desktopGC {
	return desktopGC{userSet: getenv("GOGC") != ""}
}

// wake is for work: called once the first window shows (until then the
// heap only grows, and 50% would just run more collections in the way)
// and at the first input after a rest.
func (g desktopGC) wake() { g.percent(desktopGCPercent) }

// rest collects, gives the free pages back, and keeps the heap close to
// what is live until the next input.
func (g desktopGC) rest() {
	g.percent(restGCPercent)
	debug.FreeOSMemory()
}

func (g desktopGC) percent(p int) {
	if !g.userSet {
		debug.SetGCPercent(p)
	}
}

// preparingFonts parses the faces of the two text styles the windows draw
// (regular and bold, with the system's fallback font for each) on a
// goroutine; the returned func waits for it. Fyne parses a face the first
// time a text of its style is measured, which would otherwise happen on
// the main thread while the sign-in form is built.
func preparingFonts() func() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
			fyne.MeasureText("CardDesk", theme.TextSize(), style)
		}
	}()
	return func() { <-done }
}
