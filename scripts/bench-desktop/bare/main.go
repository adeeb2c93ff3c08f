// Command bare is the yardstick of make bench-desktop: a Fyne window with
// one label, built from the same module (so the same Fyne version, Go
// version and build flags) as CardDesk. It does nothing CardDesk's start
// could be measured against except open a window: no database, no
// translations, no logging.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("org.carddesk.bench.bare") // an ID, so Fyne does not warn about preferences
	w := a.NewWindow("Bare Fyne window")
	w.SetContent(widget.NewLabel("Hello"))
	w.Resize(fyne.NewSize(520, 460)) // the size of CardDesk's sign-in window
	w.ShowAndRun()
}
