package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/assets"
)

// entryWindow is the small window shown before anyone is signed in: the
// first-run administrator form or the sign-in form.
type entryWindow struct {
	win     fyne.Window
	dialogs dialogStack
	signIn  *signInScreen
	setup   *setupScreen
}

func (d *Desk) newEntryWindow(title string) *entryWindow {
	ew := &entryWindow{win: d.app.NewWindow(title)}
	ew.win.SetIcon(assets.Icon())
	// With a system tray, closing the last window would not end the app.
	ew.win.SetCloseIntercept(d.quit)
	escapeCloses(ew.win, &ew.dialogs)
	return ew
}

// brand is the app icon and name above the entry forms.
func brand(subtitle string) fyne.CanvasObject {
	icon := canvas.NewImageFromResource(assets.Icon())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(72, 72))
	name := widget.NewLabelWithStyle(lang.L("CardDesk"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	sub := widget.NewLabelWithStyle(subtitle, fyne.TextAlignCenter, fyne.TextStyle{})
	return container.NewVBox(container.NewCenter(icon), name, sub)
}

// busyRow is an activity indicator with a short explanation, hidden when idle.
type busyRow struct {
	activity *widget.Activity
	label    *widget.Label
	box      *fyne.Container
}

func newBusyRow() *busyRow {
	b := &busyRow{activity: widget.NewActivity(), label: widget.NewLabel("")}
	b.box = container.NewHBox(b.activity, b.label)
	b.box.Hide()
	return b
}

func (b *busyRow) start(text string) {
	b.label.SetText(text)
	b.box.Show()
	b.activity.Start()
}

func (b *busyRow) stop() {
	b.activity.Stop()
	b.box.Hide()
}

// centred puts a form in the middle of the window at a comfortable width.
func centred(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewCenter(container.New(minWidthLayout{w: 380}, container.NewVBox(objs...)))
}
