package requests

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// autoWay connects the card presented at one of the station's readers: it
// waits (at most the screen's cardWait) while showing it does, and Stop
// waiting ends the wait.
type autoWay struct {
	c        *connectDialog
	readers  *screen.Readers // nil: the station has no reader hub
	names    []string
	kinds    map[string]enroll.ReaderKind
	unlisten func()

	pick    *widgets.Select
	spinner *widget.ProgressBarInfinite
	state   *widget.Label
	wait    *widget.Button
	cancel  *widget.Button
	reader  fyne.CanvasObject // the reader part, hidden without readers
	none    fyne.CanvasObject // "no card reader", shown without readers
	service *widget.Label     // a reader service that is down, in none
	sim     *widgets.SimulatorPanel
	simName string // the simulated reader sim presents to
	box     *fyne.Container
	problem *messageLine

	stopWait context.CancelFunc // non-nil while waiting
	gen      int                // bumped by every start and stop: late reads are dropped
	waits    int                // waits whose reader has not answered yet, for tests
	done     bool
}

func newAutoWay(c *connectDialog) *autoWay {
	a := &autoWay{c: c, readers: c.s.h.Readers(), problem: newMessageLine(widget.DangerImportance)}
	a.pick = widgets.NewSelect(nil, func(string) {
		a.problem.clear() // another reader: the last one's problem is gone
		a.restart()
	})
	a.pick.PlaceHolder = lang.L("Looking for readers…")
	a.spinner = widget.NewProgressBarInfinite()
	a.spinner.Stop()
	a.spinner.Hide()
	a.state = widget.NewLabel("")
	a.state.Wrapping = fyne.TextWrapWord
	a.wait = widget.NewButtonWithIcon(lang.L("Wait for card"), theme.MediaPlayIcon(), func() {
		a.problem.clear()
		a.start()
	})
	a.cancel = widget.NewButtonWithIcon(lang.L("Stop waiting"), theme.MediaStopIcon(), a.stop)
	// The spinner and the state keep their room while hidden or short,
	// so Wait for card and Stop waiting stay where the mouse is.
	a.reader = container.NewVBox(
		container.NewBorder(nil, nil, widgets.Bold(lang.L("Reader")), nil, a.pick),
		widgets.AtLeast(0, a.spinner.MinSize().Height, a.spinner),
		widgets.AtLeast(0, linesHeight(reservedLines), a.state),
		container.NewHBox(a.wait, a.cancel))
	a.none = a.noReaderBox()
	a.box = container.NewVBox(a.reader, a.none)
	a.showWaiting(false)
	a.unlisten = func() {}
	if a.readers != nil {
		a.unlisten = a.readers.Listen(a.setStates)
	} else {
		a.setStates(nil)
	}
	return a
}

// close stops following the readers when the dialog ends.
func (a *autoWay) close() { a.unlisten() }

func (a *autoWay) content() fyne.CanvasObject { return a.box }

func (a *autoWay) line() *messageLine { return a.problem }

// noReaderBox points to the other two ways.
func (a *autoWay) noReaderBox() fyne.CanvasObject {
	msg := widgets.Bold(lang.L("No card reader is connected to this station."))
	more := widget.NewLabel(lang.L("Type the card's numbers under Manual, or pick a card that is enrolled already under Existing credential."))
	more.Wrapping = fyne.TextWrapWord
	manual := widget.NewButton(lang.L("Manual"), func() { a.c.tabs.SelectIndex(1) })
	existing := widget.NewButton(lang.L("Existing credential"), func() { a.c.tabs.SelectIndex(2) })
	a.service = widget.NewLabel("")
	a.service.Importance = widget.WarningImportance
	a.service.Hide()
	box := container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, msg), a.service, more,
		container.NewHBox(manual, existing))
	box.Hide()
	return box
}

// setStates follows the station's readers while the dialog is open: a
// reader plugged in shows up, one unplugged goes (its wait ends with a
// message from the hub).
func (a *autoWay) setStates(states []enroll.ReaderState) {
	var names []string
	kinds := map[string]enroll.ReaderKind{}
	var down []string
	for _, st := range states {
		if st.Info.Service {
			down = append(down, words.ServiceStatus(st.Info))
			continue
		}
		names = append(names, st.Info.Name)
		kinds[st.Info.Name] = st.Info.Kind
	}
	a.kinds = kinds
	a.service.SetText(strings.Join(down, "\n"))
	a.service.Hidden = len(down) == 0
	a.showSimulator(states)
	if slices.Equal(names, a.names) && len(names) > 0 {
		return
	}
	a.names = names
	if len(names) == 0 {
		a.stop()
		a.reader.Hide()
		a.none.Show()
		return
	}
	a.none.Hide()
	a.reader.Show()
	a.pick.SetOptions(names)
	if !slices.Contains(names, a.pick.Selected) {
		a.pick.SetSelectedIndex(0) // starts waiting through restart when this tab is open
	}
}

// showSimulator offers the demo's test cards while the station has a
// simulated reader; they reach it only while the dialog waits.
func (a *autoWay) showSimulator(states []enroll.ReaderState) {
	name, ok := screen.Simulated(states)
	switch {
	case !ok:
		if a.sim != nil {
			a.sim.Box.Hide()
		}
		return
	case a.sim == nil || name != a.simName:
		if a.sim != nil {
			a.box.Remove(a.sim.Box)
		}
		a.sim = widgets.NewSimulatorPanel(a.c.s.h.Jobs(), a.readers.Hub, name)
		a.sim.Waited, a.simName = true, name
		a.box.Add(a.sim.Box)
	}
	a.sim.Box.Show()
	a.sim.SetReady(a.stopWait != nil)
}

// start waits for a card at the chosen reader, unless it already does.
func (a *autoWay) start() {
	reader := a.pick.Selected
	if a.done || reader == "" || a.stopWait != nil || a.c.shut || a.c.tabs == nil || a.c.tabs.SelectedIndex() != 0 {
		return
	}
	jobs := a.c.s.h.Jobs()
	ctx, cancel := context.WithTimeout(jobs.Context(), a.c.s.cardWait)
	a.stopWait = cancel
	a.gen++
	gen := a.gen
	a.waits++
	a.showWaiting(true)
	a.state.Importance = widget.MediumImportance
	a.state.SetText(lang.X("connect.present", "Present the card to {{.Reader}}…", map[string]any{"Reader": reader}))
	if a.kinds[reader] == enroll.ReaderKeyboard {
		// A keyboard reader types into the focused widget: take the
		// focus away so its burst reaches the station.
		a.c.s.h.Window().Canvas().Unfocus()
		a.state.SetText(lang.X("connect.present_keyboard", "Present the card to {{.Reader}}… (keep the cursor out of text fields: the reader types the card number)", map[string]any{"Reader": reader}))
	}
	// Not a job: the wait may last long, and Jobs.Wait must not wait for
	// a card nobody presents.
	hub := a.readers.Hub
	jobs.Go(func(context.Context) {
		read, err := hub.NextCard(ctx, reader)
		cancel()
		jobs.Do(func() {
			if jobs.Stopped() {
				return // the session ended: the window is gone
			}
			a.waits--
			if gen == a.gen {
				a.stopWait = nil
				a.showWaiting(false)
				a.read(read, err)
			}
		})
	})
}

// stop is Stop waiting: the wait ends and the state says so.
func (a *autoWay) stop() {
	if a.stopWait == nil {
		return
	}
	a.gen++
	a.stopWait()
	a.stopWait = nil
	a.showWaiting(false)
	a.state.Importance = widget.MediumImportance
	a.state.SetText(lang.L("Stopped waiting for a card."))
}

// restart follows a change of reader.
func (a *autoWay) restart() {
	a.stop()
	a.start()
}

func (a *autoWay) showWaiting(on bool) {
	if on {
		a.spinner.Show()
		a.spinner.Start()
		a.wait.Disable()
		a.cancel.Enable()
	} else {
		a.spinner.Stop()
		a.spinner.Hide()
		widgets.SetEnabled(a.wait, !a.done && a.pick.Selected != "")
		a.cancel.Disable()
	}
	if a.sim != nil {
		a.sim.SetReady(on)
	}
}

// read handles what the reader delivered: a card is connected at once.
// A new card is new input: the last card's problem goes.
func (a *autoWay) read(read enroll.CardRead, err error) {
	if !errors.Is(err, context.Canceled) {
		a.problem.clear()
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		a.state.Importance = widget.WarningImportance
		a.state.SetText(lang.X("connect.timeout", "No card was presented within {{.Seconds}} seconds. Click Wait for card to try again.",
			map[string]any{"Seconds": int(a.c.s.cardWait.Seconds())}))
	case errors.Is(err, context.Canceled):
	case err != nil:
		a.state.SetText("")
		a.c.problem(a, err)
	default:
		a.state.Importance = widget.MediumImportance
		a.state.SetText(lang.X("connect.read", "Card {{.Card}} read; connecting…", map[string]any{"Card": readLabel(read)}))
		h := a.c.s.h
		st, ctx, actor := h.Station(), h.Jobs().Context(), h.Actor()
		a.c.submit(a, func(id int64) (enroll.ConnectResult, error) {
			return st.Requests.ConnectCard(ctx, actor, id, read)
		}, a.refused)
	}
}

// refused: after a card that cannot be used, wait for the next one; the
// problem line says what was wrong with this one meanwhile.
func (a *autoWay) refused(err error) bool {
	a.state.SetText("")
	if cardProblem(err) {
		a.start()
	}
	return false
}

// cardProblem tells a refusal of the card (try another) from one of the request.
func cardProblem(err error) bool {
	var (
		taken    *enroll.CardTakenError
		unusable *enroll.CardUnusableError
		badRead  *enroll.BadReadError
	)
	return errors.As(err, &taken) || errors.As(err, &unusable) || errors.As(err, &badRead)
}

// readLabel shows a read as operators see it on card labels: the UID in hex.
func readLabel(r enroll.CardRead) string {
	if r.Typed != "" {
		return r.Typed // as the keyboard reader typed it
	}
	if len(r.UID) > 0 {
		return fmt.Sprintf("%X", r.UID)
	}
	return r.Bits
}

func (a *autoWay) begin(enroll.CardRequest) {
	a.stop()
	a.state.SetText("")
}

func (a *autoWay) setDone(done bool) {
	a.done = done
	if done {
		a.stop()
		a.state.SetText("")
	}
	a.showWaiting(a.stopWait != nil)
}
