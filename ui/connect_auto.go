package ui

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

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/enroll"
)

// autoWay connects the card presented at one of the station's readers: it
// waits (at most cardWait) while showing it does, and Cancel stops it.
type autoWay struct {
	c        *connectDialog
	readers  enroll.ReaderSet
	names    []string
	kinds    map[string]enroll.ReaderKind
	unlisten func()

	pick    *widget.Select
	spinner *widget.ProgressBarInfinite
	state   *widget.Label
	wait    *widget.Button
	cancel  *widget.Button
	reader  fyne.CanvasObject // the reader part, hidden without readers
	none    fyne.CanvasObject // "no card reader", shown without readers
	service *widget.Label     // a reader service that is down, in none
	sim     *simulatorBox     // nil on a real station
	box     fyne.CanvasObject

	stopWait context.CancelFunc // non-nil while waiting
	gen      int                // bumped by every start and stop: late reads are dropped
	done     bool
}

func newAutoWay(c *connectDialog) *autoWay {
	a := &autoWay{c: c}
	if hub := c.s.d.cfg.Readers; hub != nil {
		a.readers = hub // never a typed nil in the interface
	}
	a.pick = widget.NewSelect(nil, func(string) { a.restart() })
	a.pick.PlaceHolder = lang.L("Looking for readers…")
	a.spinner = widget.NewProgressBarInfinite()
	a.spinner.Stop()
	a.spinner.Hide()
	a.state = widget.NewLabel("")
	a.state.Wrapping = fyne.TextWrapWord
	a.wait = widget.NewButtonWithIcon(lang.L("Wait for card"), theme.MediaPlayIcon(), a.start)
	a.cancel = widget.NewButtonWithIcon(lang.L("Stop waiting"), theme.MediaStopIcon(), a.stop)
	a.reader = container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabelWithStyle(lang.L("Reader"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, a.pick),
		a.spinner, a.state, container.NewHBox(a.wait, a.cancel))
	a.none = a.noReaderBox()
	parts := []fyne.CanvasObject{a.reader, a.none}
	if sim := c.s.d.cfg.Simulator; sim != nil {
		a.sim = newSimulatorBox(c.s.d.run, sim)
		if hub := c.s.d.cfg.Readers; hub != nil {
			a.sim.ready = func() bool { return hub.Waiting(simulated.Name) }
		}
		parts = append(parts, a.sim.box)
	}
	a.box = container.NewVBox(parts...)
	a.showWaiting(false)
	a.unlisten = func() {}
	if a.readers != nil {
		a.unlisten = c.s.readers.listen(a.setStates)
	} else {
		a.setStates(nil)
	}
	return a
}

// close stops following the readers when the dialog ends.
func (a *autoWay) close() { a.unlisten() }

func (a *autoWay) content() fyne.CanvasObject { return a.box }

// noReaderBox points to the other two ways.
func (a *autoWay) noReaderBox() fyne.CanvasObject {
	msg := widget.NewLabelWithStyle(lang.L("No card reader is connected to this station."), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
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
			down = append(down, st.Info.Name+": "+readerStatus(st.Info.Status))
			continue
		}
		names = append(names, st.Info.Name)
		kinds[st.Info.Name] = st.Info.Kind
	}
	a.kinds = kinds
	a.service.SetText(strings.Join(down, "\n"))
	a.service.Hidden = len(down) == 0
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

// start waits for a card at the chosen reader, unless it already does.
func (a *autoWay) start() {
	reader := a.pick.Selected
	if a.done || reader == "" || a.stopWait != nil || a.c.shut || a.c.tabs == nil || a.c.tabs.SelectedIndex() != 0 {
		return
	}
	d := a.c.s.d
	ctx, cancel := context.WithTimeout(d.ctx, d.cardWait)
	a.stopWait = cancel
	a.gen++
	gen := a.gen
	a.showWaiting(true)
	a.state.Importance = widget.MediumImportance
	a.state.SetText(lang.X("connect.present", "Present the card to {{.Reader}}…", map[string]any{"Reader": reader}))
	if a.kinds[reader] == enroll.ReaderKeyboard {
		// A keyboard reader types into the focused widget: take the
		// focus away so its burst reaches the station.
		a.c.s.win.Canvas().Unfocus()
		a.state.SetText(lang.X("connect.present_keyboard", "Present the card to {{.Reader}}… (keep the cursor out of text fields: the reader types the card number)", map[string]any{"Reader": reader}))
	}
	// Not background(): the wait may last long, and runner.wait must not
	// wait for a card nobody presents.
	go func() {
		read, err := a.readers.NextCard(ctx, reader)
		cancel()
		d.run.do(func() {
			if gen == a.gen {
				a.stopWait = nil
				a.showWaiting(false)
				a.read(read, err)
			}
		})
	}()
}

// stop is Cancel: the wait ends and the state says so.
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
		setEnabled(a.wait, !a.done && a.pick.Selected != "")
		a.cancel.Disable()
	}
	if a.sim != nil {
		a.sim.setReady(on)
	}
}

// read handles what the reader delivered: a card is connected at once.
func (a *autoWay) read(read enroll.CardRead, err error) {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		a.state.Importance = widget.WarningImportance
		a.state.SetText(lang.X("connect.timeout", "No card was presented within {{.Seconds}} seconds. Click Wait for card to try again.",
			map[string]any{"Seconds": int(a.c.s.d.cardWait.Seconds())}))
	case errors.Is(err, context.Canceled):
	case err != nil:
		a.state.SetText("")
		a.c.problem(err)
	default:
		a.state.Importance = widget.MediumImportance
		a.state.SetText(lang.X("connect.read", "Card {{.Card}} read; connecting…", map[string]any{"Card": readLabel(read)}))
		st, ctx, actor := a.c.s.d.st, a.c.s.d.ctx, a.c.s.actor
		a.c.submit(func(id int64) (enroll.ConnectResult, error) {
			return st.Requests.ConnectCard(ctx, actor, id, read)
		}, a.refused)
	}
}

// refused: after a card that cannot be used, wait for the next one.
func (a *autoWay) refused(err error) {
	a.state.SetText("")
	if cardProblem(err) {
		a.start()
	}
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
