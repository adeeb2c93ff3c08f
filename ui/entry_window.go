package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/assets"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/widgets"
)

// entryWindow is what the desk's window shows before anyone is signed in:
// the first-run administrator form or the sign-in form.
type entryWindow struct {
	win     fyne.Window
	dialogs dialogs.Stack
	jobs    *widgets.Jobs // the password checks; they end with the window
	signIn  *signInScreen
	setup   *setupScreen
}

func (d *Desk) newEntryWindow(title string) *entryWindow {
	d.dropEntry()
	ew := &entryWindow{win: d.takeWindow(title), jobs: widgets.NewJobs(d.ctx)}
	ew.jobs.Drain = d.drain
	// Nothing runs before sign-in, so closing the window ends the app
	// (with a system tray, closing the last window would not).
	ew.win.SetCloseIntercept(d.Quit)
	ew.dialogs.Win = ew.win
	dialogs.EscapeCloses(ew.win, &ew.dialogs, nil)
	return ew
}

// dropEntry ends the entry form the window showed, if any: its dialogs
// close and its jobs stop. Stop waits for a password check still running
// (a quit during the check: at most the hash's time), so nothing touches
// the database once main has closed it; a check's result is applied after
// its work is done, so stopping from there does not wait.
func (d *Desk) dropEntry() {
	ew := d.entry
	if ew == nil {
		return
	}
	d.entry = nil
	ew.dialogs.CloseAll()
	ew.jobs.Stop()
}

// brand is the app icon and name above the entry forms.
func brand(subtitle string) fyne.CanvasObject {
	icon := canvas.NewImageFromResource(assets.Mark())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(72, 72))
	name := widget.NewLabelWithStyle(lang.L("CardDesk"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	sub := widget.NewLabelWithStyle(subtitle, fyne.TextAlignCenter, fyne.TextStyle{})
	return container.NewVBox(container.NewCenter(icon), name, sub)
}

// centred puts a form in the middle of the window at a comfortable width.
func centred(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewCenter(widgets.AtLeast(380, 0, container.NewVBox(objs...)))
}
