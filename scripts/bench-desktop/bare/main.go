// Command bare is the yardstick of make bench-desktop: a Fyne window with
// one label, built from the same module (so the same Fyne version, Go
// version and build flags) as CardDesk. It does nothing CardDesk's start
// could be measured against except open a window: no database, no
// translations, no logging.
package main

import (
	"flag"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	// The default is the size of CardDesk's sign-in window; the harness
	// also opens one at the main window's size, as a window's memory
	// grows with its area.
	width := flag.Int("width", 520, "window width")
	height := flag.Int("height", 460, "window height")
	flag.Parse()
	a := app.NewWithID("org.carddesk.bench.bare") // an ID, so Fyne does not warn about preferences
	w := a.NewWindow("Bare Fyne window")
	w.SetContent(widget.NewLabel("Hello"))
	w.Resize(fyne.NewSize(float32(*width), float32(*height)))
	w.ShowAndRun()
}
