package requests

import (
	"context"
	"errors"
	"fmt"
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
	c       *connectDialog
	wait    *screen.CardWait
	waitB   *widget.Button
	cancel  *widget.Button
	service *widget.Label // a reader service that is down, in the no-reader box
	box     *fyne.Container
	problem *messageLine
	done    bool
}

func newAutoWay(c *connectDialog) *autoWay {
	a := &autoWay{c: c, problem: newMessageLine(widget.DangerImportance)}
	w := screen.NewCardWait(c.s.h, func() {
		a.problem.clear() // another reader: the last one's problem is gone
		a.restart()
	})
	a.wait = w
	a.waitB = widget.NewButtonWithIcon(lang.L("Wait for card"), theme.MediaPlayIcon(), func() {
		a.problem.clear()
		a.start()
	})
	a.cancel = widget.NewButtonWithIcon(lang.L("Stop waiting"), theme.MediaStopIcon(), a.stop)
	// The spinner and the state keep their room while hidden or short,
	// so Wait for card and Stop waiting stay where the mouse is.
	pick, spinner := w.Rows()
	w.Reader = container.NewVBox(pick, spinner, widgets.AtLeast(0, linesHeight(reservedLines), w.State),
		container.NewHBox(a.waitB, a.cancel))
	w.None = a.noReaderBox()
	a.box = container.NewVBox(w.Reader, w.None)
	w.Box = a.box
	w.OnStates = a.showServices
	w.OnWaiting = a.showButtons
	w.OnStopped = func() {
		w.State.Importance = widget.MediumImportance
		w.State.SetText(lang.L("Stopped waiting for a card."))
	}
	w.ShowWaiting(false)
	w.Listen()
	return a
}

// close stops following the readers when the dialog ends.
func (a *autoWay) close() { a.wait.Close() }

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

// showServices lists the reader services that are down, in the no-reader
// box.
func (a *autoWay) showServices(states []enroll.ReaderState) {
	var down []string
	for _, st := range states {
		if st.Info.Service {
			down = append(down, words.ServiceStatus(st.Info))
		}
	}
	a.service.SetText(strings.Join(down, "\n"))
	a.service.Hidden = len(down) == 0
}

// start waits for a card at the chosen reader, unless it already does or
// another tab is open.
func (a *autoWay) start() {
	if a.done || a.c.shut || a.c.tabs == nil || a.c.tabs.SelectedIndex() != 0 {
		return
	}
	a.wait.Start(a.c.s.cardWait, func(reader string, keyboard bool) {
		state := a.wait.State
		state.Importance = widget.MediumImportance
		if keyboard {
			state.SetText(lang.X("connect.present_keyboard", "Present the card to {{.Reader}}… (keep the cursor out of text fields: the reader types the card number)", map[string]any{"Reader": reader}))
		} else {
			state.SetText(lang.X("connect.present", "Present the card to {{.Reader}}…", map[string]any{"Reader": reader}))
		}
	}, a.read)
}

// stop is Stop waiting: the wait ends and the state says so.
func (a *autoWay) stop() { a.wait.Stop() }

// restart follows a change of reader.
func (a *autoWay) restart() {
	a.stop()
	a.start()
}

// showButtons offers Wait for card while there is no wait, Stop waiting
// while there is.
func (a *autoWay) showButtons(waiting bool) {
	if waiting {
		a.waitB.Disable()
		a.cancel.Enable()
	} else {
		widgets.SetEnabled(a.waitB, !a.done && a.wait.Pick.Selected != "")
		a.cancel.Disable()
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
		a.wait.State.Importance = widget.WarningImportance
		a.wait.State.SetText(lang.X("connect.timeout", "No card was presented within {{.Seconds}} seconds. Click Wait for card to try again.",
			map[string]any{"Seconds": int(a.c.s.cardWait.Seconds())}))
	case errors.Is(err, context.Canceled):
	case err != nil:
		a.wait.State.SetText("")
		a.c.problem(a, err)
	default:
		a.wait.State.Importance = widget.MediumImportance
		a.wait.State.SetText(lang.X("connect.read", "Card {{.Card}} read; connecting…", map[string]any{"Card": readLabel(read)}))
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
	a.wait.State.SetText("")
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
	a.wait.State.SetText("")
}

func (a *autoWay) setDone(done bool) {
	a.done = done
	if done {
		a.stop()
		a.wait.State.SetText("")
	}
	a.wait.ShowWaiting(a.wait.Waiting())
}
