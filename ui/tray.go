package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/assets"
)

type trayActions struct {
	open, requests, quit func()
}

// tray is the system tray menu: the pending count stays in sight while the
// window is behind others, minimised or closed to the tray.
type tray struct {
	app   desktop.App
	menu  *fyne.Menu
	count *fyne.MenuItem
}

// newTray returns nil when the app has no system tray; every method accepts nil.
func newTray(a fyne.App, act trayActions) *tray {
	da, ok := a.(desktop.App)
	if !ok {
		return nil
	}
	t := &tray{app: da, count: fyne.NewMenuItem("", act.requests)}
	open := fyne.NewMenuItem(lang.L("Open"), act.open)
	quit := fyne.NewMenuItem(lang.L("Quit"), act.quit)
	quit.IsQuit = true
	t.menu = fyne.NewMenu(lang.L("CardDesk"), t.count, fyne.NewMenuItemSeparator(), open, quit)
	da.SetSystemTrayIcon(assets.Icon())
	t.signedOut()
	return t
}

func (t *tray) setPending(n int) {
	if t == nil {
		return
	}
	t.set(lang.X("tray.pending", "Card requests: {{.N}} pending", map[string]any{"N": n}), false)
}

func (t *tray) signedOut() {
	if t == nil {
		return
	}
	t.set(lang.L("Card requests: sign in to see them"), true)
}

func (t *tray) set(label string, disabled bool) {
	if t.count.Label == label && t.count.Disabled == disabled {
		return // re-setting the menu makes some trays flicker
	}
	t.count.Label, t.count.Disabled = label, disabled
	t.app.SetSystemTrayMenu(t.menu)
}
