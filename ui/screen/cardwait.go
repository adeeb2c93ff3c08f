package screen

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
)

// CardWait is the reader part of a dialog that waits for a card (connect
// a card to a request, receive an ordered card): it follows the station's
// readers into Pick, waits at the reader picked with Spinner turning, and
// offers the simulator's test cards while the station has a simulated
// reader. Its methods run on the UI goroutine.
type CardWait struct {
	// Pick chooses the reader, Spinner turns while a wait is under way,
	// State is the owner's line about the wait.
	Pick    *widgets.Select
	Spinner *widget.ProgressBarInfinite
	State   *widget.Label
	// Sim presents test cards while the station has a simulated reader;
	// nil until it has one.
	Sim *widgets.SimulatorPanel

	// The owner's objects, set before Listen: Reader is its reader part,
	// shown while the station has card readers, None what it shows
	// without; Box is where Sim goes.
	Reader, None fyne.CanvasObject
	Box          *fyne.Container
	// Hooks, each may be nil: OnStates sees every picture of the readers
	// first, OnWaiting follows ShowWaiting, OnStopped follows a wait
	// ended by Stop.
	OnStates  func([]enroll.ReaderState)
	OnWaiting func(on bool)
	OnStopped func()

	h        Host
	readers  *Readers // nil: the station has no reader hub
	names    []string
	kinds    map[string]enroll.ReaderKind
	simName  string // the simulated reader Sim presents to
	unlisten func()
	stopWait context.CancelFunc // non-nil while waiting
	gen      int                // bumped by every start and stop: late reads are dropped
	waits    int                // waits whose reader has not answered yet
}

// NewCardWait builds the reader part; changed runs when another reader is
// picked (the first one too, once readers are listed).
func NewCardWait(h Host, changed func()) *CardWait {
	w := &CardWait{h: h, readers: h.Readers(), unlisten: func() {}}
	w.Pick = widgets.NewSelect(nil, func(string) { changed() })
	w.Pick.PlaceHolder = lang.L("Looking for readers…")
	w.Spinner = widget.NewProgressBarInfinite()
	w.Spinner.Stop()
	w.Spinner.Hide()
	w.State = widget.NewLabel("")
	w.State.Wrapping = fyne.TextWrapWord
	return w
}

// Rows are the labelled reader choice and the spinner's room, which it
// keeps while hidden so nothing under it moves.
func (w *CardWait) Rows() (pick, spinner fyne.CanvasObject) {
	return container.NewBorder(nil, nil, widgets.Bold(lang.L("Reader")), nil, w.Pick),
		widgets.AtLeast(0, w.Spinner.MinSize().Height, w.Spinner)
}

// Listen follows the station's readers until Close.
func (w *CardWait) Listen() {
	if w.readers != nil {
		w.unlisten = w.readers.Listen(w.setStates)
	} else {
		w.setStates(nil)
	}
}

// Close stops following the readers (the dialog ended).
func (w *CardWait) Close() { w.unlisten() }

// setStates follows the station's readers: a reader plugged in shows up,
// one unplugged goes (its wait ends with a message from the hub).
func (w *CardWait) setStates(states []enroll.ReaderState) {
	if w.OnStates != nil {
		w.OnStates(states)
	}
	var names []string
	kinds := map[string]enroll.ReaderKind{}
	for _, st := range states {
		if !st.Info.Service {
			names = append(names, st.Info.Name)
			kinds[st.Info.Name] = st.Info.Kind
		}
	}
	w.kinds = kinds
	w.showSimulator(states)
	if slices.Equal(names, w.names) && len(names) > 0 {
		return
	}
	w.names = names
	if len(names) == 0 {
		w.Stop()
		w.Reader.Hide()
		w.None.Show()
		return
	}
	w.None.Hide()
	w.Reader.Show()
	w.Pick.SetOptions(names)
	if !slices.Contains(names, w.Pick.Selected) {
		w.Pick.SetSelectedIndex(0) // changed: the owner starts waiting
	}
}

// showSimulator offers the demo's test cards while the station has a
// simulated reader; they reach it only while the dialog waits.
func (w *CardWait) showSimulator(states []enroll.ReaderState) {
	name, ok := Simulated(states)
	switch {
	case !ok:
		if w.Sim != nil {
			w.Sim.Box.Hide()
		}
		return
	case w.Sim == nil || name != w.simName:
		if w.Sim != nil {
			w.Box.Remove(w.Sim.Box)
		}
		w.Sim = widgets.NewSimulatorPanel(w.h.Jobs(), w.readers.Hub, name)
		w.Sim.Waited, w.simName = true, name
		w.Box.Add(w.Sim.Box)
	}
	w.Sim.Box.Show()
	w.Sim.SetReady(w.Waiting())
}

// Start waits for a card at the picked reader, unless it waits already
// or no reader is picked, and reports whether it began. timeout 0 waits
// until Stop. present runs first, to say so: keyboard tells a reader that
// types the card, which the focus was taken away from the fields for.
// read gets what the reader delivered, unless the wait was stopped.
func (w *CardWait) Start(timeout time.Duration, present func(reader string, keyboard bool), read func(enroll.CardRead, error)) bool {
	reader := w.Pick.Selected
	if reader == "" || w.stopWait != nil || w.readers == nil {
		return false
	}
	jobs := w.h.Jobs()
	var (
		ctx    context.Context
		cancel context.CancelFunc
	)
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(jobs.Context(), timeout)
	} else {
		ctx, cancel = context.WithCancel(jobs.Context())
	}
	w.stopWait = cancel
	w.gen++
	gen := w.gen
	w.waits++
	w.ShowWaiting(true)
	keyboard := w.kinds[reader] == enroll.ReaderKeyboard
	if keyboard {
		// A keyboard reader types into the focused widget: take the
		// focus away so its burst reaches the station.
		w.h.Window().Canvas().Unfocus()
	}
	present(reader, keyboard)
	// Not a job: the wait may last long, and Jobs.Wait must not wait for
	// a card nobody presents.
	hub := w.readers.Hub
	jobs.Go(func(context.Context) {
		got, err := hub.NextCard(ctx, reader)
		cancel()
		jobs.Do(func() {
			if jobs.Stopped() {
				return // the session ended: the window is gone
			}
			w.readers.deliver(func() {
				w.waits--
				if gen == w.gen {
					w.stopWait = nil
					w.ShowWaiting(false)
					read(got, err)
				}
			})
		})
	})
	return true
}

// Stop ends the wait, if there is one.
func (w *CardWait) Stop() {
	if w.stopWait == nil {
		return
	}
	w.gen++
	w.stopWait()
	w.stopWait = nil
	w.ShowWaiting(false)
	if w.OnStopped != nil {
		w.OnStopped()
	}
}

// Waiting reports whether a wait is under way.
func (w *CardWait) Waiting() bool { return w.stopWait != nil }

// Waits counts the waits whose reader has not answered yet, stopped ones
// too (tests).
func (w *CardWait) Waits() int { return w.waits }

// ShowWaiting turns the spinner, and lets test cards be presented, while
// on.
func (w *CardWait) ShowWaiting(on bool) {
	if on {
		w.Spinner.Show()
		w.Spinner.Start()
	} else {
		w.Spinner.Stop()
		w.Spinner.Hide()
	}
	if w.OnWaiting != nil {
		w.OnWaiting(on)
	}
	if w.Sim != nil {
		w.Sim.SetReady(on)
	}
}
