package widgets

import (
	"context"
	"encoding/hex"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/words"
)

// TestCards is where the simulator panel presents cards: the station's
// reader hub.
type TestCards interface {
	Present(ctx context.Context, reader string, uid []byte) (bool, error)
	Waiting(reader string) bool
}

// SimulatorPanel is how the demo and training present a card to the
// simulated reader: a UID typed in hex, or a random one. It is labelled
// clearly, so nobody mistakes it for a real read.
type SimulatorPanel struct {
	Box fyne.CanvasObject
	// Waited: present only while someone waits at the reader (the connect
	// dialog), trying for a moment as a card held to the reader would; a
	// card waved a moment before the wait begins would be missed. Without
	// it (the Devices screen) Present stays enabled and the card becomes
	// the reader's last card.
	Waited bool

	jobs    *Jobs
	cards   TestCards
	reader  string
	uid     *Entry
	present *widget.Button
	msg     *widget.Label
}

// NewSimulatorPanel presents cards to the named simulated reader.
func NewSimulatorPanel(j *Jobs, cards TestCards, reader string) *SimulatorPanel {
	p := &SimulatorPanel{jobs: j, cards: cards, reader: reader, uid: NewEntry(), msg: Problem()}
	p.uid.SetPlaceHolder(lang.L("UID in hex, e.g. 04A1B2C3; empty: a random card"))
	p.uid.OnSubmitted = func(string) { p.Present() }
	p.present = widget.NewButtonWithIcon(lang.L("Present test card"), theme.UploadIcon(), p.Present)
	title := Bold(lang.L("Simulated reader"))
	note := widget.NewLabel(lang.L("Demo and training only: no real card is read."))
	note.Importance, note.SizeName = widget.WarningImportance, theme.SizeNameCaptionText
	p.Box = container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, widget.NewIcon(theme.ComputerIcon()), nil, container.NewVBox(title, note)),
		container.NewBorder(nil, nil, nil, p.present, p.uid), p.msg)
	return p
}

// SetReady enables presenting (the connect dialog: while it waits).
func (p *SimulatorPanel) SetReady(on bool) { SetEnabled(p.present, on) }

// SetUID types a UID into the panel.
func (p *SimulatorPanel) SetUID(text string) { p.uid.SetText(text) }

// ParseUID reads hex with or without separators; empty (a random card)
// is nil.
func ParseUID(text string) ([]byte, bool) {
	s := strings.NewReplacer(" ", "", ":", "", "-", "").Replace(strings.TrimSpace(text))
	if s == "" {
		return nil, true
	}
	uid, err := hex.DecodeString(s)
	return uid, err == nil && len(uid) > 0
}

// Present presents the typed (or a random) card.
func (p *SimulatorPanel) Present() {
	uid, ok := ParseUID(p.uid.Text)
	if !ok {
		SetMessage(p.msg, lang.L("Type the UID as hexadecimal digits, for example 04A1B2C3."))
		return
	}
	SetMessage(p.msg, "")
	p.present.Disable()
	ctx, cards, reader, waited := p.jobs.Context(), p.cards, p.reader, p.Waited
	Go(p.jobs, func() (bool, error) {
		if !waited {
			return cards.Present(ctx, reader, uid)
		}
		// The reader may be a moment from listening (a wait was just
		// started): try for a short while, as a card held to it would.
		for range 50 {
			if cards.Waiting(reader) {
				return cards.Present(ctx, reader, uid)
			}
			select {
			case <-ctx.Done():
				return false, ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
		}
		return false, nil
	}, p.presented)
}

func (p *SimulatorPanel) presented(taken bool, err error) {
	if !p.Waited {
		p.present.Enable()
	}
	switch {
	case err != nil:
		SetMessage(p.msg, words.Explain(err))
	case taken:
	case !p.Waited:
		SetMessage(p.msg, lang.L("The simulated reader did not take the card: nothing watches it. Restart CardDesk to try again."))
	default:
		SetMessage(p.msg, lang.L("The reader is not waiting for a card. Click Wait for card first."))
	}
}
