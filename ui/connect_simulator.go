package ui

import (
	"encoding/hex"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/devices/simulated"
)

// simulator presents test cards to the simulated reader (demo, training).
type simulator interface{ Present(uid []byte) bool }

// simulatorBox is how the demo and training present a card: a UID typed in
// hex, or a random one. It is labelled clearly, so nobody mistakes it for
// a real read.
type simulatorBox struct {
	r       *runner
	sim     simulator
	uid     *textEntry
	present *widget.Button
	msg     *widget.Label
	box     fyne.CanvasObject
	// ready says whether the card is awaited; nil: always. A card waved
	// a moment before the wait begins would be missed.
	ready func() bool
	// always keeps Present enabled after each card: on the Devices screen
	// the reader hub always watches the reader. The connect dialog leaves
	// it off and enables Present only while it waits (setReady).
	always bool
}

func newSimulatorBox(r *runner, sim simulator) *simulatorBox {
	b := &simulatorBox{r: r, sim: sim, uid: newTextEntry(), msg: dangerLabel()}
	b.uid.SetPlaceHolder(lang.L("UID in hex, e.g. 04A1B2C3; empty: a random card"))
	b.uid.OnSubmitted = func(string) { b.presentCard() }
	b.present = widget.NewButtonWithIcon(lang.L("Present test card"), theme.UploadIcon(), b.presentCard)
	title := widget.NewLabelWithStyle(lang.L("Simulated reader"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	note := widget.NewLabel(lang.L("Demo and training only: no real card is read."))
	note.Importance, note.SizeName = widget.WarningImportance, theme.SizeNameCaptionText
	b.box = container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, widget.NewIcon(theme.ComputerIcon()), nil, container.NewVBox(title, note)),
		container.NewBorder(nil, nil, nil, b.present, b.uid), b.msg)
	b.setReady(false)
	return b
}

// setReady enables presenting while the dialog waits for a card.
func (b *simulatorBox) setReady(on bool) {
	setEnabled(b.present, on)
}

// parseUID reads hex with or without separators; empty means random.
func parseUID(text string) ([]byte, bool) {
	s := strings.NewReplacer(" ", "", ":", "", "-", "").Replace(strings.TrimSpace(text))
	if s == "" {
		return simulated.RandomUID(), true
	}
	uid, err := hex.DecodeString(s)
	return uid, err == nil && len(uid) > 0
}

func (b *simulatorBox) presentCard() {
	uid, ok := parseUID(b.uid.Text)
	if !ok {
		b.setMessage(lang.L("Type the UID as hexadecimal digits, for example 04A1B2C3."))
		return
	}
	b.setMessage("")
	b.present.Disable()
	background(b.r, func() (bool, error) {
		// The reader may be a moment from listening (a wait was just
		// started): try for a short while, as a card held to it would.
		for range 50 {
			if (b.ready == nil || b.ready()) && b.sim.Present(uid) {
				return true, nil
			}
			time.Sleep(20 * time.Millisecond)
		}
		return false, nil
	}, func(taken bool, _ error) {
		if b.always {
			b.present.Enable()
		}
		switch {
		case taken:
		case b.always:
			b.setMessage(lang.L("The simulated reader did not take the card: nothing watches it. Restart CardDesk to try again."))
		default:
			b.setMessage(lang.L("The reader is not waiting for a card. Click Wait for card first."))
		}
	})
}

func (b *simulatorBox) setMessage(text string) {
	b.msg.SetText(text)
	b.msg.Hidden = text == ""
	b.msg.Refresh()
}
